"""Every model of the reviews app, gathered from its feature packages.

Django loads an app's models from this module; the classes live beside the code that
uses them (core, workspace, drafting, reporting, publishing). Import from here or from
the feature's own `models` module.
"""

from reviews.core.models import (
    REPORT_LANGUAGES,
    AuditEntry,
    Country,
    MemberRole,
    Membership,
    Notification,
    Review,
    Stage,
    VoteMajority,
)
from reviews.drafting.models import (
    Ballot,
    BallotChoice,
    CouncilVote,
    Section,
    SectionComment,
    SectionDecision,
    SectionImage,
    SectionKind,
    SectionPresence,
    SectionRevision,
    SectionStatus,
    SectionTranslation,
    VoteOutcome,
)
from reviews.evidence.models import ImportJob, ImportJobStatus
from reviews.followup.models import SectionMatch
from reviews.publishing.models import Edition, EditionFormat, EditionStatus
from reviews.reporting.models import (
    FILLABLE_STATUSES,
    ProgressReport,
    QuestionType,
    ReportAnswer,
    ReportAttachment,
    ReportIncorporation,
    ReportingRound,
    ReportQuestionComment,
    ReportStatus,
    ReportSubmission,
    ReportTemplate,
    TemplateQuestion,
)
from reviews.workspace.models import (
    GoalAssignment,
    GoalRole,
    Invitation,
    Milestone,
    Ministry,
    Task,
    _new_nonce,  # migration 0001 names reviews.models._new_nonce
)

__all__ = [
    "SectionMatch",
    "FILLABLE_STATUSES",
    "REPORT_LANGUAGES",
    "AuditEntry",
    "Ballot",
    "BallotChoice",
    "Country",
    "CouncilVote",
    "Edition",
    "EditionFormat",
    "EditionStatus",
    "GoalAssignment",
    "GoalRole",
    "ImportJob",
    "ImportJobStatus",
    "Invitation",
    "Membership",
    "MemberRole",
    "Milestone",
    "Ministry",
    "Notification",
    "ProgressReport",
    "QuestionType",
    "ReportAnswer",
    "ReportAttachment",
    "ReportIncorporation",
    "ReportingRound",
    "ReportQuestionComment",
    "ReportStatus",
    "ReportSubmission",
    "ReportTemplate",
    "Review",
    "Section",
    "SectionComment",
    "SectionDecision",
    "SectionImage",
    "SectionKind",
    "SectionPresence",
    "SectionRevision",
    "SectionStatus",
    "SectionTranslation",
    "Stage",
    "Task",
    "TemplateQuestion",
    "VoteMajority",
    "VoteOutcome",
    "_new_nonce",
]
