"""The inclusiveness dashboard, its CSV export and the first VNR's baseline."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from reviews.models import AuditEntry
from stakeholders.inclusiveness.selectors import inclusiveness_dashboard
from stakeholders.models import (
    Contribution,
    EngagementActivity,
    EngagementBaseline,
)
from stakeholders.tests.factories import (
    ActivityFactory,
    ActivityParticipationFactory,
    CategoryFactory,
    ContributionFactory,
    ContributorFactory,
    EngagementBaselineFactory,
    OrganisationFactory,
    RoundFactory,
    SurveyResponseFactory,
)
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

FORMULA = '=HYPERLINK("http://example.invalid","click")'


@pytest.fixture
def dataset(review):
    """A known dataset: five categories, two rounds, four contributions by three people,
    one held and one planned activity, two survey answers."""
    names = ["Youth", "Women", "Academia", "Persons with disabilities", "Left behind"]
    youth, women, academia, disability, left_behind = [
        CategoryFactory(review=review, name=name, position=n, at_risk=name in {"Women", "Left behind"})
        for n, name in enumerate(names)
    ]
    first = RoundFactory(review=review, title="First round", stage="consultation")
    second = RoundFactory(review=review, title="Second round", stage="drafting")
    a, b, c = ContributorFactory(), ContributorFactory(), ContributorFactory()
    organisation = OrganisationFactory(review=review, category=academia)
    common = {"document": None, "kind": "general"}
    ContributionFactory(
        round=first,
        author=a,
        declared_category=youth,
        declared_region="North",
        language="en",
        declared_gender="woman",
        **common,
    )
    ContributionFactory(
        round=first,
        author=a,
        declared_category=youth,
        declared_region="North",
        language="zh-Hans",
        declared_gender="woman",
        **common,
    )
    ContributionFactory(
        round=first, author=b, declared_category=None, declared_region="", language="", declared_gender="", **common
    )
    ContributionFactory(
        round=second,
        author=c,
        declared_category=academia,
        declared_region=FORMULA,
        language="en",
        declared_gender="man",
        on_behalf_of=organisation,
        **common,
    )
    held = ActivityFactory(review=review, stage="consultation", status=EngagementActivity.Status.HELD)
    held.audience.set([youth, disability])
    ActivityParticipationFactory(activity=held, category=disability, count=12)
    ActivityParticipationFactory(activity=held, category=youth, count=5)
    planned = ActivityFactory(review=review, stage="drafting", status=EngagementActivity.Status.PLANNED)
    planned.audience.set([academia])
    ActivityParticipationFactory(activity=planned, category=women, count=7)  # not held: not counted
    SurveyResponseFactory(round=first, user=a, felt_heard=5, process_clear=4, would_take_part_again=True)
    SurveyResponseFactory(round=first, user=b, felt_heard=3, process_clear=2, would_take_part_again=False)
    return {"first": first, "second": second}


def _table(dashboard, key):
    table = next(t for t in dashboard.tables if t.key == key)
    return [(r.label, r.contributions, r.contributors, r.activity_participants, r.flagged) for r in table.rows]


def test_dashboard_by_category_with_activities_and_not_declared(dataset, review):
    assert _table(inclusiveness_dashboard(review), "category") == [
        ("Youth", 2, 1, 5, False),
        ("Women", 0, 0, 0, True),
        ("Academia", 1, 1, 0, False),
        ("Persons with disabilities", 0, 0, 12, False),
        ("Left behind", 0, 0, 0, True),
        ("Not declared", 1, 1, 0, False),
    ]


def test_dashboard_by_region_language_gender(dataset, review):
    dashboard = inclusiveness_dashboard(review)
    assert (_table(dashboard, "region"), _table(dashboard, "language"), _table(dashboard, "gender")) == (
        [("North", 2, 1, 0, False), (FORMULA, 1, 1, 0, False), ("Not declared", 1, 1, 0, False)],
        [("en", 2, 2, 0, False), ("zh-Hans", 1, 1, 0, False), ("Not declared", 1, 1, 0, False)],
        [("Woman", 2, 1, 0, False), ("Man", 1, 1, 0, False), ("Not declared", 1, 1, 0, False)],
    )


def test_dashboard_by_round_and_stage(dataset, review):
    dashboard = inclusiveness_dashboard(review)
    assert sorted(_table(dashboard, "round")) == [("First round", 3, 2, 0, False), ("Second round", 1, 1, 0, False)]
    assert _table(dashboard, "stage") == [("Drafting", 1, 1, 0, False), ("Consultation", 3, 2, 17, False)]


def test_dashboard_targeted_and_not_reached(dataset, review):
    dashboard = inclusiveness_dashboard(review)
    assert ([r.label for r in dashboard.targeted], [r.label for r in dashboard.not_reached]) == (
        ["Youth", "Women", "Academia", "Persons with disabilities", "Left behind"],
        ["Women", "Left behind"],
    )


def test_dashboard_totals_and_survey(dataset, review):
    dashboard = inclusiveness_dashboard(review)
    [survey] = dashboard.survey
    assert dashboard.totals == {
        "contributions": 4,
        "contributors": 3,
        "organisations": 1,
        "activity_participants": 17,
        "participants": 20,
    }
    assert (
        survey.round_title,
        survey.answers,
        survey.felt_heard_share,
        survey.felt_heard_average,
        survey.process_clear_average,
        survey.would_take_part_again_share,
    ) == ("First round", 2, 50, 4.0, 3.0, 50)


def test_dashboard_compares_with_the_baseline(dataset, review):
    EngagementBaselineFactory(review=review, participants=40, contributions=100, organisations=8, felt_heard_percent=35)
    dashboard = inclusiveness_dashboard(review)
    assert [(c["first"], c["now"]) for c in dashboard.comparison] == [(40, 20), (100, 4), (8, 1), (35, 50)]


def test_dashboard_leaves_out_spam(dataset, review):
    spammer = ContributorFactory()
    ContributionFactory(
        round=dataset["first"], author=spammer, document=None, classification="spam", visibility="hidden"
    )
    assert inclusiveness_dashboard(review).totals["contributions"] == 4


def test_dashboard_of_an_empty_review(review):
    dashboard = inclusiveness_dashboard(review)
    assert (dashboard.totals["contributions"], dashboard.survey, dashboard.not_reached, dashboard.baseline) == (
        0,
        [],
        [],
        None,
    )


# --- Views ----------------------------------------------------------------------------------


def _url(review, name="inclusiveness"):
    return reverse(f"stakeholders:{name}", kwargs={"pk": review.pk})


@pytest.mark.parametrize("user_fixture", ["coordinator", "editor", "moderator", "reviewer", "superuser"])
def test_dashboard_page_open_to_engagement_readers(client, request, dataset, review, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(_url(review))
    content = response.content.decode()
    assert (response.status_code, "Left behind" in content, "targeted, not reached" in content) == (200, True, True)


@pytest.mark.parametrize("user_fixture", ["focal_a", "outsider", "other_member", "contributor"])
def test_dashboard_page_refused_to_others(client, request, review, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(_url(review)).status_code == 403


def test_dashboard_page_anonymous_goes_to_login(client, review):
    assert client.get(_url(review)).status_code == 302


def test_dashboard_page_escapes_declared_text(client, review, reviewer):
    round_ = RoundFactory(review=review)
    ContributionFactory(round=round_, document=None, declared_region="<script>alert(1)</script>")
    client.force_login(reviewer)
    content = client.get(_url(review)).content.decode()
    assert ("<script>alert(1)" in content, "&lt;script&gt;alert(1)" in content) == (False, True)


def test_dashboard_csv_neutralises_formulas(client, dataset, review, reviewer):
    client.force_login(reviewer)
    response = client.get(_url(review, "inclusiveness-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    region_rows = [row for row in rows if row[0] == "region"]
    assert (response["Content-Type"], region_rows) == (
        "text/csv; charset=utf-8",
        [
            ["region", "North", "2", "1", "0", "1", "no"],
            ["region", "'" + FORMULA, "1", "1", "0", "1", "no"],
            ["region", "", "1", "1", "0", "1", "no"],
        ],
    )


def test_dashboard_csv_refused_to_a_focal_point(client, review, focal_a):
    client.force_login(focal_a)
    assert client.get(_url(review, "inclusiveness-csv")).status_code == 403


def _bulk(review, count):
    categories = [CategoryFactory(review=review, name=f"Cat {n}", position=n) for n in range(3)]
    rounds = [RoundFactory(review=review) for _ in range(2)]
    authors = [ContributorFactory() for _ in range(3)]
    Contribution.objects.bulk_create(
        [
            Contribution(
                round=rounds[n % 2],
                author=authors[n % 3],
                body=f"Point {n}",
                declared_category=categories[n % 3] if n % 4 else None,
                declared_region=f"Region {n % 5}",
                language=["en", "zh-Hans", ""][n % 3],
                declared_gender=["woman", "man", ""][n % 3],
            )
            for n in range(count)
        ]
    )
    activity = ActivityFactory(review=review, status="held")
    activity.audience.set(categories)
    ActivityParticipationFactory(activity=activity, category=categories[0], count=count)
    for n, author in enumerate(authors):
        SurveyResponseFactory(
            round=rounds[0], user=author, felt_heard=1 + n, process_clear=2, would_take_part_again=True
        )
    EngagementBaselineFactory(review=review, participants=count)


@pytest.mark.parametrize("count", [3, 300], ids=["small", "large"])
def test_dashboard_page_query_budget(client, review, reviewer, count, django_assert_num_queries):
    _bulk(review, count)
    client.force_login(reviewer)
    client.get(_url(review))
    page_cache.clear()
    # 21: the breakdown by channel (online, paper, workshop...) is one more aggregate, naming
    # the previous review by its order one more, the tokens of its rounds one more.
    with django_assert_num_queries(21):
        client.get(_url(review))
    with django_assert_num_queries(6):  # the figures from the cache
        response = client.get(_url(review))
    assert response.status_code == 200


# --- The cached figures follow every write to what they show ---------------------------


def _figures(client, review) -> str:
    content = client.get(_url(review)).content.decode()
    return content[content.index('<section aria-labelledby="totals-heading"') : content.index("</main>")]


def _changed(client, review, before: str) -> str:
    """The figures now, after checking that they changed and are those rendered afresh."""
    shown = _figures(client, review)
    page_cache.clear()
    assert shown != before and shown == _figures(client, review)
    return shown


def test_dashboard_cached_figures_show_every_write_at_once(client, dataset, review, coordinator, contributor):
    from stakeholders.inclusiveness.services import baseline_save
    from stakeholders.registry.services.categories import category_create, category_move, category_update
    from stakeholders.registry.services.plan import activity_report

    client.force_login(coordinator)
    shown = _figures(client, review)
    assert _figures(client, review) == shown  # from the cache
    youth = review.stakeholder_categories.get(name="Youth")
    writes = [
        lambda: ContributionFactory(round=dataset["first"], author=contributor, document=None, kind="general"),
        lambda: category_create(actor=coordinator, review=review, name="Farmers", at_risk=True),
        lambda: category_update(actor=coordinator, category=youth, name="Young people", at_risk=False),
        lambda: category_move(actor=coordinator, category=youth, direction="down"),
        lambda: ActivityFactory(
            review=review, stage="validation", status=EngagementActivity.Status.HELD
        ).participation.create(category=youth, count=40),
        lambda: activity_report(
            actor=coordinator,
            activity=EngagementActivity.objects.filter(review=review, status="planned").first(),
            status=EngagementActivity.Status.HELD,
            date=datetime.date(2026, 5, 1),
            outputs="Notes.",
            participation={youth: 9},
        ),
        lambda: EngagementActivity.objects.filter(review=review, stage="consultation").first().audience.clear(),
        lambda: SurveyResponseFactory(
            round=dataset["second"], user=contributor, felt_heard=1, process_clear=1, would_take_part_again=False
        ),
        lambda: baseline_save(actor=coordinator, review=review, participants=321),
        lambda: RoundFactory(review=review, title="Third round"),
    ]
    for write in writes:
        write()
        shown = _changed(client, review, shown)
    # A round renamed.
    first = dataset["first"]
    first.title = "The first round, renamed"
    first.save()
    shown = _changed(client, review, shown)
    # A category deleted (its counts go to "not declared").
    review.stakeholder_categories.get(name="Farmers").delete()
    _changed(client, review, shown)


def test_dashboard_of_a_review_without_rounds_is_not_cached(client, review, coordinator):
    client.force_login(coordinator)
    shown = _figures(client, review)
    CategoryFactory(review=review, name="Fishers", at_risk=True)
    assert "Fishers" in _figures(client, review) and "Fishers" not in shown


# --- Baseline ---------------------------------------------------------------------------


def test_baseline_saved_by_the_coordinator(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(
        _url(review, "inclusiveness-baseline"),
        {
            "participants": "40",
            "contributions": "100",
            "organisations": "",
            "felt_heard_percent": "35",
            "source": "VNR 2019, annex 2",
        },
    )
    baseline = EngagementBaseline.objects.get(review=review)
    assert (
        response.status_code,
        baseline.participants,
        baseline.organisations,
        baseline.felt_heard_percent,
        baseline.source,
    ) == (
        302,
        40,
        None,
        35,
        "VNR 2019, annex 2",
    )
    assert AuditEntry.objects.filter(action="stakeholders.baseline").count() == 1


def test_baseline_edited_again_updates_the_same_row(client, review, editor):
    EngagementBaselineFactory(review=review, participants=1)
    client.force_login(editor)
    client.post(_url(review, "inclusiveness-baseline"), {"participants": "2"})
    assert list(EngagementBaseline.objects.filter(review=review).values_list("participants", flat=True)) == [2]


@pytest.mark.parametrize(
    "field, value",
    [
        ("participants", "NaN"),
        ("participants", "-1"),
        ("felt_heard_percent", "101"),
        ("contributions", "1e309"),
        ("source", "x" * 301),
    ],
    ids=["nan", "negative", "over-100", "huge", "long-source"],
)
def test_baseline_bad_input_shows_message_and_saves_nothing(client, review, coordinator, field, value):
    client.force_login(coordinator)
    response = client.post(_url(review, "inclusiveness-baseline"), {field: value})
    assert (response.status_code, field in response.context["form"].errors, EngagementBaseline.objects.count()) == (
        200,
        True,
        0,
    )


@pytest.mark.parametrize("user_fixture", ["reviewer", "moderator", "outsider", "other_member"])
def test_baseline_refused_without_manage_engagement(client, request, review, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.post(_url(review, "inclusiveness-baseline"), {"participants": "3"})
    assert (response.status_code, EngagementBaseline.objects.count()) == (403, 0)


def test_baseline_shown_beside_this_reviews_figures(client, review, coordinator):
    EngagementBaselineFactory(review=review, participants=4321, source="<b>Annex</b>")
    client.force_login(coordinator)
    content = client.get(_url(review)).content.decode()
    assert ("4321" in content, "&lt;b&gt;Annex&lt;/b&gt;" in content) == (True, True)
