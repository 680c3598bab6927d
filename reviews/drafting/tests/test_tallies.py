import pytest

from reviews.drafting.tallies import quorum_needed, tally
from reviews.models import VoteMajority, VoteOutcome

pytestmark = [pytest.mark.unit]

APPROVED, REJECTED, NO_QUORUM = VoteOutcome.APPROVED, VoteOutcome.REJECTED, VoteOutcome.NO_QUORUM


def _outcome(eligible, approve, reject, abstain, quorum=50, majority=VoteMajority.SIMPLE):
    return tally(
        eligible=eligible, approve=approve, reject=reject, abstain=abstain, quorum_percent=quorum, majority=majority
    ).outcome


@pytest.mark.parametrize(
    ("eligible", "percent", "needed"),
    [(10, 50, 5), (9, 50, 5), (3, 67, 3), (3, 66, 2), (7, 100, 7), (1, 1, 1), (0, 50, 1), (200, 33, 66)],
    ids=["10@50", "9@50-rounds-up", "3@67", "3@66", "7@100", "1@1", "none-eligible", "200@33"],
)
def test_quorum_needed_rounds_up(eligible, percent, needed):
    assert quorum_needed(eligible=eligible, quorum_percent=percent) == needed


@pytest.mark.parametrize(
    ("counts", "outcome"),
    [
        ((10, 5, 0, 0), APPROVED),
        ((10, 4, 0, 0), NO_QUORUM),
        ((10, 1, 0, 4), APPROVED),
        ((10, 0, 0, 5), REJECTED),
        ((10, 0, 0, 4), NO_QUORUM),
        ((9, 4, 0, 0), NO_QUORUM),
        ((9, 5, 0, 0), APPROVED),
    ],
    ids=[
        "exactly-at-quorum",
        "one-below-quorum",
        "abstentions-count-toward-quorum",
        "abstentions-only-reject",
        "abstentions-only-below-quorum",
        "odd-one-below",
        "odd-at-quorum",
    ],
)
def test_tally_quorum_edges(counts, outcome):
    assert _outcome(*counts) == outcome


def test_tally_no_votes_is_no_quorum_even_with_zero_percent_rounding():
    assert (_outcome(0, 0, 0, 0, quorum=1), _outcome(5, 0, 0, 0, quorum=1)) == (NO_QUORUM, NO_QUORUM)


@pytest.mark.parametrize(
    ("approve", "reject", "abstain", "outcome"),
    [(3, 2, 0, APPROVED), (3, 3, 0, REJECTED), (2, 3, 0, REJECTED), (1, 0, 4, APPROVED), (2, 2, 1, REJECTED)],
    ids=["more-approvals", "tie-rejects", "more-rejections", "one-approval-rest-abstain", "tie-with-abstention"],
)
def test_tally_simple_majority(approve, reject, abstain, outcome):
    assert _outcome(5, approve, reject, abstain) == outcome


@pytest.mark.parametrize(
    ("approve", "reject", "abstain", "outcome"),
    [(2, 1, 0, APPROVED), (4, 2, 0, APPROVED), (3, 2, 0, REJECTED), (1, 0, 5, APPROVED), (0, 0, 6, REJECTED)],
    ids=["exactly-two-thirds", "four-of-six", "three-of-five", "abstentions-ignored", "abstentions-only"],
)
def test_tally_two_thirds_majority(approve, reject, abstain, outcome):
    assert _outcome(6, approve, reject, abstain, majority=VoteMajority.TWO_THIRDS) == outcome


@pytest.mark.parametrize(
    ("eligible", "approve", "reject", "abstain", "outcome"),
    [(10, 6, 0, 0, APPROVED), (10, 5, 0, 5, REJECTED), (9, 5, 4, 0, APPROVED), (9, 4, 0, 5, REJECTED)],
    ids=["six-of-ten", "half-is-not-more-than-half", "five-of-nine", "four-of-nine"],
)
def test_tally_absolute_majority(eligible, approve, reject, abstain, outcome):
    assert _outcome(eligible, approve, reject, abstain, majority=VoteMajority.ABSOLUTE) == outcome


def test_tally_returns_counts_for_display():
    result = tally(eligible=7, approve=3, reject=1, abstain=1, quorum_percent=50, majority=VoteMajority.SIMPLE)

    assert (result.eligible, result.approve, result.reject, result.abstain, result.cast, result.quorum_needed) == (
        7,
        3,
        1,
        1,
        5,
        4,
    )
    assert (result.outcome, result.has_quorum, result.outcome_label) == (APPROVED, True, "Approved")


def test_tally_refuses_unknown_majority_rule():
    with pytest.raises(ValueError, match="Unknown majority"):
        _outcome(3, 2, 0, 0, majority="plurality")
