import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from indicators.services import framework_load
from reviews.followup.selectors.carryover import recorded_chapter_lines, recorded_commitment_lines
from reviews.models import GoalAssignment, MemberRole, Membership, Ministry, Review
from reviews.workspace.selectors.matrix import goal_list_without_lead as goals_without_lead

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def seeded(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    # As `make demo` runs it (pytest-django turns DEBUG off for the tests).
    settings.DEBUG = True
    framework_load()
    call_command("seed_demo", stdout=open(tmp_path / "out.txt", "w"))
    return (tmp_path / "out.txt").read_text()


def test_seed_demo_creates_two_countries_with_a_first_and_a_second_vnr(seeded):
    reviews = list(
        Review.objects.order_by("country__iso3", "hlpf_year").values_list("country__iso3", "is_record", "stage")
    )
    assert reviews == [
        ("AUR", True, "published"),
        ("AUR", False, "drafting"),
        ("MER", True, "published"),
        ("MER", False, "preparation"),
    ]
    for second in Review.objects.filter(is_record=False):
        assert second.previous_review.country_id == second.country_id
        assert second.previous_review.published_pdf.read(5) == b"%PDF-"


def test_seed_demo_fills_ministries_and_a_complete_role_matrix(seeded):
    for review in Review.objects.filter(is_record=False):
        assert Ministry.objects.filter(review=review, parent=None).count() >= 12
        assert Ministry.objects.filter(review=review, parent__isnull=False).exists()
        assert list(goals_without_lead(review)) == []
        assert GoalAssignment.objects.filter(review=review, role="lead").count() == 17


def test_seed_demo_has_one_account_per_role_per_country_and_prints_them(seeded):
    for review in Review.objects.filter(is_record=False):
        assert set(Membership.objects.filter(review=review).values_list("role", flat=True)) == set(MemberRole.values)
    assert "aurelia-coordinator" in seeded and "meridia-moderator" in seeded
    assert "vnr-demo-2026" in seeded
    assert get_user_model().objects.get(username="aurelia-editor").check_password("vnr-demo-2026")


def test_seed_demo_keeps_countries_apart(seeded):
    user = get_user_model().objects.get(username="aurelia-coordinator")
    meridia = Review.objects.get(country__iso3="MER", is_record=False)
    aurelia = Review.objects.get(country__iso3="AUR", is_record=False)
    assert user.has_perm("reviews.change_review", aurelia) is True
    assert user.has_perm("reviews.view_review", meridia) is False


def test_seed_demo_is_idempotent(seeded, tmp_path):
    from indicators.models import DataSnapshot, NationalTarget, ProgressOverride, SeriesVersion

    def counted():
        return (
            Review.objects.count(),
            Ministry.objects.count(),
            GoalAssignment.objects.count(),
            Membership.objects.count(),
            SeriesVersion.objects.count(),
            DataSnapshot.objects.count(),
            NationalTarget.objects.count(),
            ProgressOverride.objects.count(),
        )

    counts = counted()
    call_command("seed_demo", stdout=open(tmp_path / "again.txt", "w"))
    assert counted() == counts
    assert Review.objects.get(country__iso3="AUR", is_record=True).data_snapshot.label == "First VNR, 2019"


def test_seed_demo_gives_each_country_data_with_its_first_vnrs_snapshot(seeded):
    from indicators.progress import Category
    from reviews.evidence.inventory import inventory
    from reviews.evidence.selectors import review_progress

    for second in Review.objects.filter(is_record=False).select_related("previous_review__data_snapshot"):
        snapshot = second.previous_review.data_snapshot
        assert snapshot is not None and snapshot.country == second.country.iso3
        assert snapshot.label == f"First VNR, {second.previous_review.hlpf_year}"
        progress = review_progress(second)
        assert {item.goal_number for item in progress} == set(range(1, 18))
        assert {item.since_2015.category for item in progress} == set(Category.values)
        found = inventory(second)
        assert len(found.gained) >= 3 and found.gaps


def test_seed_demo_issues_a_round_of_progress_reports_in_aurelia(seeded):
    from reviews.models import ProgressReport

    aurelia = Review.objects.get(country__iso3="AUR", is_record=False)
    reports = ProgressReport.objects.filter(review=aurelia)
    assert reports.filter(role="lead").count() == 17
    assert (
        reports.exclude(role="lead").count()
        == GoalAssignment.objects.filter(review=aurelia).exclude(role="lead").count()
    )
    assert not ProgressReport.objects.filter(review__country__iso3="MER").exists()


def test_seed_demo_opens_a_public_consultation_with_answered_and_decided_comments(seeded):
    from stakeholders.models import Contribution, ContributorProfile, ModeratorResponse

    citizen = ContributorProfile.objects.get(user__username="aurelia-citizen")
    assert citizen.is_verified
    round_ = Review.objects.get(country__iso3="AUR", hlpf_year=2027).rounds.get()
    assert round_.status == "open" and round_.review.portal.is_published
    assert round_.documents.count() == 2
    contributions = Contribution.objects.filter(round=round_)
    assert contributions.count() == 3
    assert ModeratorResponse.objects.filter(contribution__round=round_).count() == 1
    assert sorted(contributions.exclude(uptake="").values_list("uptake", flat=True)) == ["accepted", "partly"]


def test_seed_demo_gives_each_account_a_language(seeded):
    from vnr_portal.accounts.models import Profile

    languages = dict(Profile.objects.values_list("user__username", "language"))
    names = ("admin", "aurelia-editor", "meridia-statistician", "meridia-council-member")
    assert [languages[name] for name in names] == ["en", "en", "zh-hans", "ar"]
    assert "meridia-statistician (zh-hans)" in seeded


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError) as error:
        call_command("seed_demo")

    assert str(error.value) == (
        "seed_demo creates accounts, a superuser among them, whose password is published in the README. "
        "It runs only with DEBUG=1. To run it anyway (a demonstration server), add "
        "--i-know-this-creates-known-passwords."
    )
    assert get_user_model().objects.count() == 0


