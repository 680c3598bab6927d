"""The council vote's arithmetic: a pure function, so every edge can be tested alone."""

from dataclasses import dataclass
from fractions import Fraction
from math import ceil

from reviews.core.models import VoteMajority
from reviews.drafting.models import VoteOutcome


@dataclass(frozen=True)
class Tally:
    """The counts of a vote and what they add up to."""

    eligible: int
    approve: int
    reject: int
    abstain: int
    quorum_needed: int
    outcome: str

    @property
    def cast(self) -> int:
        return self.approve + self.reject + self.abstain

    @property
    def has_quorum(self) -> bool:
        return self.outcome != VoteOutcome.NO_QUORUM

    @property
    def outcome_label(self) -> str:
        return VoteOutcome(self.outcome).label


def quorum_needed(*, eligible: int, quorum_percent: int) -> int:
    """Ballots (abstentions included) needed for a valid vote; at least one."""
    return max(1, ceil(Fraction(eligible * quorum_percent, 100)))


def tally(*, eligible: int, approve: int, reject: int, abstain: int, quorum_percent: int, majority: str) -> Tally:
    """Count a vote: no quorum, approved or rejected.

    Quorum: ballots cast (abstentions included) ≥ ceil(eligible × quorum_percent / 100),
    and never with no ballot at all. Majority, among the ballots:
    SIMPLE approve > reject (a tie rejects); TWO_THIRDS approve ≥ 2/3 of approve + reject
    (and at least one approval); ABSOLUTE approve > eligible / 2.
    """
    if min(eligible, approve, reject, abstain) < 0:
        raise ValueError("Counts cannot be negative.")
    needed = quorum_needed(eligible=eligible, quorum_percent=quorum_percent)
    cast = approve + reject + abstain
    if cast == 0 or cast < needed:
        outcome = VoteOutcome.NO_QUORUM
    else:
        if majority == VoteMajority.SIMPLE:
            passed = approve > reject
        elif majority == VoteMajority.TWO_THIRDS:
            # Integers only: approve / (approve + reject) ≥ 2/3 without rounding.
            passed = approve > 0 and 3 * approve >= 2 * (approve + reject)
        elif majority == VoteMajority.ABSOLUTE:
            passed = 2 * approve > eligible
        else:
            raise ValueError(f"Unknown majority rule: {majority!r}")
        outcome = VoteOutcome.APPROVED if passed else VoteOutcome.REJECTED
    return Tally(
        eligible=eligible,
        approve=approve,
        reject=reject,
        abstain=abstain,
        quorum_needed=needed,
        outcome=str(outcome),
    )
