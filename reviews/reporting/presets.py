"""The questions a review's first progress-report template starts with (marked for
translation; shown translated while unchanged, see reviews/core/presets.py)."""

from django.utils.translation import gettext_noop

from reviews.reporting.models import QuestionType

# (key, text, guidance, type, required, word limit, options). Keys never change: answers
# are stored by key, and later versions keep them.
DEFAULT_QUESTIONS = [
    (
        "progress",
        gettext_noop("Progress since the first VNR"),
        gettext_noop("What has changed since the first VNR? Give data: baseline, latest value and year."),
        QuestionType.RICH_TEXT,
        True,
        800,
        [],
    ),
    (
        "best_practices",
        gettext_noop("Best practices"),
        gettext_noop("Policies or programmes that worked and could be repeated elsewhere."),
        QuestionType.RICH_TEXT,
        False,
        500,
        [],
    ),
    (
        "innovative_ideas",
        gettext_noop("Innovative ideas"),
        gettext_noop("New approaches tried or planned."),
        QuestionType.RICH_TEXT,
        False,
        500,
        [],
    ),
    (
        "partnerships",
        gettext_noop("Partnerships"),
        gettext_noop("Work with civil society, the private sector and development partners."),
        QuestionType.RICH_TEXT,
        False,
        500,
        [],
    ),
    (
        "leave_no_one_behind",
        gettext_noop("Leaving no one behind"),
        gettext_noop("Which groups are at risk of being left behind, and what was done for them?"),
        QuestionType.RICH_TEXT,
        True,
        600,
        [],
    ),
    (
        "challenges",
        gettext_noop("Challenges and lessons learned"),
        gettext_noop("What slowed progress, and what was learned?"),
        QuestionType.RICH_TEXT,
        False,
        500,
        [],
    ),
    (
        "next_steps",
        gettext_noop("Next steps"),
        gettext_noop("What will be done next, by whom and by when?"),
        QuestionType.RICH_TEXT,
        False,
        400,
        [],
    ),
    (
        "indicators",
        gettext_noop("Indicators reported on"),
        gettext_noop("The SDG indicators this report gives data for."),
        QuestionType.INDICATORS,
        False,
        None,
        [],
    ),
    (
        "data_sources",
        gettext_noop("Data sources used"),
        gettext_noop("One row per source: the source, the indicator and the year of the data."),
        QuestionType.TABLE,
        False,
        None,
        [gettext_noop("Source"), gettext_noop("Indicator"), gettext_noop("Year")],
    ),
    (
        "evidence",
        gettext_noop("Evidence"),
        gettext_noop("Attach documents that support the report (PDF, DOCX, XLSX or CSV)."),
        QuestionType.FILE,
        False,
        None,
        [],
    ),
]

PRESET_TEXTS = frozenset(
    str(text)
    for _key, question, guidance, _type, _required, _limit, options in DEFAULT_QUESTIONS
    for text in (question, guidance, *options)
)
