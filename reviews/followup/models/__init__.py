"""The follow-up's models, a module per feature (Django loads them through reviews.models)."""

from .selfassessment import SelfAssessment, SelfAssessmentAnswer, SelfAssessmentQuestion, SelfAssessmentRespondent
from .strategy import NationalStrategy, SectorReview, StrategyPillar, StrategyPriority

__all__ = [
    "NationalStrategy",
    "SectorReview",
    "SelfAssessment",
    "SelfAssessmentAnswer",
    "SelfAssessmentQuestion",
    "SelfAssessmentRespondent",
    "StrategyPillar",
    "StrategyPriority",
]
