"""What was typed when a first VNR made outside the portal was recorded."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.core.models import Review


class PastReviewContent(models.Model):
    """The chapters and commitments of a recorded past review, one line each.

    The commitments register (follow-up) takes the commitments from here.
    """

    review = models.OneToOneField(
        Review, on_delete=models.CASCADE, related_name="past_content", verbose_name=_("review")
    )
    chapters = models.JSONField(_("chapters"), default=list, blank=True)
    commitments = models.JSONField(_("commitments"), default=list, blank=True)

    class Meta:
        verbose_name = _("content of a recorded review")
        verbose_name_plural = _("contents of recorded reviews")

    def __str__(self):
        return str(self.review)
