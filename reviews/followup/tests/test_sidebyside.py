"""Side by side: a part of the second VNR beside the first's — matched by Goal, kind or
position, or chosen; its text as a word diff, the Goal's indicator values and role matrix
then and now, the engagement's figures; a first VNR that is only a PDF; bad parameters;
permissions; a fixed number of queries."""

import pytest
from django.core.files.base import ContentFile

from indicators.models import Goal
from reviews.drafting.models import SectionKind
from reviews.evidence.tests.evidence_data import many_observations, record_first_vnr
from reviews.followup.selectors.sidebyside import (
    MATCH_GOAL,
    MATCH_KIND,
    MATCH_POSITION,
    match_section,
    outline_sections,
)
from reviews.followup.tests.chapter_data import engagement_baseline, two_reviews_data
from reviews.tests.factories import GoalAssignmentFactory, MinistryFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

URL = "/reviews/{pk}/followup/side-by-side/"


@pytest.fixture
def outlines(review, first_review, goals):
    """Both reviews have an introduction and a chapter on Goal 1; the second has one on Goal 8."""
    goal1 = Goal.objects.get(number=1)
    first = {
        "intro": SectionFactory(
            review=first_review,
            title="Introduction 2019",
            kind=SectionKind.INTRODUCTION,
            position=0,
            content="<p>We began in 2017.</p>",
        ),
        "goal1": SectionFactory(
            review=first_review,
            title="Goal 1 in 2019",
            kind=SectionKind.GOAL,
            goal=goal1,
            position=1,
            content="<p>Poverty fell to 18 percent in rural areas.</p>",
        ),
        "other": SectionFactory(review=first_review, title="Lessons", position=2, content="<p>Old lessons.</p>"),
    }
    second = {
        "intro": SectionFactory(
            review=review,
            title="Introduction",
            kind=SectionKind.INTRODUCTION,
            position=0,
            content="<p>We began in 2017 and went on.</p>",
        ),
        "goal1": SectionFactory(
            review=review,
            title="Goal 1",
            kind=SectionKind.GOAL,
            goal=goal1,
            position=1,
            content="<p>Poverty fell to 15 percent in rural areas.</p>",
        ),
        "other": SectionFactory(review=review, title="What we learnt", position=2, content="<p>New lessons.</p>"),
        "goal8": SectionFactory(
            review=review, title="Goal 8", kind=SectionKind.GOAL, goal=Goal.objects.get(number=8), position=3
        ),
    }
    return first, second


@pytest.fixture
def matrix(review, first_review, goals):
    goal1 = Goal.objects.get(number=1)
    then = MinistryFactory(review=first_review, name="Ministry of Social Affairs", acronym="MSA")
    GoalAssignmentFactory(review=first_review, ministry=then, goal=goal1, role="lead")
    now = MinistryFactory(review=review, name="Ministry of Social Affairs", acronym="MSA")
    GoalAssignmentFactory(review=review, ministry=now, goal=goal1, role="co_lead")
    labour = MinistryFactory(review=review, name="Ministry of Labour", acronym="MOL")
    GoalAssignmentFactory(review=review, ministry=labour, goal=goal1, role="lead")


def test_parts_are_matched_by_goal_kind_then_position(review, first_review, outlines):
    first, second = outlines
    sections, previous = outline_sections(review), outline_sections(first_review)

    assert match_section(second["goal1"], sections, previous) == (first["goal1"], MATCH_GOAL)
    assert match_section(second["intro"], sections, previous) == (first["intro"], MATCH_KIND)
    assert match_section(second["other"], sections, previous) == (first["other"], MATCH_POSITION)
    assert match_section(second["goal8"], sections, previous) == (None, "")


def test_a_goal_chapter_beside_the_first_shows_text_data_matrix_and_engagement(
    client, review, first_review, outlines, matrix, editor, coordinator
):
    two_reviews_data(first_review)
    engagement_baseline(review, participants=120, contributions=300)
    client.force_login(editor)

    response = client.get(URL.format(pk=review.pk), {"section": outlines[1]["goal1"].pk})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Beside “<bdi>Goal 1 in 2019</bdi>” of the first VNR" in page and "the same Goal" in page
    assert '<span class="visually-hidden">removed: </span>18</del>' in page
    assert '<span class="visually-hidden">added: </span>15</ins>' in page
    comparison = response.context["comparison"]
    values = {row.code: (row.then, row.now) for row in comparison.indicators}
    assert values["1.1.1"] == ((2018, 18.0), (2021, 15.0))
    assert values["1.2.1"] == (None, (2022, 25.0))
    assert values["1.3.1"] == ((2017, 40.0), (2017, 40.0))
    roles = {row.ministry: (row.role_then, row.role_now) for row in comparison.matrix}
    assert roles == {"MOL": (None, "Lead"), "MSA": ("Lead", "Co-lead")}
    assert 'id="figures-engagement"' in page
    engagement = {label: (first, now) for label, first, now in comparison.figures[0].rows}
    assert engagement["Participants"] == (120, 0)


