"""The moderation queue of a review: its contributions with filters and counts, spam in
bulk, and the blocked accounts (lifting a block)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from stakeholders.languages import language_label
from stakeholders.messages import error_messages
from stakeholders.rounds.fragments import fragment_get, fragment_key
from stakeholders.rules import MODERATE

from .. import selectors
from ..display import contributor_name, display_name, name_flaggers
from ..forms import BulkSpamForm, QueueFilterForm
from ..models import ContributorBlock
from ..services import actions as services

PAGE_SIZE = 25
# Longer filter strings than this are not real filters: the queue opens without them.
MAX_QUERY = 1000


@login_required
def queue(request, pk: int):
    """The queue: the status tabs with their counts, the filters, one page of contribution
    cards, the blocked accounts. The counts and the cards are cached under the tokens of the
    review's rounds (`RoundPublicVersion`, replaced by every write that changes what they
    show), the filters, the page, the language and the time zone."""
    review = get_review_for(request, pk, MODERATE)
    filter_form = QueueFilterForm(request.GET or None, review=review)
    filters = filter_form.filters()
    # The tokens of every round of the review, and the (validated) filters.
    key = fragment_key(
        f"moderation-queue:{review.pk}",
        selectors.round_tokens(review),
        *(f"{name}={filters[name]}" for name in sorted(filters)),
    )
    listing = fragment_get(
        key,
        lambda: {
            "counts": selectors.contribution_count_by_status(review),
            "total": selectors.contribution_list_for_moderation(review, **filters).count(),
        },
    )
    # The page asked for among `total` (any ?page= answers one), without counting again.
    page = Paginator(range(listing["total"]), PAGE_SIZE).get_page(request.GET.get("page"))
    cards = fragment_get(
        f"{key}:{page.number}" if key else None,
        lambda: _cards(review, filters, page.number, listing["total"]) if listing["total"] else "",
    )
    blocks = list(selectors.block_list_active(review))
    for block_ in blocks:
        block_.user_name = display_name(block_.user)
    return render(
        request,
        "stakeholders/moderation/queue.html",
        {
            "review": review,
            "filter_form": filter_form,
            "filters": filters,
            "status_filters": [
                (status, label, listing["counts"][status]) for status, (label, _q) in selectors.STATUS_FILTERS.items()
            ],
            "page": page,
            "cards": mark_safe(cards),  # the cards' own template rendered them, escaping everything
            "bulk_form": BulkSpamForm(review=review),
            "blocks": blocks,
        },
    )


def _cards(review, filters: dict, number: int, total: int) -> str:
    """The cards of page `number`, rendered (without the request: nothing in them is the
    reader's)."""
    page = selectors.contribution_page_for_moderation(review, page=number, per_page=PAGE_SIZE, count=total, **filters)
    for contribution in page.object_list:
        contribution.author_name = contributor_name(contribution)
        contribution.language_name = language_label(contribution.language)
        name_flaggers(contribution)
    return render_to_string("stakeholders/moderation/_queue_cards.html", {"review": review, "page": page})


@login_required
@require_POST
def bulk_spam(request, pk: int):
    review = get_review_for(request, pk, MODERATE)
    form = BulkSpamForm(request.POST, review=review)
    if form.is_valid():
        try:
            result = services.contributions_mark_spam(
                actor=request.user,
                review=review,
                contributions=form.cleaned_data["contributions"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s contribution marked spam and hidden.",
                    "%(count)s contributions marked spam and hidden.",
                    result.changed,
                )
                % {"count": result.changed},
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(_back_to_queue(request, review))


def _back_to_queue(request, review) -> str:
    """The queue with the filters it was seen with (re-encoded, so nothing else gets in)."""
    url = reverse("stakeholders:moderation", args=[review.pk])
    query = QueryDict(request.POST.get("next_query", "")[:MAX_QUERY]).urlencode()
    return f"{url}?{query}" if query and len(query) <= MAX_QUERY else url


# --- Blocked accounts -------------------------------------------------------------------


@login_required
@require_POST
def unblock(request, pk: int, block_pk: int):
    review = get_review_for(request, pk, MODERATE)
    block_ = get_object_or_404(
        ContributorBlock.objects.select_related("user__contributor", "review"), pk=block_pk, review=review
    )
    try:
        services.contributor_unblock(actor=request.user, block=block_)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("%(name)s may contribute again.") % {"name": display_name(block_.user)})
    return redirect("stakeholders:moderation", pk=review.pk)
