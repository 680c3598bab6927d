"""A country's indicator data: national indicators, series, their versions and
observations, national targets, and the dated snapshots that reviews take of them.

Design decisions (see also docs/architecture.md, "Evidence"):

* **Keyed by country code.** `indicators` imports no other app, so data belongs to a
  country through its ISO 3166 alpha-3 code (`country = "GBR"`); `reviews` joins on
  `Country.iso3`.
* **National indicators are their own model.** A code outside the global framework — a
  proxy such as 8.3.1.1 or 1.3.1.a, a national-only indicator, a code retired from the
  framework — means something only in its country (two countries' 8.3.1.1 are different
  indicators), while `Indicator` rows are the UN's, loaded and refreshed from the framework
  file and shared by every country. So `NationalIndicator` is per country and points at
  the global indicator it stands in for when there is one; a series points at exactly one
  of the two (a check constraint).
* **Versions make snapshots cheap and frozen.** Observations hang off an immutable
  `SeriesVersion`; an import that changes a series writes a new version and moves
  `Series.current_version` to it. A `DataSnapshot` references the versions that were
  current when it was taken (one row per series, not a copy of every observation), and a
  version a snapshot holds is never deleted (`on_delete=PROTECT`), so a later re-import
  can never change a snapshot's figures. Versions no snapshot holds are deleted when they
  stop being current, so an unsnapshotted country keeps one copy of its data.
* **Values are floats.** Published files already carry binary floating-point noise
  (`1289.8530000000003`), SQLite would store a DecimalField as a float anyway, and the
  progress assessment computes in floats; a double keeps 15-17 significant digits, more
  than any statistic has, and `repr()` writes back the exact figure read, so exports
  import back equal.
* **Disaggregations are a JSON dict** of {column as written: value as written}, the empty
  (total) ones left out, so `{}` is the headline figure. A JSONField filters in SQL on
  SQLite and PostgreSQL alike (`disaggregation__Sex="Female"`) without a table of
  dimension rows that every read would join. `key` (a hash of the sorted dict) makes
  (version, period, key) unique without indexing the JSON itself. The SDMX codes known for
  those values sit beside them in `sdmx` ({"SEX": "F"}).
"""

import hashlib
import json

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator, Target
from indicators.progress import Category, Polarity

country_code_validator = RegexValidator(
    r"\A[A-Z]{3}\Z", _("Enter the country's ISO 3166 alpha-3 code: three capital letters, such as GBR.")
)


def country_field():
    return models.CharField(
        _("country"),
        max_length=3,
        validators=[country_code_validator],
        help_text=_("ISO 3166 alpha-3 code, such as GBR."),
    )


