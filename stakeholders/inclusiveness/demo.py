"""Demo content of inclusiveness (seed_demo): the first VNR's engagement entered beside
the second's — who took part by category and what the participants said (and its totals
when none are entered). Idempotent."""

from .models import EngagementBaseline
from .services import baseline_save

FIRST_ENGAGEMENT = {
    "participants": 180,
    "contributions": 240,
    "organisations": 35,
    "felt_heard_percent": 41,
    "source": "First VNR, annex 3: stakeholder engagement",
    "by_category": [
        {"name": "Civil society organisations", "participants": 70},
        {"name": "Youth", "participants": 25},
        {"name": "Private sector", "participants": 40},
        {"name": "Academia", "participants": 45},
    ],
    "feedback": (
        "Participants welcomed the regional workshops but said the consultation came late, when the report was "
        "nearly written, and that persons with disabilities and rural women were hardly reached."
    ),
}


def seed_first_engagement(review, *, actor):
    """Enter the first VNR's engagement for `review`: who took part by category and what
    they said, beside the figures already entered (the consultation's demo enters them),
    or with the figures above when none are; left alone once entered."""
    baseline = EngagementBaseline.objects.filter(review=review).first()
    if baseline is not None and (baseline.by_category or baseline.feedback):
        return baseline
    figures = dict(FIRST_ENGAGEMENT)
    if baseline is not None:
        for name in ("participants", "contributions", "organisations", "felt_heard_percent", "source"):
            figures[name] = getattr(baseline, name)
    return baseline_save(actor=actor, review=review, **figures)
