"""The national development strategy, its coverage of the SDG targets and the sector reviews."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.tests.factories import GoalFactory, TargetFactory
from reviews.followup.models.strategy import SectorReview, StrategyPriority
from reviews.followup.selectors.strategy import coverage_matrix
from reviews.followup.services import strategy as services
from reviews.followup.strategy_report import sector_reviews_annex
from reviews.models import AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def targets(db):
    goal1, goal3 = GoalFactory(number=1), GoalFactory(number=3)
    return {
        code: TargetFactory(goal=goal, code=code, position=n)
        for n, (goal, code) in enumerate([(goal1, "1.1"), (goal1, "1.2"), (goal3, "3.1"), (goal3, "3.8")])
    }


@pytest.fixture
def strategy(review, coordinator, targets):
    strategy = services.strategy_save(
        actor=coordinator, review=review, name="Aurelia Vision 2035", start_year=2021, end_year=2035
    )
    pillar = services.pillar_save(actor=coordinator, strategy=strategy, pillar=strategy.pillars.model(name="People"))
    services.priority_save(
        actor=coordinator, pillar=pillar, priority=StrategyPriority(name="End poverty"), target_codes=["1.1"]
    )
    services.priority_save(
        actor=coordinator, pillar=pillar, priority=StrategyPriority(name="Health for all"), target_codes=["3.8", "1.1"]
    )
    return strategy


def test_coverage_matrix_counts_per_goal(strategy, review):
    rows = {row.goal.number: row for row in coverage_matrix(review)}
    assert (rows[1].covered, rows[1].missing, rows[1].total) == (1, 1, 2)
    assert (rows[3].covered, rows[3].missing) == (1, 1)
    by_code = {target.code: names for target, names in rows[1].targets + rows[3].targets}
    assert sorted(by_code["1.1"]) == ["End poverty", "Health for all"]
    assert by_code["1.2"] == [] and by_code["3.1"] == []


def test_coverage_of_a_single_target_is_singular(client, review, coordinator, reviewer):
    services.strategy_save(actor=coordinator, review=review, name="Plan", start_year=2021, end_year=2030)
    TargetFactory(goal=GoalFactory(number=5), code="5.1", position=0)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:followup-strategy-coverage", args=[review.pk])).content.decode()
    assert "address 0 of 1 SDG target." in " ".join(page.split())


def test_coverage_page_says_addressed_and_left_out_in_words(client, strategy, review, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:followup-strategy-coverage", args=[review.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "address 2 of 4 SDG targets" in page
    assert page.count("Left out</td>") == 2
    assert "<caption>Targets addressed and left out, per goal</caption>" in page


def test_strategy_page_lists_pillars_priorities_and_targets(client, strategy, review, focal_a):
    client.force_login(focal_a)
    page = client.get(reverse("reviews:followup-strategy", args=[review.pk])).content.decode()
    assert "Aurelia Vision 2035" in page and "2021–2035" in page
    assert "Health for all" in page and ">3.8<" in page
    assert "Edit the strategy" not in page


def test_unknown_target_code_is_refused_at_the_field(client, strategy, review, coordinator):
    client.force_login(coordinator)
    pillar = strategy.pillars.get()
    response = client.post(
        reverse("reviews:followup-strategy-priority-add", args=[review.pk, pillar.pk]),
        {"name": "Jobs", "targets": "1.1, 99.9, =SUM(A1)"},
    )
    assert response.status_code == 200
    assert "99.9" in response.context["form"].errors["targets"][0]
    assert not StrategyPriority.objects.filter(name="Jobs").exists()


def test_coordinator_edits_a_priority_through_the_page(client, strategy, review, coordinator):
    client.force_login(coordinator)
    priority = StrategyPriority.objects.get(name="End poverty")
    url = reverse("reviews:followup-strategy-priority-edit", args=[review.pk, priority.pk])
    assert 'value="1.1"' in client.get(url).content.decode()
    response = client.post(url, {"name": "End poverty", "targets": "1.2; 3.1"})
    assert response.status_code == 302
    assert sorted(priority.targets.values_list("code", flat=True)) == ["1.2", "3.1"]
    assert AuditEntry.objects.filter(action="strategy.priority_change").exists()


def test_strategy_end_before_start_is_refused(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:followup-strategy-edit", args=[review.pk]),
        {"name": "Plan", "start_year": "2030", "end_year": "2020"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_year"]


@pytest.mark.parametrize("who", ["editor", "reviewer", "focal_a", "statistician"])
def test_only_coordinators_manage_the_strategy(request, client, strategy, review, who):
    client.force_login(request.getfixturevalue(who))
    pillar = strategy.pillars.get()
    assert client.post(reverse("reviews:followup-strategy-edit", args=[review.pk]), {}).status_code == 403
    assert client.post(reverse("reviews:followup-strategy-pillar-add", args=[review.pk]), {}).status_code == 403
    url = reverse("reviews:followup-strategy-priority-add", args=[review.pk, pillar.pk])
    assert client.post(url, {"name": "x"}).status_code == 403


def test_outsider_sees_no_strategy(client, strategy, review, outsider, other_member):
    for user in (outsider, other_member):
        client.force_login(user)
        for name in ("followup-strategy", "followup-strategy-coverage", "followup-sector-reviews"):
            assert client.get(reverse(f"reviews:{name}", args=[review.pk])).status_code == 403


def test_bad_ids_are_404(client, strategy, review, coordinator, other_review):
    client.force_login(coordinator)
    assert client.get(reverse("reviews:followup-strategy-pillar-edit", args=[review.pk, 999999])).status_code == 404
    assert client.get(reverse("reviews:followup-strategy-priority-edit", args=[review.pk, 999999])).status_code == 404
    assert client.get(reverse("reviews:followup-sector-review-file", args=[review.pk, 999999])).status_code == 404
    assert client.get(reverse("reviews:followup-strategy", args=[999999])).status_code == 404


# --- Sector reviews ---------------------------------------------------------------------


def test_sector_review_with_a_file_and_goals(client, review, coordinator, reviewer, targets):
    client.force_login(coordinator)
    goal3 = targets["3.1"].goal
    response = client.post(
        reverse("reviews:followup-sector-reviews", args=[review.pk]),
        {
            "title": "Health sector review 2024",
            "sector": "Health",
            "year": "2024",
            "link": "",
            "goals": [goal3.pk],
            "file": SimpleUploadedFile("../../health review.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302
    item = SectorReview.objects.get()
    assert item.file_name == "health review.pdf"
    assert list(item.goals.values_list("number", flat=True)) == [3]
    client.force_login(reviewer)
    download = client.get(reverse("reviews:followup-sector-review-file", args=[review.pk, item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    [(title, html)] = sector_reviews_annex(review)
    assert title == "References: sector reviews"
    assert "Health sector review 2024" in html and "health review.pdf" in html


def test_sector_review_bad_file_is_refused_at_the_field(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:followup-sector-reviews", args=[review.pk]),
        {
            "title": "Water",
            "sector": "Water",
            "year": "2023",
            "file": SimpleUploadedFile("water.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not SectorReview.objects.exists()


def test_sector_review_needs_a_file_or_a_link(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:followup-sector-reviews", args=[review.pk]), {"title": "T", "sector": "S", "year": "2023"}
    )
    assert "Attach the report or give its link." in response.context["form"].errors["file"][0]


@pytest.mark.parametrize("who", ["editor", "reviewer"])
def test_only_coordinators_add_or_remove_sector_reviews(request, client, review, coordinator, who):
    item = services.sector_review_add(
        actor=coordinator,
        review=review,
        title="Education",
        sector="Education",
        year=2022,
        goals=[],
        link="https://example.org/education",
    )
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("reviews:followup-sector-reviews", args=[review.pk])).content.decode()
    assert "Education" in page and "Add a sector review" not in page
    data = {"title": "T", "sector": "S", "year": "2023", "link": "https://example.org"}
    assert client.post(reverse("reviews:followup-sector-reviews", args=[review.pk]), data).status_code == 403
    url = reverse("reviews:followup-sector-review-delete", args=[review.pk, item.pk])
    assert client.post(url).status_code == 403
    client.force_login(coordinator)
    assert client.post(url).status_code == 302
    assert not SectorReview.objects.exists()


def test_sector_reviews_annex_is_registered():
    from reviews.publishing.assembly import registered_annexes

    assert registered_annexes()["sector_reviews"] is sector_reviews_annex


# --- Query budgets -------------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 40])
def test_strategy_pages_query_budget(client, review, coordinator, size, django_assert_num_queries):
    goals = [GoalFactory(number=n) for n in range(1, 18)]
    all_targets = [TargetFactory(goal=goals[n % 17], position=n) for n in range(size * 3)]
    strategy = services.strategy_save(actor=coordinator, review=review, name="Plan", start_year=2020, end_year=2030)
    for p in range(size):
        pillar = services.pillar_save(actor=coordinator, strategy=strategy, pillar=strategy.pillars.model(name=f"P{p}"))
        services.priority_save(
            actor=coordinator,
            pillar=pillar,
            priority=StrategyPriority(name=f"Priority {p}"),
            target_codes=[t.code for t in all_targets[p * 2 : p * 2 + 2]],
        )
        services.sector_review_add(
            actor=coordinator,
            review=review,
            title=f"Review {p}",
            sector="S",
            year=2020,
            goals=goals[:3],
            link="https://example.org",
        )
    client.force_login(coordinator)
    with django_assert_num_queries(8):
        assert client.get(reverse("reviews:followup-strategy", args=[review.pk])).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(reverse("reviews:followup-strategy-coverage", args=[review.pk])).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(reverse("reviews:followup-sector-reviews", args=[review.pk])).status_code == 200


def test_coordinator_removes_a_priority_and_a_pillar(client, strategy, review, coordinator, editor):
    priority = StrategyPriority.objects.get(name="End poverty")
    pillar = strategy.pillars.get()
    client.force_login(editor)
    assert (
        client.post(reverse("reviews:followup-strategy-priority-delete", args=[review.pk, priority.pk])).status_code
        == 403
    )
    assert (
        client.post(reverse("reviews:followup-strategy-pillar-delete", args=[review.pk, pillar.pk])).status_code == 403
    )
    client.force_login(coordinator)
    assert (
        client.post(reverse("reviews:followup-strategy-priority-delete", args=[review.pk, priority.pk])).status_code
        == 302
    )
    assert list(StrategyPriority.objects.values_list("name", flat=True)) == ["Health for all"]
    assert (
        client.post(reverse("reviews:followup-strategy-pillar-delete", args=[review.pk, pillar.pk])).status_code == 302
    )
    assert not StrategyPriority.objects.exists()
    assert sum(row.covered for row in coverage_matrix(review)) == 0
    assert (
        client.post(reverse("reviews:followup-strategy-pillar-delete", args=[review.pk, pillar.pk])).status_code == 404
    )
