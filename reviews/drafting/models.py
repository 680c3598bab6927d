"""The draft of a review's report: its outline of sections, their revisions, images,
comments and decisions, the council's vote, notifications and presence."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from indicators.models import Goal
from reviews import rules as perms
from reviews.core.models import Review


class SectionKind(models.TextChoices):
    """The parts of a VNR as the UN VNR Handbook recommends them."""

    OPENING = "opening", _("Opening statement")
    HIGHLIGHTS = "highlights", _("Highlights")
    INTRODUCTION = "introduction", _("Introduction")
    METHODOLOGY = "methodology", _("Methodology and process of preparation")
    POLICY = "policy", _("Policy and enabling environment")
    GOAL = "goal", _("Progress on a goal")
    MEANS = "means", _("Means of implementation")
    FIRST_TO_SECOND = "first_to_second", _("From the first to the second VNR")
    CONCLUSION = "conclusion", _("Conclusion and next steps")
    ANNEX = "annex", _("Annex")
    MAIN_MESSAGES = "main_messages", _("Main messages")
    OTHER = "other", _("Other")


class SectionStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")


class Section(RulesModel):
    """A chapter (or sub-chapter: two levels) of the report, or the main messages.

    `content` is the sanitized HTML of the latest revision, `version` its number: a save
    based on an older version is refused rather than overwriting someone else's text.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sections", verbose_name=_("review"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=SectionKind.choices, default=SectionKind.OTHER)
    goal = models.ForeignKey(
        Goal, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("goal")
    )
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("text"), blank=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    word_limit = models.PositiveIntegerField(
        _("word limit"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    status = models.CharField(_("status"), max_length=20, choices=SectionStatus.choices, default=SectionStatus.DRAFTING)
    version = models.PositiveIntegerField(_("version"), default=0)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="editable_sections", verbose_name=_("editors")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)
    # Set when data the text refers to (live data references) changed since an editor last
    # saved or checked it; `data_changed_codes` the indicator codes whose data changed.
    data_changed_at = models.DateTimeField(_("data changed"), null=True, blank=True)
    data_changed_codes = models.JSONField(_("indicators whose data changed"), default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(
                fields=["review"], condition=Q(kind="main_messages"), name="one_main_messages_per_review"
            ),
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="section_not_its_own_parent"),
        ]
        rules_permissions = {
            "view": perms.can_view_review,
            "change": perms.can_edit_section,
        }

    def __str__(self):
        return self.title

    @property
    def is_main_messages(self) -> bool:
        return self.kind == SectionKind.MAIN_MESSAGES

    @property
    def over_word_limit(self) -> bool:
        return self.word_limit is not None and self.word_count > self.word_limit


class SectionRevision(models.Model):
    """One save of a section: never changed; restoring an old one makes a new one."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("section"))
    number = models.PositiveIntegerField(_("number"))
    content = models.TextField(_("text"), blank=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    restored_from = models.PositiveIntegerField(_("restored from revision"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [models.UniqueConstraint(fields=["section", "number"], name="unique_revision_number")]

    def __str__(self):
        return f"{self.section} #{self.number}"


class SectionImage(models.Model):
    """An image placed in a section's text; served through a permission-checked view."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="images", verbose_name=_("section"))
    image = models.FileField(_("image"), upload_to="sections/images/")
    content_type = models.CharField(max_length=40)
    alt_text = models.CharField(_("text alternative"), max_length=500)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_text


class TranslationState(models.TextChoices):
    """Where a section's translation into one language stands. No row at all reads as
    TO_TRANSLATE; OUTDATED is set when the section's text changes after the translation
    was made from it (`section_translations_mark_outdated`)."""

    TO_TRANSLATE = "to_translate", _("To translate")
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    OUTDATED = "outdated", _("Out of date")


