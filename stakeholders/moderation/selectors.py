"""Reads of moderation: the queue with its filters and counts, one contribution with its
history, the blocks in force, and the prepared answers that fit a contribution."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy

from reviews.models import AuditEntry, Review
from stakeholders import rules as perms
from stakeholders.languages import language_label
from stakeholders.portal.models import Contribution, ContributionFlag, Visibility
from stakeholders.rounds.models import ConsultationRound

from .models import ContributorBlock, ModeratorResponse, ResponseTemplate

# Flagged since a moderator last looked at it (or ever, when none has).
FLAGGED_SINCE_LOOKED_AT = Q(flag_count__gt=0) & (
    Q(moderated_at__isnull=True)
    | Q(Exists(ContributionFlag.objects.filter(contribution=OuterRef("pk"), created_at__gt=OuterRef("moderated_at"))))
)

# The queue's status filter: key -> (label, condition).
STATUS_FILTERS = {
    "todo": (gettext_lazy("To classify"), Q(classification="")),
    "awaiting": (gettext_lazy("Waiting after flags"), Q(visibility=Visibility.AWAITING)),
    "flagged": (gettext_lazy("Flagged since last checked"), FLAGGED_SINCE_LOOKED_AT),
    "hidden": (gettext_lazy("Hidden"), Q(visibility=Visibility.HIDDEN)),
    "all": (gettext_lazy("All"), Q()),
}

DEFAULT_STATUS = "todo"


def contribution_list_for_moderation(
    review: Review, *, status: str = DEFAULT_STATUS, round_id=None, classification: str = "", language: str = ""
):
    """The contributions of the review's rounds, newest first, filtered. A queryset: the
    caller paginates it; per page, flags (with who flagged), attachments and answers come
    in 3 queries whatever the page's size."""
    condition = STATUS_FILTERS.get(status, STATUS_FILTERS[DEFAULT_STATUS])[1]
    queryset = Contribution.objects.filter(round__review=review).filter(condition)
    if round_id:
        queryset = queryset.filter(round_id=round_id)
    if classification:
        queryset = queryset.filter(classification=classification)
    if language:
        queryset = queryset.filter(language=language)
    return _with_details(queryset).order_by("-created_at", "-pk")


def contribution_page_for_moderation(
    review: Review, *, page, per_page: int, count: int | None = None, **filters
) -> Page:
    """One page of `contribution_list_for_moderation`: the page's ids first (a narrow sort,
    however many thousand contributions match), then those contributions with their details
    — the count (unless given), the ids, the rows and the 3 of flags, attachments and answers."""
    ids = (
        contribution_list_for_moderation(review, **filters)
        .select_related(None)
        .prefetch_related(None)
        .values_list("pk", flat=True)
    )
    paginator = Paginator(ids, per_page)
    if count is not None:  # known already (the queue counted them): not counted again
        paginator.count = count
    current = paginator.get_page(page)
    chosen = list(current.object_list)
    rows = {row.pk: row for row in _with_details(Contribution.objects.filter(pk__in=chosen))}
    current.object_list = [rows[pk] for pk in chosen if pk in rows]
    return current


def _with_details(queryset):
    return queryset.select_related(
        "round", "document", "question", "author__contributor", "moderated_by", "entered_by"
    ).prefetch_related(
        Prefetch(
            "flags",
            queryset=ContributionFlag.objects.select_related("user__contributor").order_by("created_at", "pk"),
        ),
        "attachments",
        Prefetch("responses", queryset=ModeratorResponse.objects.select_related("author").order_by("created_at", "pk")),
    )


def round_tokens(review: Review) -> list[tuple[int, str | None]]:
    """(round id, public token or None) of every round of the review, in one query: what the
    queue's cached counts and cards are keyed on."""
    return list(
        ConsultationRound.objects.filter(review=review).order_by("pk").values_list("pk", "public_version__token")
    )


def contribution_count_by_status(review: Review) -> dict[str, int]:
    """How many contributions each status filter shows, in one query."""
    aggregates = {key: Count("pk", filter=condition) for key, (_label, condition) in STATUS_FILTERS.items()}
    return Contribution.objects.filter(round__review=review).aggregate(**aggregates)


def contribution_get_for_moderation(review: Review, contribution_pk: int) -> Contribution | None:
    """One contribution of the review with what the detail page shows, or None."""
    return (
        contribution_list_for_moderation(review, status="all")
        .select_related("round__review", "on_behalf_of", "declared_category")
        .filter(pk=contribution_pk)
        .first()
    )


def audit_entry_list_for_contribution(contribution: Contribution):
    """The audit entries about one contribution (moderation and flags), newest first."""
    return (
        AuditEntry.objects.filter(review_id=contribution.round.review_id, data__contribution=contribution.pk)
        .select_related("actor__contributor")
        .order_by("-created_at", "-pk")
    )


def block_list_active(review: Review) -> QuerySet[ContributorBlock]:
    """The blocks in force in `review` (`rules.block_list_active`, the queryset side of
    `rules.is_blocked`), with the blocked account and the moderator."""
    return perms.block_list_active(review).select_related("user__contributor", "blocked_by")


def block_get_active(review: Review, user) -> ContributorBlock | None:
    """The block in force on `user` in `review`, if any."""
    return perms.block_list_active(review).filter(user=user).first()


def template_languages(review: Review) -> list[tuple[str, str]]:
    """The review's languages as (code, name) choices; English when it lists none."""
    return [(code, language_label(code)) for code in (review.languages or ["en"])]


def response_template_list(review: Review):
    return ResponseTemplate.objects.filter(review=review).order_by("classification", "language", "title", "pk")


def response_template_get(review: Review, template_pk: int) -> ResponseTemplate | None:
    """One prepared answer of `review`, if there is one with that id."""
    return response_template_list(review).filter(pk=template_pk).first()


def response_template_list_for_contribution(contribution: Contribution):
    """The prepared answers that fit a contribution: of its class (when it has one) and
    its language (the review's first language when it has none)."""
    review = contribution.round.review
    language = contribution.language or (review.languages or ["en"])[0]
    templates = response_template_list(review).filter(language__iexact=language)
    if contribution.classification:
        templates = templates.filter(classification=contribution.classification)
    return templates
