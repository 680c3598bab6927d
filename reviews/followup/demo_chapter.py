"""Demo content of the generated chapter (seed_demo): the second VNR's chapter "From the
first to the second VNR", generated once from what the demo holds. Idempotent: a chapter
with text already keeps it (and its editors' changes)."""

from reviews.followup.selectors.chapter import chapter_is_generated, chapter_section_get
from reviews.followup.services.chapter import chapter_generate


def seed_chapter(review, *, actor):
    """Generate `review`'s chapter unless it has one; call it after the rest of the demo's
    follow-up (commitments, self-assessment, engagement), so that the chapter shows them."""
    section = chapter_section_get(review)
    if not chapter_is_generated(section) and review.previous_review_id is not None:
        section = chapter_generate(actor=actor, review=review)
    return section
