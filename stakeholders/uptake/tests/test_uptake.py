"""Taking feedback in: decisions, accepting a suggested rewording into the draft, the
round's summary, the uptake board (permissions both ways, query budget)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.drafting.services.sections import section_save
from reviews.models import AuditEntry, Notification, Section, SectionRevision
from stakeholders.models import Contribution, Uptake, Visibility
from stakeholders.moderation.services.actions import contribution_hide
from stakeholders.rounds.fragments import CSRF_SLOT
from stakeholders.tests.factories import ContributionFactory, RoundDocumentFactory, RoundFactory, RoundQuestionFactory
from stakeholders.tests.helpers import HOSTILE
from stakeholders.uptake.selectors import uptake_board
from stakeholders.uptake.services import (
    contribution_accept_rewording,
    contribution_decide,
    replace_passage,
    round_summary_update,
)
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def section(review, editor):
    section = Section.objects.create(review=review, title="Goal 3: Good health", position=0)
    section_save(
        actor=editor,
        section=section,
        content="<p>Clinics opened in every district.</p><p>Vaccination rose.</p>",
        base_version=0,
    )
    return section


@pytest.fixture
def document(public_round, section):
    return RoundDocumentFactory(round=public_round, section=section, title=section.title, content=section.content)


@pytest.fixture
def comment(document, contributor):
    return ContributionFactory(
        round=document.round, document=document, author=contributor, body="More clinics in the north."
    )


@pytest.fixture
def rewording(document, contributor):
    return ContributionFactory(
        round=document.round,
        document=document,
        author=contributor,
        kind=Contribution.Kind.REWORDING,
        quote="Clinics opened in every district.",
        proposed_text="Clinics opened in every district, <b>including</b> remote ones.",
        body="Say that remote districts were included.",
    )


def _board_url(round_):
    return reverse("stakeholders:uptake", kwargs={"pk": round_.review_id, "round_pk": round_.pk})


def _decide_url(contribution):
    return reverse(
        "stakeholders:uptake-decide",
        kwargs={
            "pk": contribution.round.review_id,
            "round_pk": contribution.round_id,
            "contribution_pk": contribution.pk,
        },
    )


def _accept_url(contribution):
    return reverse(
        "stakeholders:uptake-accept-rewording",
        kwargs={
            "pk": contribution.round.review_id,
            "round_pk": contribution.round_id,
            "contribution_pk": contribution.pk,
        },
    )


# --- Service: decisions -------------------------------------------------------------------


def test_contribution_decide_records_decision_reason_and_revision(comment, editor, section):
    revision = section.revisions.first()
    contribution_decide(
        actor=editor, contribution=comment, decision=Uptake.PARTLY, reason="Added two regions.", revision=revision
    )
    comment.refresh_from_db()
    assert (comment.uptake, comment.uptake_reason, comment.uptake_revision, comment.uptake_by) == (
        "partly",
        "Added two regions.",
        revision,
        editor,
    )


@pytest.mark.parametrize("decision", [Uptake.PARTLY, Uptake.NOT_TAKEN, Uptake.OUT_OF_SCOPE], ids=lambda d: d.value)
def test_contribution_decide_requires_a_reason_unless_taken_in(comment, editor, decision):
    with pytest.raises(ValidationError) as error:
        contribution_decide(actor=editor, contribution=comment, decision=decision, reason="  ")
    comment.refresh_from_db()
    assert (list(error.value.error_dict), comment.uptake) == (["reason"], "")


def test_contribution_decide_accepted_needs_no_reason(comment, editor):
    contribution_decide(actor=editor, contribution=comment, decision=Uptake.ACCEPTED)
    comment.refresh_from_db()
    assert comment.uptake == "accepted"


def test_contribution_decide_refuses_a_revision_of_another_section(comment, editor, review):
    other = Section.objects.create(review=review, title="Goal 4", position=1)
    revision = section_save(actor=editor, section=other, content="<p>Schools.</p>", base_version=0)
    with pytest.raises(ValidationError) as error:
        contribution_decide(actor=editor, contribution=comment, decision=Uptake.ACCEPTED, revision=revision)
    assert list(error.value.error_dict) == ["revision"]


def test_contribution_decide_refuses_a_hidden_contribution(comment, editor):
    Contribution.objects.filter(pk=comment.pk).update(visibility=Visibility.HIDDEN)
    comment.refresh_from_db()
    with pytest.raises(ValidationError):
        contribution_decide(actor=editor, contribution=comment, decision=Uptake.ACCEPTED)


def test_contribution_decide_is_audited_and_tells_the_author(
    comment, editor, contributor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        contribution_decide(
            actor=editor, contribution=comment, decision=Uptake.NOT_TAKEN, reason="Not in scope of goal 3."
        )
    entry = AuditEntry.objects.get(action="stakeholders.uptake_decide")
    notification = Notification.objects.get(user=contributor)
    assert (entry.data["contribution"], entry.actor, "Not taken in" in notification.message, notification.url) == (
        comment.pk,
        editor,
        True,
        reverse("stakeholders:portal-outcomes", kwargs={"pk": comment.round.review_id, "round_pk": comment.round_id}),
    )


# --- Service: rewordings ------------------------------------------------------------------


def test_accept_rewording_writes_a_new_revision_with_the_escaped_wording(rewording, editor, section):
    revision = contribution_accept_rewording(actor=editor, contribution=rewording)
    section.refresh_from_db()
    rewording.refresh_from_db()
    assert (section.version, revision.number, section.content) == (
        2,
        2,
        "<p>Clinics opened in every district, &lt;b&gt;including&lt;/b&gt; remote ones.</p><p>Vaccination rose.</p>",
    )
    assert (rewording.uptake, rewording.uptake_revision) == ("accepted", revision)


def test_accept_rewording_uses_the_current_text_not_the_frozen_copy(rewording, editor, section):
    section_save(
        actor=editor,
        section=section,
        content="<h2>Health</h2><p>Since 2019, clinics opened in every district.</p>",
        base_version=section.version,
    )
    rewording.quote = "clinics opened in every district."
    rewording.save()
    contribution_accept_rewording(actor=editor, contribution=rewording)
    section.refresh_from_db()
    assert section.content == (
        "<h2>Health</h2><p>Since 2019, Clinics opened in every district, &lt;b&gt;including&lt;/b&gt; remote ones.</p>"
    )


def test_accept_rewording_refuses_when_the_passage_is_gone(rewording, editor, section):
    section_save(actor=editor, section=section, content="<p>Entirely new text.</p>", base_version=section.version)
    with pytest.raises(ValidationError) as error:
        contribution_accept_rewording(actor=editor, contribution=rewording)
    section.refresh_from_db()
    rewording.refresh_from_db()
    assert ("no longer in the current text" in error.value.messages[0], section.version, rewording.uptake) == (
        True,
        2,
        "",
    )


def test_accept_rewording_refused_when_the_report_is_frozen(rewording, editor, section, review):
    type(review).objects.filter(pk=review.pk).update(frozen_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        contribution_accept_rewording(actor=editor, contribution=rewording)
    rewording.refresh_from_db()
    assert (
        "frozen" in error.value.messages[0],
        SectionRevision.objects.filter(section=section).count(),
        rewording.uptake,
    ) == (
        True,
        1,
        "",
    )


def test_accept_rewording_refuses_a_plain_comment(comment, editor):
    with pytest.raises(ValidationError):
        contribution_accept_rewording(actor=editor, contribution=comment)


def test_accept_rewording_is_audited_and_tells_the_author(rewording, editor, contributor):
    contribution_accept_rewording(actor=editor, contribution=rewording)
    assert (
        AuditEntry.objects.filter(action="stakeholders.uptake_accept_rewording").count(),
        Notification.objects.filter(user=contributor).count(),
    ) == (1, 1)


@pytest.mark.parametrize(
    "content, quote, expected",
    [
        ("<p>A &amp; B went\n  far.</p>", "A & B went far.", "<p>X &lt;y&gt;</p>"),
        ("<p>Über&nbsp;alles gut.</p>", "Über alles gut.", "<p>X &lt;y&gt;</p>"),
        ('<p title="secret">Not here</p><p>secret</p>', "secret", '<p title="secret">Not here</p><p>X &lt;y&gt;</p>'),
    ],
    ids=["entities-and-whitespace", "nbsp", "not-in-attributes"],
)
def test_replace_passage_matches_text_only(content, quote, expected):
    assert replace_passage(content, quote, "X <y>") == expected


def test_replace_passage_spanning_a_tag_is_not_found():
    assert replace_passage("<p>Clinics <strong>opened</strong> here.</p>", "Clinics opened here.", "x") is None


# --- Service: summary ---------------------------------------------------------------------


def test_round_summary_update_sanitizes(public_round, editor):
    round_summary_update(actor=editor, round=public_round, summary="<p>We heard you.</p><script>alert(1)</script>")
    public_round.refresh_from_db()
    assert public_round.summary == "<p>We heard you.</p>"


def test_round_summary_update_turns_typed_text_into_paragraphs(public_round, editor):
    round_summary_update(actor=editor, round=public_round, summary="First <point>.\n\nSecond.")
    public_round.refresh_from_db()
    assert public_round.summary == "<p>First &lt;point&gt;.</p><p>Second.</p>"


# --- Board --------------------------------------------------------------------------------


def test_uptake_board_groups_by_section_and_question_and_lists_hidden_apart(public_round, document, contributor):
    question = RoundQuestionFactory(round=public_round, text="What is missing?")
    on_section = ContributionFactory(round=public_round, document=document, author=contributor)
    answer = ContributionFactory(round=public_round, document=None, question=question, author=contributor)
    general = ContributionFactory(round=public_round, document=None, author=contributor, kind="general")
    hidden = ContributionFactory(
        round=public_round, document=document, author=contributor, visibility=Visibility.HIDDEN
    )
    board = uptake_board(public_round)
    assert [(g.title, [c.pk for c in g.contributions]) for g in board.groups] == [
        ("Goal 3: Good health", [on_section.pk]),
        ("What is missing?", [answer.pk]),
        ("General submissions", [general.pk]),
    ]
    assert (board.hidden, board.undecided, board.decided, board.hidden_count) == ([], 3, 0, 1)
    assert [c.pk for c in uptake_board(public_round, state="hidden").hidden] == [hidden.pk]


def test_uptake_board_filters_undecided(comment, document, editor, contributor):
    decided = ContributionFactory(round=document.round, document=document, author=contributor)
    contribution_decide(actor=editor, contribution=decided, decision=Uptake.ACCEPTED)
    board = uptake_board(document.round, state="undecided")
    assert [c.pk for g in board.groups for c in g.contributions] == [comment.pk]


def test_uptake_board_offers_revisions_since_the_round_opened(comment, document, editor, section):
    SectionRevision.objects.filter(section=section).update(
        created_at=document.round.opens_at - timezone.timedelta(days=3)
    )
    newer = section_save(actor=editor, section=section, content="<p>Changed.</p>", base_version=section.version)
    board = uptake_board(document.round)
    assert [r.pk for r in board.revisions[section.pk]] == [newer.pk]


# --- Views: permissions -------------------------------------------------------------------


@pytest.mark.parametrize("user_fixture", ["coordinator", "editor", "superuser"])
def test_uptake_page_open_to_who_takes_in(client, request, comment, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(_board_url(comment.round))
    assert (response.status_code, "More clinics in the north." in response.content.decode()) == (200, True)


@pytest.mark.parametrize(
    "user_fixture", ["moderator", "reviewer", "focal_a", "outsider", "other_member", "contributor"]
)
def test_uptake_page_refused_to_others(client, request, comment, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(_board_url(comment.round)).status_code == 403


def test_uptake_page_anonymous_goes_to_login(client, comment):
    response = client.get(_board_url(comment.round))
    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


def test_uptake_round_of_another_review_is_404(client, coordinator, comment, other_review):
    client.force_login(coordinator)
    url = reverse("stakeholders:uptake", kwargs={"pk": other_review.pk, "round_pk": comment.round_id})
    assert client.get(url).status_code in (403, 404)
    url = reverse("stakeholders:uptake", kwargs={"pk": comment.round.review_id, "round_pk": 999_999})
    assert client.get(url).status_code == 404


def test_uptake_decide_contribution_of_another_round_is_404(client, editor, comment, review):
    other_round = RoundFactory(review=review)
    client.force_login(editor)
    url = reverse(
        "stakeholders:uptake-decide",
        kwargs={"pk": review.pk, "round_pk": other_round.pk, "contribution_pk": comment.pk},
    )
    assert client.post(url, {"decision": "accepted"}).status_code == 404


# --- Views: deciding ----------------------------------------------------------------------


def test_uptake_decide_post_saves_and_redirects_to_the_board(client, editor, comment):
    client.force_login(editor)
    response = client.post(_decide_url(comment), {"decision": "not_taken", "reason": "Outside goal 3."})
    comment.refresh_from_db()
    assert (response.status_code, response.url, comment.uptake) == (
        302,
        f"{_board_url(comment.round)}#contribution-{comment.pk}",
        "not_taken",
    )


def test_uptake_decide_without_reason_shows_the_message_and_saves_nothing(client, editor, comment):
    client.force_login(editor)
    response = client.post(_decide_url(comment), {"decision": "out_of_scope", "reason": ""})
    comment.refresh_from_db()
    assert (response.status_code, "a reason is needed" in response.content.decode(), comment.uptake) == (200, True, "")


def test_uptake_decide_bad_choices_show_messages_not_500(client, editor, comment):
    client.force_login(editor)
    response = client.post(_decide_url(comment), {"decision": "maybe", "revision": "NaN"})
    comment.refresh_from_db()
    assert (response.status_code, comment.uptake) == (200, "")


def test_uptake_decide_refused_to_a_reviewer(client, reviewer, comment):
    client.force_login(reviewer)
    response = client.post(_decide_url(comment), {"decision": "accepted"})
    comment.refresh_from_db()
    assert (response.status_code, comment.uptake) == (403, "")


@pytest.mark.parametrize("hostile", HOSTILE["xss_html"][:8] + HOSTILE["text_edges"][:3], ids=range(11))
def test_uptake_decide_stores_hostile_reasons_inert(client, editor, comment, hostile):
    client.force_login(editor)
    client.post(_decide_url(comment), {"decision": "not_taken", "reason": hostile or "x"})
    response = client.get(_board_url(comment.round))
    assert (response.status_code, "<script>alert(1)" in response.content.decode()) == (200, False)


def test_uptake_accept_rewording_view_creates_the_revision(client, editor, rewording, section):
    client.force_login(editor)
    response = client.post(_accept_url(rewording), {"reason": ""})
    section.refresh_from_db()
    assert (response.status_code, section.version, "remote ones" in section.content) == (302, 2, True)


def test_uptake_accept_rewording_view_passage_missing_says_so(client, editor, rewording, section):
    section_save(actor=editor, section=section, content="<p>Rewritten.</p>", base_version=section.version)
    client.force_login(editor)
    response = client.post(_accept_url(rewording), {"reason": ""})
    section.refresh_from_db()
    assert (response.status_code, "no longer in the current text" in response.content.decode(), section.version) == (
        200,
        True,
        2,
    )


def test_uptake_accept_rewording_view_refused_to_a_moderator(client, moderator, rewording, section):
    client.force_login(moderator)
    response = client.post(_accept_url(rewording), {"reason": ""})
    section.refresh_from_db()
    assert (response.status_code, section.version) == (403, 1)


def test_uptake_accept_rewording_view_needs_post(client, editor, rewording):
    client.force_login(editor)
    assert client.get(_accept_url(rewording)).status_code == 405


def test_uptake_decline_rewording_with_a_reason(client, editor, rewording, section):
    client.force_login(editor)
    client.post(_decide_url(rewording), {"decision": "not_taken", "reason": "Remote districts are covered in 3.8."})
    rewording.refresh_from_db()
    section.refresh_from_db()
    assert (rewording.uptake, rewording.uptake_reason, section.version) == (
        "not_taken",
        "Remote districts are covered in 3.8.",
        1,
    )


# --- Views: summary -----------------------------------------------------------------------


def test_uptake_summary_saves_for_an_editor(client, editor, public_round):
    client.force_login(editor)
    url = reverse("stakeholders:uptake-summary", kwargs={"pk": public_round.review_id, "round_pk": public_round.pk})
    response = client.post(url, {"summary": "<p>Thank you.</p><img src=x onerror=alert(1)>"})
    public_round.refresh_from_db()
    assert (response.status_code, public_round.summary) == (302, "<p>Thank you.</p>")


def test_uptake_summary_refused_to_a_reviewer(client, reviewer, public_round):
    client.force_login(reviewer)
    url = reverse("stakeholders:uptake-summary", kwargs={"pk": public_round.review_id, "round_pk": public_round.pk})
    response = client.post(url, {"summary": "<p>Nope.</p>"})
    public_round.refresh_from_db()
    assert (response.status_code, public_round.summary) == (403, "")


# --- Query budget -------------------------------------------------------------------------


def _bulk(document, section, contributor, count):
    Contribution.objects.bulk_create(
        [
            Contribution(
                round=document.round,
                document=document,
                author=contributor,
                body=f"Point {n}",
                kind="rewording" if n % 3 == 0 else "comment",
                quote="Clinics opened" if n % 3 == 0 else "",
                proposed_text="Clinics were opened" if n % 3 == 0 else "",
                uptake="accepted" if n % 2 else "",
                uptake_revision=section.revisions.first() if n % 2 else None,
                visibility="hidden" if n % 7 == 0 else "visible",
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("count", [10, 300], ids=["ten", "three-hundred"])
def test_uptake_page_query_budget(client, editor, document, section, contributor, count, django_assert_num_queries):
    _bulk(document, section, contributor, count)
    client.force_login(editor)
    client.get(_board_url(document.round))
    page_cache.clear()
    with django_assert_num_queries(9):  # rendered
        client.get(_board_url(document.round))
    with django_assert_num_queries(6):  # the part below the header from the cache
        response = client.get(_board_url(document.round))
    visible = sum(1 for n in range(count) if n % 7)
    assert response.content.decode().count('class="card mb-3"') == min(visible, 50)


def test_uptake_page_last_page_shows_the_rest(client, editor, document, section, contributor):
    _bulk(document, section, contributor, 300)
    client.force_login(editor)
    response = client.get(_board_url(document.round) + "?page=6")
    content = response.content.decode()
    assert (content.count('class="card mb-3"'), "Page 6 of 6" in content) == (257 - 250, True)


def test_uptake_page_hidden_listed_apart(client, editor, document, section, contributor):
    _bulk(document, section, contributor, 15)
    client.force_login(editor)
    content = client.get(_board_url(document.round) + "?state=hidden").content.decode()
    assert (content.count('<tr id="contribution-'), 'class="card mb-3"' in content) == (3, False)


def test_uptake_decide_returns_to_the_same_page_and_filter(client, editor, comment):
    client.force_login(editor)
    response = client.post(_decide_url(comment), {"decision": "accepted", "state": "undecided", "page": "2"})
    assert response.url == f"{_board_url(comment.round)}?state=undecided&page=2#contribution-{comment.pk}"


@pytest.mark.parametrize("query", ["?page=abc", "?page=-1", "?page=99999", "?state=<script>"], ids=range(4))
def test_uptake_page_bad_query_is_not_an_error(client, editor, comment, query):
    client.force_login(editor)
    assert client.get(_board_url(comment.round) + query).status_code == 200


# --- htmx ---------------------------------------------------------------------------------


def test_uptake_decide_htmx_returns_the_updated_card(client, editor, comment):
    client.force_login(editor)
    response = client.post(_decide_url(comment), {"decision": "accepted"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    comment.refresh_from_db()
    assert (
        response.status_code,
        content.startswith(f'<article class="card mb-3" id="contribution-{comment.pk}"'),
        "Decision recorded" in content,
        comment.uptake,
    ) == (200, True, True, "accepted")


def test_uptake_decide_htmx_shows_errors_in_the_card(client, editor, comment):
    client.force_login(editor)
    response = client.post(_decide_url(comment), {"decision": "partly", "reason": ""}, headers={"HX-Request": "true"})
    content = response.content.decode()
    comment.refresh_from_db()
    assert ("<html" in content, "a reason is needed" in content, comment.uptake) == (False, True, "")


def test_uptake_decide_page_shows_the_contribution_alone(client, editor, rewording):
    client.force_login(editor)
    content = client.get(_decide_url(rewording)).content.decode()
    assert (
        "Say that remote districts were included." in content,
        "Accept into a new revision" in content,
        "Decline the rewording" in content,
        content.count("<h1"),
    ) == (True, True, True, 1)


def test_uptake_decide_page_refused_to_a_moderator(client, moderator, comment):
    client.force_login(moderator)
    assert client.get(_decide_url(comment)).status_code == 403


def test_uptake_summary_page_shows_the_current_summary(client, coordinator, public_round, editor):
    round_summary_update(actor=editor, round=public_round, summary="<p>So far so good.</p>")
    client.force_login(coordinator)
    url = reverse("stakeholders:uptake-summary", kwargs={"pk": public_round.review_id, "round_pk": public_round.pk})
    assert "So far so good." in client.get(url).content.decode()


# --- the decision form's light markup -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "initial"),
    [
        (None, {"decision": "partly", "reason": 'why <x> & "y"'}),
        (None, {"decision": None, "reason": ""}),
        ({"decision": "not_taken", "reason": "", "revision": ""}, {}),
        ({"reason": "x", "revision": "999999"}, {}),
        ({"decision": "bogus", "reason": "x" * 3000}, {}),
    ],
)
@pytest.mark.parametrize("with_revisions", [True, False])
def test_decision_fields_html_is_crispys_markup(data, initial, with_revisions, comment, editor, section):
    """The board writes its forms out with `UptakeForm.as_fields_html` (crispy's template per
    field and option was most of its time): the same elements, attributes, errors at the field
    and aria-describedby as `{{ form|crispy }}`, bound or not, with or without revisions."""
    from django.template import engines
    from django.test.html import parse_html

    from stakeholders.uptake.forms import UptakeForm

    revisions = list(SectionRevision.objects.filter(section=section)) if with_revisions else []
    if with_revisions:
        initial = {**initial, "revision": revisions[0].pk}
    form = UptakeForm(data, initial=initial, revisions=revisions, auto_id=f"id_c{comment.pk}_%s")
    if data is not None:
        form.is_valid()
        form.add_error(None, "A service's error.")
    engine = engines["django"]
    crispy = engine.from_string("{% load crispy_forms_tags %}{{ form|crispy }}").render({"form": form})
    light = form.as_fields_html()
    assert parse_html(light) == parse_html(crispy)


def test_uptake_decide_htmx_error_is_at_its_field(client, editor, comment):
    client.force_login(editor)
    response = client.post(_decide_url(comment), {"decision": "partly", "reason": ""}, headers={"HX-Request": "true"})
    content = response.content.decode()
    field = f"id_c{comment.pk}_reason"
    assert (
        f'aria-describedby="{field}_helptext {field}_error"' in content,
        f'<div id="{field}_error" class="invalid-feedback">' in content,
        f'id="id_c{comment.pk}_decision_1" required checked>' in content,
    ) == (True, True, True)


def test_uptake_board_cards_post_to_their_own_contribution(client, editor, comment, rewording):
    """The cards' addresses are reversed once per page and filled in per card."""
    client.force_login(editor)
    content = client.get(_board_url(comment.round)).content.decode()
    accept = reverse(
        "stakeholders:uptake-accept-rewording",
        kwargs={"pk": rewording.round.review_id, "round_pk": rewording.round_id, "contribution_pk": rewording.pk},
    )
    assert (
        f'hx-post="{_decide_url(comment)}"' in content,
        f'hx-post="{_decide_url(rewording)}"' in content,
        f'action="{accept}"' in content,
        content.count("Accept into a new revision"),
    ) == (True, True, True, 1)


