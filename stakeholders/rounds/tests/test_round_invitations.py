"""Invitations to an invited round: the service, the e-mail task and the page."""

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import AuditEntry
from stakeholders.models import RoundInvitation
from stakeholders.rounds.services import invitations as services
from stakeholders.rounds.services.invitations import round_invitation_resend
from stakeholders.tasks import task_send_round_invitation
from stakeholders.tests.factories import ContactFactory, OrganisationFactory, RoundFactory, RoundInvitationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

BASE = "http://testserver"


def _url(round_, name="round-invitations", *extra):
    return reverse(f"stakeholders:{name}", args=[round_.review_id, round_.pk, *extra])


def test_parse_emails_splits_lowercases_and_reports_bad_lines():
    valid, invalid = services.parse_emails("A@Example.org\n\n b@example.org ; a@example.org\nnot-an-address")

    assert valid == ["a@example.org", "b@example.org"]
    assert invalid == ["not-an-address"]


def test_round_invite_creates_invitations_skips_repeats_and_audits(review, coordinator, invited_round):
    organisation = OrganisationFactory(review=review)
    contact = ContactFactory(organisation=organisation, email="Head@CSO.org")

    created = services.round_invite(
        actor=coordinator, round_=invited_round, emails=["x@example.org"], contacts=[contact], base_url=BASE
    )
    again = services.round_invite(actor=coordinator, round_=invited_round, emails=["x@example.org"], base_url=BASE)

    assert sorted(i.email for i in created) == ["head@cso.org", "x@example.org"]
    assert again == []
    assert RoundInvitation.objects.get(email="head@cso.org").organisation == organisation
    assert AuditEntry.objects.filter(review=review, action="stakeholders.round_invite").count() == 1


def test_round_invite_refuses_a_public_round(coordinator, public_round):
    with pytest.raises(ValidationError):
        services.round_invite(actor=coordinator, round_=public_round, emails=["x@example.org"], base_url=BASE)

    assert not RoundInvitation.objects.exists()


def test_round_invite_refuses_a_contact_of_another_review(coordinator, invited_round, other_review):
    foreign = ContactFactory(organisation=OrganisationFactory(review=other_review))

    with pytest.raises(ValidationError) as error:
        services.round_invite(actor=coordinator, round_=invited_round, emails=[], contacts=[foreign], base_url=BASE)

    assert "contacts" in error.value.message_dict


def test_round_invite_emails_the_link_after_commit(coordinator, invited_round, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = services.round_invite(
            actor=coordinator, round_=invited_round, emails=["x@example.org"], base_url="https://vnr.example.gov"
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["x@example.org"]
    assert "Closed consultation" in message.subject
    assert invitation.token in message.body
    assert "https://vnr.example.gov/" in message.body


def test_round_invitation_resend_rotates_the_token_and_emails_again(
    review, coordinator, invited_round, django_capture_on_commit_callbacks
):
    [invitation] = services.round_invite(
        actor=coordinator, round_=invited_round, emails=["x@example.org"], base_url=BASE
    )
    old = invitation.token

    with django_capture_on_commit_callbacks(execute=True):
        services.round_invitation_resend(actor=coordinator, invitation=invitation, base_url=BASE)

    invitation.refresh_from_db()
    assert invitation.token != old
    assert invitation.token in mail.outbox[-1].body
    assert AuditEntry.objects.filter(review=review, action="stakeholders.round_invitation_resend").count() == 1


def test_round_invitation_resend_refuses_an_accepted_one(coordinator, invited_round, contributor):
    invitation = RoundInvitationFactory(round=invited_round, email="c@example.org", accepted_by=contributor)

    with pytest.raises(ValidationError):
        services.round_invitation_resend(actor=coordinator, invitation=invitation, base_url=BASE)


def test_round_invitation_revoke_deletes_it_and_audits(review, coordinator, invited_round):
    [invitation] = services.round_invite(
        actor=coordinator, round_=invited_round, emails=["x@example.org"], base_url=BASE
    )

    services.round_invitation_revoke(actor=coordinator, invitation=invitation)

    assert not RoundInvitation.objects.exists()
    assert AuditEntry.objects.filter(review=review, action="stakeholders.round_invitation_revoke").count() == 1


def test_task_skips_a_missing_or_accepted_invitation(invited_round, contributor):
    accepted = RoundInvitationFactory(round=invited_round, email="c@example.org", accepted_by=contributor)

    task_send_round_invitation.delay(invitation_id=accepted.pk, base_url=BASE)
    task_send_round_invitation.delay(invitation_id=999999, base_url=BASE)

    assert mail.outbox == []


def test_task_retries_when_the_mail_server_fails(invited_round):
    invitation = RoundInvitationFactory(round=invited_round, email="x@example.org")
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise smtplib.SMTPServerDisconnected("down")
        return 1

    with mock.patch("stakeholders.rounds.services.invitations.send_mail", side_effect=flaky):
        task_send_round_invitation.apply(kwargs={"invitation_id": invitation.pk, "base_url": BASE})

    assert len(calls) == 3


# --- The page ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_invitations_page_invites_by_email(
    client, invited_round, who, request, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://vnr.example.gov"
    client.force_login(request.getfixturevalue(who))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(invited_round), {"emails": "one@example.org\ntwo@example.org"})

    assert response.status_code == 302
    assert sorted(RoundInvitation.objects.values_list("email", flat=True)) == ["one@example.org", "two@example.org"]
    assert len(mail.outbox) == 2
    assert "https://vnr.example.gov/portal/invitations/" in mail.outbox[0].body


@pytest.mark.parametrize("who", ["reviewer", "moderator", "focal_a", "outsider", "other_member"])
def test_invitations_page_refused_to_others(client, invited_round, who, request):
    invitation = RoundInvitationFactory(round=invited_round, email="x@example.org")
    client.force_login(request.getfixturevalue(who))

    assert client.get(_url(invited_round)).status_code == 403
    assert client.post(_url(invited_round), {"emails": "y@example.org"}).status_code == 403
    assert client.post(_url(invited_round, "round-invitation-revoke", invitation.pk)).status_code == 403
    assert client.post(_url(invited_round, "round-invitation-resend", invitation.pk)).status_code == 403
    assert list(RoundInvitation.objects.values_list("email", flat=True)) == ["x@example.org"]


def test_invitations_page_lists_registry_contacts_with_an_email(client, review, coordinator, invited_round):
    organisation = OrganisationFactory(review=review, name="Youth Forum")
    ContactFactory(organisation=organisation, name="Ana", email="ana@youth.org")
    ContactFactory(organisation=organisation, name="Noemail", email="")
    client.force_login(coordinator)

    page = client.get(_url(invited_round)).content.decode()

    assert "ana@youth.org" in page
    assert "Noemail" not in page


def test_invitations_page_invites_a_chosen_contact(client, review, coordinator, invited_round):
    contact = ContactFactory(organisation=OrganisationFactory(review=review), email="ana@youth.org")
    client.force_login(coordinator)

    client.post(_url(invited_round), {"emails": "", "contacts": [contact.pk]})

    assert RoundInvitation.objects.get().email == "ana@youth.org"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"emails": "not-an-address\n<script>alert(1)</script>"}, "These are not e-mail addresses"),
        ({"emails": ""}, "Enter at least one e-mail address or choose a contact."),
        ({"emails": "", "contacts": ["999999"]}, "Select a valid choice."),
    ],
    ids=["invalid", "empty", "unknown-contact"],
)
def test_invitations_page_bad_input_shows_message_and_saves_nothing(client, coordinator, invited_round, data, message):
    client.force_login(coordinator)

    response = client.post(_url(invited_round), data)

    assert response.status_code == 200
    assert message in " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not RoundInvitation.objects.exists()