def test_seed_demo_runs_with_debug_off_when_told_it_creates_known_passwords(db, tmp_path, settings):
    settings.DEBUG = False
    settings.MEDIA_ROOT = str(tmp_path)
    framework_load()

    call_command("seed_demo", "--i-know-this-creates-known-passwords", stdout=open(tmp_path / "out.txt", "w"))

    assert get_user_model().objects.get(username="admin").check_password("vnr-demo-2026")


def test_seed_demo_gives_aurelia_a_self_assessment_a_strategy_and_sector_reviews(seeded, tmp_path):
    from reviews.followup.selectors.selfassessment import selfassessment_results
    from reviews.followup.selectors.strategy import coverage_matrix
    from reviews.models import NationalStrategy, SectorReview, SelfAssessment, SelfAssessmentAnswer

    aurelia = Review.objects.get(country__iso3="AUR", is_record=False)
    results = selfassessment_results(aurelia.selfassessment)
    assert results.answered >= 4
    assert len(results.groups) >= 4
    assert results.questions[0].mean is not None
    strategy = NationalStrategy.objects.get(review=aurelia)
    assert strategy.pillars.count() == 3
    assert sum(row.covered for row in coverage_matrix(aurelia)) == 13
    assert SectorReview.objects.filter(review=aurelia).count() == 2
    assert not SelfAssessment.objects.filter(review__country__iso3="MER").exists()
    answers = SelfAssessmentAnswer.objects.count()
    call_command("seed_demo", stdout=open(tmp_path / "again.txt", "w"))
    assert SelfAssessmentAnswer.objects.count() == answers
    assert SectorReview.objects.filter(review=aurelia).count() == 2
    assert NationalStrategy.objects.count() == 1


def test_seed_demo_gives_aurelia_commitments_followed_up(seeded):
    from reviews.followup.selectors.commitments import register, rollups

    aurelia = Review.objects.get(country__iso3="AUR", is_record=False)
    commitments = register(aurelia)
    assert len(commitments) == 12
    assert {c.source_review_id for c in commitments} == {aurelia.previous_review_id}
    counts = rollups(commitments)["total"].counts
    assert set(counts) == {"done", "in_progress", "not_started", "dropped", "replaced", "unreported"}
    assert len(rollups(commitments)["ministries"]) >= 8 and len(rollups(commitments)["goals"]) >= 8
    assert any(c.current_update and c.current_update.evidence_series for c in commitments)
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # idempotent
    assert len(register(aurelia)) == 12


def test_seed_demo_records_the_first_vnrs_chapters_and_commitments(seeded):
    for first in Review.objects.filter(is_record=True):
        assert len(recorded_commitment_lines(first)) == 12
        assert "Conclusion and next steps" in recorded_chapter_lines(first)


def test_seed_demo_generates_aurelias_chapter_from_the_first_to_the_second_vnr(seeded, tmp_path):
    from reviews.models import Section
    from stakeholders.models import EngagementBaseline

    aurelia = Review.objects.get(country__iso3="AUR", is_record=False)
    chapter = Section.objects.get(review=aurelia, kind="first_to_second", parent=None)
    assert chapter.version == 1
    # Real content from every part: the commitments, the self-assessment, the data, the engagement.
    assert "<h2>Commitments of the previous VNR and what became of them</h2>" in chapter.content
    assert "<h2>The institutional arrangements, self-assessed</h2>" in chapter.content
    assert "The institutional self-assessment has no answers yet." not in chapter.content
    assert "Not reported yet" in chapter.content and "Done" in chapter.content
    assert "<h2>Data availability and progress</h2>" in chapter.content
    assert "<h2>Engagement of stakeholders</h2>" in chapter.content
    assert "Civil society organisations" in chapter.content
    baseline = EngagementBaseline.objects.get(review=aurelia)
    assert baseline.participants and len(baseline.by_category) == 4 and "came late" in baseline.feedback

    call_command("seed_demo", stdout=open(tmp_path / "again.txt", "w"))
    assert Section.objects.filter(review=aurelia, kind="first_to_second", parent=None).count() == 1
    assert Section.objects.get(pk=chapter.pk).version == 1
    assert EngagementBaseline.objects.filter(review=aurelia).count() == 1
