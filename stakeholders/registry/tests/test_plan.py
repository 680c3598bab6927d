import csv
import io

import openpyxl
import pytest

from reviews.models import AuditEntry, Notification
from stakeholders.models import ActivityParticipation, EngagementActivity
from stakeholders.tests.factories import ActivityFactory, ActivityParticipationFactory, CategoryFactory, RoundFactory
from stakeholders.tests.helpers import HOSTILE, form_errors, url
from vnr_portal.common.text import one_line

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def youth(review):
    return CategoryFactory(review=review, name="Youth", position=1)


@pytest.fixture
def women(review):
    return CategoryFactory(review=review, name="Women", position=2)


def activity_data(**overrides):
    data = {
        "title": "Youth workshop",
        "stage": "consultation",
        "kind": "workshop",
        "audience_note": "",
        "language": "zh-Hans",
        "mode": "online",
        "owner": "",
        "date": "2027-02-01",
        "round": "",
    }
    data.update(overrides)
    return data


# --- Plan -----------------------------------------------------------------------------


def test_activity_list_groups_by_stage_in_order(client, review, reviewer):
    ActivityFactory(review=review, stage="consultation", title="Later")
    ActivityFactory(review=review, stage="preparation", title="First")
    client.force_login(reviewer)
    response = client.get(url("activity-list", review))
    plan = {group.stage: [a.title for a in group.activities] for group in response.context["stages"]}
    assert list(plan)[:3] == ["preparation", "drafting", "consultation"]
    assert (plan["preparation"], plan["drafting"], plan["consultation"]) == (["First"], [], ["Later"])
    assert url("activity-create", review) not in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "other_member", "focal_a"])
def test_activity_list_refused_without_engagement_role(client, review, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("activity-list", review)).status_code == 403


@pytest.mark.parametrize("size", [1, 5])
def test_activity_list_query_budget(client, review, coordinator, youth, size, django_assert_num_queries):
    round_ = RoundFactory(review=review)
    for _ in range(size):
        activity = ActivityFactory(review=review, owner=coordinator, round=round_, status="held")
        activity.audience.set([youth, CategoryFactory(review=review)])
        ActivityParticipationFactory(activity=activity, category=youth, count=3)
    client.force_login(coordinator)
    with django_assert_num_queries(7):
        assert client.get(url("activity-list", review)).status_code == 200


def test_activity_create_with_audience_and_owner_who_is_told(client, review, coordinator, editor, youth):
    round_ = RoundFactory(review=review)
    client.force_login(coordinator)
    response = client.post(
        url("activity-create", review), activity_data(audience=[youth.pk], owner=editor.pk, round=round_.pk)
    )
    assert response.status_code == 302
    activity = EngagementActivity.objects.get()
    assert (list(activity.audience.all()), activity.owner, activity.round, activity.language) == (
        [youth],
        editor,
        round_,
        "zh-Hans",
    )
    assert Notification.objects.filter(user=editor).count() == 1
    assert AuditEntry.objects.filter(action="stakeholders.activity_create", actor=coordinator).exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"owner": "OUTSIDER"}, "owner"),
        ({"language": "fr"}, "language"),
        ({"title": "   "}, "title"),
        ({"stage": "<script>"}, "stage"),
        ({"date": "0000-00-00"}, "date"),
        ({"title": "x" * 201}, "title"),
    ],
    ids=["owner-not-member", "language-not-of-review", "blank-title", "bad-stage", "bad-date", "long-title"],
)
def test_activity_create_bad_input_shows_the_message_and_saves_nothing(
    client, review, coordinator, outsider, overrides, field
):
    if overrides.get("owner") == "OUTSIDER":
        overrides = {"owner": outsider.pk}
    client.force_login(coordinator)
    response = client.post(url("activity-create", review), activity_data(**overrides))
    assert list(form_errors(response)) == [field]
    assert not EngagementActivity.objects.exists()


def test_activity_create_category_of_another_review_refused(client, review, other_review, coordinator):
    foreign = CategoryFactory(review=other_review)
    client.force_login(coordinator)
    response = client.post(url("activity-create", review), activity_data(audience=[foreign.pk]))
    assert list(form_errors(response)) == ["audience"]


