"""Text tied to data, on the drafting side: the sanitizer keeps references and nothing
else, the section pages show the current figures, a change of the data flags the sections
that show it and makes their approvals stale, the flag is cleared, and the editor's
dialog lists the country's series (permissions both ways, query counts)."""

import json
from pathlib import Path

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from indicators.evidence.services.imports import ImportFile, evidence_import
from reviews.core.sanitize import clean_html
from reviews.drafting.selectors.data_references import section_content_with_data
from reviews.drafting.selectors.votes import section_list_not_approved
from reviews.drafting.services.data_references import sections_flag_for_data_change
from reviews.drafting.services.section_review import section_decide
from reviews.drafting.services.sections import section_save
from reviews.models import AuditEntry, Notification, Section, SectionDecision, SectionStatus, VoteOutcome
from reviews.tests.factories import CouncilVoteFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())
BIRTHS = "Year,Units,Age,Value\n2015,%,,90\n2020,%,,95\n2023,%,,97.4\n"
VALUE = '<span data-vnr-data="value" data-indicator="3.1.2">3.1.2 latest value</span>'
TEXT = f"<p>Births attended by skilled staff: {VALUE}.</p>"


def import_births(country="AUR", extra="", observations=0):
    # Breakdowns by age: as many observations as asked, the headline figures unchanged.
    rows = "".join(f"{1990 + n % 25},%,{n // 25},{n % 100}\n" for n in range(observations))
    summary = evidence_import(
        country=country, files=[ImportFile(name="indicator_3-1-2.csv", data=(BIRTHS + extra + rows).encode())]
    )
    assert not summary.errors
    return summary


def changed_import(django_capture_on_commit_callbacks, extra="2024,%,,98.1\n"):
    with django_capture_on_commit_callbacks(execute=True):
        import_births(extra=extra)


@pytest.fixture
def births(db):
    return import_births()


@pytest.fixture
def tied(section, births):
    """`section` (in review, revision 2) showing the latest figure of 3.1.2."""
    Section.objects.filter(pk=section.pk).update(content=TEXT)
    section.refresh_from_db()
    return section


def url(section, name):
    return reverse(f"reviews:{name}", args=[section.review_id, section.pk])


# --- The stored form: the sanitizer ----------------------------------------------------------

GOOD = [
    VALUE,
    '<span data-vnr-data="chart" data-indicator="3.1.1" data-series="SH_STA_MMR" data-unit="per 100,000">c</span>',
    '<span data-vnr-data="category" data-indicator="8.3.1.1">x</span>',
    '<span data-vnr-data="value" data-indicator="1.3.1.a" data-series="A &amp; B &lt;c&gt;" data-unit="%">x</span>',
]


@pytest.mark.parametrize("reference", GOOD)
def test_sanitizer_keeps_a_good_reference_unchanged(reference):
    html = f"<p>Before {reference} after.</p>"
    assert clean_html(html) == html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<span data-vnr-data="script" data-indicator="3.1.2">x</span>', "<span>x</span>"),
        ('<span data-vnr-data="javascript:alert(1)" data-indicator="3.1.2">x</span>', "<span>x</span>"),
        ('<span data-vnr-data="value" data-indicator="javascript:alert(1)">x</span>', "<span>x</span>"),
        ('<span data-vnr-data="value" data-indicator="3.1.2' + "1" * 30 + '">x</span>', "<span>x</span>"),
        ('<span data-vnr-data="value">x</span>', "<span>x</span>"),
        ('<span data-indicator="3.1.2" data-series="S">x</span>', "<span>x</span>"),
        (
            '<span data-vnr-data="value" data-indicator="3.1.2" data-series="' + "s" * 201 + '">x</span>',
            '<span data-vnr-data="value" data-indicator="3.1.2">x</span>',
        ),
        (
            '<span data-vnr-data="value" data-indicator="3.1.2" data-foo="1" onclick="alert(1)" '
            'style="color:red">x</span>',
            '<span data-vnr-data="value" data-indicator="3.1.2">x</span>',
        ),
        ('<p data-vnr-data="value" data-indicator="3.1.2">x</p>', "<p>x</p>"),
    ],
)
def test_sanitizer_drops_bad_reference_attributes(html, expected):
    assert clean_html(html) == expected


