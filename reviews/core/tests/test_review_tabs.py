"""Each role sees the tabs of a review it can use, and every tab it sees opens."""

import re

import pytest
from django.urls import reverse

from reviews.core.navigation import TAB_PERMISSIONS, tabs_for

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

# Every member reads the data pages ("reviews.view_evidence") and the follow-up
# ("reviews.view_followup").
EVERY_MEMBER = [
    "Cycle planner",
    "Reports",
    "Publish",
    "Data",
    "Follow-up",
    "Ministries",
    "Role matrix",
    "Members",
    "Audit log",
]
TASKFORCE = ["Cycle planner", "Draft", "Reports", "Publish", "Data", "Follow-up", "Engagement"] + EVERY_MEMBER[5:]
READERS = ["Cycle planner", "Draft", "Reports", "Publish", "Data", "Follow-up"] + EVERY_MEMBER[5:]

# Role -> the tabs it sees, in the navigation's order.
EXPECTED = {
    "coordinator": TASKFORCE,
    "editor": TASKFORCE,
    "reviewer": TASKFORCE,
    "moderator": TASKFORCE,
    "statistician": READERS,
    "council_member": READERS,
    "focal_a": EVERY_MEMBER,
}

TAB_NAV = re.compile(r'<nav aria-label="Sections of the review".*?</nav>', re.S)
TAB_LINK = re.compile(r'<a class="nav-link[^"]*"(?: aria-current="page")? href="([^"]+)">([^<]+)</a>')


def _tabs(html: str) -> list[tuple[str, str]]:
    nav = TAB_NAV.search(html)
    assert nav, "the review's tabs are missing"
    return [(label, href) for href, label in TAB_LINK.findall(nav.group(0))]


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_role_sees_its_tabs_and_each_opens(client, request, review, who):
    user = request.getfixturevalue(who)
    client.force_login(user)

    tabs = _tabs(client.get(reverse("reviews:review-detail", args=[review.pk])).content.decode())

    expected = EXPECTED[who]
    assert [label for label, _href in tabs] == expected
    for label, href in tabs:
        response = client.get(href)
        assert response.status_code == 200, (label, href)
        # The tab's own page shows the same tabs: no page's navigation disagrees.
        assert [name for name, _h in _tabs(response.content.decode())] == expected


def test_superuser_sees_every_tab(client, review, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "correct-horse-battery")
    client.force_login(admin)
    tabs = _tabs(client.get(reverse("reviews:review-detail", args=[review.pk])).content.decode())
    assert [label for label, _href in tabs] == TASKFORCE
    for _label, href in tabs:
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("who", ["focal_a", "council_member", "statistician"])
def test_hidden_tabs_are_the_pages_that_refuse(client, request, review, who):
    """A tab is hidden exactly where its page answers 403 (the same permission)."""
    client.force_login(request.getfixturevalue(who))
    pages = {
        "draft": reverse("reviews:outline", args=[review.pk]),
        "engagement": reverse("stakeholders:engagement", args=[review.pk]),
    }
    shown = tabs_for(request.getfixturevalue(who), review)
    for tab, url in pages.items():
        assert (tab in shown) == (client.get(url).status_code == 200), tab


def test_every_tab_has_a_permission(review, coordinator):
    assert {"planner", "draft", "reports", "publish", "evidence", "engagement"} <= set(TAB_PERMISSIONS)
    assert tabs_for(None, review) == frozenset()


def test_outsider_gets_no_tabs(outsider, review):
    assert tabs_for(outsider, review) == frozenset()


def test_deciding_the_tabs_asks_no_query_once_the_roles_are_read(review, coordinator, django_assert_num_queries):
    tabs_for(coordinator, review)  # reads the person's memberships once, as any permission check
    with django_assert_num_queries(0):
        assert "engagement" in tabs_for(coordinator, review)


