"""The round a staff page is about, if the user may see it."""

from django.http import Http404
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from stakeholders.rules import VIEW_ENGAGEMENT

from . import selectors
from .models import ConsultationRound


def get_round_for(request, pk: int, round_pk: int, perm: str = VIEW_ENGAGEMENT) -> ConsultationRound:
    """The round of review `pk` if the user has `perm` on the review (404 / 403)."""
    review = get_review_for(request, pk, perm)
    round_ = selectors.round_get(review, round_pk)
    if round_ is None:
        raise Http404(_("No such round in this review."))
    round_.review = review
    return round_
