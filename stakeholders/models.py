"""Every model of the stakeholders app, gathered from its feature packages.

Django loads an app's models from this module; the classes live beside the code that
uses them (registry, rounds, portal, moderation, inclusiveness; uptake decisions are
fields of a portal Contribution). Import from here or from the feature's own `models`
module.
"""

from stakeholders.inclusiveness.models import EngagementBaseline, SurveyResponse
from stakeholders.moderation.models import ContributorBlock, ModeratorResponse, ResponseTemplate
from stakeholders.portal.models import (
    Classification,
    ConductAcceptance,
    Contribution,
    ContributionAttachment,
    ContributionFlag,
    ContributorProfile,
    Gender,
    Portal,
    Uptake,
    Visibility,
)
from stakeholders.registry.models import (
    DEFAULT_CATEGORIES,
    ActivityParticipation,
    Contact,
    EngagementActivity,
    GroupMeeting,
    Organisation,
    StakeholderCategory,
    StandingGroup,
)
from stakeholders.rounds.models import (
    ConsultationRound,
    RoundDocument,
    RoundInvitation,
    RoundPublicVersion,
    RoundQuestion,
    _new_token,  # migration 0001 names stakeholders.models._new_token
)

__all__ = [
    "DEFAULT_CATEGORIES",
    "ActivityParticipation",
    "Classification",
    "ConductAcceptance",
    "ConsultationRound",
    "Contact",
    "Contribution",
    "ContributionAttachment",
    "ContributionFlag",
    "ContributorBlock",
    "ContributorProfile",
    "EngagementActivity",
    "EngagementBaseline",
    "Gender",
    "GroupMeeting",
    "ModeratorResponse",
    "Organisation",
    "Portal",
    "ResponseTemplate",
    "RoundDocument",
    "RoundPublicVersion",
    "RoundInvitation",
    "RoundQuestion",
    "StakeholderCategory",
    "StandingGroup",
    "SurveyResponse",
    "Uptake",
    "Visibility",
    "_new_token",
]