def test_a_first_vnr_that_is_only_a_pdf(client, review, first_review, goals, matrix, editor):
    first_review.published_pdf.save("first.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    two_reviews_data(first_review)
    goal1 = SectionFactory(review=review, title="Goal 1", kind=SectionKind.GOAL, goal=Goal.objects.get(number=1))
    client.force_login(editor)

    response = client.get(URL.format(pk=review.pk), {"section": goal1.pk})

    page = response.content.decode()
    assert "The first VNR is a PDF:" in page
    assert f'href="/reviews/{first_review.pk}/published.pdf" id="first-pdf">open it</a>' in page
    assert 'id="indicator-table"' in page and 'id="matrix-table"' in page
    assert "section-diff" not in page


def test_a_chosen_part_of_the_first_vnr(client, review, outlines, editor):
    first, second = outlines
    client.force_login(editor)

    response = client.get(URL.format(pk=review.pk), {"section": second["other"].pk, "match": first["intro"].pk})

    page = response.content.decode()
    assert "Beside “<bdi>Introduction 2019</bdi>” of the first VNR" in page and "(chosen)" in page


def test_without_a_choice_the_page_lists_the_parts(client, review, outlines, editor):
    client.force_login(editor)
    page = client.get(URL.format(pk=review.pk)).content.decode()
    assert 'id="parts-list"' in page and f"?section={outlines[1]['goal8'].pk}" in page


@pytest.mark.parametrize(
    "params",
    [
        {"section": "abc"},
        {"section": "999999"},
        {"section": ""},
        {"match": "1"},
        {"section": "1", "match": "x"},
        {"section": "\x00"},
    ],
)
def test_bad_parameters_show_the_form_again(client, review, outlines, editor, params):
    client.force_login(editor)
    response = client.get(URL.format(pk=review.pk), params)
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert "is-invalid" in response.content.decode()


def test_a_section_of_another_review_is_refused(client, review, other_review, outlines, editor):
    foreign = SectionFactory(review=other_review, title="Elsewhere")
    client.force_login(editor)
    response = client.get(URL.format(pk=review.pk), {"section": foreign.pk})
    assert response.context["comparison"] is None


def test_members_may_outsiders_may_not(client, review, outlines, editor, outsider, other_member):
    client.force_login(editor)
    assert client.get(URL.format(pk=review.pk)).status_code == 200
    for user in (outsider, other_member):
        client.force_login(user)
        assert client.get(URL.format(pk=review.pk)).status_code in (403, 404)
    assert client.post(URL.format(pk=review.pk)).status_code == 405


@pytest.mark.parametrize("count", [10, 10_000])
def test_the_query_count_is_fixed(
    client, review, first_review, outlines, matrix, editor, coordinator, django_assert_num_queries, count
):
    from indicators.services import framework_load

    framework_load()
    many_observations(count)
    record_first_vnr(first_review)
    engagement_baseline(review, participants=12)
    client.force_login(editor)
    client.get(URL.format(pk=review.pk))  # warm the session

    # Session, user, review (with the previous one and its snapshot), memberships (rules);
    # both outlines; the Goal's series, its figures now, the snapshot's versions and their
    # figures; the matrix; the chosen match; the section's editors (may they choose?); the
    # engagement's figures (the inclusiveness dashboard's, with its breakdown by channel); the
    # order of the reviews (their names).
    with django_assert_num_queries(30):
        response = client.get(URL.format(pk=review.pk), {"section": outlines[1]["goal1"].pk})
    assert response.status_code == 200
    assert response.context["comparison"].indicators


MATCH_URL = "/reviews/{pk}/followup/side-by-side/match/"


def test_a_chosen_match_is_kept_for_the_part_and_can_be_undone(client, review, outlines, coordinator):
    from reviews.core.models import AuditEntry
    from reviews.followup.models import SectionMatch

    first, second = outlines
    client.force_login(coordinator)

    response = client.post(MATCH_URL.format(pk=review.pk), {"section": second["other"].pk, "match": first["intro"].pk})

    assert response.status_code == 302
    assert response["Location"] == f"{URL.format(pk=review.pk)}?section={second['other'].pk}"
    assert SectionMatch.objects.get(section=second["other"]).previous_section == first["intro"]
    page = client.get(URL.format(pk=review.pk), {"section": second["other"].pk}).content.decode()
    assert "Beside “<bdi>Introduction 2019</bdi>” of the first VNR" in page and "(chosen)" in page
    assert AuditEntry.objects.filter(review=review, action="followup.side_by_side_match").count() == 1

    client.post(MATCH_URL.format(pk=review.pk), {"section": second["other"].pk, "match": ""})

    assert not SectionMatch.objects.exists()
    page = client.get(URL.format(pk=review.pk), {"section": second["other"].pk}).content.decode()
    assert "Beside “<bdi>Lessons</bdi>” of the first VNR" in page


def test_keeping_a_match_coordinator_and_section_editor_may_reviewer_may_not(
    client, review, outlines, coordinator, editor, reviewer
):
    from reviews.followup.models import SectionMatch

    first, second = outlines
    post = {"section": second["other"].pk, "match": first["intro"].pk}
    client.force_login(reviewer)
    assert client.post(MATCH_URL.format(pk=review.pk), post).status_code == 403
    assert 'id="match-form"' not in client.get(URL.format(pk=review.pk), {"section": post["section"]}).content.decode()
    assert not SectionMatch.objects.exists()
    for user in (editor, coordinator):
        client.force_login(user)
        assert 'id="match-form"' in client.get(URL.format(pk=review.pk), {"section": post["section"]}).content.decode()
        assert client.post(MATCH_URL.format(pk=review.pk), post).status_code == 302
    assert SectionMatch.objects.count() == 1


def test_keeping_a_bad_match_stores_nothing(client, review, other_review, outlines, coordinator):
    from reviews.followup.models import SectionMatch

    first, second = outlines
    foreign = SectionFactory(review=other_review, title="Elsewhere")
    client.force_login(coordinator)
    for post in (
        {"section": second["other"].pk, "match": foreign.pk},
        {"section": foreign.pk, "match": first["intro"].pk},
        {"section": "x"},
        {},
    ):
        response = client.post(MATCH_URL.format(pk=review.pk), post, follow=True)
        assert response.status_code == 200
    assert not SectionMatch.objects.exists()
    assert client.get(MATCH_URL.format(pk=review.pk)).status_code == 405


# --- Rendered without a template loop per section (issue 17) --------------------------------

OLD_OPTIONS = (
    '{% for value, label in field.field.choices %}<option value="{{ value }}"'
    '{% if field.value|stringformat:"s" == value|stringformat:"s" %} selected{% endif %}>'
    "{{ label }}</option>{% endfor %}"
)


@pytest.mark.parametrize("data", [None, {"section": "first"}, {"section": "abc", "match": "<b>"}])
def test_the_options_are_the_template_loops(review, first_review, outlines, data):
    from django.template import Context, Template

    from reviews.followup.forms.sidebyside import SideBySideForm
    from reviews.followup.selectors.sidebyside import outline_parts

    sections, previous = outline_parts(review), outline_parts(first_review)
    sections[0].title = '<script>alert(1)</script> & "quoted"'
    if data and data["section"] == "first":
        data = {"section": str(sections[1].pk), "match": str(previous[0].pk)}
    form = SideBySideForm(data, sections=sections, previous_sections=previous)
    for field in form:
        assert field.options_html == Template(OLD_OPTIONS).render(Context({"field": field}))
    assert "<script>" not in form["section"].options_html


def test_the_parts_list_is_the_template_loop_and_escapes_titles(client, review, outlines, editor):
    from django.template import Context, Template

    from reviews.followup.selectors.sidebyside import outline_parts
    from reviews.followup.views.sidebyside import _parts_html

    outlines[1]["other"].title = '<img src=x onerror=alert(1)> "x"'
    outlines[1]["other"].save()
    sections = outline_parts(review)
    old = Template(
        "{% for section in sections %}<li><a href=\"{% url 'reviews:followup-side-by-side' review.pk %}"
        '?section={{ section.pk }}"><bdi>{{ section.title }}</bdi></a></li>{% endfor %}'
    ).render(Context({"sections": sections, "review": review}))
    assert _parts_html(review, sections) == old
    client.force_login(editor)
    page = client.get(URL.format(pk=review.pk)).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; &quot;x&quot;" in page


def test_the_text_diff_is_cached_under_both_texts_and_follows_every_edit(client, review, outlines, editor, monkeypatch):
    from reviews.drafting.diffing import word_diff
    from reviews.followup.selectors import sidebyside
    from reviews.followup.selectors.sidebyside import cached_word_diff

    made = []
    monkeypatch.setattr(sidebyside, "word_diff", lambda old, new: made.append(1) or word_diff(old, new))
    texts = ("<p>Once upon a time.</p>", f"<p>Once upon another time {review.pk}.</p>")
    assert cached_word_diff(*texts) == cached_word_diff(*texts) == word_diff(*texts) and len(made) == 1
    assert cached_word_diff(texts[0], texts[1] + " ") == word_diff(texts[0], texts[1] + " ") and len(made) == 2
    monkeypatch.undo()
    first, second = outlines
    assert cached_word_diff(first["goal1"].content, second["goal1"].content) == word_diff(
        first["goal1"].content, second["goal1"].content
    )
    client.force_login(editor)
    params = {"section": second["goal1"].pk}
    assert "15" in client.get(URL.format(pk=review.pk), params).content.decode()
    for section, text in ((second["goal1"], "<p>Poverty fell to 11 percent.</p>"), (first["goal1"], "<p>Was 27.</p>")):
        section.content = text
        section.save()
        page = client.get(URL.format(pk=review.pk), params).content.decode()
        assert word_diff(first["goal1"].content, second["goal1"].content) == (
            client.get(URL.format(pk=review.pk), params).context["comparison"].diff
        )
        assert ("11" if section is second["goal1"] else "27") in page
