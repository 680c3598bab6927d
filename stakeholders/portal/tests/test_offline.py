"""Contributions received offline (paper, workshop, phone...) entered by staff on someone's
behalf: who may enter them, bad input, and their way through moderation, "you said, we
did", the inclusiveness figures and the annex."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reviews.models import AuditEntry
from stakeholders.inclusiveness.selectors import inclusiveness_dashboard
from stakeholders.portal.models import Contribution
from stakeholders.portal.services.offline import TEMPLATE_COLUMNS as OFFLINE_COLUMNS
from stakeholders.portal.services.offline import contribution_enter_offline
from stakeholders.tests.factories import CategoryFactory, ContributionFactory
from stakeholders.tests.helpers import HOSTILE, form_errors, url
from stakeholders.uptake.annex import you_said_we_did_annex
from stakeholders.uptake.services import contribution_decide

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

QUERIES = 11  # the page with its form's choices and the list, whatever the number of rows
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def _enter(actor, round_, **overrides):
    fields = {
        "channel": "workshop",
        "received_on": YESTERDAY,
        "body": "We need a clinic in the village.",
        "consent": True,
        "consent_publish": True,
        "given_by": "Women's group of Kibera",
        "given_by_contact": "+254 700 000 000",
        "declared_region": "Nairobi",
    }
    fields.update(overrides)
    return contribution_enter_offline(actor=actor, round=round_, **fields)


def _post(round_, **overrides):
    data = {
        "channel": "paper",
        "received_on": YESTERDAY.isoformat(),
        "given_by": "Mama Achieng",
        "given_by_contact": "achieng@example.org",
        "body": "Water points are too far.",
        "language": "",
        "consent": "on",
        "consent_publish": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["coordinator", "moderator", "editor"])
def test_staff_of_the_review_enter_a_contribution(client, public_round, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    address = url("offline-contributions", public_round.review, public_round.pk)
    assert client.get(address).status_code == 200
    response = client.post(address, _post(public_round))
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.channel, contribution.entered_by, contribution.given_by) == ("paper", user, "Mama Achieng")
    assert contribution.received_on == YESTERDAY and contribution.consent and contribution.kind == "general"
    entry = AuditEntry.objects.get(action="stakeholders.contribution_offline")
    assert entry.data["contribution"] == contribution.pk and "achieng" not in str(entry.data)


@pytest.mark.parametrize("role", ["reviewer", "focal_a", "contributor"])
def test_others_may_not_enter(client, public_round, role, request):
    user = request.getfixturevalue(role)
    client.force_login(user)
    address = url("offline-contributions", public_round.review, public_round.pk)
    assert client.get(address).status_code == 403
    assert client.post(address, _post(public_round)).status_code == 403
    with pytest.raises(PermissionDenied):
        _enter(user, public_round)
    assert not Contribution.objects.exists()


def test_bad_input_is_refused_at_its_field(client, public_round, coordinator, other_review):
    client.force_login(coordinator)
    address = url("offline-contributions", public_round.review, public_round.pk)
    foreign = CategoryFactory(review=other_review)
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    data = _post(public_round, received_on=future, declared_category=str(foreign.pk))
    del data["consent"]
    response = client.post(address, data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "consent" in errors and "received_on" in errors and "declared_category" in errors
    with pytest.raises(ValidationError) as raised:
        _enter(coordinator, public_round, consent=False, received_on=timezone.localdate() + datetime.timedelta(1))
    assert {"consent", "received_on"} <= set(raised.value.message_dict)
    with pytest.raises(ValidationError) as raised:
        _enter(coordinator, public_round, declared_category=foreign, channel="online")
    assert {"declared_category", "channel"} <= set(raised.value.message_dict)
    bad_scan = SimpleUploadedFile("notes.exe", b"MZ\x90\x00 not a document", content_type="application/pdf")
    with pytest.raises(ValidationError) as raised:
        _enter(coordinator, public_round, scan=bad_scan)
    assert "scan" in raised.value.message_dict
    assert not Contribution.objects.exists()


def test_hostile_text_is_kept_as_text_and_escaped(client, public_round, coordinator, contributor):
    script = HOSTILE["xss_html"][0]
    contribution = _enter(coordinator, public_round, body=script, given_by=script + "\n" + "x")
    assert "\n" not in contribution.given_by
    client.force_login(coordinator)
    page = client.get(url("offline-contributions", public_round.review, public_round.pk)).content.decode()
    assert script not in page and "&lt;script&gt;" in page
    client.force_login(contributor)
    public = client.get(f"/portal/{public_round.review_id}/rounds/{public_round.pk}/").content.decode()
    assert script not in public


def test_the_list_scrolls_in_a_box_keyboard_users_can_reach(client, public_round, coordinator):
    """On a phone the table is wider than the screen: its box takes the focus, so that the
    arrow keys scroll it (axe: scrollable-region-focusable)."""
    _enter(coordinator, public_round)
    client.force_login(coordinator)
    page = client.get(url("offline-contributions", public_round.review, public_round.pk)).content.decode()
    assert 'role="region" aria-labelledby="offline-list" tabindex="0"' in page


def test_list_page_queries_do_not_grow(client, public_round, coordinator, django_assert_num_queries):
    client.force_login(coordinator)
    address = url("offline-contributions", public_round.review, public_round.pk)
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    _enter(coordinator, public_round, scan=scan)
    with django_assert_num_queries(QUERIES):
        assert client.get(address).status_code == 200
    for n in range(8):
        _enter(
            coordinator,
            public_round,
            given_by=f"Group {n}",
            declared_category=CategoryFactory(review=public_round.review),
        )
    with django_assert_num_queries(QUERIES):
        page = client.get(address).content.decode()
    assert page.count('id="contribution-') == 9 and "scan.pdf" in page and "+254 700 000 000" in page


def test_it_shows_in_moderation_with_who_entered_it(client, public_round, coordinator, moderator):
    _enter(coordinator, public_round)
    client.force_login(moderator)
    page = client.get(url("moderation", public_round.review) + "?status=all").content.decode()
    name = coordinator.get_full_name()
    assert f"At a workshop, received {YESTERDAY:%m/%d/%Y}: entered by {name} on behalf of" in page
    assert "<bdi>Women&#x27;s group of Kibera</bdi>" in page


def test_public_page_shows_the_channel_never_who_entered_it(client, public_round, coordinator, contributor):
    coordinator.first_name, coordinator.last_name = "Staff", "Person"
    coordinator.save()
    contribution = _enter(coordinator, public_round)
    client.force_login(contributor)
    url = f"/portal/{public_round.review_id}/rounds/{public_round.pk}/?contribution={contribution.pk}"
    page = client.get(url, follow=True).content.decode()
    assert "received at a workshop" in page and "We need a clinic" in page
    assert "Staff Person" not in page and "+254" not in page and "Kibera" not in page


def test_without_consent_to_publish_it_is_hidden_but_counted(public_round, coordinator):
    contribution = _enter(coordinator, public_round, consent_publish=False)
    assert contribution.visibility == "hidden"
    assert inclusiveness_dashboard(public_round.review).totals["contributions"] == 1


def test_without_consent_to_publish_a_moderator_cannot_show_it(client, public_round, coordinator, moderator):
    contribution = _enter(coordinator, public_round, consent_publish=False)
    client.force_login(moderator)
    page = client.post(url("moderation-show", public_round.review, contribution.pk), follow=True).content.decode()
    assert "did not agree to its publication: it stays hidden." in page
    contribution.refresh_from_db()
    assert contribution.visibility == "hidden"


def test_scan_is_for_staff_only(client, public_round, coordinator, contributor):
    scan = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    contribution = _enter(coordinator, public_round, scan=scan)
    attachment = contribution.attachments.get()
    address = f"/portal/{public_round.review_id}/contributions/{contribution.pk}/files/{attachment.pk}/"
    client.force_login(contributor)
    assert client.get(address).status_code in (403, 404)
    client.force_login(coordinator)
    assert client.get(address).status_code == 200


def test_inclusiveness_counts_category_region_and_channel(public_round, coordinator):
    youth = CategoryFactory(review=public_round.review, name="Youth")
    _enter(coordinator, public_round, declared_category=youth, given_by="Youth club")
    _enter(coordinator, public_round, declared_category=youth, given_by="Youth club", channel="phone")
    _enter(coordinator, public_round, declared_category=youth, given_by="Student union")
    ContributionFactory(round=public_round, declared_category=youth, declared_region="Nairobi")
    dashboard = inclusiveness_dashboard(public_round.review)
    tables = {
        table.key: {row.label: (row.contributions, row.contributors) for row in table.rows}
        for table in dashboard.tables
    }
    assert tables["category"]["Youth"] == (4, 3)  # one account online, two groups offline
    assert tables["region"]["Nairobi"] == (4, 3)
    assert tables["channel"] == {"Online": (1, 1), "At a workshop": (2, 2), "By phone": (1, 1)}
    assert dashboard.totals["contributors"] == 3


def test_decided_offline_contribution_is_in_you_said_we_did_and_annex(client, public_round, coordinator, portal):
    contribution = _enter(coordinator, public_round)
    contribution_decide(actor=coordinator, contribution=contribution, decision="accepted", reason="Added to 3.2.")
    [(title, html)] = you_said_we_did_annex(public_round.review)
    assert "We need a clinic" in html and "received at a workshop" in html and "Kibera" not in html
    page = client.get(f"/portal/{public_round.review_id}/rounds/{public_round.pk}/outcomes/").content.decode()
    assert "received at a workshop" in page and "Added to 3.2." in page


def test_no_account_to_block_for_an_offline_contribution(public_round, coordinator, moderator):
    from stakeholders.moderation.services.actions import contributor_block

    contribution = _enter(coordinator, public_round)
    with pytest.raises(ValidationError):
        contributor_block(
            actor=moderator, review=public_round.review, user=coordinator, reason="x", contribution=contribution
        )


# --- Several rows at once ----------------------------------------------------------------

HEADER = ",".join(OFFLINE_COLUMNS)


def _table(*lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("notes.csv", ("\n".join([HEADER, *lines]) + "\n").encode())


def _import(client, round_, upload, **extra):
    return client.post(url("offline-import", round_.review, round_.pk), {"file": upload, **extra}, format="multipart")


def test_import_all_good_rows(client, public_round, coordinator):
    CategoryFactory(review=public_round.review, name="Youth")
    client.force_login(coordinator)
    formula = HOSTILE["csv_formula"][0].replace('"', '""')
    upload = _table(
        f'{YESTERDAY},workshop,Youth club,,,Youth,North,,sw,,"{formula}",yes,yes',
        f"{YESTERDAY},At a workshop,Elders,,,youth,North,woman,,,Roads first.,yes,no",
    )
    response = _import(client, public_round, upload)
    assert response.status_code == 302
    rows = list(Contribution.objects.order_by("pk"))
    assert [(c.given_by, c.channel, c.declared_category.name, c.visibility) for c in rows] == [
        ("Youth club", "workshop", "Youth", "visible"),
        ("Elders", "workshop", "Youth", "hidden"),
    ]
    assert rows[0].body == HOSTILE["csv_formula"][0]  # kept as text, never run
    assert AuditEntry.objects.filter(action="stakeholders.contribution_offline_import").count() == 1


def test_import_with_a_bad_row_saves_nothing_or_the_good_rows(client, public_round, coordinator):
    client.force_login(coordinator)
    future = timezone.localdate() + datetime.timedelta(days=3)
    lines = (
        f"{YESTERDAY},paper,Good one,,,,,,,,Fine text.,yes,yes",
        f"{future},paper,Too early,,,,,,,,Text.,yes,yes",
        f"{YESTERDAY},paper,No consent,,,,,,,,Text.,no,yes",
        f"{YESTERDAY},paper,Unknown group,,,Astronauts,,,,,Text.,yes,yes",
        "yesterday,pigeon,Bad date,,,,,,,,Text.,maybe,yes",
    )
    response = _import(client, public_round, _table(*lines))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved" in page
    for number in (3, 4, 5, 6):
        assert f"Row {number}" in page
    assert "Row 2" not in page
    assert "Astronauts" in page and "is not a category of this review" in page
    assert not Contribution.objects.exists()

    response = _import(client, public_round, _table(*lines), good_rows_only="on")
    assert response.status_code == 200
    assert "1 contribution was entered; these rows were not:" in response.content.decode()
    assert list(Contribution.objects.values_list("given_by", flat=True)) == ["Good one"]


def test_import_refuses_a_file_that_is_not_a_table(client, public_round, coordinator):
    client.force_login(coordinator)
    response = _import(client, public_round, SimpleUploadedFile("notes.csv", b"\xff\xfe\x00binary"))
    assert response.status_code == 200 and "file" in form_errors(response)
    response = _import(client, public_round, SimpleUploadedFile("notes.csv", b"name,text\nx,y\n"))
    assert "missing" in " ".join(form_errors(response)["file"])
    assert not Contribution.objects.exists()


def test_import_and_template_need_the_permission(client, public_round, coordinator, reviewer):
    client.force_login(reviewer)
    assert _import(client, public_round, _table(f"{YESTERDAY},paper,X,,,,,,,,T.,yes,yes")).status_code == 403
    assert client.get(url("offline-template", public_round.review, public_round.pk, "csv")).status_code == 403
    client.force_login(coordinator)
    response = client.get(url("offline-template", public_round.review, public_round.pk, "csv"))
    assert response.status_code == 200 and response.content.decode().startswith(HEADER)
    response = client.get(url("offline-template", public_round.review, public_round.pk, "xlsx"))
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert not Contribution.objects.exists()


def test_import_from_excel_reads_formulas_as_text(client, public_round, coordinator):
    from vnr_portal.common.spreadsheets import xlsx_bytes

    client.force_login(coordinator)
    rows = [HEADER.split(","), [str(YESTERDAY), "phone", "Caller", "", "", "", "", "", "", "", "=1+1", "yes", "yes"]]
    upload = SimpleUploadedFile("notes.xlsx", xlsx_bytes(rows, title="contributions"))
    response = _import(client, public_round, upload)
    assert response.status_code == 302
    assert Contribution.objects.get().body == "=1+1"


def test_outcome_figures_count_offline_people(public_round, coordinator):
    from stakeholders.uptake.selectors import outcome_figures

    _enter(coordinator, public_round, given_by="Group A")
    _enter(coordinator, public_round, given_by="Group B")
    _enter(coordinator, public_round, given_by="Group A", channel="phone")
    figures = outcome_figures(public_round)
    assert (figures.contributions, figures.participants) == (3, 2)


def test_staff_who_enter_do_not_count_as_taking_part(client, public_round, coordinator):
    from stakeholders import rules as perms

    _enter(coordinator, public_round)
    assert not perms.has_contributed_to_round(coordinator, public_round)
    client.force_login(coordinator)
    page = client.get("/portal/account/contributions/").content.decode()
    assert "We need a clinic" not in page


def test_inclusiveness_export_has_the_channel_breakdown(public_round, coordinator):
    from stakeholders.inclusiveness.exports import dashboard_rows

    _enter(coordinator, public_round, channel="paper", given_by="=cmd|' /C calc'!A0")
    rows = dashboard_rows(inclusiveness_dashboard(public_round.review))
    assert ["channel", "On paper", 1, 1, 0, 1, "no"] in rows
    assert not any(str(cell).startswith("=") for row in rows for cell in row)


def test_moderating_an_offline_contribution_notifies_no_one(client, public_round, coordinator, moderator):
    from reviews.models import Notification

    contribution = _enter(coordinator, public_round)
    client.force_login(moderator)
    client.post(url("moderation-hide", public_round.review, contribution.pk), {"reason": "Off topic for this round."})
    contribution.refresh_from_db()
    assert contribution.visibility == "hidden"
    assert not Notification.objects.filter(user=coordinator).exists()


def test_deciding_an_offline_contribution_says_no_one_is_notified(client, public_round, coordinator):
    from django.urls import reverse

    from reviews.models import Notification

    contribution = _enter(coordinator, public_round)
    client.force_login(coordinator)
    decide = reverse(
        "stakeholders:uptake-decide",
        kwargs={"pk": public_round.review_id, "round_pk": public_round.pk, "contribution_pk": contribution.pk},
    )
    page = client.post(decide, {"decision": "not_taken", "reason": "Outside goal 3."}, follow=True).content.decode()
    assert "It was received offline: no one is notified through the portal." in page
    assert "the author has been told" not in page
    assert not Notification.objects.filter(user=coordinator).exists()
