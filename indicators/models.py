"""The global SDG framework: goals, targets and indicators with multilingual titles.

Titles are stored as {language code: text} (codes as in the framework file, e.g.
"zh-Hans"); `localized()` picks the user's language and falls back to English.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vnr_portal.common import languages
from vnr_portal.common.languages import pick_language


def localized(texts: dict, language: str | None = None) -> str:
    """Return the text of `texts` in `language` (default: active), else English, else any
    (`vnr_portal.common.languages.pick_language`)."""
    picked = pick_language(texts or {}, language or get_language() or "en")
    return picked.value if picked is not None else ""


def _anchor(kind: str, code: str) -> str:
    return f"{kind}-{code.replace('.', '-')}"


def has_language(texts: dict, language: str | None = None) -> bool:
    """Whether `texts` has its own text in `language` (default: active)."""
    return languages.has_language(texts or {}, language or get_language() or "en")


class LocalizedTitleMixin:
    @property
    def title_localized(self) -> str:
        return localized(self.title)

    @property
    def title_is_fallback(self) -> bool:
        """True when the active language has no title of its own (English is shown)."""
        return not has_language(self.title)


class Goal(LocalizedTitleMixin, models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.JSONField(_("title"), default=dict)
    short_title = models.JSONField(_("short title"), default=dict)

    class Meta:
        ordering = ["number"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return f"{self.number}. {localized(self.short_title) or localized(self.title)}"

    @property
    def code(self) -> str:
        return str(self.number)

    @property
    def short_title_localized(self) -> str:
        return localized(self.short_title)

    @property
    def short_title_is_fallback(self) -> bool:
        """True when the active language has no short title of its own (English is shown)."""
        return not has_language(self.short_title)


class Target(LocalizedTitleMixin, models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets", verbose_name=_("goal"))
    code = models.CharField(_("code"), max_length=10, unique=True)
    # Position in the framework's natural order (1.1 < 1.2 < 1.10 < 1.a).
    position = models.PositiveIntegerField(_("position"))
    title = models.JSONField(_("title"), default=dict)

    class Meta:
        ordering = ["position"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return self.code

    @property
    def anchor(self) -> str:
        """The id of the target on its goal's page ("target-1-a")."""
        return _anchor("target", self.code)


class Indicator(LocalizedTitleMixin, models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("target"))
    code = models.CharField(_("code"), max_length=12, unique=True)
    unsd_code = models.CharField(_("UNSD code"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("position"))
    title = models.JSONField(_("title"), default=dict)
    # Codes under which the same indicator repeats for other targets.
    repeated_as = models.JSONField(_("repeated as"), default=list, blank=True)

    class Meta:
        ordering = ["position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.code

    @property
    def anchor(self) -> str:
        """The id of the indicator on its goal's page ("indicator-1-5-1")."""
        return _anchor("indicator", self.code)

    @property
    def repeats(self) -> list[dict]:
        """The other codes of this indicator, each with the goal number its page lives under."""
        return [
            {"code": code, "goal_number": int(code.split(".")[0]), "anchor": _anchor("indicator", code)}
            for code in self.repeated_as or []
            if code.split(".")[0].isdigit()
        ]


# A country's data lives in the evidence package; Django loads an app's models from here.
from indicators.evidence.models import (  # noqa: E402  (after Goal, Target and Indicator, which they point at)
    DataSnapshot,
    NationalIndicator,
    NationalIndicatorKind,
    NationalTarget,
    Observation,
    Periodicity,
    ProgressOverride,
    Series,
    SeriesVersion,
    SnapshotVersion,
    SourceKind,
    SourceType,
)

__all__ = [
    "DataSnapshot",
    "Goal",
    "Indicator",
    "NationalIndicator",
    "NationalIndicatorKind",
    "NationalTarget",
    "Observation",
    "Periodicity",
    "ProgressOverride",
    "Series",
    "SeriesVersion",
    "SnapshotVersion",
    "SourceKind",
    "SourceType",
    "Target",
    "localized",
]
