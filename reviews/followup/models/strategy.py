"""The national development strategy (its pillars and priorities, each priority linked to
SDG targets) and the sector review reports that inform the goals."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Goal, Target
from reviews.core.models import Review


class NationalStrategy(models.Model):
    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="national_strategy", verbose_name=_("review")
    )
    name = models.CharField(_("name"), max_length=300)
    start_year = models.PositiveSmallIntegerField(_("from"))
    end_year = models.PositiveSmallIntegerField(_("to"))

    class Meta:
        verbose_name = _("national development strategy")
        verbose_name_plural = _("national development strategies")

    def __str__(self):
        return self.name

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The strategy cannot end before it starts.")})


class StrategyPillar(models.Model):
    strategy = models.ForeignKey(
        NationalStrategy, on_delete=models.CASCADE, related_name="pillars", verbose_name=_("strategy")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")

    def __str__(self):
        return self.name


class StrategyPriority(models.Model):
    pillar = models.ForeignKey(
        StrategyPillar, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("pillar")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=300)
    targets = models.ManyToManyField(Target, blank=True, related_name="+", verbose_name=_("SDG targets"))

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")

    def __str__(self):
        return self.name


class SectorReview(models.Model):
    """A sector review report (a file or a link) and the goals it informs."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="sector_reviews", verbose_name=_("review")
    )
    title = models.CharField(_("title"), max_length=300)
    sector = models.CharField(_("sector"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    file = models.FileField(_("file"), upload_to="followup/sector-reviews/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="+", verbose_name=_("goals it informs"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("added by")
    )

    class Meta:
        ordering = ["-year", "title", "pk"]
        verbose_name = _("sector review")
        verbose_name_plural = _("sector reviews")

    def __str__(self):
        return self.title
