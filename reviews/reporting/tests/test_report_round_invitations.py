"""Issuing a report round reaches every ministry: focal points with an account by e-mail and
notification, those without a role in the review by an invitation whose link lands on
their report, and the coordinator is told beforehand who will be reached and how."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from reviews.models import AuditEntry, Invitation, Membership, Notification, ProgressReport
from reviews.reporting.services.report_reminders import report_send_reminder, reports_send_reminders
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.tests.factories import GoalAssignmentFactory, MinistryFactory, UserFactory
from reviews.workspace.services.invitations import invitation_create

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

User = get_user_model()
DEADLINE = datetime.date(2027, 3, 10)
PASSWORD = "a-long-passphrase-42"
SITE = "https://vnr.example.org"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.SITE_NAME = "Aurelia VNR Portal"


@pytest.fixture
def ministries(review, goals, ministry_a, focal_a):
    """A: a focal point with an account in the review (focal_a); B: an e-mail address and
    no account; C: the address of an account that has no role in the review; D: nothing."""
    ministry_a.focal_point_email = "focal_a@example.org"
    ministry_a.save()
    b = MinistryFactory(review=review, name="Ministry of Water", focal_point_email="Focal.Water@Example.org")
    c = MinistryFactory(review=review, name="Ministry of Energy", focal_point_email="energy@example.org")
    d = MinistryFactory(review=review, name="Ministry of Roads")
    for number, ministry in enumerate([ministry_a, b, c, d]):
        GoalAssignmentFactory(ministry=ministry, goal=goals[number], role="lead")
    UserFactory(username="energy", email="energy@example.org")
    return {"a": ministry_a, "b": b, "c": c, "d": d}


@pytest.fixture
def round_(review, coordinator):
    return report_round_create(actor=coordinator, review=review, title="Round 1", deadline=DEADLINE)


@pytest.fixture
def issue(round_, coordinator, eager_tasks, django_capture_on_commit_callbacks):
    def do():
        with django_capture_on_commit_callbacks(execute=True):
            return report_round_issue(actor=coordinator, round=round_)

    return do


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def invitation_link(email: str) -> str:
    """The path of the invitation link in the newest e-mail to `email`."""
    message = [m for m in mail.outbox if m.to == [email]][-1]
    (link,) = [link for link in links(message) if "/invitations/" in link]
    assert link.startswith(f"{SITE}/invitations/")
    return link.removeprefix(SITE)


def report_of(ministry) -> ProgressReport:
    return ProgressReport.objects.get(ministry=ministry)


# --- Issuing ----------------------------------------------------------------------------------


def test_issue_invites_focal_points_without_a_role_and_tells_the_others(ministries, issue):
    result = issue()

    assert result.invited == ["energy@example.org", "focal.water@example.org"]
    assert result.unreachable == ["Ministry of Roads"]
    invitations = {i.email: i for i in Invitation.objects.all()}
    assert sorted(invitations) == ["energy@example.org", "focal.water@example.org"]
    water = invitations["focal.water@example.org"]
    assert (water.roles, water.ministry, water.invited_by.username, water.sent_at is not None) == (
        ["focal_point"],
        ministries["b"],
        "coordinator",
        True,
    )
    assert water.landing_url == reverse("reviews:report-detail", args=[water.review_id, report_of(ministries["b"]).pk])
    # The role comes with the acceptance, not before.
    assert not Membership.objects.filter(ministry__in=[ministries["b"], ministries["c"]]).exists()
    # The focal point with an account is told as before.
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["focal_a"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "energy@example.org",
        "focal.water@example.org",
        "focal_a@example.org",
    ]


def test_invitation_email_names_the_report_and_deadline_with_an_absolute_link_and_the_site(ministries, issue):
    issue()

    (message,) = [m for m in mail.outbox if m.to == ["focal.water@example.org"]]
    assert message.subject == "Invitation to the review “Second VNR of Aurelia”"
    assert "Your roles: Ministry focal point (Ministry of Water)" in message.body
    assert "Progress reports are due for “Round 1” by March 10, 2027." in message.body
    assert message.body.rstrip().endswith(f"-- \nAurelia VNR Portal\n{SITE}/")
    assert all(link.startswith(SITE) for link in links(message))
    assert "testserver" not in message.body and "127.0.0.1" not in message.body
    html = message.alternatives[0][0]
    assert f'href="{SITE}/invitations/' in html and "Aurelia VNR Portal" in html
    # The address with an account is told to log in with it.
    (energy,) = [m for m in mail.outbox if m.to == ["energy@example.org"]]
    assert "An account with this e-mail address exists already: log in with it to accept." in energy.body
    assert "exists already" not in message.body


def test_issue_is_audited(ministries, issue):
    issue()

    assert sorted(AuditEntry.objects.filter(action="invitation.create").values_list("summary", flat=True)) == [
        "energy@example.org invited as focal point of Ministry of Energy",
        "focal.water@example.org invited as focal point of Ministry of Water",
    ]
    data = AuditEntry.objects.get(action="report_round.issue").data
    assert (data["invited"], data["unreachable"]) == (2, 1)


def test_issuing_again_invites_nobody_twice(ministries, issue):
    issue()
    sent = len(mail.outbox)
    issue()

    assert (len(mail.outbox), Invitation.objects.count()) == (sent, 2)


def test_a_new_round_sends_the_pending_invitation_again_with_a_fresh_link(
    review, coordinator, ministries, issue, client, eager_tasks, django_capture_on_commit_callbacks
):
    issue()
    old = invitation_link("focal.water@example.org")
    second = report_round_create(actor=coordinator, review=review, title="Round 2", deadline=DEADLINE)
    with django_capture_on_commit_callbacks(execute=True):
        result = report_round_issue(actor=coordinator, round=second)

    assert "focal.water@example.org" in result.invited
    assert Invitation.objects.count() == 2
    new = invitation_link("focal.water@example.org")
    assert new != old
    latest = [m for m in mail.outbox if m.to == ["focal.water@example.org"]][-1]
    assert "Progress reports are due for “Round 2” by March 10, 2027." in latest.body
    response = client.get(old)
    assert response.status_code == 410
    assert "This invitation has been sent again since this e-mail" in response.content.decode()
    assert client.get(new).status_code == 200


def test_an_address_invited_to_other_roles_is_not_invited_again(review, coordinator, ministries, issue):
    invitation_create(
        actor=coordinator, review=review, email="focal.water@example.org", roles=["editor"], language="en"
    )
    result = issue()

    assert "focal.water@example.org" not in result.invited
    assert Invitation.objects.filter(email="focal.water@example.org").count() == 1


# --- Accepting: the invitation flow end to end --------------------------------------------------


def test_accepting_creates_the_account_grants_the_role_and_lands_on_the_report(ministries, issue, client):
    issue()
    link = invitation_link("focal.water@example.org")
    report = report_of(ministries["b"])

    page = client.get(link)
    assert page.status_code == 200
    assert "Create your account" in page.content.decode()
    assert "Progress reports are due for “Round 1”" in page.content.decode()
    response = client.post(
        link, {"first_name": "Wanjiru", "last_name": "Kamau", "password": PASSWORD, "password_confirm": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("reviews:report-detail", args=[report.review_id, report.pk])
    user = User.objects.get(username="focal.water@example.org")
    assert list(Membership.objects.filter(user=user).values_list("role", "ministry__name")) == [
        ("focal_point", "Ministry of Water")
    ]
    landing = client.get(response.url)
    assert landing.status_code == 200
    assert "Ministry of Water" in landing.content.decode()
    assert AuditEntry.objects.filter(action="invitation.accept").count() == 1
    # The link works once.
    again = client.get(link)
    assert again.status_code == 410
    assert "This invitation has already been accepted." in again.content.decode()


def test_an_existing_account_logs_in_then_accepts_and_lands_on_the_report(ministries, issue, client):
    issue()
    link = invitation_link("energy@example.org")
    report = report_of(ministries["c"])
    detail = reverse("reviews:report-detail", args=[report.review_id, report.pk])

    anonymous = client.get(link)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))
    client.login(username="energy", password="correct-horse-battery")
    # Not the ministry's focal point before accepting: the report is not theirs to see.
    assert client.get(detail).status_code in (403, 404)
    response = client.post(link)

    assert (response.status_code, response.url) == (302, detail)
    assert client.get(detail).status_code == 200


def test_another_account_cannot_accept_someone_elses_invitation(ministries, issue, client, editor):
    issue()
    link = invitation_link("focal.water@example.org")
    client.force_login(editor)

    assert client.get(link).status_code == 403
    assert client.post(link).status_code == 403
    assert not Membership.objects.filter(ministry=ministries["b"]).exists()


@pytest.mark.parametrize(
    "token",
    ["garbage", "1:abc:def", "%C3%A9t%C3%A9", "%3Cscript%3Ealert(1)", "x" * 2000, "MTox:zz:yy"],
)
def test_bad_links_give_a_clear_page(client, ministries, issue, token):
    issue()
    response = client.get(f"/invitations/{token}/")

    assert response.status_code == 404
    assert "This invitation link cannot be used" in response.content.decode()
    assert "This invitation link is not valid." in response.content.decode()


def test_a_tampered_link_says_so(client, ministries, issue):
    issue()
    link = invitation_link("focal.water@example.org")
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]

    response = client.get(tampered)
    assert response.status_code == 404
    assert "This invitation link is not valid." in response.content.decode()


def test_an_expired_link_says_so(client, ministries, issue, settings, monkeypatch):
    import time

    issue()
    link = invitation_link("focal.water@example.org")
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + (settings.INVITATION_MAX_AGE_DAYS + 1) * 86400)

    response = client.get(link)
    assert response.status_code == 410
    assert "This invitation link has expired." in response.content.decode()


# --- Who may issue, and the summary before issuing -----------------------------------------------


@pytest.mark.parametrize("who", ["focal_a", "editor", "reviewer", "outsider"])
def test_only_coordinators_issue_and_see_who_will_be_reached(request, client, review, ministries, round_, who):
    client.force_login(request.getfixturevalue(who))

    assert client.post(reverse("reviews:report-round-issue", args=[review.pk, round_.pk])).status_code in (403, 404)
    assert not Invitation.objects.exists()
    page = client.get(reverse("reviews:reports", args=[review.pk]))
    assert 'id="issue-reach"' not in page.content.decode()


def _rows(html: str) -> dict[str, str]:
    section = html.split('id="issue-reach"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r"<tr>\s*<th scope=\"row\"><bdi>(.*?)</bdi></th>(.*?)</tr>", section, re.S)
    return {name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells)).strip() for name, cells in rows}


def test_the_issue_page_says_who_will_be_reached_and_how(client, review, ministries, round_, coordinator, focal_a):
    client.force_login(coordinator)
    html = client.get(reverse("reviews:reports", args=[review.pk])).content.decode()

    assert _rows(html) == {
        "Ministry of Energy": "energy@example.org Invitation: logs in with their existing account to accept",
        "Ministry of Health": f"{focal_a.get_full_name()} E-mail and notification to their account",
        "Ministry of Roads": "— Nobody: no focal point, no e-mail address",
        "Ministry of Water": "focal.water@example.org Invitation: creates their account from the link",
    }
    warning = html.split('id="issue-reach-nobody"', 1)[1].split("</div>", 1)[0]
    assert "nobody will be told about their reports" in warning
    assert re.findall(r"<bdi>(.*?)</bdi>", warning) == ["Ministry of Roads"]
    counts = html.split('id="issue-reach-counts">', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r"<li>(.*?)</li>", counts) == [
        "1 ministry by e-mail and notification to its focal point's account",
        "2 ministries by an invitation to their focal points' e-mail addresses: a link to create or use an "
        "account, leading to the report",
        "1 ministry not at all",
    ]


def test_the_issue_page_shows_an_invitation_already_sent(client, review, ministries, issue, coordinator):
    issue()
    client.force_login(coordinator)
    html = client.get(reverse("reviews:reports", args=[review.pk])).content.decode()

    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert _rows(html)["Ministry of Water"] == f"focal.water@example.org Invited on {today}, not yet signed in"


@pytest.mark.parametrize("count", [2, 20])
def test_the_issue_page_query_count_is_fixed(
    client, review, goals, coordinator, round_, count, django_assert_num_queries
):
    for n in range(count):
        ministry = MinistryFactory(review=review, name=f"Ministry {n:02}", focal_point_email=f"m{n}@example.org")
        GoalAssignmentFactory(ministry=ministry, goal=goals[n % 17], role="lead" if n < 17 else "associate")
        if n % 2:
            UserFactory(username=f"m{n}@example.org")
    client.force_login(coordinator)
    url = reverse("reviews:reports", args=[review.pk])
    client.get(url)
    # 6, then the summary: ministries in the matrix, focal points, pending invitations, accounts.
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.content.decode().count("Invitation: ") == count


# --- The tracker ----------------------------------------------------------------------------------


def test_the_tracker_shows_invited_not_yet_signed_in_then_the_person(ministries, issue, client, coordinator):
    issue()
    client.force_login(coordinator)
    tracker = reverse("reviews:report-tracker", args=[ministries["a"].review_id])
    today = date_format(timezone.localdate(), "DATE_FORMAT")

    html = client.get(tracker).content.decode()
    assert f"focal.water@example.org: Invited on {today}, not yet signed in" in re.sub(r"<[^>]+>", "", html)
    assert "Nobody: no focal point, no e-mail address" in html

    link = invitation_link("focal.water@example.org")
    client.logout()
    client.post(
        link, {"first_name": "Wanjiru", "last_name": "Kamau", "password": PASSWORD, "password_confirm": PASSWORD}
    )
    client.force_login(coordinator)
    html = client.get(tracker).content.decode()
    assert "Wanjiru Kamau" in html
    assert "focal.water@example.org: Invited" not in re.sub(r"<[^>]+>", "", html)


# The grid of a few ministries reads the goals, its columns; the summary of many does not.
@pytest.mark.parametrize(("count", "queries"), [(3, 10), (20, 10), (30, 9), (45, 9)])
def test_the_tracker_query_count_is_fixed(
    client, review, goals, coordinator, count, queries, django_assert_num_queries
):
    for n in range(count):
        ministry = MinistryFactory(review=review, name=f"Ministry {n:02}", focal_point_email=f"m{n}@example.org")
        GoalAssignmentFactory(ministry=ministry, goal=goals[n % 17], role="lead" if n < 17 else "associate")
    round_ = report_round_create(actor=coordinator, review=review, title="Round", deadline=DEADLINE)
    report_round_issue(actor=coordinator, round=round_)
    client.force_login(coordinator)
    url = reverse("reviews:report-tracker", args=[review.pk])
    client.get(url)
    # Then focal points and pending invitations (the tracker never says who has an account).
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert len(response.context["tracker"].summary) == count


# --- Reminders ------------------------------------------------------------------------------------


def test_reminders_reach_invited_people_through_a_fresh_link_once(
    ministries, issue, client, eager_tasks, django_capture_on_commit_callbacks
):
    issue()
    old = invitation_link("focal.water@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        created = reports_send_reminders(today=DEADLINE - datetime.timedelta(days=7))
    # focal_a's notification, and the two invitations sent again.
    assert created == 3
    new = invitation_link("focal.water@example.org")
    body = [m for m in mail.outbox if m.to == ["focal.water@example.org"]][-1].body
    assert "Reminder: the progress report of Ministry of Water on goal 2 (Round 1) is due on March 10, 2027." in body
    assert new != old
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200
    # The job run again the same day sends nothing new.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_send_reminders(today=DEADLINE - datetime.timedelta(days=7)) == 0
    assert len(mail.outbox) == sent


def test_a_reminder_by_hand_to_an_invited_ministry_says_so(
    ministries, issue, client, coordinator, eager_tasks, django_capture_on_commit_callbacks
):
    issue()
    client.force_login(coordinator)
    report = report_of(ministries["b"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:report-remind", args=[report.review_id, report.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Reminder sent to focal.water@example.org, invited and not yet signed in, with a fresh invitation link."
    ]
    assert "Reminder: the progress report of Ministry of Water" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="report.reminder").get().data["invited"] == "focal.water@example.org"


def test_a_reminder_by_hand_to_a_ministry_without_address_says_nobody(ministries, issue, coordinator):
    issue()
    result = report_send_reminder(actor=coordinator, report=report_of(ministries["d"]))

    assert (result.sent, result.invited) == (0, "")


def test_the_reminder_page_says_who_the_reminder_goes_to(ministries, issue, client, coordinator, focal_a):
    issue()
    client.force_login(coordinator)
    today = date_format(timezone.localdate(), "DATE_FORMAT")

    def who(ministry) -> str:
        report = report_of(ministry)
        html = client.get(reverse("reviews:report-deadline", args=[report.review_id, report.pk])).content.decode()
        return re.sub(r"<[^>]+>", "", html.split('id="remind-who">', 1)[1].split("</p>", 1)[0])

    assert who(ministries["a"]) == f"Focal point: {focal_a.get_full_name()}"
    assert who(ministries["b"]) == f"Focal point: focal.water@example.org — Invited on {today}, not yet signed in"
    assert who(ministries["d"]) == "Focal point: Nobody: no focal point, no e-mail address"


def test_a_division_with_its_own_address_is_invited_even_when_its_parent_has_a_focal_point(
    review, goals, ministry_a, focal_a, issue
):
    division = MinistryFactory(
        review=review, name="Water Division", parent=ministry_a, focal_point_email="div@example.org"
    )
    GoalAssignmentFactory(ministry=division, goal=goals[3], role="lead")

    result = issue()

    assert result.invited == ["div@example.org"]
    # The parent ministry's focal point is told too: they may see the division's reports.
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["focal_a"]


def test_an_expired_invitation_shows_on_the_tracker(ministries, issue, client, coordinator, settings):
    issue()
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=settings.INVITATION_MAX_AGE_DAYS + 1))
    client.force_login(coordinator)

    html = client.get(reverse("reviews:report-tracker", args=[ministries["a"].review_id])).content.decode()
    assert html.count("the link has expired: the next e-mail brings a fresh one") == 2


def test_reach_by_names_only_shows_what_the_full_reach_shows(review, ministries, focal_a):
    """The tracker asks `focal_point_reach(names_only=True)`: the same reach, people by name."""
    from reviews.workspace.selectors.focal_points import focal_point_reach
    from reviews.workspace.selectors.ministries import ministry_list_tree

    division = MinistryFactory(review=review, name="Division of Clinics", parent=ministries["a"])
    inactive = UserFactory(username="gone", first_name="", last_name="", is_active=False)
    Membership.objects.create(review=review, user=inactive, role="focal_point", ministry=ministries["b"])
    plain = UserFactory(username="plain.name", first_name="", last_name="")
    Membership.objects.create(review=review, user=plain, role="focal_point", ministry=division)
    listed = ministry_list_tree(review)
    now = timezone.now()
    full = focal_point_reach(review, listed, now=now)
    names = focal_point_reach(review, listed, now=now, names_only=True)

    def shown(reach):
        return {
            pk: (
                item.channel,
                [(p.pk, p.get_full_name(), p.get_username()) for p in item.people],
                item.email,
                item.has_account,
                item.invitation,
                item.other_invitation,
            )
            for pk, item in reach.items()
        }

    assert shown(names) == shown(full)
    assert [p.get_username() for p in names[division.pk].people] == ["plain.name", "focal_a"]