def disaggregation_key(disaggregation: dict) -> str:
    """A fixed-length digest of a disaggregation dict, the same whatever the key order."""
    text = json.dumps(disaggregation, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class NationalIndicatorKind(models.TextChoices):
    PROXY = "proxy", _("Proxy for a global indicator")
    NATIONAL = "national", _("National only")
    RETIRED = "retired", _("Retired from the global framework")


class NationalIndicator(models.Model):
    country = country_field()
    code = models.CharField(_("code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=NationalIndicatorKind.choices)
    # The global indicator a proxy stands for (8.3.1 for 8.3.1.1), when it exists.
    global_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="national_indicators",
        verbose_name=_("global indicator"),
    )
    target = models.ForeignKey(
        Target,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="national_indicators",
        verbose_name=_("target"),
    )
    title = models.JSONField(_("title"), default=dict, blank=True)
    # indicator_sort_key(code): 1.2.1 < 1.10.1 < 1.a.1.
    sort_key = models.CharField(_("sort key"), max_length=40, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["country", "sort_key"]
        verbose_name = _("national indicator")
        verbose_name_plural = _("national indicators")
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="evidence_national_indicator_unique_code"),
        ]

    def __str__(self):
        return f"{self.country} {self.code}"


class SourceType(models.TextChoices):
    OFFICIAL = "official", _("Official statistics")
    ALTERNATIVE = "alternative", _("Alternative source")


class SourceKind(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative records")
    SURVEY = "survey", _("Survey")
    CENSUS = "census", _("Census")
    GEOSPATIAL = "geospatial", _("Geospatial data")
    CITIZEN_GENERATED = "citizen_generated", _("Citizen-generated data")
    OTHER = "other", _("Other")


class Periodicity(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    BIENNIAL = "biennial", _("Every two years")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")
    MULTI_YEAR = "multi_year", _("Every few years")
    IRREGULAR = "irregular", _("Irregular")


class Series(models.Model):
    """One national series of an indicator: what a file calls a series in one unit."""

    country = country_field()
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_series",
        verbose_name=_("global indicator"),
    )
    national_indicator = models.ForeignKey(
        NationalIndicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="series",
        verbose_name=_("national indicator"),
    )
    # The code of whichever of the two it is, for ordering and summaries without a join.
    indicator_code = models.CharField(_("indicator code"), max_length=20)
    indicator_sort_key = models.CharField(_("indicator sort key"), max_length=40, editable=False)
    # As the source writes it: an SDMX series code (SI_POV_DAY1) or an Open SDG label
    # ("Maternal mortality rate"); empty when the file does not name series.
    code = models.CharField(_("series"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    unit_code = models.CharField(_("SDMX unit code"), max_length=40, blank=True)
    # A power of ten: 3 means the values are thousands.
    unit_multiplier = models.SmallIntegerField(_("unit multiplier"), default=0)
    source_organisation = models.CharField(_("source organisation"), max_length=300, blank=True)
    source_type = models.CharField(
        _("source type"), max_length=12, choices=SourceType.choices, default=SourceType.OFFICIAL
    )
    source_kind = models.CharField(_("kind of source"), max_length=20, choices=SourceKind.choices, blank=True)
    periodicity = models.CharField(_("periodicity"), max_length=12, choices=Periodicity.choices, blank=True)
    definition = models.TextField(_("definition"), blank=True)
    method = models.TextField(_("method of computation"), blank=True)
    last_release = models.DateField(_("last release"), null=True, blank=True)
    next_release = models.DateField(_("next release"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    # Which way is progress: needed by the assessment, which leaves a series without it out.
    polarity = models.CharField(
        _("desired direction"),
        max_length=8,
        choices=Polarity.choices,
        blank=True,
        help_text=_("Whether a higher or a lower value is progress. Series without it are not assessed."),
    )
    current_version = models.ForeignKey(
        "SeriesVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["country", "indicator_sort_key", "code", "unit"]
        verbose_name = _("series")
        verbose_name_plural = _("series")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "indicator_code", "code", "unit", "unit_multiplier"],
                name="evidence_series_unique_key",
            ),
            models.CheckConstraint(
                condition=Q(indicator__isnull=False, national_indicator__isnull=True)
                | Q(indicator__isnull=True, national_indicator__isnull=False),
                name="evidence_series_one_indicator",
            ),
        ]
        indexes = [models.Index(fields=["country", "indicator_sort_key"], name="evidence_series_country_idx")]

    def __str__(self):
        parts = [self.country, self.indicator_code, self.code, self.unit]
        return " · ".join(part for part in parts if part)


class SeriesVersion(models.Model):
    """The observations of a series as one import wrote them; never changed afterwards."""

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="versions", verbose_name=_("series"))
    number = models.PositiveIntegerField(_("number"))
    imported_at = models.DateTimeField(_("imported at"))
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    # SHA-256 of the observations in a canonical form: an import of the same figures
    # writes no new version.
    content_hash = models.CharField(_("content hash"), max_length=64)
    observation_count = models.PositiveIntegerField(_("observations"))

    class Meta:
        ordering = ["series", "number"]
        verbose_name = _("series version")
        verbose_name_plural = _("series versions")
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="evidence_series_version_unique_number"),
        ]

    def __str__(self):
        return f"{self.series} v{self.number}"


class Observation(models.Model):
    version = models.ForeignKey(
        SeriesVersion, on_delete=models.CASCADE, related_name="observations", verbose_name=_("version")
    )
    period = models.CharField(_("period"), max_length=40)
    year = models.SmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    disaggregation = models.JSONField(_("disaggregation"), default=dict, blank=True)
    key = models.CharField(_("disaggregation key"), max_length=32)
    sdmx = models.JSONField(_("SDMX codes"), default=dict, blank=True)
    status = models.CharField(_("observation status"), max_length=100, blank=True)
    status_code = models.CharField(_("SDMX observation status"), max_length=4, blank=True)
    footnote = models.TextField(_("footnote"), blank=True)
    attributes = models.JSONField(_("other attributes"), default=dict, blank=True)

    class Meta:
        ordering = ["version", "year", "period", "key"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(fields=["version", "period", "key"], name="evidence_observation_unique_key"),
        ]
        indexes = [models.Index(fields=["version", "year"], name="evidence_obs_version_year_idx")]

    def __str__(self):
        return f"{self.period}: {self.value}"


class NationalTarget(models.Model):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="targets", verbose_name=_("series"))
    year = models.SmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["series", "year"]
        verbose_name = _("national target")
        verbose_name_plural = _("national targets")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="evidence_target_unique_year")]

    def __str__(self):
        return f"{self.series}: {self.value} by {self.year}"