# --- The board's cached part follows every write ------------------------------------------


def _board(client, round_, query=""):
    return client.get(_board_url(round_) + query).content.decode()


def test_uptake_board_cached_part_shows_every_write_at_once(client, editor, moderator, comment, section, contributor):
    client.force_login(editor)
    assert "More clinics in the north." in _board(client, comment.round)
    # A decision.
    contribution_decide(actor=editor, contribution=comment, decision=Uptake.PARTLY, reason="Some of it.")
    assert "Reason: Some of it." in _board(client, comment.round)
    # A new contribution.
    ContributionFactory(round=comment.round, document=comment.document, author=contributor, body="Schools too.")
    assert "Schools too." in _board(client, comment.round)
    # A new revision of the section, offered by the forms.
    revision = section_save(actor=editor, section=section, content="<p>Changed.</p>", base_version=section.version)
    assert f'<option value="{revision.pk}"' in _board(client, comment.round)
    # The name the contributor chose.
    contributor.contributor.display_name = "Amina from the north"
    contributor.contributor.save()
    assert "Amina from the north" in _board(client, comment.round)
    # Moderation hides it: listed apart.
    contribution_hide(actor=moderator, contribution=comment, reason="Off topic.")
    assert "More clinics in the north." not in _board(client, comment.round)
    assert "Off topic." in _board(client, comment.round, "?state=hidden")


def test_uptake_board_cached_part_carries_each_readers_csrf_token(client, editor, coordinator, comment):
    client.force_login(editor)
    _board(client, comment.round)  # cached
    other = Client()
    other.force_login(coordinator)
    for reader in (client, other):
        content = _board(reader, comment.round)
        token = reader.cookies["csrftoken"].value
        forms = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        assert forms and CSRF_SLOT not in content
        assert all(_unmask_cipher_token(value) == token for value in forms)
