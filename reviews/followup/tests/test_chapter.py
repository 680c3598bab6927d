"""The generated chapter "From the first to the second VNR": its data part against the data,
generation through drafting (a revision, in the outline), regeneration only on a confirmed
preview, the registry of parts, permissions both ways, bad requests, fixed query counts."""

import pytest
from django.utils.safestring import mark_safe

from reviews.core.models import AuditEntry
from reviews.drafting.models import Section, SectionKind
from reviews.evidence.tests.evidence_data import import_rows, many_observations, record_first_vnr
from reviews.followup import chapter as registry
from reviews.followup.selectors.chapter import chapter_digest, chapter_html, chapter_section_get, data_change
from reviews.followup.services.chapter import chapter_generate, chapter_regenerate
from reviews.followup.tests.chapter_data import engagement_baseline, two_reviews_data
from reviews.tests.factories import MembershipFactory, UserFactory
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PAGE = "/reviews/{pk}/followup/chapter/"
REGENERATE = "/reviews/{pk}/followup/chapter/regenerate/"


@pytest.fixture
def data(review, first_review, goals):
    two_reviews_data(first_review)
    return review


def test_the_data_part_counts_indicators_and_categories_per_goal(data):
    change = data_change(data)

    rows = {row.number: row for row in change.rows}
    assert sorted(rows) == [1, 2, 8]
    assert (rows[1].indicators_then, rows[1].indicators_now, rows[1].gained) == (2, 3, 1)
    assert (rows[2].indicators_then, rows[2].indicators_now) == (1, 1)
    assert (rows[8].indicators_then, rows[8].indicators_now) == (0, 1)
    # 1.1.1 went 20 -> 18 by 2018 (on track then), 15 by 2021 and 1.2.1 30 -> 25: slower.
    assert (rows[1].category_then, rows[1].category_now) == ("On track", "Acceleration needed")
    assert rows[2].category_now is None  # 2.1.1 has no desired direction
    assert (change.indicators_then, change.indicators_now) == (3, 5)
    assert change.snapshot_label == "First VNR, 2019"


def test_without_a_previous_review_the_data_part_has_nothing(review, goals):
    review.previous_review = None
    review.save()
    assert data_change(review) is None
    assert "Data availability and progress" not in chapter_html(review)


def test_generate_makes_a_section_with_a_first_revision_shown_in_the_outline(client, data, coordinator):
    client.force_login(coordinator)

    response = client.post(PAGE.format(pk=data.pk))

    section = Section.objects.get(review=data, kind=SectionKind.FIRST_TO_SECOND)
    assert response.status_code == 302
    assert response["Location"] == f"/reviews/{data.pk}/draft/{section.pk}/"
    assert section.title == "From the first to the second VNR"
    assert section.version == 1 and section.revisions.count() == 1
    assert "<h2>Data availability and progress</h2>" in section.content
    assert "<td>3 (+1)</td>" in section.content
    assert "Acceleration needed" in section.content
    assert AuditEntry.objects.filter(review=data, action="followup.chapter_generate").exists()
    outline = client.get(f"/reviews/{data.pk}/draft/")
    assert "From the first to the second VNR" in outline.content.decode()


def test_generate_fills_the_default_outlines_empty_chapter(client, data, coordinator):
    from reviews.drafting.services.outline import outline_create_default

    outline_create_default(actor=coordinator, review=data)
    existing = Section.objects.get(review=data, kind=SectionKind.FIRST_TO_SECOND, parent=None)
    count = Section.objects.filter(review=data).count()
    client.force_login(coordinator)
    assert "Its empty section in the outline" in client.get(PAGE.format(pk=data.pk)).content.decode()

    client.post(PAGE.format(pk=data.pk))

    existing.refresh_from_db()
    assert Section.objects.filter(review=data).count() == count
    assert existing.version == 1 and "Data availability and progress" in existing.content
    lessons = Section.objects.get(review=data, parent=existing, title="Lessons learned")
    assert lessons.content == "" and lessons.version == 0
    assert client.get(REGENERATE.format(pk=data.pk)).status_code == 200


def test_generate_twice_or_without_a_previous_review_is_refused(client, data, coordinator):
    client.force_login(coordinator)
    client.post(PAGE.format(pk=data.pk))

    response = client.post(PAGE.format(pk=data.pk), follow=True)

    assert "The chapter already has text: regenerate it instead, to see what would change." in response.content.decode()
    assert Section.objects.filter(review=data, kind=SectionKind.FIRST_TO_SECOND).count() == 1
    data.previous_review = None
    data.save()
    Section.objects.filter(review=data).delete()
    response = client.post(PAGE.format(pk=data.pk), follow=True)
    assert "This review has no previous VNR to compare with" in response.content.decode()
    assert not Section.objects.filter(review=data).exists()


def test_the_preview_shows_what_would_change_and_replaces_nothing(client, data, first_review, coordinator):
    section = chapter_generate(actor=coordinator, review=data)
    before = section.content
    import_rows([("2.1.1", 2012, 9), ("2.1.1", 2014, 8), ("2.1.1", 2021, 7), ("2.2.1", 2020, 12)], name="more.csv")
    client.force_login(coordinator)

    response = client.get(REGENERATE.format(pk=data.pk))

    page = response.content.decode()
    assert response.status_code == 200
    assert "<ins" in page and "Replace the chapter's text" in page
    section.refresh_from_db()
    assert section.content == before and section.version == 1

    digest = response.context["form"].initial["digest"]
    response = client.post(REGENERATE.format(pk=data.pk), {"base_version": 1, "digest": digest})

    section.refresh_from_db()
    assert response.status_code == 302
    assert section.version == 2 and section.revisions.count() == 2
    assert "<td>2 (+1)</td>" in section.content  # Goal 2 now has 2.1.1 and 2.2.1
    assert AuditEntry.objects.filter(review=data, action="followup.chapter_regenerate").count() == 1