def _expanded(text: str) -> str:
    return "x" * int(text.split(":")[1]) if text.startswith(("LONG:", "LONGNAME:")) else text


ALLOWED_TAGS = {"p", "span", "div", "strong", "em", "a", "br", "img"}


@pytest.mark.parametrize("hostile", HOSTILE["xss_html"] + HOSTILE["pdf_fetch"] + HOSTILE["text_edges"])
def test_hostile_input_in_a_reference_stays_inert(section, hostile):
    hostile = _expanded(hostile)
    html = (
        f'<p><span data-vnr-data="value" data-indicator="3.1.2" data-series="{escape(hostile)}" '
        f'data-unit="{escape(hostile)}">{hostile}</span> <span data-vnr-data="{escape(hostile)}" '
        f'data-indicator="{escape(hostile)}">{hostile}</span></p>'
    )
    cleaned = clean_html(html)
    root = lxml.html.fragment_fromstring(cleaned or "<p></p>", create_parent="div")
    for element in root.iter():
        assert element.tag in ALLOWED_TAGS | {"div"}, element.tag
        for name, value in element.attrib.items():
            assert not name.startswith("on") and name not in ("style", "href", "src")
            if name == "data-vnr-data":
                assert value in ("value", "chart", "category")
            if name == "data-indicator":
                assert value == "3.1.2"
    # Shown on the page (the series does not exist: the "no data" marker), still inert.
    Section.objects.filter(pk=section.pk).update(content=cleaned)
    shown = section_content_with_data(Section.objects.get(pk=section.pk))
    assert "[no data for 3.1.2]" in shown
    shown_root = lxml.html.fragment_fromstring(shown or "<p></p>", create_parent="div")
    assert all(not name.startswith("on") for element in shown_root.iter() for name in element.attrib)
    assert {element.tag for element in shown_root.iter()} <= ALLOWED_TAGS | {"div"}


def test_save_through_the_service_keeps_the_reference(section, editor):
    section_save(actor=editor, section=section, content=TEXT, base_version=section.version)
    assert VALUE in Section.objects.get(pk=section.pk).content


# --- The section pages show the current figures ----------------------------------------------


def test_section_page_shows_the_current_value_with_its_year(client, editor, tied):
    client.force_login(editor)
    page = client.get(url(tied, "section-detail")).content.decode()
    assert "Births attended by skilled staff: " in page
    assert "97.4 % (2023)" in page
    assert "3.1.2 latest value" not in page


def test_review_page_shows_the_current_value_to_reviewers(client, reviewer, tied):
    client.force_login(reviewer)
    assert "97.4 % (2023)" in client.get(url(tied, "section-review")).content.decode()


def test_section_page_shows_a_marker_for_missing_data_never_a_500(client, editor, section):
    Section.objects.filter(pk=section.pk).update(
        content='<p><span data-vnr-data="chart" data-indicator="9.9.9">9.9.9 chart</span></p>'
    )
    client.force_login(editor)
    response = client.get(url(section, "section-detail"))
    assert response.status_code == 200
    assert "[no data for 9.9.9]" in response.content.decode()


def test_section_page_shows_a_chart_and_a_category(client, editor, tied):
    Section.objects.filter(pk=tied.pk).update(
        content='<p><span data-vnr-data="chart" data-indicator="3.1.2">c</span>'
        '<span data-vnr-data="category" data-indicator="3.1.2">k</span></p>'
    )
    client.force_login(editor)
    page = client.get(url(tied, "section-detail")).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert (
        "Progress since 2015 (3.1.2):" in page
        and '<strong class="category category-none">Not assessed</strong>' in page
    )