@pytest.mark.parametrize("who", ["reviewer", "moderator"])
def test_activity_create_refused_without_manage_role(client, review, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.post(url("activity-create", review), activity_data()).status_code == 403
    assert not EngagementActivity.objects.exists()


def test_activity_edit(client, review, editor, youth):
    activity = ActivityFactory(review=review, title="Old")
    client.force_login(editor)
    client.post(url("activity-edit", review, activity.pk), activity_data(title="New", audience=[youth.pk]))
    activity.refresh_from_db()
    assert (activity.title, list(activity.audience.all())) == ("New", [youth])


def test_activity_of_another_review_is_not_found(client, review, other_review, coordinator):
    foreign = ActivityFactory(review=other_review)
    client.force_login(coordinator)
    assert client.get(url("activity-edit", review, foreign.pk)).status_code == 404
    assert client.get(url("activity-report", review, foreign.pk)).status_code == 404


# --- Report after the activity --------------------------------------------------------


def report_data(counts, **overrides):
    data = {
        "status": "held",
        "date": "2027-02-02",
        "outputs": "Ten recommendations",
        "participation-TOTAL_FORMS": str(len(counts)),
        "participation-INITIAL_FORMS": str(len(counts)),
    }
    for n, count in enumerate(counts):
        data[f"participation-{n}-count"] = count
    data.update(overrides)
    return data


def participation(activity) -> dict:
    return dict(ActivityParticipation.objects.filter(activity=activity).values_list("category__name", "count"))


def test_activity_report_records_held_outputs_and_participants_by_category(client, review, coordinator, youth, women):
    activity = ActivityFactory(review=review)
    client.force_login(coordinator)
    form = client.get(url("activity-report", review, activity.pk))
    assert [f.category.name for f in form.context["formset"]] == ["Youth", "Women"]
    response = client.post(url("activity-report", review, activity.pk), report_data(["25", ""]))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.outputs, str(activity.date)) == ("held", "Ten recommendations", "2027-02-02")
    assert participation(activity) == {"Youth": 25}
    client.post(url("activity-report", review, activity.pk), report_data(["", "4"]))
    assert participation(activity) == {"Women": 4}
    assert AuditEntry.objects.filter(action="stakeholders.activity_report").count() == 2


@pytest.mark.parametrize("value", ["-1", "abc", "1e309", "99999999999999999999999"])
def test_activity_report_bad_count_shows_the_message_and_saves_nothing(client, review, coordinator, youth, value):
    activity = ActivityFactory(review=review)
    client.force_login(coordinator)
    response = client.post(url("activity-report", review, activity.pk), report_data([value]))
    assert response.status_code == 200
    assert list(response.context["formset"].forms[0].errors) == ["count"]
    activity.refresh_from_db()
    assert (activity.status, participation(activity)) == ("planned", {})


def test_activity_report_held_needs_a_date(client, review, coordinator, youth):
    activity = ActivityFactory(review=review)
    client.force_login(coordinator)
    response = client.post(url("activity-report", review, activity.pk), report_data(["3"], date=""))
    assert form_errors(response) == {"date": ["Give the date the activity was held."]}


def test_activity_report_cancelled_with_participants_refused(client, review, coordinator, youth):
    activity = ActivityFactory(review=review)
    client.force_login(coordinator)
    response = client.post(url("activity-report", review, activity.pk), report_data(["3"], status="cancelled"))
    assert form_errors(response) == {"__all__": ["Participants are counted for an activity that was held only."]}
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_activity_report_without_management_form_shows_an_error(client, review, coordinator, youth):
    activity = ActivityFactory(review=review)
    client.force_login(coordinator)
    response = client.post(url("activity-report", review, activity.pk), {"status": "held", "date": "2027-02-02"})
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()


def test_activity_report_refused_to_reviewer(client, review, reviewer, youth):
    activity = ActivityFactory(review=review)
    client.force_login(reviewer)
    assert client.post(url("activity-report", review, activity.pk), report_data(["3"])).status_code == 403
    assert participation(activity) == {}


# --- Export ---------------------------------------------------------------------------


@pytest.fixture
def hostile_plan(review, youth):
    for value in HOSTILE["csv_formula"]:
        activity = ActivityFactory(review=review, title=value, outputs=value, audience_note=value, status="held")
        activity.audience.set([youth])
        ActivityParticipationFactory(activity=activity, category=youth, count=2)


def test_activity_csv_is_formula_safe(client, review, reviewer, hostile_plan):
    client.force_login(reviewer)
    response = client.get(url("activity-csv", review))
    assert response["Content-Disposition"] == 'attachment; filename="engagement-plan-aurelia-2027.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["stage", "date", "title"]
    # Titles are stored on one line (a leading tab goes), then neutralised.
    assert sorted(row[2] for row in rows[1:]) == sorted("'" + one_line(v) for v in HOSTILE["csv_formula"])
    assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for row in rows[1:] for cell in row)
    assert {row[11] for row in rows[1:]} == {"2"}


def test_activity_xlsx_has_no_formula(client, review, reviewer, hostile_plan):
    ActivityFactory(review=review, title="bell\x07 and NUL-free")
    client.force_login(reviewer)
    response = client.get(url("activity-xlsx", review))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    titles = sorted(str(row[2].value) for row in sheet.iter_rows(min_row=2))
    assert titles == sorted(["'" + one_line(v) for v in HOSTILE["csv_formula"]] + ["bell and NUL-free"])


def test_activity_exports_refused_to_outsider(client, review, outsider):
    client.force_login(outsider)
    assert client.get(url("activity-csv", review)).status_code == 403
    assert client.get(url("activity-xlsx", review)).status_code == 403