class SectionTranslation(models.Model):
    """The text of a section in another of the review's languages (every section, the
    main messages too), with where its translation stands."""

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="translations", verbose_name=_("section")
    )
    language = models.CharField(_("language"), max_length=10)
    content = models.TextField(_("text"), blank=True)
    word_count = models.PositiveIntegerField(_("words"), default=0)
    # The section's version this translation was made from: older means out of date.
    source_version = models.PositiveIntegerField(_("translated from version"), default=0)
    state = models.CharField(
        _("state"), max_length=20, choices=TranslationState.choices, default=TranslationState.TO_TRANSLATE
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["section", "language"], name="one_translation_per_language")]

    def __str__(self):
        return f"{self.section} ({self.language})"

    @property
    def is_usable(self) -> bool:
        """Whether readers get this text rather than the source's: translated (a draft,
        reviewed or out of date) and not empty."""
        return self.state != TranslationState.TO_TRANSLATE and bool((self.content or "").strip())


class SectionComment(models.Model):
    """A reviewer's comment on a section (or a reply to one), anchored to a quoted passage."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="comments", verbose_name=_("section"))
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("comment"), max_length=5000)
    quote = models.TextField(_("passage"), max_length=2000, blank=True)
    revision_number = models.PositiveIntegerField(_("on revision"), default=0)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.body[:60]


class SectionDecision(models.Model):
    """A reviewer's approval of, or request for changes to, one revision of a section.

    An approval counts only while the section is still at that revision, and while the
    data its text refers to has not changed since: `data_stale_at` is set when it has
    (the approval then no longer counts, and the reviewer is shown why).
    """

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approved")
        REQUEST_CHANGES = "request_changes", _("Changes requested")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("section"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    revision_number = models.PositiveIntegerField(_("revision"))
    note = models.TextField(_("note"), max_length=5000, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    data_stale_at = models.DateTimeField(_("data changed after the decision"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.revision_number}"


class BallotChoice(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REJECT = "reject", _("Reject")
    ABSTAIN = "abstain", _("Abstain")


class VoteOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    NO_QUORUM = "no_quorum", _("No quorum")
    # The report changed while the vote was open (a section added, removed, moved,
    # retitled or rewritten; the title or cover): the council was voting on another text.
    # Its ballots stay, recorded, but no longer count.
    CANCELLED = "cancelled", _("Voided: the report changed during the vote")


class CouncilVote(RulesModel):
    """The council's electronic vote on the final report.

    The rules in force (quorum, majority, who may vote) are copied at opening, so that
    changing the review's settings later does not change an open vote's result.
    """

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="votes", verbose_name=_("review"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"))
    quorum_percent = models.PositiveSmallIntegerField(_("quorum (%)"))
    majority = models.CharField(
        _("majority needed"), max_length=20, choices=Review._meta.get_field("vote_majority").choices
    )
    eligible_voters = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("voters"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=VoteOutcome.choices, blank=True)
    # What the council votes on: `report_get_fingerprint` at the opening (title, cover,
    # outline, text). A final edition is rendered only from content with this fingerprint.
    content_fingerprint = models.CharField(_("content voted on"), max_length=64, blank=True)
    # Set when a coordinator reopened the report this vote approved: the approval is void.
    voided_at = models.DateTimeField(_("approval voided"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("council vote")
        verbose_name_plural = _("council votes")
        constraints = [
            models.UniqueConstraint(
                fields=["review"], condition=Q(closed_at__isnull=True), name="one_open_vote_per_review"
            )
        ]
        rules_permissions = {"view": perms.can_view_review}

    def __str__(self):
        return f"{self.review} — {self.opened_at:%Y-%m-%d}"


class Ballot(models.Model):
    """One council member's vote: cast once, never changed."""

    vote = models.ForeignKey(CouncilVote, on_delete=models.CASCADE, related_name="ballots", verbose_name=_("vote"))
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("voter")
    )
    choice = models.CharField(_("vote"), max_length=10, choices=BallotChoice.choices)
    statement = models.TextField(_("statement"), max_length=5000, blank=True)
    cast_at = models.DateTimeField(_("cast"), default=timezone.now)

    class Meta:
        ordering = ["cast_at"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["vote", "voter"], name="one_ballot_per_voter")]

    def __str__(self):
        return f"{self.voter} — {self.get_choice_display()}"


class SectionPresence(models.Model):
    """Who has a section open in the editor, refreshed while the page stays open."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["section", "user"], name="one_presence_per_user")]

    def __str__(self):
        return f"{self.user} — {self.section}"