class DataSnapshot(models.Model):
    """The data a review used, as of `taken_at`: the series versions current then."""

    country = country_field()
    label = models.CharField(_("label"), max_length=200)
    taken_at = models.DateTimeField(_("taken at"))
    versions = models.ManyToManyField(
        SeriesVersion, through="SnapshotVersion", related_name="snapshots", verbose_name=_("series versions")
    )

    class Meta:
        ordering = ["country", "-taken_at"]
        verbose_name = _("data snapshot")
        verbose_name_plural = _("data snapshots")

    def __str__(self):
        return f"{self.country} {self.label} ({self.taken_at:%Y-%m-%d})"


class SnapshotVersion(models.Model):
    snapshot = models.ForeignKey(DataSnapshot, on_delete=models.CASCADE, related_name="+")
    # PROTECT: the figures a snapshot holds must outlive any re-import.
    version = models.ForeignKey(SeriesVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("series version of a snapshot")
        verbose_name_plural = _("series versions of snapshots")
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "version"], name="evidence_snapshot_version_unique"),
        ]

    def __str__(self):
        return f"{self.snapshot_id}: {self.version_id}"


class ProgressOverride(models.Model):
    """A statistician's judgement of a series' progress category, beside the computed one.

    Append-only: a new judgement (or its withdrawal, `category` empty) is a new row and the
    latest row of a (series, baseline year) counts; rows are never changed or deleted while
    the series exists, so the history of who overrode what, when and why is kept.
    """

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="progress_overrides", verbose_name=_("series")
    )
    # 2015, or the year of the first VNR: the two assessments a second VNR shows.
    baseline_year = models.SmallIntegerField(_("assessed since"))
    category = models.CharField(
        _("category"),
        max_length=24,
        choices=Category.choices,
        blank=True,
        help_text=_("Empty: back to the computed one."),
    )
    computed_category = models.CharField(_("computed category"), max_length=24, choices=Category.choices)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["series", "baseline_year", "-created_at", "-pk"]
        verbose_name = _("progress override")
        verbose_name_plural = _("progress overrides")
        indexes = [models.Index(fields=["series", "baseline_year", "-created_at"], name="evidence_override_latest_idx")]

    def __str__(self):
        return f"{self.series}: {self.category or self.computed_category} since {self.baseline_year}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A progress override is never changed: record a new one.")
        super().save(*args, **kwargs)
