"""The presets a new review starts with: the UN's milestones and the VNR Handbook's
checklist (marked for translation; shown translated while unchanged, see
reviews/core/presets.py)."""

from django.utils.translation import gettext_noop

from reviews.core.models import Stage

# The UN's usual calendar for a VNR presented at the HLPF in July of `year`; every date
# stays editable on the review page. (kind, title, (month, day, year offset))
MILESTONE_PRESETS = [
    ("letter_of_intent", gettext_noop("Letter of intent to the UN"), (10, 31, -1)),
    ("main_messages", gettext_noop("Main messages due"), (5, 15, 0)),
    ("report", gettext_noop("Report due"), (6, 15, 0)),
    ("presentation", gettext_noop("Presentation at the HLPF"), (7, 15, 0)),
]

# The VNR Handbook's preparation steps, with the stage each belongs to and how many
# weeks before the report's due date it should be done.
HANDBOOK_TASKS = [
    (Stage.PREPARATION, gettext_noop("Confirm the coordination mechanism and the VNR focal point"), 36),
    (Stage.PREPARATION, gettext_noop("Agree a roadmap and timeline for the review"), 34),
    (Stage.PREPARATION, gettext_noop("Assign each goal a lead ministry (role matrix)"), 32),
    (Stage.PREPARATION, gettext_noop("Map stakeholders and plan their engagement"), 30),
    (Stage.PREPARATION, gettext_noop("Review the first VNR's commitments and recommendations"), 30),
    (Stage.PREPARATION, gettext_noop("Take stock of data: sources, gaps, baselines from the first VNR"), 28),
    (Stage.PREPARATION, gettext_noop("Mobilise resources and budget for the review"), 28),
    (Stage.DRAFTING, gettext_noop("Collect ministry progress reports"), 20),
    (Stage.DRAFTING, gettext_noop("Write the first full draft"), 14),
    (Stage.CONSULTATION, gettext_noop("Consult stakeholders on the draft"), 10),
    (Stage.DRAFTING, gettext_noop("Draft the main messages"), 6),
    (Stage.APPROVAL, gettext_noop("Have the report approved by the council or cabinet"), 2),
    (Stage.PUBLICATION, gettext_noop("Submit the report and prepare the presentation"), 0),
]

PRESET_MILESTONE_TITLES = frozenset(title for _kind, title, _date in MILESTONE_PRESETS)
PRESET_TASK_TITLES = frozenset(title for _stage, title, _weeks in HANDBOOK_TASKS)
