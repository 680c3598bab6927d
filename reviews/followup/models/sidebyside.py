"""The side-by-side view's chosen matches: which part of the first VNR a part of the
second is compared with, when the automatic match (Goal, kind, outline position) is not
the right one."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.drafting.models import Section


class SectionMatch(models.Model):
    """`section` (of the second VNR) is shown beside `previous_section` (of its previous review)."""

    section = models.OneToOneField(
        Section, on_delete=models.CASCADE, related_name="followup_match", verbose_name=_("section")
    )
    previous_section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="+", verbose_name=_("part of the first VNR")
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"), default=timezone.now)

    class Meta:
        verbose_name = _("side-by-side match")
        verbose_name_plural = _("side-by-side matches")

    def __str__(self):
        return f"{self.section_id} beside {self.previous_section_id}"
