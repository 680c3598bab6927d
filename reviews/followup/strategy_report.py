"""The sector reviews in the report: the annex "References: sector reviews" (registered by
`ReviewsConfig.ready()`)."""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from reviews.followup.selectors.strategy import sector_reviews_for


def sector_reviews_annex(review) -> list[tuple[str, SafeString]]:
    """Every sector review of `review` with the goals it informs (two queries)."""
    items = sector_reviews_for(review)
    if not items:
        return []
    html = render_to_string(
        "reviews/followup/_sector_reviews_list.html", {"sector_reviews": items, "links": False, "actions": False}
    )
    return [(_("References: sector reviews"), html)]  # a SafeString: autoescaped template