@pytest.mark.parametrize("observations", [10, 10_000])
def test_section_page_query_count_with_references(client, editor, section, observations, django_assert_num_queries):
    import_births(observations=observations)
    references = "".join(
        f'<span data-vnr-data="{kind}" data-indicator="3.1.2">x</span>' for kind in ("value", "chart", "category") * 5
    )
    Section.objects.filter(pk=section.pk).update(content=f"<p>{references}</p>")
    client.force_login(editor)
    # The page's own 5, the series and their figures, the charts' targets, the assessment's 3.
    with django_assert_num_queries(11):
        response = client.get(url(section, "section-detail"))
    assert response.content.decode().count('class="vnr-data vnr-data-value"') == 5


# --- A change of the data flags the sections that show it -----------------------------------


def test_import_flags_sections_showing_the_changed_data_only(
    tied, review, first_review, other_review, django_capture_on_commit_callbacks
):
    untouched = SectionFactory(review=review, title="No data", content="<p>Words only.</p>")
    other_indicator = SectionFactory(
        review=review, title="Other", content='<p><span data-vnr-data="value" data-indicator="3.1.1">x</span></p>'
    )
    record = SectionFactory(review=first_review, title="First VNR", content=TEXT)
    other_country = SectionFactory(review=other_review, title="Borealis", content=TEXT)
    changed_import(django_capture_on_commit_callbacks)
    flagged = set(Section.objects.filter(data_changed_at__isnull=False).values_list("title", flat=True))
    assert flagged == {tied.title}
    tied.refresh_from_db()
    assert tied.data_changed_codes == ["3.1.2"]
    assert {untouched.pk, other_indicator.pk, record.pk, other_country.pk}.isdisjoint(
        Section.objects.filter(data_changed_at__isnull=False).values_list("pk", flat=True)
    )