def test_nothing_is_replaced_when_the_data_or_the_text_changed_since_the_preview(data, coordinator):
    section = chapter_generate(actor=coordinator, review=data)
    previewed = chapter_digest(chapter_html(data))
    import_rows([("2.2.1", 2020, 12)], name="more.csv")

    with pytest.raises(Exception, match="The data changed since the preview"):
        chapter_regenerate(actor=coordinator, section=section, base_version=1, digest=previewed)
    with pytest.raises(Exception, match="Someone saved the chapter"):
        chapter_regenerate(
            actor=coordinator, section=section, base_version=0, digest=chapter_digest(chapter_html(data))
        )
    section.refresh_from_db()
    assert section.version == 1


def test_a_bad_confirmation_replaces_nothing(client, data, coordinator):
    chapter_generate(actor=coordinator, review=data)
    client.force_login(coordinator)

    for post in ({}, {"base_version": "x", "digest": "zz"}, {"base_version": 1, "digest": "0" * 64}):
        response = client.post(REGENERATE.format(pk=data.pk), post, follow=True)
        assert response.status_code == 200

    assert chapter_section_get(data).version == 1


def test_registered_parts_appear_in_order_and_empty_ones_are_left_out(data, coordinator):
    registry.register_chapter_part(
        "zz_test", "Commitments of the first VNR", lambda review: mark_safe("<p>Kept 3 of 4.</p>"), 5
    )
    registry.register_chapter_part("zz_empty", "Nothing here", lambda review: "", 6)
    registry.register_chapter_part("zz_plain", "Plain", lambda review: "<script>x</script>", 7)
    try:
        html = chapter_html(data)
    finally:
        registry.unregister_chapter_part("zz_test")
        registry.unregister_chapter_part("zz_empty")
        registry.unregister_chapter_part("zz_plain")

    assert html.index("Commitments of the first VNR") < html.index("Data availability and progress")
    assert "<p>Kept 3 of 4.</p>" in html
    assert "Nothing here" not in html
    assert "<script>" not in html  # a plain str is text, not html


def test_the_engagement_part_comes_from_stakeholders(data, coordinator):
    engagement_baseline(data, participants=120, contributions=300, feedback="Too short notice.")

    html = chapter_html(data)

    assert "<h2>Engagement of stakeholders</h2>" in html
    assert "<td>120</td>" in html
    assert "Too short notice." in html


# --- Permissions ---------------------------------------------------------------------------


def test_generate_coordinator_may_editor_may_not(client, data, coordinator, editor):
    client.force_login(editor)
    assert client.post(PAGE.format(pk=data.pk)).status_code == 403
    assert "Generate the chapter" not in client.get(PAGE.format(pk=data.pk)).content.decode()
    client.force_login(coordinator)
    assert "Generate the chapter" in client.get(PAGE.format(pk=data.pk)).content.decode()
    assert client.post(PAGE.format(pk=data.pk)).status_code == 302


def test_regenerate_coordinator_and_the_sections_editors_may_others_not(
    client, data, coordinator, editor, reviewer, review
):
    section = chapter_generate(actor=coordinator, review=data)
    other_editor = UserFactory(username="other-editor")
    MembershipFactory(review=review, user=other_editor, role="editor")
    section.editors.add(editor)

    for user, status in ((coordinator, 200), (editor, 200), (reviewer, 403), (other_editor, 403)):
        client.force_login(user)
        assert client.get(REGENERATE.format(pk=data.pk)).status_code == status, user
        response = client.post(REGENERATE.format(pk=data.pk), {"base_version": 1, "digest": "0" * 64})
        assert response.status_code == (302 if status == 200 else 403), user


def test_outsiders_and_bad_ids(client, data, outsider, coordinator):
    client.force_login(outsider)
    assert client.get(PAGE.format(pk=data.pk)).status_code in (403, 404)
    client.force_login(coordinator)
    assert client.get(PAGE.format(pk=999_999)).status_code == 404
    assert client.get(REGENERATE.format(pk=data.pk)).status_code == 404  # not generated yet
    assert client.put(PAGE.format(pk=data.pk)).status_code == 405


def test_a_frozen_report_is_not_generated(client, data, coordinator):
    from django.utils import timezone

    data.frozen_at = timezone.now()
    data.save()
    client.force_login(coordinator)

    assert client.post(PAGE.format(pk=data.pk)).status_code == 403
    assert not Section.objects.filter(review=data).exists()


# --- Query budgets -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [10, 10_000])
def test_the_pages_query_counts_are_fixed(
    client, review, first_review, goals, coordinator, django_assert_num_queries, count
):
    from indicators.services import framework_load

    framework_load()
    many_observations(count)
    record_first_vnr(first_review)
    chapter_generate(actor=coordinator, review=review)
    many_observations(count // 2 or 1)
    client.force_login(coordinator)
    client.get(PAGE.format(pk=review.pk))  # warm the session

    # The page's reads, and one for the order of the two reviews (their names).
    with django_assert_num_queries(7):
        assert client.get(PAGE.format(pk=review.pk)).status_code == 200
    # The preview's reads, each registered chapter part's fixed reads (the engagement part's
    # figures include the breakdown by channel), the reviews' order; the assessments computed
    # (with the data unchanged since the chapter was generated they are cached: 2 fewer).
    page_cache.clear()
    with django_assert_num_queries(30):
        assert client.get(REGENERATE.format(pk=review.pk)).status_code == 200
