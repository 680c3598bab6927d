"""The demo's self-assessment, national strategy and sector reviews for Aurelia's second
VNR (called by `seed_demo`; idempotent: what exists already is left as it is)."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from reviews.core.models import Review
from reviews.followup.models.selfassessment import SelfAssessment
from reviews.followup.models.strategy import NationalStrategy, SectorReview, StrategyPillar, StrategyPriority
from reviews.followup.services import selfassessment as assessments
from reviews.followup.services import strategy as strategies

FIRST_VNR_ARRANGEMENTS = (
    "For the first VNR, an inter-ministerial SDG committee chaired by the Ministry of Planning met four "
    "times in 2019. The statistical office joined from the second meeting; parliament and the regions "
    "were informed but did not take part; civil society was consulted once."
)
# Each respondent group's answers: the score of each question in turn (None: "don't know").
SCORES = {
    "role:editor": [4, 3, 2, 4, 3, 1, 2, 3, 1, 2],
    "role:reviewer": [5, 4, 3, 4, 4, 2, None, 3, 2, 3],
    "role:statistician": [4, 3, 2, 3, 2, 1, 1, 2, 1, 2],
    "role:council_member": [5, 4, 4, 5, 3, 2, 2, 4, 2, 3],
    "focal_points": [3, 3, 2, 3, 3, None, 1, 2, 1, 2],
}
COMMENTS = {
    0: "The mandate came from a cabinet decision but was never published.",
    5: "Parliament only received the final report.",
    8: "No budget line followed the committee's recommendations.",
}
PILLARS = [
    (
        "People: no one left behind",
        [("End extreme poverty", ["1.1", "1.2", "1.3"]), ("Health for all", ["3.1", "3.2", "3.8"])],
    ),
    ("Prosperity and decent work", [("Jobs for young people", ["8.5", "8.6"]), ("Resilient infrastructure", ["9.1"])]),
    ("Planet: a green Aurelia", [("Clean water", ["6.1", "6.2"]), ("Climate action", ["13.1", "13.2"])]),
]
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def seed_followup_selfassessment_and_strategy(review: Review, coordinator) -> None:
    _selfassessment(review, coordinator)
    _strategy(review, coordinator)
    _sector_reviews(review, coordinator)


def _selfassessment(review, coordinator) -> None:
    if SelfAssessment.objects.filter(review=review).exists():
        return
    today = timezone.localdate()
    assessment = assessments.selfassessment_create(
        actor=coordinator,
        review=review,
        opens_on=today - datetime.timedelta(days=14),
        closes_on=today + datetime.timedelta(days=30),
        first_vnr_arrangements=FIRST_VNR_ARRANGEMENTS,
    )
    keys = [key for key, _label, _users in assessments.invitable_groups(review) if key != "role:coordinator"]
    assessments.respondents_invite(actor=coordinator, assessment=assessment, group_keys=keys)
    questions = list(assessment.questions.all())
    for respondent in assessment.respondents.select_related("user"):
        scores = SCORES.get(respondent.group)
        if scores is None:
            continue
        answers = {q.pk: (scores[n], COMMENTS.get(n, "")) for n, q in enumerate(questions)}
        assessments.selfassessment_answer(actor=respondent.user, assessment=assessment, answers=answers, today=today)


def _strategy(review, coordinator) -> None:
    if NationalStrategy.objects.filter(review=review).exists():
        return
    from indicators.models import Target

    strategy = strategies.strategy_save(
        actor=coordinator, review=review, name="Aurelia Vision 2035", start_year=2021, end_year=2035
    )
    # Only the targets the loaded framework knows (a test may load the Goals alone).
    known = set(Target.objects.values_list("code", flat=True))
    for name, priorities in PILLARS:
        pillar = strategies.pillar_save(actor=coordinator, strategy=strategy, pillar=StrategyPillar(name=name))
        for priority_name, codes in priorities:
            strategies.priority_save(
                actor=coordinator,
                pillar=pillar,
                priority=StrategyPriority(name=priority_name),
                target_codes=[code for code in codes if code in known],
            )


def _sector_reviews(review, coordinator) -> None:
    from indicators.models import Goal

    goals = {goal.number: goal for goal in Goal.objects.filter(number__in=[3, 4, 6])}
    if not SectorReview.objects.filter(review=review, title="Health Sector Review 2024").exists():
        strategies.sector_review_add(
            actor=coordinator,
            review=review,
            title="Health Sector Review 2024",
            sector="Health",
            year=2024,
            goals=[goals[3]],
            file=ContentFile(PDF_BYTES, name="health-sector-review-2024.pdf"),
        )
    if not SectorReview.objects.filter(review=review, title="Joint Education and Water Sector Review").exists():
        strategies.sector_review_add(
            actor=coordinator,
            review=review,
            title="Joint Education and Water Sector Review",
            sector="Education; water and sanitation",
            year=2025,
            goals=[goals[4], goals[6]],
            link="https://example.org/aurelia/sector-review-2025",
        )
