"""The follow-up's models, a module per feature (Django loads them through reviews.models)."""

from reviews.followup.models.carryover import PastReviewContent
from reviews.followup.models.commitments import (
    Commitment,
    CommitmentDocument,
    CommitmentKind,
    CommitmentStatus,
    CommitmentUpdate,
    UpdateState,
)
from reviews.followup.models.selfassessment import (
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentQuestion,
    SelfAssessmentRespondent,
)
from reviews.followup.models.sidebyside import SectionMatch
from reviews.followup.models.strategy import NationalStrategy, SectorReview, StrategyPillar, StrategyPriority

__all__ = [
    "Commitment",
    "CommitmentDocument",
    "CommitmentKind",
    "CommitmentStatus",
    "CommitmentUpdate",
    "NationalStrategy",
    "PastReviewContent",
    "SectionMatch",
    "SectorReview",
    "SelfAssessment",
    "SelfAssessmentAnswer",
    "SelfAssessmentQuestion",
    "SelfAssessmentRespondent",
    "StrategyPillar",
    "StrategyPriority",
    "UpdateState",
]
