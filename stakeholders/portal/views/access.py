"""Which portal and which round a public page shows, and the page that says why someone
cannot take part."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from reviews.models import Review
from stakeholders.rounds.models import ConsultationRound
from stakeholders.rules import VIEW_PORTAL, VIEW_ROUND
from vnr_portal.common.compiled import compiled_object


def _review_with_portal(pk):
    return Review.objects.select_related("country", "portal").filter(pk=pk)


def _review_with_portal_and_first_vnr(pk):
    return Review.objects.select_related("country", "portal", "previous_review").filter(pk=pk)


def get_portal_review(request, pk: int, *, with_first_vnr: bool = False) -> Review:
    """The review `pk` with its portal, if the portal is public or the user works on the
    review; 404 otherwise (an unpublished portal is not announced). `with_first_vnr`: with
    its previous review too, which the data pages' digests read (a join, not a query).
    Every public page starts here: the query is compiled once."""
    review = compiled_object(_review_with_portal_and_first_vnr if with_first_vnr else _review_with_portal, int(pk))
    if review is None or getattr(review, "portal", None) is None or not request.user.has_perm(VIEW_PORTAL, review):
        raise Http404(_("This portal is not open to the public."))
    return review


def refused(request, review, round_, message: str, *, status: int = 403, reason: str = ""):
    """A plain page saying why the person cannot take part, and what to do."""
    return render(
        request,
        "stakeholders/portal/refused.html",
        {"review": review, "portal": review.portal, "round": round_, "message": message, "reason": reason},
        status=status,
    )


def _public_round(round_pk, review_pk):
    rounds = ConsultationRound.objects.select_related("group", "public_version")
    return rounds.filter(pk=round_pk).filter(review_id=review_pk)


def get_public_round(request, review: Review, round_pk: int):
    """(round, refusal): the round of `review`, or 404; a refusal page when the person is
    not in its audience."""
    round_ = compiled_object(_public_round, int(round_pk), review.pk)
    if round_ is None:
        raise Http404(_("No such round in this review."))
    round_.review = review
    if request.user.has_perm(VIEW_ROUND, round_):
        return round_, None
    if round_.published_at is None:
        raise Http404(_("This round is not published."))
    return round_, refused(request, review, round_, audience_message(round_))


def audience_message(round_) -> str:
    if round_.audience == ConsultationRound.Audience.INVITED:
        return _(
            "This round is open only to the people who were invited to it. If you received an invitation "
            "by e-mail, follow its link: it lets you in."
        )
    if round_.audience == ConsultationRound.Audience.WORKING_GROUP:
        return _("This round is open only to the members of its working group.")
    return _("This round is not open to you.")
