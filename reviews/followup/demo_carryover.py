"""Demo content of the carry-over: what the first VNRs (made outside the portal) say of
themselves, as recording them with the short form would have kept it. Used by `seed_demo`;
idempotent."""

from reviews.core.models import Review
from reviews.followup.models.carryover import PastReviewContent

FIRST_VNR_CHAPTERS = [
    "Opening statement",
    "Introduction",
    "Methodology and process of preparation of the review",
    "Policy and enabling environment",
    "Progress on goals and targets",
    "Means of implementation",
    "Conclusion and next steps",
]

# The twelve commitments the demo's second VNR follows up.
FIRST_VNR_COMMITMENTS = [
    "Set up a national SDG council chaired by the Prime Minister's office",
    "Integrate the SDGs into the next national development plan",
    "Publish an SDG data portal with the national statistics office",
    "Run a household survey disaggregated by disability",
    "Halve the share of households without safe drinking water",
    "Extend free primary health care to all rural districts",
    "Raise secondary school completion for girls",
    "Adopt a national climate adaptation strategy",
    "Tag the budget to the SDGs",
    "Create a standing stakeholder platform for civil society",
    "Localise the SDGs with the five regional governments",
    "Report to parliament on progress every year",
]


def seed_first_vnr_content(review: Review) -> PastReviewContent:
    """The chapters and commitments of a recorded first VNR (created once)."""
    content, _created = PastReviewContent.objects.get_or_create(
        review=review,
        defaults={"chapters": list(FIRST_VNR_CHAPTERS), "commitments": list(FIRST_VNR_COMMITMENTS)},
    )
    return content
