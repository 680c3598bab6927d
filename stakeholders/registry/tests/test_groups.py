import pytest

from reviews.models import AuditEntry, Notification
from stakeholders.models import GroupMeeting, StandingGroup
from stakeholders.tests.factories import GroupMeetingFactory, OrganisationFactory, RoundFactory, StandingGroupFactory
from stakeholders.tests.helpers import HOSTILE, form_errors, url

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def organisation(review):
    return OrganisationFactory(review=review, name="Youth Parliament")


@pytest.fixture
def group(review, organisation):
    group = StandingGroupFactory(review=review, name="CSO subgroup")
    group.organisations.add(organisation)
    return group


def group_data(**overrides):
    data = {"name": "SDG Committee", "kind": "committee", "description": "", "meets_every": "monthly", "members": ""}
    data.update(overrides)
    return data


# --- Groups ---------------------------------------------------------------------------


def test_group_create_with_organisations_and_member_accounts(client, review, coordinator, organisation, contributor):
    client.force_login(coordinator)
    response = client.post(
        url("group-create", review),
        group_data(organisations=[organisation.pk], members="CITIZEN@example.org\n\ncitizen"),
    )
    group = StandingGroup.objects.get(review=review)
    assert response["Location"] == url("group-detail", review, group.pk)
    assert list(group.organisations.all()) == [organisation]
    assert list(group.members.all()) == [contributor]
    assert Notification.objects.filter(user=contributor).count() == 1
    assert AuditEntry.objects.get(action="stakeholders.group_create").data["members"] == [contributor.pk]


def test_group_create_unknown_member_shows_the_message_and_saves_nothing(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(url("group-create", review), group_data(members="nobody@example.org"))
    assert form_errors(response) == {
        "members": ["No account has this e-mail address or username: nobody@example.org. Ask them to sign up first."]
    }
    assert not StandingGroup.objects.exists()


def test_group_create_organisation_of_another_review_refused(client, review, other_review, coordinator):
    foreign = OrganisationFactory(review=other_review)
    client.force_login(coordinator)
    response = client.post(url("group-create", review), group_data(organisations=[foreign.pk]))
    assert list(form_errors(response)) == ["organisations"]
    assert not StandingGroup.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "moderator", "outsider"])
def test_group_create_refused_without_manage_role(client, review, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url("group-create", review), group_data()).status_code == 403
    assert not StandingGroup.objects.exists()


def test_group_edit_changes_members_and_audits_who_joined(
    client, review, editor, group, contributor, other_contributor
):
    group.members.add(other_contributor)
    client.force_login(editor)
    response = client.post(url("group-edit", review, group.pk), group_data(name="CSO subgroup", members="citizen"))
    assert response.status_code == 302
    assert list(group.members.all()) == [contributor]
    data = AuditEntry.objects.get(action="stakeholders.group_update").data
    assert (data["members_added"], data["members_removed"], data["organisations_removed"]) == (
        [contributor.pk],
        [other_contributor.pk],
        [group.organisations.model.objects.get().pk],
    )


def test_group_list_and_detail_for_reviewer(client, review, reviewer, group):
    client.force_login(reviewer)
    listing = client.get(url("group-list", review))
    assert [g.name for g in listing.context["groups"]] == ["CSO subgroup"]
    detail = client.get(url("group-detail", review, group.pk))
    assert detail.status_code == 200
    assert url("group-edit", review, group.pk) not in detail.content.decode()


def test_group_of_another_review_is_not_found(client, review, other_review, coordinator):
    foreign = StandingGroupFactory(review=other_review)
    client.force_login(coordinator)
    assert client.get(url("group-detail", review, foreign.pk)).status_code == 404
    assert client.get(url("group-edit", review, foreign.pk)).status_code == 404


def test_group_pages_refused_to_a_member_of_another_review(client, review, other_member, group):
    client.force_login(other_member)
    assert client.get(url("group-list", review)).status_code == 403
    assert client.get(url("group-detail", review, group.pk)).status_code == 403