# The tab bar as the template made it, an include per tab: `review_tab_items` writes the same.
OLD_TAB = (
    '<li class="nav-item"><a class="nav-link{% if tab == name %} active{% endif %}"'
    '{% if tab == name and request.path == href %} aria-current="page"{% endif %}'
    ' href="{{ href }}">{{ label }}</a></li>\n'
)
OLD_ITEMS = (
    '    {% if "planner" in tabs %}{% translate "Cycle planner" as label %}{% url \'reviews:review-detail\' review.pk as href %}{% include "reviews/core/_review_tab.html" with name="planner" %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "draft" in tabs %}{% url \'reviews:outline\' review.pk as href %}{% if href %}{% translate "Draft" as label %}{% include "reviews/core/_review_tab.html" with name="draft" %}{% endif %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "reports" in tabs %}{% url \'reviews:reports\' review.pk as href %}{% if href %}{% translate "Reports" as label %}{% include "reviews/core/_review_tab.html" with name="reports" %}{% endif %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "publish" in tabs %}{% url \'reviews:editions\' review.pk as href %}{% if href %}{% translate "Publish" as label %}{% include "reviews/core/_review_tab.html" with name="publish" %}{% endif %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "evidence" in tabs %}{% url \'reviews:evidence\' review.pk as href %}{% if href %}{% translate "Data" as label %}{% include "reviews/core/_review_tab.html" with name="evidence" %}{% endif %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "followup" in tabs %}{% url \'reviews:followup\' review.pk as href %}{% if href %}{% translate "Follow-up" as label %}{% include "reviews/core/_review_tab.html" with name="followup" %}{% endif %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "engagement" in tabs %}{% url \'stakeholders:engagement\' review.pk as href %}{% if href %}{% translate "Engagement" as label %}{% include "reviews/core/_review_tab.html" with name="engagement" %}{% endif %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "ministries" in tabs %}{% translate "Ministries" as label %}{% url \'reviews:ministry-list\' review.pk as href %}{% include "reviews/core/_review_tab.html" with name="ministries" %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "matrix" in tabs %}{% translate "Role matrix" as label %}{% url \'reviews:matrix\' review.pk as href %}{% include "reviews/core/_review_tab.html" with name="matrix" %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "members" in tabs %}{% translate "Members" as label %}{% url \'reviews:members\' review.pk as href %}{% include "reviews/core/_review_tab.html" with name="members" %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
    '    {% if "audit" in tabs %}{% translate "Audit log" as label %}{% url \'reviews:audit-log\' review.pk as href %}{% include "reviews/core/_review_tab.html" with name="audit" %}{% endif %}\n'  # noqa: E501 (the template's line as it was)
)


@pytest.mark.parametrize("who", ["coordinator", "focal_a", "statistician"])
@pytest.mark.parametrize(
    "url_name", ["reviews:review-detail", "reviews:matrix", "reviews:outline", "reviews:audit-log"]
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_tab_items_are_what_the_includes_made(rf, request, review, who, url_name, language):
    from django.template import Context, engines
    from django.urls import resolve
    from django.utils import translation

    from reviews.templatetags.review_nav import review_tab, review_tabs

    engine = engines["django"].engine
    old = engine.__class__(
        libraries=engine.libraries,
        builtins=[],
        loaders=[("django.template.loaders.locmem.Loader", {"reviews/core/_review_tab.html": OLD_TAB})],
    ).from_string("{% load i18n review_nav %}" + OLD_ITEMS)
    new = engines["django"].from_string("{% load review_nav %}{% review_tab_items review tabs tab %}")
    path = reverse(url_name, args=[review.pk])
    page = rf.get(path)
    page.user, page.resolver_match = request.getfixturevalue(who), resolve(path)
    with translation.override(language):
        context = {"request": page, "review": review}
        context |= {"tab": review_tab(context), "tabs": review_tabs(context, review)}
        html = new.render(context, page)
        assert 'class="nav-link' in html
        assert html == old.render(Context(context))
