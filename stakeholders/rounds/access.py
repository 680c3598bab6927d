"""The round a page is about, loaded and checked in one step: for the staff pages of a
review, and for the public pages that anyone who may read the round sees."""

from django.http import Http404
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from stakeholders.rules import VIEW_ENGAGEMENT, VIEW_ROUND
from vnr_portal.common.access import check_perm
from vnr_portal.common.compiled import compiled_object

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


def _round_to_read(round_pk, review_pk):
    related = ("review__country", "review__portal", "group", "public_version")
    return ConsultationRound.objects.select_related(*related).filter(pk=round_pk).filter(review_id=review_pk)


def get_round_to_read(request, pk: int, round_pk: int) -> ConsultationRound:
    """Round `round_pk` of review `pk`, with its review, portal and group, if the user may
    read it (`stakeholders.view_round`): 404 if missing, 403 if not. Every public page of a
    round starts here: the query is compiled once."""
    round_ = compiled_object(_round_to_read, int(round_pk), int(pk))
    if round_ is None:
        raise Http404(_("No such round in this review."))
    check_perm(request, VIEW_ROUND, round_)
    return round_
