"""The public portal: what it says about the process, the public's accounts (contributor
profiles, the code of conduct accepted) and what people contribute to a round, with its
files and flags. A contribution also carries the moderators' and the editors' decisions
(its visibility and class, its uptake): the enums of those decisions live here with it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from reviews.models import Review, SectionRevision
from stakeholders import rules as perms
from stakeholders.registry.models import Organisation, StakeholderCategory
from stakeholders.rounds.models import ConsultationRound, RoundDocument, RoundQuestion


class Licence(models.TextChoices):
    """The licence of a review's open data (the names of licences are not translated)."""

    CC_BY = "cc-by-4.0", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    CC_BY_SA = "cc-by-sa-4.0", "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)"
    CC0 = "cc0-1.0", "CC0 1.0 Universal (public domain dedication)"
    ODBL = "odbl-1.0", "Open Data Commons Open Database License (ODbL) 1.0"
    CUSTOM = "custom", _("A national or other licence (its name and address below)")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
    Licence.ODBL: "https://opendatacommons.org/licenses/odbl/1-0/",
}


class Portal(RulesModel):
    """What the public portal of a review says about the process. Public once `is_published`."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="portal", verbose_name=_("review"))
    is_published = models.BooleanField(_("portal open to the public"), default=False)
    # Sanitized HTML, written by the taskforce.
    introduction = models.TextField(_("the process"), blank=True)
    how_to_take_part = models.TextField(_("how to take part"), blank=True)
    # Public contact points (an office, a shared mailbox), never the registry's contacts.
    contacts = models.TextField(_("contacts"), blank=True)
    code_of_conduct = models.TextField(_("code of conduct"), blank=True)
    # The licence of everything the "Open data" page offers (and of the public data pages).
    licence = models.CharField(
        _("licence of the open data"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    licence_name = models.CharField(_("name of the licence"), max_length=200, blank=True)
    licence_url = models.URLField(_("address of the licence"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    class Meta:
        verbose_name = _("portal")
        verbose_name_plural = _("portals")
        rules_permissions = {"change": perms.can_manage_engagement}

    def __str__(self):
        return str(self.review)

    @property
    def licence_info(self) -> tuple[str, str]:
        """(name, url) of the open data's licence."""
        if self.licence == Licence.CUSTOM:
            return self.licence_name, self.licence_url
        choice = Licence(self.licence) if self.licence in LICENCE_URLS else Licence.CC_BY
        return str(choice.label), LICENCE_URLS[choice]


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class ContributorProfile(models.Model):
    """A public contributor's account: verified e-mail, the language they write in, and
    the optional questions about them that feed the inclusiveness figures, asked once
    per person (not per contribution) and editable on their profile page. Each new
    contribution copies the answers of the moment (Contribution.declared_*), which the
    figures count. `draft` keeps what a visitor typed before signing up, with the
    address (`return_to`) that takes them back to it after verifying their e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributor", verbose_name=_("account")
    )
    display_name = models.CharField(_("name shown with your contributions"), max_length=120)
    email_verified_at = models.DateTimeField(_("e-mail verified"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # About you: optional, self-declared. A review's categories are its own: at most one per review.
    categories = models.ManyToManyField(StakeholderCategory, blank=True, related_name="+", verbose_name=_("you are"))
    region = models.CharField(_("your region"), max_length=120, blank=True)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    # When the questions were first put to the person (answered or not): not asked again.
    about_asked_at = models.DateTimeField(_("asked about you"), null=True, blank=True)
    # What a visitor typed before signing up, and where to take them back after verifying.
    draft = models.JSONField(_("unsent contribution"), default=dict, blank=True)
    return_to = models.CharField(_("back to"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self):
        return self.display_name

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def about_asked(self) -> bool:
        return self.about_asked_at is not None


class ConductAcceptance(models.Model):
    """A contributor accepted the review's code of conduct (kept as a record)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+", verbose_name=_("review"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("account")
    )
    accepted_at = models.DateTimeField(_("accepted"), default=timezone.now)

    class Meta:
        verbose_name = _("code of conduct accepted")
        verbose_name_plural = _("codes of conduct accepted")
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="one_acceptance_per_review")]

    def __str__(self):
        return f"{self.review} — account {self.user_id}"


class Classification(models.TextChoices):
    CONSTRUCTIVE = "constructive", _("Constructive")
    POLITICAL = "political", _("Political")
    HARMFUL = "harmful", _("Harmful or abusive")
    SPAM = "spam", _("Spam")
    OFF_TOPIC = "off_topic", _("Off topic")


