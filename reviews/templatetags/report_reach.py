"""`{% load report_reach %}{% issue_reach review %}`: who issuing a report round reaches,
and how (an account, an invitation, nobody). A page that issues a round, or confirms
it, shows it with this one line; it reads what it needs itself."""

from django import template

from reviews.reporting.selectors.report_rounds import issue_reach as issue_reach_get

register = template.Library()


@register.inclusion_tag("reviews/reporting/_issue_reach.html")
def issue_reach(review):
    return {"review": review, "reach": issue_reach_get(review)}
