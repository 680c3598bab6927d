"""Taking part: contributing (rules, limits, files, honeypot, throttling), flagging, my contributions."""

import datetime
import io
import zipfile

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import ImageFile

from reviews.models import AuditEntry, Notification
from stakeholders.models import (
    Contribution,
    ContributionAttachment,
    ContributionFlag,
    ContributorProfile,
)
from stakeholders.moderation.services.actions import contribution_show
from stakeholders.portal.selectors import CONTRIBUTIONS_PER_PAGE
from stakeholders.portal.services import contributions as services
from stakeholders.tests.factories import (
    CategoryFactory,
    ConductAcceptanceFactory,
    ContactFactory,
    ContributionFactory,
    ContributorBlockFactory,
    ContributorFactory,
    ModeratorResponseFactory,
    OrganisationFactory,
    RoundFactory,
    RoundInvitationFactory,
    RoundQuestionFactory,
)
from stakeholders.tests.helpers import HOSTILE
from vnr_portal.tests import hostile_files as hostile

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PNG = hostile.picture("PNG")
JPEG = hostile.picture("JPEG")
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            "<Types>"
            '<Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            "</Types>",
        )
    return buffer.getvalue()


def _url(round_, **query):
    url = reverse("stakeholders:portal-contribute", args=[round_.review_id, round_.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def ready(contributor, public_round):
    """The contributor has accepted the review's code of conduct."""
    ConductAcceptanceFactory(review=public_round.review, user=contributor)
    return contributor


def _post(client, round_, data=None, **query):
    return client.post(
        _url(round_, **query), {"kind": "general", "body": "Please add water.", "language": "en", **(data or {})}
    )


# --- who may contribute ---------------------------------------------------------------


def test_contribute_form_speaks_the_page_language(client, public_round, ready):
    client.force_login(ready)
    client.cookies["django_language"] = "zh-hans"

    page = client.get(_url(public_round)).content.decode()

    assert "最多 3 个文件" in page and "Up to 3 files" not in page


def test_contribute_anonymous_types_first_and_is_sent_to_log_in_or_sign_up(client, public_round):
    """The visitor types the comment first; files and profile questions come after signing in."""
    document = public_round.documents.get()
    page = client.get(_url(public_round, document=document.pk, paragraph=1))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="body"' in html and 'type="file"' not in html and 'name="declared_region"' not in html
    response = client.post(
        _url(public_round, document=document.pk, paragraph=1),
        {"kind": "comment", "body": "Say which districts.", "language": "en"},
    )
    assert response.status_code == 302
    assert response.url.startswith(reverse("stakeholders:portal-signup") + "?next=")
    assert Contribution.objects.count() == 0


def test_contribute_unverified_is_refused_with_a_way_to_verify(client, public_round, contributor):
    ContributorProfile.objects.filter(user=contributor).update(email_verified_at=None)
    client.force_login(contributor)
    response = client.get(_url(public_round))
    assert response.status_code == 403
    assert "Confirm your e-mail address" in response.content.decode()
    assert _post(client, public_round).status_code == 403
    assert Contribution.objects.count() == 0


def test_contribute_account_without_profile_is_refused(client, public_round, outsider):
    client.force_login(outsider)
    assert client.get(_url(public_round)).status_code == 403


def test_contribute_first_time_goes_through_the_code_of_conduct_and_back(client, public_round, contributor):
    client.force_login(contributor)
    document = public_round.documents.get()
    wanted = _url(public_round, document=document.pk, paragraph=1)
    response = client.get(wanted)
    assert response.status_code == 302
    conduct = reverse("stakeholders:portal-conduct", args=[public_round.review_id])
    assert response.url.startswith(conduct + "?next=")
    back = client.post(conduct, {"next": wanted})
    assert back.url == wanted
    assert client.get(wanted).status_code == 200


def test_contribute_to_an_invited_round_by_an_outsider_is_403_explaining_who(client, portal, ready):
    round_ = RoundFactory(review=portal.review, audience="invited")
    client.force_login(ready)
    response = client.get(_url(round_))
    assert response.status_code == 403
    assert "invited" in response.content.decode()
    assert _post(client, round_).status_code == 403
    assert Contribution.objects.count() == 0


def test_contribute_to_an_invited_round_by_the_invited(client, portal, ready):
    round_ = RoundFactory(review=portal.review, audience="invited")
    RoundInvitationFactory(round=round_, email=ready.email, accepted_by=ready, accepted_at=timezone.now())
    client.force_login(ready)
    assert _post(client, round_).status_code == 302
    assert Contribution.objects.filter(round=round_).count() == 1


def test_contribute_to_a_closed_round_is_refused_with_the_date(client, portal, ready):
    round_ = RoundFactory(
        review=portal.review,
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(ready)
    response = _post(client, round_)
    assert response.status_code == 403
    assert "This round closed on" in response.content.decode()
    assert Contribution.objects.count() == 0


def test_contribute_before_the_round_opens_is_refused(client, portal, ready):
    round_ = RoundFactory(
        review=portal.review,
        opens_at=timezone.now() + datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=10),
    )
    client.force_login(ready)
    response = client.get(_url(round_))
    assert response.status_code == 403
    assert "This round opens on" in response.content.decode()


def test_contribute_blocked_account_is_refused(client, public_round, ready):
    ContributorBlockFactory(review=public_round.review, user=ready, reason="abuse")
    client.force_login(ready)
    response = _post(client, public_round)
    assert response.status_code == 403
    assert "blocked" in response.content.decode()
    assert Contribution.objects.count() == 0


def test_contribute_to_another_review_is_404(client, public_round, other_review, ready):
    url = reverse("stakeholders:portal-contribute", args=[other_review.pk, public_round.pk])
    client.force_login(ready)
    assert client.get(url).status_code == 404


def test_contribute_to_a_document_of_another_round_is_404(client, portal, public_round, ready):
    other = RoundFactory(review=portal.review)
    client.force_login(ready)
    assert client.get(_url(other, document=public_round.documents.get().pk)).status_code == 404
    assert client.get(_url(public_round, document=public_round.documents.get().pk, paragraph=9)).status_code == 404


# --- writing ---------------------------------------------------------------------------


def test_contribute_comment_on_a_paragraph(client, public_round, ready):
    document = public_round.documents.get()
    client.force_login(ready)
    page = client.get(_url(public_round, document=document.pk, paragraph=1))
    assert "Vaccination rose." in page.content.decode()
    response = _post(
        client, public_round, {"kind": "comment", "body": " Add rural clinics. "}, document=document.pk, paragraph=1
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (
        contribution.kind,
        contribution.document,
        contribution.paragraph,
        contribution.body,
        contribution.author,
    ) == (
        "comment",
        document,
        1,
        "Add rural clinics.",
        ready,
    )
    entry = AuditEntry.objects.get(action="stakeholders.contribution")
    assert entry.data["contribution"] == contribution.pk


def test_contribute_rewording_needs_the_passage_and_wording(client, public_round, ready):
    document = public_round.documents.get()
    client.force_login(ready)
    response = _post(client, public_round, {"kind": "rewording", "body": "Better"}, document=document.pk, paragraph=0)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"quote", "proposed_text"}
    response = _post(
        client,
        public_round,
        {"kind": "rewording", "body": "Clearer", "quote": "Clinics opened.", "proposed_text": "Forty clinics opened."},
        document=document.pk,
        paragraph=0,
    )
    assert response.status_code == 302
    assert Contribution.objects.get().proposed_text == "Forty clinics opened."


def test_contribute_answer_to_a_question(client, portal, contributor):
    question = RoundQuestionFactory(round__review=portal.review)
    ConductAcceptanceFactory(review=portal.review, user=contributor)
    client.force_login(contributor)
    response = _post(client, question.round, {"kind": "answer", "body": "Clean water"}, question=question.pk)
    assert response.status_code == 302
    assert Contribution.objects.get().question == question


def test_contribute_kind_not_offered_is_refused(client, public_round, ready):
    client.force_login(ready)
    response = _post(client, public_round, {"kind": "rewording"})
    assert response.status_code == 400
    assert "kind" in response.context["form"].errors


def test_contribute_body_over_the_round_limit_is_refused_at_the_field(client, public_round, ready):
    public_round.max_length = 20
    public_round.save()
    client.force_login(ready)
    response = _post(client, public_round, {"body": "x" * 21})
    assert response.status_code == 400
    assert "body" in response.context["form"].errors
    assert Contribution.objects.count() == 0


def test_contribute_service_checks_the_limit_again(public_round, ready):
    public_round.max_length = 5
    with pytest.raises(services.ValidationError) as error:
        services.contribution_create(actor=ready, round=public_round, kind="general", body="too long")
    assert "body" in error.value.message_dict


def test_contribute_language_defaults_to_the_page_language(client, public_round, ready):
    client.force_login(ready)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"  # signed in, the browser's own language gives way
    form = client.get(_url(public_round)).context["form"]
    assert form["language"].value().lower() == "zh-hans"


def test_contribute_on_behalf_of_a_registry_organisation_shows_names_only(client, public_round, ready):
    organisation = OrganisationFactory(review=public_round.review, name="Women Farmers")
    contact = ContactFactory(organisation=organisation, email="private@example.org")
    category = CategoryFactory(review=public_round.review, name="Civil society")
    client.force_login(ready)
    page = client.get(_url(public_round)).content.decode()
    assert "Women Farmers" in page
    assert contact.email not in page and contact.name not in page
    response = _post(
        client,
        public_round,
        {
            "on_behalf_of": organisation.pk,
            "declared_category": category.pk,
            "declared_region": "North",
            "declared_gender": "woman",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert (contribution.on_behalf_of, contribution.declared_category, contribution.declared_gender) == (
        organisation,
        category,
        "woman",
    )


def test_contribute_organisation_of_another_review_is_refused(client, public_round, other_review, ready):
    OrganisationFactory(review=public_round.review)
    foreign = OrganisationFactory(review=other_review)
    client.force_login(ready)
    response = _post(client, public_round, {"on_behalf_of": foreign.pk})
    assert response.status_code == 400
    assert "on_behalf_of" in response.context["form"].errors


def test_contribute_honeypot_saves_nothing_and_looks_like_success(client, public_round, ready):
    client.force_login(ready)
    response = _post(client, public_round, {"website": "http://spam.example"})
    assert response.status_code == 302
    assert Contribution.objects.count() == 0


def test_contribute_throttled_after_the_limit_in_ten_minutes(client, public_round, ready):
    for _ in range(services.MAX_PER_TEN_MINUTES):
        ContributionFactory(round=public_round, author=ready)
    client.force_login(ready)
    response = _post(client, public_round)
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "wait a few minutes" in response.content.decode()
    assert Contribution.objects.count() == services.MAX_PER_TEN_MINUTES


def test_contribute_throttled_after_the_daily_limit(client, public_round, ready):
    earlier = timezone.now() - datetime.timedelta(hours=2)
    for _ in range(services.MAX_PER_DAY):
        ContributionFactory(round=public_round, author=ready, created_at=earlier)
    client.force_login(ready)
    response = _post(client, public_round)
    assert response.status_code == 429
    assert "come back tomorrow" in response.content.decode()


def test_contribute_older_contributions_do_not_count(client, public_round, ready):
    for _ in range(services.MAX_PER_DAY):
        ContributionFactory(round=public_round, author=ready, created_at=timezone.now() - datetime.timedelta(days=2))
    client.force_login(ready)
    assert _post(client, public_round).status_code == 302


@pytest.mark.parametrize("value", HOSTILE["xss_html"][:12] + HOSTILE["text_edges"][2:13], ids=lambda v: repr(v)[:20])
def test_contribute_hostile_text_never_a_500_and_inert(client, public_round, ready, value):
    client.force_login(ready)
    response = _post(
        client, public_round, {"body": value or "x", "organisation_name": value[:200], "declared_region": value[:120]}
    )
    assert response.status_code in (302, 400)
    page = client.get(
        reverse("stakeholders:portal-round", args=[public_round.review_id, public_round.pk])
    ).content.decode()
    assert "<script>alert(1)" not in page
    assert "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")


# --- attachments ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, name, expected",
    [
        (PDF, "report.pdf", "application/pdf"),
        (PNG, "map.png", "image/png"),
        (JPEG, "photo.jpeg", "image/jpeg"),
        (_docx(), "note.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
    ids=["pdf", "png", "jpeg", "docx"],
)
def test_contribute_accepts_allowed_files_by_content(client, public_round, ready, content, name, expected):
    client.force_login(ready)
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    assert _post(client, public_round, {"attachments": upload}).status_code == 302
    attachment = ContributionAttachment.objects.get()
    assert (attachment.content_type, attachment.original_name) == (expected, name.replace(".jpeg", ".jpg"))


@pytest.mark.parametrize(
    "content, name",
    [
        (b"<script>alert(1)</script>", "evil.pdf"),
        (b"MZ\x90\x00binary", "setup.png"),
        (_xlsx(), "sheet.docx"),
        (b"a,b\n1,2\n", "data.csv"),
        (b"", "empty.pdf"),
    ],
    ids=["html-as-pdf", "exe-as-png", "xlsx-as-docx", "csv", "empty"],
)
def test_contribute_refuses_other_files_at_the_field(client, public_round, ready, content, name):
    client.force_login(ready)
    response = _post(client, public_round, {"attachments": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert "attachments" in response.context["form"].errors
    assert Contribution.objects.count() == 0


def _contribute_with(client, public_round, ready, content, name):
    client.force_login(ready)
    response = _post(client, public_round, {"attachments": SimpleUploadedFile(name, content)})
    return response, response.context["form"].errors if response.context else {}


def test_contribute_refuses_a_30000_pixel_square_png_at_the_field(client, public_round, ready):
    response, errors = _contribute_with(client, public_round, ready, hostile.png_declaring(30_000, 30_000), "map.png")
    assert (response.status_code, errors["attachments"], Contribution.objects.count()) == (
        400,
        [
            "map.png: The picture has too many pixels (30,000 × 30,000): at most 12,000 pixels a side and "
            "25 megapixels in all. Make it smaller and upload it again."
        ],
        0,
    )


@pytest.mark.parametrize("name", hostile.PIXEL_BOMBS)
def test_contribute_refuses_pixel_bombs_before_decoding(client, public_round, ready, monkeypatch, name):
    def load(self):
        raise AssertionError("a picture was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    response, errors = _contribute_with(client, public_round, ready, hostile.PIXEL_BOMBS[name](), "map.png")
    assert (
        response.status_code,
        errors["attachments"][0].startswith("map.png: The picture has too many pixels ("),
    ) == (
        400,
        True,
    )
    assert Contribution.objects.count() == 0


@pytest.mark.parametrize("name", hostile.BROKEN_PICTURES)
def test_contribute_refuses_pictures_that_do_not_decode(client, public_round, ready, name):
    response, errors = _contribute_with(client, public_round, ready, hostile.BROKEN_PICTURES[name](), "photo.jpg")
    assert (response.status_code, errors["attachments"], Contribution.objects.count()) == (
        400,
        [
            "photo.jpg: The file could not be read as a picture: it may be damaged or cut short. "
            "Save it again and upload it once more."
        ],
        0,
    )


@pytest.mark.parametrize("part", ["word/document.xml", "[Content_Types].xml"])
@pytest.mark.parametrize("declaration", hostile.DOCTYPES)
def test_contribute_refuses_a_word_file_with_a_document_type(client, public_round, ready, declaration, part):
    content = hostile.with_doctype(_docx(), part, hostile.DOCTYPES[declaration])
    response, errors = _contribute_with(client, public_round, ready, content, "note.docx")
    assert (response.status_code, errors["attachments"], Contribution.objects.count()) == (
        400,
        [
            "note.docx: This file contains a document type declaration, which is not allowed. "
            "Save it again from Word or Excel and upload it once more."
        ],
        0,
    )


def test_contribute_refuses_a_pdf_cut_short(client, public_round, ready):
    response, errors = _contribute_with(client, public_round, ready, PDF[: len(PDF) // 2], "report.pdf")
    assert (response.status_code, errors["attachments"]) == (
        400,
        ["report.pdf: This PDF file is incomplete or damaged: save it again and upload it once more."],
    )


def test_contribute_refuses_a_file_over_10_mb(public_round, ready):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(services.ValidationError) as error:
        services.contribution_create(actor=ready, round=public_round, kind="general", body="x", attachments=[upload])
    assert "too large" in error.value.message_dict["attachments"][0]


def test_contribute_hostile_file_name_is_neutralised(client, public_round, ready):
    client.force_login(ready)
    _post(client, public_round, {"attachments": SimpleUploadedFile("../../<img src=x onerror=alert(1)>.png", PNG)})
    attachment = ContributionAttachment.objects.get()
    assert "<" not in attachment.original_name and "/" not in attachment.original_name
    assert attachment.original_name.endswith(".png")
    assert "contribution-" in attachment.file.name


def test_attachment_download_is_permission_checked(client, public_round, ready, other_contributor, moderator):
    client.force_login(ready)
    _post(client, public_round, {"attachments": SimpleUploadedFile("map.png", PNG)})
    attachment = ContributionAttachment.objects.get()
    contribution = attachment.contribution
    url = reverse("stakeholders:portal-attachment", args=[public_round.review_id, contribution.pk, attachment.pk])
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG
    Contribution.objects.filter(pk=contribution.pk).update(visibility="hidden")
    assert client.get(url).status_code == 403
    client.force_login(other_contributor)
    assert client.get(url).status_code == 403
    client.force_login(ready)
    assert client.get(url).status_code == 200
    client.force_login(moderator)
    assert client.get(url).status_code == 200
    wrong_review = reverse(
        "stakeholders:portal-attachment", args=[public_round.review_id + 999, contribution.pk, attachment.pk]
    )
    assert client.get(wrong_review).status_code == 404


@pytest.fixture
def hidden_attachment(client, public_round, ready, moderator):
    """The address of a file attached to a contribution a moderator hid."""
    from stakeholders.moderation.services.actions import contribution_hide

    client.force_login(ready)
    _post(client, public_round, {"attachments": SimpleUploadedFile("map.png", PNG)})
    client.logout()
    attachment = ContributionAttachment.objects.get()
    contribution_hide(actor=moderator, contribution=attachment.contribution, reason="Abusive picture")
    return reverse(
        "stakeholders:portal-attachment", args=[public_round.review_id, attachment.contribution_id, attachment.pk]
    )


@pytest.mark.parametrize("role", ["reviewer", "editor", "focal_a", "other_member", "other_contributor"])
def test_attachment_of_a_hidden_contribution_is_refused_to_others(client, request, hidden_attachment, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(hidden_attachment)
    assert response.status_code == 403
    assert "This file is not public." in response.content.decode()


@pytest.mark.parametrize("role", ["moderator", "coordinator", "ready"])
def test_attachment_of_a_hidden_contribution_for_moderators_and_its_author(client, request, hidden_attachment, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(hidden_attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG


# --- flagging ---------------------------------------------------------------------------


def _flag(client, contribution, reason="", **extra):
    return client.post(
        reverse("stakeholders:portal-flag", args=[contribution.round.review_id, contribution.pk]),
        {"reason": reason},
        **extra,
    )


def _participant(round_, **kwargs):
    """A verified account that took part in a round of the review: it may flag."""
    user = ContributorFactory(**kwargs)
    ContributionFactory(round=round_, author=user, body="My own view.")
    return user


def _flag_by_participants(client, contribution, count):
    for _ in range(count):
        client.force_login(_participant(contribution.round))
        _flag(client, contribution)
    contribution.refresh_from_db()


def _round_page(client, round_):
    """Every part of the round's public page (one document per page, then the general
    contributions), as one text."""
    url = reverse("stakeholders:portal-round", args=[round_.review_id, round_.pk])
    parts = [f"?doc={n}" for n in range(1, round_.documents.count() + 1)] + ["?doc=general"]
    return "".join(client.get(url + part).content.decode() for part in parts)


def test_flag_records_once_per_person_with_a_friendly_message(client, public_round, other_contributor):
    contribution = ContributionFactory(round=public_round, author=other_contributor)
    client.force_login(_participant(public_round))
    assert _flag(client, contribution, "rude").status_code == 302
    response = _flag(client, contribution, "again")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == "You have already reported this contribution."
    assert list(ContributionFlag.objects.values_list("reason", flat=True)) == ["rude"]
    contribution.refresh_from_db()
    assert (contribution.flag_count, contribution.visibility) == (1, "visible")


def test_flag_reason_is_kept_on_one_line_without_control_characters(client, public_round):
    contribution = ContributionFactory(round=public_round)
    client.force_login(_participant(public_round))
    _flag(client, contribution, "rude\r\nBcc: x@example.org\x07\x1b[31m")
    assert ContributionFlag.objects.get().reason == "rude Bcc: x@example.org [31m"


def test_flag_own_contribution_is_403(client, public_round, contributor):
    contribution = ContributionFactory(round=public_round, author=contributor)
    client.force_login(contributor)
    assert _flag(client, contribution).status_code == 403
    assert ContributionFlag.objects.count() == 0


def test_flag_anonymous_is_sent_to_login(client, public_round):
    contribution = ContributionFactory(round=public_round)
    response = _flag(client, contribution)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_flag_get_is_not_allowed(client, public_round, contributor):
    contribution = ContributionFactory(round=public_round)
    client.force_login(contributor)
    assert (
        client.get(reverse("stakeholders:portal-flag", args=[public_round.review_id, contribution.pk])).status_code
        == 405
    )


def test_flag_by_a_fresh_account_is_403_with_a_sentence(client, public_round, other_contributor):
    contribution = ContributionFactory(round=public_round)
    client.force_login(other_contributor)  # verified, but never took part in this review
    response = _flag(client, contribution)
    assert response.status_code == 403
    assert "people who took part in its consultations with a confirmed e-mail address" in response.content.decode()
    assert ContributionFlag.objects.count() == 0


def test_flag_by_an_unverified_participant_is_403(client, public_round):
    contribution = ContributionFactory(round=public_round)
    user = _participant(public_round)
    ContributorProfile.objects.filter(user=user).update(email_verified_at=None)
    client.force_login(user)
    assert _flag(client, contribution).status_code == 403
    assert ContributionFlag.objects.count() == 0


def test_flag_by_another_countrys_staff_is_403(client, public_round, other_member):
    contribution = ContributionFactory(round=public_round)
    client.force_login(other_member)
    assert _flag(client, contribution).status_code == 403
    assert ContributionFlag.objects.count() == 0


@pytest.mark.parametrize("role", ["reviewer", "moderator"])
def test_flag_by_the_reviews_staff_is_recorded(request, client, public_round, role):
    contribution = ContributionFactory(round=public_round)
    client.force_login(request.getfixturevalue(role))
    assert _flag(client, contribution, "check this").status_code == 302
    assert ContributionFlag.objects.get().reason == "check this"


def test_flag_leads_back_to_the_contribution_on_its_page(client, public_round, other_contributor):
    document = public_round.documents.get()
    for _ in range(CONTRIBUTIONS_PER_PAGE):
        ContributionFactory(round=public_round, document=document, paragraph=0)
    contribution = ContributionFactory(round=public_round, document=document, paragraph=1, body="Flag me")
    client.force_login(_participant(public_round))
    response = _flag(client, contribution, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"?lang=en&doc=1&page=2#contribution-{contribution.pk}")
    assert "Flag me" in response.content.decode()


def test_flag_button_only_for_those_who_may_flag(client, public_round, other_contributor, other_member):
    ContributionFactory(round=public_round, body="Visible comment")
    flag_form = "Report this contribution"
    client.force_login(other_contributor)
    assert flag_form not in _round_page(client, public_round)
    client.force_login(other_member)
    assert flag_form not in _round_page(client, public_round)
    client.force_login(_participant(public_round))
    assert flag_form in _round_page(client, public_round)


def test_three_fresh_accounts_cannot_hide_a_comment(client, public_round):
    contribution = ContributionFactory(round=public_round, body="Inconvenient truth")
    for _ in range(3):
        client.force_login(ContributorFactory())
        _flag(client, contribution)
    contribution.refresh_from_db()
    assert (contribution.flag_count, contribution.visibility) == (0, "visible")
    assert "Inconvenient truth" in _round_page(client, public_round)


def test_flag_at_the_threshold_hides_and_notifies_moderators(client, public_round, moderator, other_contributor):
    public_round.flag_threshold = 2
    public_round.save()
    contribution = ContributionFactory(round=public_round, author=other_contributor, body="Rude words")
    _flag_by_participants(client, contribution, 2)
    assert (contribution.flag_count, contribution.visibility) == (2, "awaiting")
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["moderator"]
    assert "Rude words" not in _round_page(client, public_round)


def test_once_a_moderator_looked_at_it_flags_never_hide_it_again(client, public_round, moderator, other_contributor):
    public_round.flag_threshold = 2
    public_round.save()
    contribution = ContributionFactory(round=public_round, author=other_contributor, body="Sharp but fair")
    _flag_by_participants(client, contribution, 2)
    contribution_show(actor=moderator, contribution=contribution)

    _flag_by_participants(client, contribution, 3)

    assert (contribution.flag_count, contribution.visibility) == (5, "visible")
    assert "Sharp but fair" in _round_page(client, public_round)
    # The moderators hear of the new flags once, and see them in the queue.
    assert Notification.objects.filter(user=moderator, message__contains="flagged").count() == 2
    assert Notification.objects.filter(user=moderator, message__contains="stays on the public page").count() == 1


def test_a_classified_contribution_is_never_hidden_by_flags(client, public_round, moderator):
    from stakeholders.moderation.services.actions import contribution_classify

    public_round.flag_threshold = 1
    public_round.save()
    contribution = ContributionFactory(round=public_round, body="Political but fine")
    contribution_classify(actor=moderator, contribution=contribution, classification="political")
    _flag_by_participants(client, contribution, 2)
    assert contribution.visibility == "visible"


def test_an_answered_contribution_is_never_hidden_by_flags(client, public_round, moderator):
    public_round.flag_threshold = 2
    public_round.save()
    contribution = ContributionFactory(round=public_round, body="Answered point")
    ModeratorResponseFactory(contribution=contribution, body="Thanks, noted.", author=moderator)
    _flag_by_participants(client, contribution, 3)
    assert (contribution.flag_count, contribution.visibility) == (3, "visible")
    assert "Answered point" in _round_page(client, public_round)


def test_a_decided_contribution_is_never_hidden_by_flags(client, public_round, editor):
    public_round.flag_threshold = 2
    public_round.save()
    contribution = ContributionFactory(round=public_round, body="Taken in already")
    from stakeholders.uptake.services import contribution_decide

    contribution_decide(actor=editor, contribution=contribution, decision="accepted")
    _flag_by_participants(client, contribution, 3)
    assert (contribution.flag_count, contribution.visibility) == (3, "visible")


def test_flag_an_awaiting_contribution_is_403(client, public_round):
    contribution = ContributionFactory(round=public_round, visibility="awaiting")
    client.force_login(_participant(public_round))
    assert _flag(client, contribution).status_code == 403


def test_flag_in_another_review_is_404(client, public_round, other_review, contributor):
    contribution = ContributionFactory(round=public_round)
    client.force_login(contributor)
    assert client.post(reverse("stakeholders:portal-flag", args=[other_review.pk, contribution.pk])).status_code == 404


def test_flag_throttled_per_account_with_a_readable_429(client, public_round, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "flag_account": "2/h"}
    contributions = ContributionFactory.create_batch(3, round=public_round)
    client.force_login(_participant(public_round))
    assert [_flag(client, c).status_code for c in contributions[:2]] == [302, 302]
    response = _flag(client, contributions[2])
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts in a short time" in response.content.decode()
    assert ContributionFlag.objects.count() == 2


def test_flag_throttled_per_client_across_accounts(client, public_round, settings):
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, "flag_client": "2/h"}
    contribution = ContributionFactory(round=public_round)
    statuses = []
    for _ in range(3):
        client.force_login(_participant(public_round))
        statuses.append(_flag(client, contribution, REMOTE_ADDR="203.0.113.7").status_code)
    assert statuses == [302, 302, 429]
    client.force_login(_participant(public_round))
    assert _flag(client, contribution, REMOTE_ADDR="203.0.113.8").status_code == 302


@pytest.mark.parametrize(
    "reason", HOSTILE["xss_html"][:6] + [v for v in HOSTILE["text_edges"] if not v.startswith("LONG")], ids=str
)
def test_flag_hostile_reason_never_a_500_and_inert_in_the_queue(client, public_round, moderator, reason):
    contribution = ContributionFactory(round=public_round)
    client.force_login(_participant(public_round, username="<img src=x onerror=alert(1)>"))
    assert _flag(client, contribution, reason).status_code == 302
    client.force_login(moderator)
    page = client.get(reverse("stakeholders:moderation", args=[public_round.review_id]) + "?status=all")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<img src=x" not in html
    assert "<script>alert" not in html


# --- my contributions -------------------------------------------------------------------


def test_mine_lists_my_contributions_with_status_and_answers(
    client, public_round, contributor, other_contributor, moderator
):
    visible = ContributionFactory(round=public_round, author=contributor, body="My visible one")
    ModeratorResponseFactory(contribution=visible, body="We agree.", author=moderator)
    ContributionFactory(
        round=public_round, author=contributor, body="My hidden one", visibility="hidden", hidden_reason="Off topic"
    )
    ContributionFactory(round=public_round, author=contributor, body="My waiting one", visibility="awaiting")
    ContributionFactory(round=public_round, author=other_contributor, body="Not mine")
    client.force_login(contributor)
    page = client.get(reverse("stakeholders:portal-mine")).content.decode()
    for text in (
        "My visible one",
        "We agree.",
        "My hidden one",
        "Hidden by a moderator: Off topic",
        "My waiting one",
        "Waiting for a moderator",
    ):
        assert text in page
    assert "Not mine" not in page


def test_mine_needs_login(client):
    assert client.get(reverse("stakeholders:portal-mine")).status_code == 302


@pytest.mark.parametrize("count", [1, 30], ids=["one", "thirty"])
def test_mine_query_budget(client, public_round, contributor, moderator, django_assert_num_queries, count):
    for _n in range(count):
        contribution = ContributionFactory(round=public_round, author=contributor)
        ModeratorResponseFactory(contribution=contribution, body="ok", author=moderator)
    client.force_login(contributor)
    with django_assert_num_queries(7):
        client.get(reverse("stakeholders:portal-mine"))


@pytest.mark.parametrize(
    "kind, target",
    [("general", "document"), ("comment", None), ("answer", "document"), ("comment", "question")],
    ids=["general-on-section", "comment-without-section", "answer-without-question", "comment-on-question"],
)
def test_contribution_create_refuses_a_kind_that_does_not_fit_its_target(public_round, ready, kind, target):
    question = RoundQuestionFactory(round=public_round)
    targets = {"document": {"document": public_round.documents.get()}, "question": {"question": question}, None: {}}
    with pytest.raises(services.ValidationError) as error:
        services.contribution_create(actor=ready, round=public_round, kind=kind, body="Text", **targets[target])
    assert "kind" in error.value.message_dict
    assert Contribution.objects.count() == 0


def test_contribute_question_page_shows_the_question_in_the_page_language(client, portal, contributor):
    question = RoundQuestionFactory(
        round__review=portal.review, text="What matters?", translations={"zh-Hans": "什么重要？"}
    )
    ConductAcceptanceFactory(review=portal.review, user=contributor)
    client.force_login(contributor)
    url = _url(question.round, question=question.pk)
    assert "What matters?" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "什么重要？" in client.get(url).content.decode()


def test_display_name_and_hostile_texts_are_inert_on_every_public_page(client, public_round, contributor):
    ContributorProfile.objects.filter(user=contributor).update(display_name="<img src=x onerror=alert(1)>")
    ContributionFactory(
        round=public_round,
        author=contributor,
        body="</textarea><script>alert(1)</script>",
        kind="rewording",
        quote="<svg onload=alert(1)>",
        proposed_text='"><script>alert(1)</script>',
    )
    client.force_login(contributor)
    for url in (
        reverse("stakeholders:portal-round", args=[public_round.review_id, public_round.pk]),
        reverse("stakeholders:portal-mine"),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "<img src=x" not in page
        assert "<svg onload" not in page
