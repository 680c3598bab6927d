"""The council's vote on the final report: the vote page, opening, ballots, reopening."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from reviews.drafting.forms.votes import BallotForm, ReopenForm, VoteOpenForm
from reviews.drafting.models import CouncilVote
from reviews.drafting.selectors import votes as selectors
from reviews.drafting.services import votes as services
from vnr_portal.common.errors import add_service_errors


def _vote_page(request, review, *, open_form=None, ballot_form=None, status=200):
    """Render the vote page; closes the current vote first when it is due (lazily)."""
    user = request.user
    vote = selectors.vote_get_current(review=review)
    context = {"review": review, "vote": vote, "here": _("Council vote")}
    if vote is not None:
        vote.review = review
        if vote.closed_at is None:
            services.vote_close_if_due(vote=vote, now=timezone.now())
        eligible = list(vote.eligible_voters.all())
        ballots = list(vote.ballots.select_related("voter"))
        is_eligible = any(person.pk == user.pk for person in eligible)
        my_ballot = next((ballot for ballot in ballots if ballot.voter_id == user.pk), None)
        context.update(
            eligible_count=len(eligible),
            ballots=ballots,
            my_ballot=my_ballot,
            is_eligible=is_eligible,
            earlier_votes=list(CouncilVote.objects.filter(review=review).exclude(pk=vote.pk).order_by("-opened_at")),
        )
        if vote.closed_at is not None:
            context["tally"] = selectors.vote_get_tally(vote=vote, ballots=ballots, eligible=len(eligible))
        elif is_eligible and my_ballot is None and user.has_perm("reviews.cast_ballot", review):
            context["ballot_form"] = ballot_form or BallotForm()
    if (vote is None or vote.closed_at is not None) and user.has_perm("reviews.open_vote", review):
        context["pending_sections"] = selectors.section_list_not_approved(review=review)
        context["council_count"] = selectors.council_member_list(review=review).count()
        context["open_form"] = open_form or VoteOpenForm()
    return render(request, "reviews/drafting/vote.html", context, status=status)


@login_required
def vote_page(request, pk: int):
    review = get_review_for(request, pk)
    return _vote_page(request, review)


@login_required
@require_POST
def vote_open(request, pk: int):
    review = get_review_for(request, pk, "reviews.open_vote")
    form = VoteOpenForm(request.POST)
    if form.is_valid():
        try:
            services.vote_open(actor=request.user, review=review, deadline=form.cleaned_data["deadline"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Refusals about the review (sections pending, a vote open): the page lists why.
                messages.error(request, " ".join(error.messages))
                return redirect("reviews:vote", pk=review.pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _("The vote is open; the council members have been notified."))
            return redirect("reviews:vote", pk=review.pk)
    return _vote_page(request, review, open_form=form)


@login_required
@require_POST
def vote_ballot(request, pk: int):
    review = get_review_for(request, pk, "reviews.cast_ballot")
    vote = selectors.vote_get_current(review=review)
    if vote is None or not selectors.vote_is_eligible_voter(vote=vote, user=request.user):
        raise PermissionDenied(_("You are not among the council members who can vote in this vote."))
    form = BallotForm(request.POST)
    if form.is_valid() and "change" in request.POST:
        # Back from the confirmation step to the vote page, the answers kept.
        return _vote_page(request, review, ballot_form=BallotForm(initial={**form.cleaned_data, "confirmed": False}))
    if form.is_valid() and not form.cleaned_data["confirmed"]:
        # The confirmation step: a ballot is cast once and never changed.
        context = {
            "review": review,
            "vote": vote,
            "form": form,
            "choice": dict(form.fields["choice"].choices).get(form.cleaned_data["choice"]),
            "here": _("Confirm your vote"),
        }
        return render(request, "reviews/drafting/vote_ballot_confirm.html", context)
    if form.is_valid():
        try:
            services.vote_cast(
                vote=vote,
                voter=request.user,
                choice=form.cleaned_data["choice"],
                statement=form.cleaned_data["statement"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Refusals about the vote itself (closed, already voted): say so on the page.
                messages.error(request, " ".join(error.messages))
                return redirect("reviews:vote", pk=review.pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your vote has been recorded."))
            return redirect("reviews:vote", pk=review.pk)
    return _vote_page(request, review, ballot_form=form)


@login_required
def vote_reopen(request, pk: int):
    review = get_review_for(request, pk, "reviews.reopen_review")
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_reopen(
                actor=request.user,
                review=review,
                reason=form.cleaned_data["reason"],
                deadline=form.cleaned_data["deadline"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The report is open for changes again: the council's approval is void and a new vote is open; "
                    "the council members have been notified."
                ),
            )
            return redirect("reviews:vote", pk=review.pk)
    return render(
        request, "reviews/drafting/vote_reopen.html", {"review": review, "form": form, "here": _("Reopen the report")}
    )
