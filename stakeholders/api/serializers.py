"""What the API shows of rounds and contributions: what the public pages show, never the
registry's personal data (no e-mail, contact, or who entered a contribution received
offline)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reviews.core.sanitize import clean_html
from stakeholders import rules as perms
from stakeholders.moderation.display import looks_like_email
from stakeholders.moderation.models import ModeratorResponse
from stakeholders.portal.models import Contribution, ContributionAttachment, Uptake
from stakeholders.rounds.documents import document_paragraphs
from stakeholders.rounds.models import ConsultationRound, RoundDocument, RoundQuestion


class SanitizedHtmlField(serializers.CharField):
    """Rich text people wrote, given out through the sanitizer (empty for none)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return clean_html(value or "")


class RoundDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoundDocument
        fields = ["id", "title", "language", "position"]


class RoundDocumentTextSerializer(serializers.ModelSerializer):
    """A consulted document with its frozen text as the round's public page shows it: a list
    of paragraphs, each sanitized HTML, numbered from 0 as contributions' `paragraph` is."""

    paragraphs = serializers.SerializerMethodField()

    class Meta:
        model = RoundDocument
        fields = ["id", "round", "title", "language", "position", "frozen_at", "paragraphs"]

    def get_paragraphs(self, obj) -> list[str]:
        return document_paragraphs(obj)


class RoundQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoundQuestion
        fields = ["id", "position", "text", "translations"]


class RoundSerializer(serializers.ModelSerializer):
    """A round with what it consults on: its frozen documents (without their text) and its
    questions. `description` is sanitized HTML."""

    description = SanitizedHtmlField()
    status = serializers.CharField(read_only=True)
    documents = RoundDocumentSerializer(many=True, read_only=True)
    questions = RoundQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = ConsultationRound
        fields = [
            "id",
            "review",
            "title",
            "description",
            "kind",
            "audience",
            "status",
            "languages",
            "opens_at",
            "closes_at",
            "published_at",
            "documents",
            "questions",
        ]


class AnswerSerializer(serializers.ModelSerializer):
    """A moderator's public answer (never who wrote it)."""

    class Meta:
        model = ModeratorResponse
        fields = ["body", "created_at"]


class UptakeSerializer(serializers.Serializer):
    """ "You said, we did": the decision on a contribution and why."""

    decision = serializers.ChoiceField(choices=Uptake.choices)
    decision_label = serializers.CharField()
    explanation = serializers.CharField()
    revision = serializers.IntegerField(allow_null=True, help_text="The section's revision it went into.")


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ContributionAttachment
        fields = ["id", "original_name", "content_type", "size", "download_url"]

    def get_download_url(self, obj) -> str:
        contribution = obj.contribution
        address = reverse(
            "stakeholders:portal-attachment", args=[contribution.round.review_id, contribution.pk, obj.pk]
        )
        request = self.context.get("request")
        return request.build_absolute_uri(address) if request else address


def public_name(contribution: Contribution) -> str:
    """The name the round's public page shows: "A participant" for one received offline
    (never the person or group staff entered it for), else the contributor's display name
    (never an e-mail address)."""
    if contribution.is_offline:
        return _("A participant")
    profile = getattr(contribution.author, "contributor", None)
    name = (profile.display_name if profile is not None else "").strip()
    return name if name and not looks_like_email(name) else _("A contributor")


class ContributionSerializer(serializers.ModelSerializer):
    """A contribution as the round's public page shows it, with the moderators' answers and
    the uptake decision. `visibility` and `hidden_reason` matter only to moderators, the
    only ones shown hidden contributions."""

    author_name = serializers.SerializerMethodField()
    organisation = serializers.SerializerMethodField()
    date = serializers.SerializerMethodField()
    received = serializers.CharField(source="channel_received", help_text="How it came when not online, or empty.")
    answers = AnswerSerializer(source="responses", many=True, read_only=True)
    attachments = serializers.SerializerMethodField()
    uptake = serializers.SerializerMethodField()

    class Meta:
        model = Contribution
        fields = [
            "id",
            "round",
            "kind",
            "document",
            "paragraph",
            "question",
            "body",
            "quote",
            "proposed_text",
            "language",
            "date",
            "author_name",
            "organisation",
            "received",
            "visibility",
            "hidden_reason",
            "answers",
            "attachments",
            "uptake",
        ]

    def get_author_name(self, obj) -> str:
        return public_name(obj)

    def get_organisation(self, obj) -> str:
        return obj.on_behalf_of.name if obj.on_behalf_of_id else obj.organisation_name

    @extend_schema_field(serializers.DateField())
    def get_date(self, obj):
        return obj.received_on or timezone.localdate(obj.created_at)

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj):
        """Its files, for those who may download them (`stakeholders.view_contribution_files`:
        never the scan of a contribution received offline for the public)."""
        request = self.context.get("request")
        if request is None or not request.user.has_perm(perms.VIEW_CONTRIBUTION_FILES, obj):
            return []
        files = list(obj.attachments.all())
        for item in files:
            item.contribution = obj
        return AttachmentSerializer(files, many=True, context=self.context).data

    @extend_schema_field(UptakeSerializer(allow_null=True))
    def get_uptake(self, obj):
        if not obj.uptake:
            return None
        revision = obj.uptake_revision
        return {
            "decision": obj.uptake,
            "decision_label": str(Uptake(obj.uptake).label),
            "explanation": obj.uptake_reason,
            "revision": revision.number if revision is not None else None,
        }


class FigureSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Uptake.choices)
    label = serializers.CharField()
    count = serializers.IntegerField()


class RoundSummarySerializer(serializers.Serializer):
    """What came of a round, as its public outcomes page says it."""

    round = serializers.IntegerField()
    summary = serializers.CharField(help_text="Sanitized HTML; empty until written.")
    contributions = serializers.IntegerField()
    participants = serializers.IntegerField()
    decided = serializers.IntegerField()
    by_decision = FigureSerializer(many=True)
