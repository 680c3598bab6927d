from django import template
from django.urls import NoReverseMatch
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from reviews.core.navigation import tabs_for
from vnr_portal.common.reversing import remembered_reverse

register = template.Library()

# Which tab of a review's navigation each page belongs to, by URL name prefix.
TABS = [
    ("outline", "draft"),
    ("section", "draft"),
    ("main-messages", "draft"),
    ("vote", "draft"),
    ("report", "reports"),
    ("my-reports", "reports"),
    ("edition", "publish"),
    ("ministry", "ministries"),
    ("matrix", "matrix"),
    ("member", "members"),
    ("invitation", "members"),
    ("audit", "audit"),
    ("evidence", "evidence"),
    ("followup", "followup"),
    # Stakeholder engagement (the stakeholders app's staff pages).
    ("engagement", "engagement"),
    ("organisation", "engagement"),
    ("group", "engagement"),
    ("activity", "engagement"),
    ("round", "engagement"),
    ("moderation", "engagement"),
    ("uptake", "engagement"),
    ("inclusiveness", "engagement"),
]


@register.simple_tag(takes_context=True)
def review_tab(context) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    name = match.url_name if match else ""
    return next((tab for prefix, tab in TABS if name.startswith(prefix)), "planner")


@register.simple_tag(takes_context=True)
def review_tabs(context, review) -> frozenset[str]:
    """The tabs the signed-in person may open in `review` (`reviews.core.navigation`)."""
    request = context.get("request")
    return tabs_for(getattr(request, "user", None), review)


# The tabs in their order: (tab, the URL name of its page, its label).
TAB_LINKS = [
    ("planner", "reviews:review-detail", _("Cycle planner")),
    ("draft", "reviews:outline", _("Draft")),
    ("reports", "reviews:reports", _("Reports")),
    ("publish", "reviews:editions", _("Publish")),
    ("evidence", "reviews:evidence", _("Data")),
    ("followup", "reviews:followup", _("Follow-up")),
    ("engagement", "stakeholders:engagement", _("Engagement")),
    ("ministries", "reviews:ministry-list", _("Ministries")),
    ("matrix", "reviews:matrix", _("Role matrix")),
    ("members", "reviews:members", _("Members")),
    ("audit", "reviews:audit-log", _("Audit log")),
]
ACTIVE = mark_safe(' aria-current="page"')


@register.simple_tag(takes_context=True)
def review_tab_items(context, review, tabs, tab) -> str:
    """The items of the review's tab bar that `tabs` lists, `tab` active: the markup the
    template made with an include per tab, written here (every page of a review has it)."""
    request = context.get("request")
    path = getattr(request, "path", None)
    lines = []
    for name, url_name, label in TAB_LINKS:
        item = ""
        if name in tabs:
            try:
                href = remembered_reverse(url_name, [review.pk])
            except NoReverseMatch:
                href = ""
            if href:
                active = tab == name
                item = format_html(
                    '<li class="nav-item"><a class="nav-link{}"{} href="{}">{}</a></li>\n',
                    " active" if active else "",
                    ACTIVE if active and path == href else "",
                    href,
                    label,
                )
        lines.append(f"    {item}\n")
    return mark_safe("".join(lines))  # the texts escaped by format_html