@pytest.mark.parametrize("size", [1, 4])
def test_group_list_query_budget(client, review, reviewer, size, django_assert_num_queries):
    for _ in range(size):
        group = StandingGroupFactory(review=review)
        group.organisations.add(OrganisationFactory(review=review))
        GroupMeetingFactory(group=group, date="2026-05-01")
    client.force_login(reviewer)
    with django_assert_num_queries(5):
        assert client.get(url("group-list", review)).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_group_detail_query_budget(client, review, reviewer, group, size, django_assert_num_queries, contributor):
    round_ = RoundFactory(review=review)
    group.members.add(contributor)
    for n in range(size):
        meeting = GroupMeetingFactory(group=group, date=f"2026-05-0{n + 1}", round=round_, minutes="<p>ok</p>")
        meeting.attendees.add(OrganisationFactory(review=review))
    client.force_login(reviewer)
    with django_assert_num_queries(9):
        assert client.get(url("group-detail", review, group.pk)).status_code == 200


# --- Meetings -------------------------------------------------------------------------


def meeting_data(**overrides):
    data = {"date": "2026-05-05", "agenda": "1. Timeline", "minutes": "<p>Agreed.</p>", "attendance": "12", "round": ""}
    data.update(overrides)
    return data


def test_meeting_create_sanitizes_minutes_and_links_a_round(client, review, coordinator, group, organisation):
    round_ = RoundFactory(review=review)
    client.force_login(coordinator)
    minutes = "<p>Agreed.</p><script>alert(1)</script><img src=x onerror=alert(1)>"
    response = client.post(
        url("group-meeting-create", review, group.pk),
        meeting_data(minutes=minutes, attendees=[organisation.pk], round=round_.pk),
    )
    assert response.status_code == 302
    meeting = GroupMeeting.objects.get()
    assert "<script" not in meeting.minutes and "onerror" not in meeting.minutes
    assert (meeting.round, list(meeting.attendees.all()), meeting.attendance) == (round_, [organisation], 12)
    assert AuditEntry.objects.filter(action="stakeholders.meeting_create", actor=coordinator).exists()
    page = client.get(url("group-detail", review, group.pk)).content.decode()
    assert "<p>Agreed.</p>" in page and "alert(1)</script>" not in page


def test_meeting_create_round_of_another_review_refused(client, review, other_review, coordinator, group):
    foreign = RoundFactory(review=other_review)
    client.force_login(coordinator)
    response = client.post(url("group-meeting-create", review, group.pk), meeting_data(round=foreign.pk))
    assert list(form_errors(response)) == ["round"]
    assert not GroupMeeting.objects.exists()


@pytest.mark.parametrize("value", HOSTILE["dates"])
def test_meeting_create_hostile_date_stored_or_refused_never_500(client, review, coordinator, group, value):
    client.force_login(coordinator)
    response = client.post(url("group-meeting-create", review, group.pk), meeting_data(date=value))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert list(form_errors(response)) == ["date"]
        assert not GroupMeeting.objects.exists()


@pytest.mark.parametrize("value", HOSTILE["numbers"])
def test_meeting_create_hostile_attendance_stored_or_refused_never_500(client, review, coordinator, group, value):
    client.force_login(coordinator)
    response = client.post(url("group-meeting-create", review, group.pk), meeting_data(attendance=value))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert list(form_errors(response)) == ["attendance"]


def test_meeting_edit(client, review, editor, group):
    meeting = GroupMeetingFactory(group=group, date="2026-05-01")
    client.force_login(editor)
    client.post(url("group-meeting-edit", review, group.pk, meeting.pk), meeting_data(agenda="New agenda"))
    meeting.refresh_from_db()
    assert (meeting.agenda, str(meeting.date)) == ("New agenda", "2026-05-05")


def test_meeting_create_refused_to_reviewer(client, review, reviewer, group):
    client.force_login(reviewer)
    assert client.post(url("group-meeting-create", review, group.pk), meeting_data()).status_code == 403
    assert not GroupMeeting.objects.exists()


def test_meeting_of_another_group_is_not_found(client, review, coordinator, group):
    other = StandingGroupFactory(review=review)
    meeting = GroupMeetingFactory(group=other, date="2026-05-01")
    client.force_login(coordinator)
    assert client.get(url("group-meeting-edit", review, group.pk, meeting.pk)).status_code == 404