def test_invitations_page_of_a_public_round_redirects_to_the_round(client, coordinator, public_round):
    client.force_login(coordinator)

    response = client.get(_url(public_round))

    assert response.status_code == 302
    assert response["Location"] == reverse("stakeholders:round-detail", args=[public_round.review_id, public_round.pk])


def test_invitation_of_another_round_is_404(client, review, coordinator, invited_round):
    other = RoundFactory(review=review, audience="invited")
    invitation = RoundInvitationFactory(round=other, email="x@example.org")
    client.force_login(coordinator)

    assert client.post(_url(invited_round, "round-invitation-revoke", invitation.pk)).status_code == 404
    assert RoundInvitation.objects.filter(pk=invitation.pk).exists()


def test_invitations_page_resend_and_revoke(client, coordinator, invited_round):
    invitation = RoundInvitationFactory(round=invited_round, email="x@example.org")
    client.force_login(coordinator)
    old = invitation.token

    client.post(_url(invited_round, "round-invitation-resend", invitation.pk))
    invitation.refresh_from_db()
    assert invitation.token != old
    client.post(_url(invited_round, "round-invitation-revoke", invitation.pk))
    assert not RoundInvitation.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_invitations_page_query_budget(client, review, coordinator, invited_round, count, django_assert_num_queries):
    for n in range(count):
        organisation = OrganisationFactory(review=review)
        ContactFactory(organisation=organisation)
        RoundInvitationFactory(round=invited_round, email=f"p{n}@example.org", organisation=organisation)
    client.force_login(coordinator)
    client.get(_url(invited_round))

    with django_assert_num_queries(7):
        response = client.get(_url(invited_round))
    assert len(response.context["invitations"]) == count


def test_invitation_email_links_to_the_public_invitation_page(
    coordinator, invited_round, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [invitation] = services.round_invite(
            actor=coordinator, round_=invited_round, emails=["x@example.org"], base_url="https://vnr.example.gov"
        )

    link = "https://vnr.example.gov" + reverse("stakeholders:portal-invitation", args=[invitation.token])
    assert link in mail.outbox[0].body


def test_task_delivered_twice_sends_the_link_once_and_a_resent_link_again(invited_round, coordinator):
    invitation = RoundInvitationFactory(round=invited_round, email="twice@example.org")
    for _ in range(2):
        task_send_round_invitation.apply(kwargs={"invitation_id": invitation.pk, "base_url": BASE})
    invitation.refresh_from_db()
    assert (len(mail.outbox), invitation.sent_token == invitation.token, invitation.sent_at is not None) == (
        1,
        True,
        True,
    )

    round_invitation_resend(actor=coordinator, invitation=invitation, base_url=BASE)
    task_send_round_invitation.apply(kwargs={"invitation_id": invitation.pk, "base_url": BASE})
    assert len(mail.outbox) == 2 and invitation.token in mail.outbox[1].body


def test_a_failed_send_is_sent_by_the_retry(invited_round):
    invitation = RoundInvitationFactory(round=invited_round, email="flaky@example.org")
    with mock.patch(
        "stakeholders.rounds.services.invitations.send_mail", side_effect=smtplib.SMTPServerDisconnected("down")
    ):
        with pytest.raises(smtplib.SMTPServerDisconnected):
            services.round_invitation_send_email(invitation_id=invitation.pk, base_url=BASE)
    invitation.refresh_from_db()
    assert (invitation.sent_token, invitation.sent_at) == ("", None)

    assert services.round_invitation_send_email(invitation_id=invitation.pk, base_url=BASE) is True
    assert [message.to for message in mail.outbox] == [["flaky@example.org"]]
