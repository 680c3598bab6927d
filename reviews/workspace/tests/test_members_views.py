import json
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape

from reviews.models import Invitation, Membership
from reviews.tests.factories import MembershipFactory, MinistryFactory, UserFactory
from reviews.workspace.services.invitations import invitation_create, invitation_revoke

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def invitation(review, coordinator):
    return invitation_create(
        actor=coordinator, review=review, email="guest@example.org", roles=["reviewer"], language="en"
    )


@pytest.fixture
def members_url(review):
    return reverse("reviews:members", args=[review.pk])


@pytest.fixture
def invite_url(review):
    return reverse("reviews:member-invite", args=[review.pk])


# --- The members page ------------------------------------------------------------------


def test_members_page_redirects_anonymous_to_login(client, members_url):
    response = client.get(members_url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={members_url}")


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_members_page_forbidden_to_non_members(client, request, members_url, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(members_url).status_code == 403


def test_members_page_shows_people_with_roles_and_ministries(client, review, coordinator, focal_a, editor, ministry_a):
    MembershipFactory(review=review, user=editor, role="reviewer")
    client.force_login(focal_a)

    response = client.get(reverse("reviews:members", args=[review.pk]))

    assert response.status_code == 200
    assert [
        (person.user.username, [(m.role, m.ministry_id) for m in person.memberships])
        for person in response.context["people"]
    ] == sorted(
        [
            ("coordinator", [("coordinator", None)]),
            ("editor", [("editor", None), ("reviewer", None)]),
            ("focal_a", [("focal_point", ministry_a.pk)]),
        ],
        key=lambda row: {"coordinator": coordinator, "editor": editor, "focal_a": focal_a}[row[0]].last_name,
    )
    assert "Ministry focal point (Ministry of Health)" in response.content.decode()


def test_members_page_hides_invitations_and_controls_from_non_coordinators(client, review, focal_a, invitation):
    client.force_login(focal_a)

    response = client.get(reverse("reviews:members", args=[review.pk]))

    content = response.content.decode()
    assert (response.context["invitations"], "guest@example.org" in content, "/remove/" in content) == (
        [],
        False,
        False,
    )
    assert "Invite someone" not in content


def test_members_page_shows_pending_invitations_to_coordinator(client, review, coordinator, invitation):
    client.force_login(coordinator)

    response = client.get(reverse("reviews:members", args=[review.pk]))

    assert [(i.email, i.role_labels, i.sent_at) for i in response.context["invitations"]] == [
        ("guest@example.org", ["Reviewer"], None)
    ]
    content = response.content.decode()
    assert reverse("reviews:invitation-resend", args=[review.pk, invitation.pk]) in content
    assert reverse("reviews:invitation-revoke", args=[review.pk, invitation.pk]) in content
    assert "Not sent yet" in content


def test_members_page_leaves_out_withdrawn_invitations(client, review, coordinator, invitation):
    invitation_revoke(actor=coordinator, invitation=invitation)
    client.force_login(coordinator)

    response = client.get(reverse("reviews:members", args=[review.pk]))

    assert response.context["invitations"] == []


@pytest.mark.parametrize("value", HOSTILE["xss_html"], ids=range(len(HOSTILE["xss_html"])))
def test_members_page_escapes_hostile_names(client, review, coordinator, value):
    user = UserFactory(username="hostile@example.org", first_name=value, last_name="")
    MembershipFactory(review=review, user=user, role="editor")
    client.force_login(coordinator)

    content = client.get(reverse("reviews:members", args=[review.pk])).content.decode()

    assert (f'<th scope="row">{escape(value)}</th>' in content, value in content) == (True, value == escape(value))


@pytest.mark.parametrize("members", [2, 20], ids=["2-members", "20-members"])
def test_members_page_query_budget(client, review, coordinator, ministry_a, members, django_assert_num_queries):
    for n in range(members - 1):
        role, ministry = ("focal_point", ministry_a) if n % 2 else ("editor", None)
        MembershipFactory(review=review, user=UserFactory(), role=role, ministry=ministry)
    for n in range(members // 2):
        invitation_create(
            actor=coordinator, review=review, email=f"guest{n}@example.org", roles=["reviewer"], language="en"
        )
    client.force_login(coordinator)
    url = reverse("reviews:members", args=[review.pk])

    with django_assert_num_queries(6):
        response = client.get(url)

    assert len(response.context["people"]) == members


# --- Inviting ----------------------------------------------------------------------


def test_member_invite_redirects_anonymous_to_login(client, invite_url):
    response = client.get(invite_url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={invite_url}")


@pytest.mark.parametrize("who", ["editor", "focal_a", "other_member", "outsider"])
def test_member_invite_forbidden_to_non_coordinators(client, request, invite_url, who):
    client.force_login(request.getfixturevalue(who))

    responses = [
        client.get(invite_url),
        client.post(invite_url, {"email": "x@example.org", "roles": ["editor"], "language": "en"}),
    ]

    assert [r.status_code for r in responses] == [403, 403]
    assert Invitation.objects.count() == 0


def test_member_invite_form_offers_only_this_reviews_ministries(
    client, coordinator, invite_url, ministry_a, ministry_b, other_review
):
    MinistryFactory(review=other_review, name="Ministry of Elsewhere")
    client.force_login(coordinator)

    response = client.get(invite_url)

    assert list(response.context["form"].fields["ministry"].queryset) == [ministry_b, ministry_a]
    assert 'for="id_email"' in response.content.decode()


def test_member_invite_creates_invitation_and_redirects(
    client, review, coordinator, invite_url, ministry_a, members_url
):
    client.force_login(coordinator)

    response = client.post(
        invite_url,
        {
            "email": "Guest@Example.org",
            "roles": ["focal_point", "statistician"],
            "ministry": ministry_a.pk,
            "language": "zh-hans",
        },
    )

    assert (response.status_code, response.url) == (302, members_url)
    assert list(Invitation.objects.values_list("email", "roles", "ministry", "language", "invited_by")) == [
        ("guest@example.org", ["focal_point", "statistician"], ministry_a.pk, "zh-hans", coordinator.pk)
    ]
    assert _messages(response) == ["The invitation to guest@example.org is on its way."]


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"email": "not-an-address", "roles": ["editor"]}, "email", "Enter a valid email address."),
        ({"email": "<script>alert(1)</script>", "roles": ["editor"]}, "email", "Enter a valid email address."),
        ({"email": "x@example.org"}, "roles", "Choose at least one role."),
        (
            {"email": "x@example.org", "roles": ["king"]},
            "roles",
            "Select a valid choice. king is not one of the available choices.",
        ),
        (
            {"email": "x@example.org", "roles": ["focal_point"]},
            "ministry",
            "Choose the ministry that this focal point will report for.",
        ),
        (
            {"email": "x@example.org", "roles": ["editor"], "ministry": "own"},
            "ministry",
            "Choose a ministry only when inviting a ministry focal point.",
        ),
        (
            {"email": "x@example.org", "roles": ["focal_point"], "ministry": "other"},
            "ministry",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            {"email": "x@example.org", "roles": ["editor"], "ministry": "1e309"},
            "ministry",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        (
            {"email": "x@example.org", "roles": ["editor"], "language": "xx"},
            "language",
            "Select a valid choice. xx is not one of the available choices.",
        ),
    ],
    ids=[
        "bad-email",
        "hostile-email",
        "no-role",
        "unknown-role",
        "focal-point-without-ministry",
        "ministry-without-focal-point",
        "ministry-of-other-review",
        "hostile-ministry",
        "unknown-language",
    ],
)
def test_member_invite_rerenders_with_field_error(
    client, coordinator, invite_url, ministry_a, other_review, data, field, error
):
    data = {"language": "en", **data}
    if data.get("ministry") == "own":
        data["ministry"] = ministry_a.pk
    elif data.get("ministry") == "other":
        data["ministry"] = MinistryFactory(review=other_review).pk
    client.force_login(coordinator)

    response = client.post(invite_url, data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [error]}
    assert escape(error) in response.content.decode()
    assert Invitation.objects.count() == 0


def test_member_invite_refuses_duplicate_pending_invitation_at_the_email(client, coordinator, invite_url, invitation):
    client.force_login(coordinator)

    response = client.post(invite_url, {"email": "guest@example.org", "roles": ["editor"], "language": "en"})

    assert response.context["form"].errors == {
        "email": ["guest@example.org already has a pending invitation to this review: resend or withdraw it instead."]
    }


# --- Removing a role --------------------------------------------------------------------


def test_member_remove_redirects_anonymous_to_login(client, review, editor):
    url = reverse("reviews:member-remove", args=[review.pk, editor.vnr_memberships.get().pk])

    response = client.post(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize("who", ["focal_a", "editor", "other_member"])
def test_member_remove_forbidden_to_non_coordinators(client, request, review, reviewer, who):
    membership = reviewer.vnr_memberships.get()
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("reviews:member-remove", args=[review.pk, membership.pk]))

    assert response.status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_member_remove_asks_for_confirmation(client, review, coordinator, editor):
    membership = editor.vnr_memberships.get()
    client.force_login(coordinator)

    response = client.get(reverse("reviews:member-remove", args=[review.pk, membership.pk]))

    assert response.status_code == 200
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert f"Remove the role Editor of {escape(editor.get_full_name())}?" in response.content.decode()


def test_member_remove_takes_the_role_away(client, review, coordinator, editor, members_url):
    membership = editor.vnr_memberships.get()
    client.force_login(coordinator)

    response = client.post(reverse("reviews:member-remove", args=[review.pk, membership.pk]))

    assert (response.status_code, response.url) == (302, members_url)
    assert Membership.objects.filter(pk=membership.pk).exists() is False
    assert _messages(response) == [f"{editor.get_full_name()} no longer has the role Editor."]


def test_member_remove_refuses_last_coordinator(client, review, coordinator, members_url):
    membership = coordinator.vnr_memberships.get()
    client.force_login(coordinator)

    response = client.post(reverse("reviews:member-remove", args=[review.pk, membership.pk]), follow=True)

    assert Membership.objects.filter(pk=membership.pk).exists()
    assert [str(m) for m in response.context["messages"]] == [
        "A review needs at least one coordinator: appoint another before removing this one."
    ]
    assert response.redirect_chain == [(members_url, 302)]


def test_member_remove_own_last_role_goes_to_dashboard(client, review, coordinator):
    second = UserFactory(username="second")
    MembershipFactory(review=review, user=second, role="coordinator")
    client.force_login(second)

    response = client.post(reverse("reviews:member-remove", args=[review.pk, second.vnr_memberships.get().pk]))

    assert (response.status_code, response.url) == (302, reverse("reviews:dashboard"))


def test_member_remove_of_another_reviews_membership_is_not_found(client, review, coordinator, other_member):
    client.force_login(coordinator)

    response = client.post(reverse("reviews:member-remove", args=[review.pk, other_member.vnr_memberships.get().pk]))

    assert response.status_code == 404
    assert other_member.vnr_memberships.count() == 1


# --- Withdrawing and sending again ---------------------------------------------------


@pytest.mark.parametrize("who", ["focal_a", "editor", "other_member"])
def test_invitation_revoke_forbidden_to_non_coordinators(client, request, review, invitation, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("reviews:invitation-revoke", args=[review.pk, invitation.pk]))

    invitation.refresh_from_db()
    assert (response.status_code, invitation.revoked_at) == (403, None)


def test_invitation_revoke_redirects_anonymous_to_login(client, review, invitation):
    url = reverse("reviews:invitation-revoke", args=[review.pk, invitation.pk])

    response = client.post(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


def test_invitation_revoke_asks_then_withdraws(client, review, coordinator, invitation, members_url):
    client.force_login(coordinator)
    url = reverse("reviews:invitation-revoke", args=[review.pk, invitation.pk])

    confirm = client.get(url)
    response = client.post(url)

    invitation.refresh_from_db()
    assert "Withdraw the invitation to guest@example.org?" in confirm.content.decode()
    assert (response.status_code, response.url, invitation.revoked_at is not None) == (302, members_url, True)
    assert _messages(response) == ["The invitation to guest@example.org has been withdrawn."]


def test_invitation_revoke_twice_says_so(client, review, coordinator, invitation):
    client.force_login(coordinator)
    url = reverse("reviews:invitation-revoke", args=[review.pk, invitation.pk])
    client.post(url, follow=True)

    response = client.post(url, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["This invitation has already been withdrawn."]


def test_invitation_resend_clears_sent_at(client, review, coordinator, invitation, members_url):
    Invitation.objects.filter(pk=invitation.pk).update(sent_at="2026-01-01T00:00:00Z")
    nonce = Invitation.objects.get().nonce
    client.force_login(coordinator)

    response = client.post(reverse("reviews:invitation-resend", args=[review.pk, invitation.pk]))

    invitation.refresh_from_db()
    assert (response.status_code, response.url, invitation.sent_at, invitation.nonce == nonce) == (
        302,
        members_url,
        None,
        False,
    )
    assert _messages(response) == [
        "The invitation to guest@example.org is being sent again; earlier links no longer work."
    ]


def test_invitation_resend_requires_post(client, review, coordinator, invitation):
    client.force_login(coordinator)

    assert client.get(reverse("reviews:invitation-resend", args=[review.pk, invitation.pk])).status_code == 405


@pytest.mark.parametrize("who", ["focal_a", "other_member"])
def test_invitation_resend_forbidden_to_non_coordinators(client, request, review, invitation, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("reviews:invitation-resend", args=[review.pk, invitation.pk]))

    assert response.status_code == 403


def test_invitation_resend_of_another_reviews_invitation_is_not_found(
    client, review, coordinator, other_review, other_member
):
    other = invitation_create(
        actor=other_member, review=other_review, email="g@example.org", roles=["editor"], language="en"
    )
    client.force_login(coordinator)

    response = client.post(reverse("reviews:invitation-resend", args=[review.pk, other.pk]))

    assert response.status_code == 404


def test_member_invite_shows_every_error_at_once(client, coordinator, invite_url):
    client.force_login(coordinator)

    response = client.post(invite_url, {"email": "not-an-address", "roles": ["focal_point"], "language": "en"})

    assert response.context["form"].errors == {
        "email": ["Enter a valid email address."],
        "ministry": ["Choose the ministry that this focal point will report for."],
    }


def test_invitation_resend_redirects_anonymous_to_login(client, review, invitation):
    url = reverse("reviews:invitation-resend", args=[review.pk, invitation.pk])

    response = client.post(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")
