from django import template

from reviews.core.navigation import tabs_for

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
