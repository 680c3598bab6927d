"""Query-string filters of a round's contributions (django-filter); a malformed value is a
400 with the message at its parameter."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from stakeholders.moderation.models import ModeratorResponse
from stakeholders.portal.models import Contribution, Uptake
from stakeholders.rounds.models import RoundDocument
from vnr_portal.common.api.filters import bounded_integer

NOT_DECIDED = "none"


@extend_schema_field({"type": "string", "maxLength": 10})
class LanguageFilter(django_filters.CharFilter):
    pass


class ContributionFilter(django_filters.FilterSet):
    document = bounded_integer("document_id", 1, 10**15, help_text=_("A consulted document's id."))
    paragraph = bounded_integer("paragraph", 0, 10**6, help_text=_("A paragraph of the document (from 0)."))
    question = bounded_integer("question_id", 1, 10**15, help_text=_("A question's id."))
    language = LanguageFilter(max_length=10, help_text=_("The language it is written in, such as fr."))
    has_answer = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_has_answer",
        help_text=_("true: only those the moderators answered; false: only those without an answer."),
    )
    decision = django_filters.ChoiceFilter(
        choices=[*Uptake.choices, (NOT_DECIDED, _("Not decided yet"))],
        method="filter_decision",
        help_text=_("The uptake decision; none: not decided yet."),
    )

    class Meta:
        model = Contribution
        fields = ["document", "paragraph", "question", "language", "has_answer", "decision"]

    def filter_has_answer(self, queryset, name, value):
        answered = Exists(ModeratorResponse.objects.filter(contribution=OuterRef("pk")))
        return queryset.filter(answered) if value == "true" else queryset.filter(~answered)

    def filter_decision(self, queryset, name, value):
        return queryset.filter(uptake="" if value == NOT_DECIDED else value)


class RoundDocumentFilter(django_filters.FilterSet):
    language = LanguageFilter(max_length=10, help_text=_("The copies in one language, such as fr."))

    class Meta:
        model = RoundDocument
        fields = ["language"]