def test_import_of_the_same_figures_flags_nothing(tied, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        import_births()
    assert not Section.objects.filter(data_changed_at__isnull=False).exists()


def test_approved_section_goes_back_to_review_and_its_approval_is_stale(
    client, tied, reviewer, editor, django_capture_on_commit_callbacks
):
    section_decide(actor=reviewer, section=tied, kind="approve", revision_number=tied.version)
    assert section_list_not_approved(review=tied.review) == []
    changed_import(django_capture_on_commit_callbacks)
    tied.refresh_from_db()
    assert tied.status == SectionStatus.IN_REVIEW
    decision = SectionDecision.objects.get(section=tied)
    assert decision.data_stale_at is not None
    assert [section.pk for section in section_list_not_approved(review=tied.review)] == [tied.pk]
    entry = AuditEntry.objects.get(action="section.data_changed")
    assert entry.review_id == tied.review_id and entry.data["indicators"] == ["3.1.2"]
    assert "its approval no longer counts" in entry.summary
    # The reviewer sees why, and may approve again.
    client.force_login(reviewer)
    page = client.get(url(tied, "section-review")).content.decode()
    assert "the data the text shows changed on" in page
    assert "stale: the data changed" in page
    assert "98.1 % (2024)" in page
    section_decide(actor=reviewer, section=tied, kind="approve", revision_number=tied.version)
    assert section_list_not_approved(review=tied.review) == []


def test_an_open_council_vote_is_voided_when_the_figures_change(
    tied, review, coordinator, django_capture_on_commit_callbacks
):
    vote = CouncilVoteFactory(review=review, opened_by=coordinator)
    changed_import(django_capture_on_commit_callbacks)
    vote.refresh_from_db()
    assert vote.outcome == VoteOutcome.CANCELLED and vote.closed_at is not None
    entry = AuditEntry.objects.get(action="vote.void")
    assert "the data shown in “Goal 3: Good health” changed" in entry.summary


def test_editors_and_reviewers_of_stale_approvals_are_told_once(
    tied, review, editor, reviewer, django_capture_on_commit_callbacks
):
    SectionFactory(review=review, title="Second", content=TEXT)
    section_decide(actor=reviewer, section=tied, kind="approve", revision_number=tied.version)
    changed_import(django_capture_on_commit_callbacks)
    mine = list(Notification.objects.filter(user=editor).values_list("message", flat=True))
    assert mine == [
        "The data behind “Goal 3: Good health”, “Second” changed (3.1.2): check the text against the new figures."
    ]
    theirs = list(
        Notification.objects.filter(user=reviewer, message__contains="no longer counts").values_list(
            "message", flat=True
        )
    )
    assert theirs == [
        "Your approval of “Goal 3: Good health”, “Second” no longer counts: the data it shows changed. Decide again."
    ]


def test_frozen_report_is_not_flagged(tied, review, django_capture_on_commit_callbacks):
    review.__class__.objects.filter(pk=review.pk).update(frozen_at=timezone.now())
    changed_import(django_capture_on_commit_callbacks)
    assert not Section.objects.filter(data_changed_at__isnull=False).exists()


@pytest.mark.parametrize("count", [1, 20])
def test_flagging_takes_a_fixed_number_of_queries(review, births, count, django_assert_num_queries):
    for n in range(count):
        SectionFactory(review=review, title=f"S{n}", content=TEXT, status=SectionStatus.APPROVED, version=1)
    # Savepoint, sections and their editors, their update, the open vote (in its savepoint),
    # the approvals (none to mark stale here), audit, the review's editors, release.
    with django_assert_num_queries(11):
        flagged = sections_flag_for_data_change(country="AUR", indicator_codes={"3.1.2"})
    assert len(flagged) == count
    assert AuditEntry.objects.filter(action="section.data_changed").count() == count


def test_flag_shown_to_editors_on_the_section_page_and_in_the_outline(
    client, tied, editor, reviewer, django_capture_on_commit_callbacks
):
    changed_import(django_capture_on_commit_callbacks)
    client.force_login(editor)
    page = client.get(url(tied, "section-detail")).content.decode()
    assert "The data behind this section changed on" in page and "3.1.2" in page
    assert "98.1 % (2024)" in page
    assert "Checked against the new data" in page
    outline = client.get(reverse("reviews:outline", args=[tied.review_id])).content.decode()
    assert "data changed" in outline
    client.force_login(reviewer)
    assert "The data behind this section changed on" not in client.get(url(tied, "section-detail")).content.decode()


def test_editor_confirms_the_check_and_the_flag_is_cleared(client, tied, editor, django_capture_on_commit_callbacks):
    changed_import(django_capture_on_commit_callbacks)
    client.force_login(editor)
    response = client.post(url(tied, "section-data-checked"))
    assert response.status_code == 302 and response.url == url(tied, "section-detail")
    tied.refresh_from_db()
    assert tied.data_changed_at is None and tied.data_changed_codes == []
    assert AuditEntry.objects.filter(action="section.data_checked", actor=editor).count() == 1
    assert "The data behind this section changed on" not in client.get(url(tied, "section-detail")).content.decode()


@pytest.mark.parametrize("who", ["reviewer", "council_member", "outsider"])
def test_confirming_the_check_needs_the_edit_permission(request, client, tied, who):
    Section.objects.filter(pk=tied.pk).update(data_changed_at=timezone.now(), data_changed_codes=["3.1.2"])
    client.force_login(request.getfixturevalue(who))
    assert client.post(url(tied, "section-data-checked")).status_code == 403
    assert Section.objects.get(pk=tied.pk).data_changed_at is not None


def test_confirming_the_check_is_post_only_and_needs_a_login(client, tied, editor):
    assert client.post(url(tied, "section-data-checked")).status_code == 302
    client.force_login(editor)
    assert client.get(url(tied, "section-data-checked")).status_code == 405


def test_saving_the_text_clears_the_flag(tied, editor, django_capture_on_commit_callbacks):
    changed_import(django_capture_on_commit_callbacks)
    section = Section.objects.get(pk=tied.pk)
    section_save(actor=editor, section=section, content=TEXT + "<p>Checked.</p>", base_version=section.version)
    section.refresh_from_db()
    assert section.data_changed_at is None and section.data_changed_codes == []


# --- The editor's dialog: the country's series -----------------------------------------------


def test_dialog_lists_the_countrys_indicators_and_series(client, editor, section, births):
    evidence_import(
        country="BOR", files=[ImportFile(name="indicator_4-1-1.csv", data=b"Year,Value\n2020,5\n")]
    )  # another country's data is not offered
    client.force_login(editor)
    response = client.get(url(section, "section-data-choices"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert [indicator["code"] for indicator in data["indicators"]] == ["3.1.2"]
    assert data["indicators"][0]["series"] == [{"series": "", "unit": "%", "label": "%"}]


def test_edit_page_tells_the_editor_where_the_dialog_reads(client, editor, section):
    client.force_login(editor)
    page = client.get(url(section, "section-edit")).content.decode()
    assert f'data-data-url="{url(section, "section-data-choices")}"' in page
    # The no-JavaScript help shows the HTML to type, as text.
    assert '<code dir="ltr">&lt;span data-vnr-data=&quot;value&quot; data-indicator=&quot;3.1.1&quot;&gt;' in page


@pytest.mark.parametrize("who", ["reviewer", "council_member", "focal_a", "outsider", "other_member"])
def test_dialog_needs_the_edit_permission(request, client, section, births, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(section, "section-data-choices")).status_code == 403


def test_dialog_for_a_section_of_another_review_is_404(client, editor, section, other_review):
    other = SectionFactory(review=other_review, title="Elsewhere")
    client.force_login(editor)
    assert client.get(reverse("reviews:section-data-choices", args=[section.review_id, other.pk])).status_code == 404


def test_dialog_needs_a_login_and_refuses_post(client, editor, section):
    assert client.get(url(section, "section-data-choices")).status_code == 302
    client.force_login(editor)
    assert client.post(url(section, "section-data-choices")).status_code == 405


@pytest.mark.parametrize("observations", [10, 10_000])
def test_dialog_query_count(client, coordinator, section, observations, django_assert_num_queries):
    import_births(observations=observations)
    for code in ("1.1.1", "2.1.1", "4.1.1"):
        evidence_import(
            country="AUR",
            files=[ImportFile(name=f"indicator_{code.replace('.', '-')}.csv", data=b"Year,Value\n2020,5\n")],
        )
    client.force_login(coordinator)
    # Session, user, section with review and country, its editors, the role, the series.
    with django_assert_num_queries(6):
        response = client.get(url(section, "section-data-choices"))
    assert len(response.json()["indicators"]) == 4


def test_a_new_review_without_data_gets_an_empty_list(client, coordinator, review):
    section = SectionFactory(review=review, title="Empty")
    client.force_login(coordinator)
    assert client.get(url(section, "section-data-choices")).json() == {"indicators": []}


def test_main_messages_page_shows_the_current_value(client, editor, review, births):
    SectionFactory(review=review, title="Main messages", kind="main_messages", content=TEXT, version=1)
    client.force_login(editor)
    page = client.get(reverse("reviews:main-messages", args=[review.pk])).content.decode()
    assert "Births attended by skilled staff: " in page and "97.4 % (2023)" in page


def test_without_javascript_the_textarea_keeps_references_untouched(client, editor, tied):
    import html
    import re

    client.force_login(editor)
    page = client.get(url(tied, "section-edit")).content.decode()
    typed = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.DOTALL)[1]).strip()
    assert VALUE in typed
    response = client.post(url(tied, "section-edit"), {"content": typed, "base_version": tied.version}, follow=True)
    assert "Nothing had changed: no new revision was made." in response.content.decode()
    # A reference typed by hand is kept, checked like any other.
    typed += '<p>Chart: <span data-vnr-data="chart" data-indicator="3.1.2" onclick="x()">3.1.2</span></p>'
    client.post(url(tied, "section-edit"), {"content": typed, "base_version": tied.version})
    assert Section.objects.get(pk=tied.pk).content == (
        TEXT + '<p>Chart: <span data-vnr-data="chart" data-indicator="3.1.2">3.1.2</span></p>'
    )