class Visibility(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    # Flagged by enough people: hidden until a moderator decides.
    AWAITING = "awaiting", _("Waiting for a moderator")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Uptake(models.TextChoices):
    ACCEPTED = "accepted", _("Taken in")
    PARTLY = "partly", _("Partly taken in")
    NOT_TAKEN = "not_taken", _("Not taken in")
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")


class Channel(models.TextChoices):
    """How a contribution reached the review: online on the portal, or entered by staff."""

    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper")
    WORKSHOP = "workshop", _("At a workshop")
    PHONE = "phone", _("By phone")
    EMAIL = "email", _("By e-mail")
    OTHER = "other", _("Other")


# How the public pages say where an offline contribution came from.
CHANNEL_RECEIVED = {
    Channel.PAPER: _("received on paper"),
    Channel.WORKSHOP: _("received at a workshop"),
    Channel.PHONE: _("received by phone"),
    Channel.EMAIL: _("received by e-mail"),
    Channel.OTHER: _("received offline"),
}


class Contribution(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        REWORDING = "rewording", _("Suggested rewording")
        GENERAL = "general", _("General submission")
        ANSWER = "answer", _("Answer to a question")

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("round")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    document = models.ForeignKey(
        RoundDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("section"),
    )
    # The paragraph of the frozen copy (0-based among its top-level blocks), when one was chosen.
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    question = models.ForeignKey(
        RoundQuestion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("question"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("author")
    )
    on_behalf_of = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("on behalf of")
    )
    organisation_name = models.CharField(_("on behalf of (organisation)"), max_length=200, blank=True)
    body = models.TextField(_("contribution"))  # plain text; length limited by the round
    quote = models.TextField(_("passage"), max_length=2000, blank=True)
    proposed_text = models.TextField(_("proposed wording"), blank=True)  # plain text, for a rewording
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Self-declared, optional: feed the inclusiveness figures.
    declared_category = models.ForeignKey(
        StakeholderCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("you are"),
    )
    declared_region = models.CharField(_("region"), max_length=120, blank=True)
    declared_gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now, db_index=True)

    # Received offline (paper, workshop, phone...) and entered by staff on someone's behalf:
    # `author` is then the staff member who entered it, as is `entered_by`. The name and
    # contact of the person or group are personal data: staff only, never on public pages.
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    given_by = models.CharField(_("given by (person or group)"), max_length=200, blank=True)
    given_by_contact = models.CharField(_("contact of the person or group"), max_length=200, blank=True)
    consent = models.BooleanField(_("consent to use the contribution"), default=False)
    consent_publish = models.BooleanField(_("consent to publish the contribution"), default=False)

    # Moderation.
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.VISIBLE
    )
    classification = models.CharField(_("class"), max_length=20, choices=Classification.choices, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    flag_count = models.PositiveIntegerField(_("flags"), default=0)

    # Taking it in.
    uptake = models.CharField(_("taken in?"), max_length=20, choices=Uptake.choices, blank=True)
    uptake_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    uptake_revision = models.ForeignKey(
        SectionRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revision")
    )
    uptake_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    uptake_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        indexes = [
            models.Index(fields=["round", "visibility"]),
            models.Index(fields=["author", "created_at"]),
            # The moderation queue's newest first, all or those to classify: an index scan
            # instead of sorting thousands of rows for each page.
            models.Index(fields=["round", "created_at"], name="contribution_round_newest"),
            models.Index(fields=["round", "classification", "created_at"], name="contribution_class_newest"),
        ]

    def __str__(self):
        return self.body[:80]

    @property
    def review_id(self):
        return self.round.review_id

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.VISIBLE

    @property
    def is_offline(self) -> bool:
        return self.channel != Channel.ONLINE

    @property
    def channel_received(self) -> str:
        """How the public pages say where it came from ("received at a workshop"); "" online."""
        return str(CHANNEL_RECEIVED.get(self.channel, "")) if self.is_offline else ""


class ContributionAttachment(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("contribution")
    )
    file = models.FileField(_("file"), upload_to="stakeholders/attachments/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ContributionFlag(models.Model):
    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="flags", verbose_name=_("contribution")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("flagged by")
    )
    reason = models.CharField(_("why"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("flagged"), default=timezone.now)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [models.UniqueConstraint(fields=["contribution", "user"], name="one_flag_per_person")]

    def __str__(self):
        return f"Flag on contribution {self.contribution_id} by account {self.user_id}"
