import re
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.conf import settings
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from indicators.services import framework_load
from indicators.tests.factories import GoalFactory, IndicatorFactory, TargetFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


class _Headings(HTMLParser):
    """The (level, text) of every heading of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._open = [int(tag[1]), ""]

    def handle_data(self, data):
        if self._open:
            self._open[1] += data

    def handle_endtag(self, tag):
        if self._open and tag == f"h{self._open[0]}":
            self.headings.append((self._open[0], " ".join(self._open[1].split())))
            self._open = None


def headings(response):
    parser = _Headings()
    parser.feed(response.content.decode())
    return parser.headings


def in_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def zh(message, context=None, **values):
    """`message` of the interface as a Chinese page shows it (English until it is translated)."""
    with translation.override("zh-hans"):
        text = translation.pgettext(context, message) if context else translation.gettext(message)
    return text % values if values else text


ENGLISH_NOTE = ("(English)", "text shown in English because it has no translation")


# --- The list of goals -----------------------------------------------------------------


def test_goal_list_is_public_and_shows_each_goal_with_its_counts(client, framework):
    response = client.get("/goals/")

    assertContains(
        response,
        '<tr><td>1</td><th scope="row"><a href="/goals/1/">No poverty</a></th>'
        '<td>End poverty in all its forms everywhere</td><td class="text-end">7</td><td class="text-end">13</td></tr>',
        html=True,
    )
    assertContains(
        response,
        '<tr><td>17</td><th scope="row"><a href="/goals/17/">Partnerships for the goals</a></th>'
        "<td>Strengthen the means of implementation and revitalize the Global Partnership for Sustainable "
        'Development</td><td class="text-end">19</td><td class="text-end">24</td></tr>',
        html=True,
    )
    assertContains(response, '<th scope="row">', count=17)


def test_goal_list_in_chinese_shows_chinese_titles(client, framework):
    response = client.get("/goals/", HTTP_ACCEPT_LANGUAGE="zh-Hans")

    assertContains(
        response,
        '<tr><td>1</td><th scope="row"><a href="/goals/1/">无贫穷</a></th>'
        '<td>在全世界消除一切形式的贫穷</td><td class="text-end">7</td><td class="text-end">13</td></tr>',
        html=True,
    )


def test_goal_list_table_has_a_caption_and_column_headers(client, framework):
    response = client.get("/goals/")

    assertContains(response, "<caption>The goals with their numbers of targets and indicators</caption>", html=True)
    assertContains(
        response,
        '<thead><tr><th scope="col">Goal</th><th scope="col">Short title</th><th scope="col">Title</th>'
        '<th scope="col" class="text-end">Targets</th><th scope="col" class="text-end">Indicators</th></tr></thead>',
        html=True,
    )


def test_goal_list_before_the_framework_is_loaded_says_how_to_load_it(client):
    response = client.get("/goals/")

    assertContains(
        response,
        "<p>The SDG framework has not been loaded yet. An administrator can load it with the command "
        "“manage.py load_sdg_framework”.</p>",
        html=True,
    )


def test_goal_list_shows_an_english_fallback_short_title_marked_as_english(client):
    GoalFactory(
        number=5,
        short_title={"en": "Gender equality"},
        title={"en": "Achieve gender equality", "zh-Hans": "实现性别平等"},
    )

    response = in_chinese(client).get("/goals/")

    assertContains(
        response,
        '<th scope="row"><a href="/goals/5/"><span lang="en" dir="ltr">Gender equality</span> '
        f'<span class="small text-body-secondary">{zh(*ENGLISH_NOTE)}</span></a></th>',
        html=True,
    )


@pytest.mark.parametrize("size", [1, 17], ids=["one-goal", "all-goals"])
def test_goal_list_query_budget_is_the_same_for_any_number_of_goals(client, django_assert_num_queries, size):
    for number in range(1, size + 1):
        for target in TargetFactory.create_batch(1 if size == 1 else 4, goal=GoalFactory(number=number)):
            IndicatorFactory.create_batch(1 if size == 1 else 3, target=target)

    with django_assert_num_queries(1):
        response = client.get("/goals/")

    assertContains(response, '<th scope="row">', count=size)


# --- A goal's page ---------------------------------------------------------------------


def test_goal_detail_is_public_and_lists_targets_with_their_indicators(client, framework):
    response = client.get("/goals/1/")

    assertContains(response, '<p class="lead">End poverty in all its forms everywhere</p>', html=True)
    assertContains(
        response,
        '<li class="mb-2" id="indicator-1-2-2"><span class="fw-semibold">Indicator 1.2.2</span> '
        "Proportion of men, women and children of all ages living in poverty in all its dimensions "
        "according to national definitions</li>",
        html=True,
    )
    assert [text for level, text in headings(response) if level == 2] == [
        "Target 1.1", "Target 1.2", "Target 1.3", "Target 1.4", "Target 1.5", "Target 1.a", "Target 1.b",
    ]  # fmt: skip


def test_goal_detail_in_chinese_shows_chinese_titles(client, framework):
    response = in_chinese(client).get("/goals/2/")

    assert headings(response)[0] == (1, f"{zh('Goal %(number)s', number=2)}: 零饥饿")
    assertContains(response, '<p class="lead">消除饥饿,实现粮食安全,改善营养状况和促进可持续农业</p>', html=True)
    assertContains(
        response,
        '<li class="mb-2" id="indicator-2-2-3">'
        f'<span class="fw-semibold">{zh("Indicator %(code)s", code="2.2.3")}</span> '
        "按怀孕分类(机率),15-49岁女性贫血发生率</li>",
        html=True,
    )


def test_goal_detail_in_chinese_shows_an_untranslated_indicator_in_english_marked_as_such(client, framework):
    response = client.get("/goals/2/", HTTP_ACCEPT_LANGUAGE="zh-Hans,zh;q=0.9")

    assertContains(
        response,
        '<li class="mb-2" id="indicator-2-2-4">'
        f'<span class="fw-semibold">{zh("Indicator %(code)s", code="2.2.4")}</span> '
        '<span lang="en" dir="ltr">Prevalence of minimum dietary diversity, by population group (children aged '
        "6 to 23.9 months and non-pregnant women aged 15 to 49 years)</span> "
        f'<span class="small text-body-secondary">{zh(*ENGLISH_NOTE)}</span></li>',
        html=True,
    )
    # 2.2.4 (new in 2025) and 2.5.2 (reworded in 2025) are the goal's only untranslated texts.
    assertContains(response, f'<span class="small text-body-secondary">{zh(*ENGLISH_NOTE)}</span>', count=2, html=True)


def test_goal_detail_in_english_marks_nothing_as_a_fallback(client, framework):
    response = client.get("/goals/2/")

    assertNotContains(response, "(English)")


def test_goal_detail_says_where_an_indicator_repeats(client, framework):
    response = client.get("/goals/1/")

    assertContains(
        response,
        '<span class="d-block small text-body-secondary">also <a href="/goals/11/#indicator-11-5-1">11.5.1</a>, '
        '<a href="/goals/13/#indicator-13-1-1">13.1.1</a></span>',
        html=True,
    )


@pytest.mark.parametrize(
    "path", ["/goals/18/", "/goals/0/", f"/goals/{10**25}/", "/goals/one/"], ids=["18", "0", "huge", "word"]
)
def test_goal_detail_of_an_unknown_goal_is_not_found(client, framework, path):
    response = client.get(path)

    assert response.status_code == 404
    assertContains(response, "Page not found", status_code=404)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, [("next", "/goals/2/")]),
        (9, [("prev", "/goals/8/"), ("next", "/goals/10/")]),
        (17, [("prev", "/goals/16/")]),
    ],
    ids=["first", "middle", "last"],
)
def test_goal_detail_links_the_previous_and_next_goal(client, framework, number, expected):
    response = client.get(f"/goals/{number}/")

    assert re.findall(r'rel="(prev|next)" href="([^"]+)"', response.content.decode()) == expected


def test_goal_detail_neighbour_links_name_the_goals(client, framework):
    response = in_chinese(client).get("/goals/9/")

    assertContains(
        response,
        f'<a class="page-link" rel="prev" href="/goals/8/">{zh("Previous goal:")} 8. 体面的工作和经济增长</a>',
        html=True,
    )
    assertContains(
        response, f'<a class="page-link" rel="next" href="/goals/10/">{zh("Next goal:")} 10. 减少不平等</a>', html=True
    )


def test_goal_detail_has_breadcrumbs(client, framework):
    response = client.get("/goals/4/")

    assertContains(
        response,
        '<nav aria-label="Breadcrumb"><ol class="breadcrumb">'
        '<li class="breadcrumb-item"><a href="/goals/">SDG framework</a></li>'
        '<li class="breadcrumb-item active" aria-current="page">Goal 4</li></ol></nav>',
        html=True,
    )


@pytest.mark.parametrize("path", ["/goals/", "/goals/3/", "/goals/17/"], ids=["list", "goal-3", "goal-17"])
def test_goal_pages_have_headings_in_order(client, framework, path):
    levels = [level for level, _text in headings(client.get(path))]

    assert levels[0] == 1
    assert [(before, after) for before, after in pairwise(levels) if after > before + 1] == []


def test_goal_detail_shows_hostile_titles_as_inert_text(client, real_framework, framework_file):
    hostile = real_framework
    hostile["goals"][0]["short"]["en"] = "<script>alert(1)</script>"
    hostile["targets"][0]["title"]["en"] = '"><img src=x onerror=alert(1)>'
    hostile["indicators"][0]["title"]["en"] = "{{7*7}} {% debug %}"
    framework_load(path=framework_file(hostile))

    response = client.get("/goals/1/")

    assertContains(response, "Goal 1: &lt;script&gt;alert(1)&lt;/script&gt;")
    assertContains(response, "<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>")
    assertContains(response, "{{7*7}} {% debug %}")
    assertNotContains(response, "<script>alert(1)")


@pytest.mark.parametrize("size", ["one", "many"], ids=["1-target-1-indicator", "12-targets-36-indicators"])
def test_goal_detail_query_budget_is_the_same_for_any_number_of_targets(client, django_assert_num_queries, size):
    for number in (1, 2, 3):
        GoalFactory(number=number)
    goal = GoalFactory(number=2)
    for target in TargetFactory.create_batch(1 if size == "one" else 12, goal=goal):
        IndicatorFactory.create_batch(1 if size == "one" else 3, target=target)

    with django_assert_num_queries(4):
        response = client.get("/goals/2/")

    assertContains(response, '<li class="mb-2" id="indicator-', count=1 if size == "one" else 36)
