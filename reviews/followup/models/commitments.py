"""The commitments register: the previous VNR's next steps, recommendations and
commitments, and their follow-up in the review that reports on them.

A `Commitment` belongs to the review that follows it up (the second VNR), with
`source_review` naming the VNR that made it (by default the review's `previous_review`):
its goals, targets and responsible ministries are that review's, so the focal points of
those ministries can update it. Each update is a `CommitmentUpdate` row: status, evidence
(the country's series by natural key, accepted ministry reports, documents, links) and
narrative, submitted by a focal point or a coordinator, then accepted or returned once by
a reviewer or coordinator. Updates are
never edited nor deleted (append-only, every write audited); what a commitment shows is
its latest accepted update.

A document is a `CommitmentDocument`: a file uploaded with an update (PDF, Word, Excel or
CSV, its type judged by content), kept privately and downloaded through a view that checks
who may see the commitment. It belongs to the commitment, is never changed nor deleted, and
the updates that cite it list it in `evidence_documents` (a later update may cite it again).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reviews.core.models import Review
from reviews.workspace.models import Ministry


class CommitmentKind(models.TextChoices):
    NEXT_STEP = "next_step", _("Next step")
    RECOMMENDATION = "recommendation", _("Recommendation")
    COMMITMENT = "commitment", _("Commitment")


class CommitmentStatus(models.TextChoices):
    DONE = "done", _("Done")
    IN_PROGRESS = "in_progress", _("In progress")
    NOT_STARTED = "not_started", _("Not started")
    DROPPED = "dropped", _("Dropped")
    REPLACED = "replaced", _("Replaced")


class UpdateState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class Commitment(models.Model):
    """One next step, recommendation or commitment of a previous VNR, followed up by `review`."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("review"))
    source_review = models.ForeignKey(
        Review,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments_made",
        verbose_name=_("made in"),
    )
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices, default=CommitmentKind.COMMITMENT)
    goals = models.ManyToManyField("indicators.Goal", blank=True, related_name="+", verbose_name=_("goals"))
    targets = models.ManyToManyField("indicators.Target", blank=True, related_name="+", verbose_name=_("targets"))
    ministries = models.ManyToManyField(
        Ministry, blank=True, related_name="commitments", verbose_name=_("responsible ministries")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(fields=["review", "text"], name="followup_commitment_unique_text"),
        ]

    def __str__(self):
        return self.text[:80]


class CommitmentDocument(models.Model):
    """A file given as evidence of a commitment's follow-up; append-only."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="documents", verbose_name=_("commitment")
    )
    # Stored under a name that says nothing of the user's; never served as plain media.
    file = models.FileField(_("file"), upload_to="followup/commitment-documents/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("commitment document")
        verbose_name_plural = _("commitment documents")

    def __str__(self):
        return self.name


class CommitmentUpdate(models.Model):
    """A status, evidence and narrative given for a commitment; decided once (append-only)."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="updates", verbose_name=_("commitment")
    )
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)
    replaced_by = models.ForeignKey(
        Commitment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    narrative = models.TextField(_("narrative"), blank=True)
    # The country's series by natural key: [{"indicator", "series", "unit", "unit_multiplier"}].
    evidence_series = models.JSONField(_("indicator series"), default=list, blank=True)
    evidence_links = models.JSONField(_("links"), default=list, blank=True)
    # Accepted ministry progress reports: [{"id", "label"}] (the label as it was chosen).
    evidence_reports = models.JSONField(_("ministry reports"), default=list, blank=True)
    evidence_documents = models.ManyToManyField(
        CommitmentDocument, blank=True, related_name="updates", verbose_name=_("documents")
    )
    state = models.CharField(_("state"), max_length=12, choices=UpdateState.choices, default=UpdateState.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("commitment update")
        verbose_name_plural = _("commitment updates")
        indexes = [models.Index(fields=["commitment", "state"], name="followup_update_state_idx")]

    def __str__(self):
        return f"{self.commitment_id}: {self.status} ({self.state})"

    @property
    def review_id(self):
        return self.commitment.review_id
