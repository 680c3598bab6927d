from .contributions import (  # noqa: F401
    Classification,
    Contribution,
    ContributionAttachment,
    ContributionFlag,
    EngagementBaseline,
    Gender,
    ModeratorResponse,
    ResponseTemplate,
    SurveyResponse,
    Uptake,
    Visibility,
)
from .registry import (  # noqa: F401
    DEFAULT_CATEGORIES,
    ActivityParticipation,
    Contact,
    EngagementActivity,
    GroupMeeting,
    Organisation,
    StakeholderCategory,
    StandingGroup,
)
from .rounds import (  # noqa: F401
    ConductAcceptance,
    ConsultationRound,
    ContributorBlock,
    ContributorProfile,
    Portal,
    RoundDocument,
    RoundInvitation,
    RoundQuestion,
)
