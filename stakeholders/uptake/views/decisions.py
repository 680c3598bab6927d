"""Taking feedback in (staff): the uptake board of a round, a decision per contribution,
accepting a suggested rewording into the draft, the round's summary."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from stakeholders.portal.models import Contribution
from stakeholders.rounds.fragments import CSRF_SLOT, fill_csrf, fragment_get, fragment_key, keyable_page
from stakeholders.rounds.models import ConsultationRound
from stakeholders.rounds.services.freshness import public_version_token
from stakeholders.rules import TAKE_IN
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.reversing import url_maker

from .. import selectors, services
from ..forms import AcceptRewordingForm, SummaryForm, UptakeForm, revision_choices_for


def _round(review, round_pk: int) -> ConsultationRound:
    return get_object_or_404(
        ConsultationRound.objects.select_related("review", "public_version"), pk=round_pk, review=review
    )


def _contribution(round_, contribution_pk: int) -> Contribution:
    contribution = get_object_or_404(
        Contribution.objects.select_related("document", "question", "author__contributor", "uptake_revision"),
        pk=contribution_pk,
        round=round_,
    )
    contribution.round = round_
    _add_links(contribution)
    return contribution


def _decision_form(contribution, revisions, data=None, revision_choices=None) -> UptakeForm:
    # Ids carry the contribution's number: the board has one such form per contribution.
    return UptakeForm(
        data,
        revision_choices=revision_choices,
        initial={
            "decision": contribution.uptake or None,
            "reason": contribution.uptake_reason,
            "revision": contribution.uptake_revision_id,
        },
        revisions=revisions,
        auto_id=f"id_c{contribution.pk}_%s",
    )


def _link_makers(review, round_) -> tuple:
    """The card's two addresses, reversed once per page (`_add_links` fills in each card's)."""
    return (
        url_maker("stakeholders:uptake-decide", review.pk, round_.pk, None),
        url_maker("stakeholders:uptake-accept-rewording", review.pk, round_.pk, None),
    )


def _add_links(contribution, links=None) -> None:
    """`decide_href` and `accept_href`, which `_contribution.html` links to."""
    decide, accept = links or _link_makers(contribution.round.review, contribution.round)
    contribution.decide_href = decide(contribution.pk)
    contribution.accept_href = accept(contribution.pk)


def _board_url(review, round_, contribution=None, data=None) -> str:
    """The board, on the page and filter the form was sent from (`data`), at `contribution`."""
    url = reverse("stakeholders:uptake", kwargs={"pk": review.pk, "round_pk": round_.pk})
    query = {}
    if data is not None:
        if data.get("state") in selectors.STATES:
            query["state"] = data["state"]
        if str(data.get("page", "")).isdigit() and int(data["page"]) > 1:
            query["page"] = int(data["page"])
    if query:
        url += "?" + urlencode(query)
    return f"{url}#contribution-{contribution.pk}" if contribution else url


@login_required
def uptake(request, pk: int, round_pk: int):
    """The board. Below its header it is cached under the round's public token (replaced by
    every write that changes a contribution, its moderation or the round), the revisions
    its forms offer, the filter, the page, the language and the time zone; rendered with a
    CSRF slot that each request fills."""
    review = get_review_for(request, pk, TAKE_IN)
    round_ = _round(review, round_pk)
    state = request.GET.get("state", "")
    state = state if state in selectors.STATES else ""
    page = request.GET.get("page", 1)
    key = None
    if keyable_page(page):
        key = fragment_key(
            "uptake-board",
            [(round_.pk, public_version_token(round_))],
            selectors.revision_stamp(round_),
            state,
            page,
        )
    body = fragment_get(key, lambda: _board_body(review, round_, state, page))
    return render(
        request,
        "stakeholders/uptake/board.html",
        {"review": review, "round": round_, "body": mark_safe(fill_csrf(body, request))},
    )


def _board_body(review, round_, state: str, page) -> str:
    """The board below its header: counts, contributions with their forms, pages. Rendered
    without the request (nothing in it is the reader's), its CSRF tokens `CSRF_SLOT`."""
    board = selectors.uptake_board(round_, state=state, page=page)
    choices = {}  # the revisions' choices, made once per section
    links = _link_makers(review, round_)
    for group in board.groups:
        for contribution in group.contributions:
            section_id = contribution.document.section_id if contribution.document_id else None
            revisions = board.revisions.get(section_id, [])
            if section_id not in choices:
                choices[section_id] = revision_choices_for(revisions)
            contribution.form = _decision_form(contribution, revisions, revision_choices=choices[section_id])
            # The card shows the rewording's form only for a suggested rewording.
            if contribution.kind == Contribution.Kind.REWORDING:
                contribution.accept_form = AcceptRewordingForm(auto_id=f"id_a{contribution.pk}_%s")
            _add_links(contribution, links)
    return render_to_string(
        "stakeholders/uptake/_board_body.html",
        {"review": review, "round": round_, "board": board, "state": state, "csrf_token": CSRF_SLOT},
    )


@login_required
def uptake_decide(request, pk: int, round_pk: int, contribution_pk: int):
    """One decision. GET shows the contribution with its form alone (also where a refused
    POST comes back with its errors)."""
    review = get_review_for(request, pk, TAKE_IN)
    round_ = _round(review, round_pk)
    contribution = _contribution(round_, contribution_pk)
    revisions = selectors.revision_list_for_contribution(contribution)
    form = _decision_form(contribution, revisions, request.POST or None)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_decide(actor=request.user, contribution=contribution, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not request.headers.get("HX-Request"):
                messages.success(request, _decided(contribution))
                return redirect(_board_url(review, round_, contribution, request.POST))
            # htmx: swap the contribution's card in place, with the decision as saved.
            saved = True
            contribution = _contribution(round_, contribution_pk)
            form = _decision_form(contribution, revisions)
    context = {
        "review": review,
        "round": round_,
        "contribution": contribution,
        "form": form,
        "accept_form": AcceptRewordingForm(auto_id=f"id_a{contribution.pk}_%s"),
        "saved": saved,
    }
    if request.headers.get("HX-Request"):
        return render(request, "stakeholders/uptake/_contribution.html", context)
    return render(request, "stakeholders/uptake/decide.html", context)


def _decided(contribution) -> str:
    # Staff entered an offline contribution on someone's behalf: there is no one to notify.
    if contribution.is_offline:
        return _("Decision recorded. It was received offline: no one is notified through the portal.")
    return _("Decision recorded; the author has been told.")


@login_required
@require_POST
def uptake_accept_rewording(request, pk: int, round_pk: int, contribution_pk: int):
    review = get_review_for(request, pk, TAKE_IN)
    round_ = _round(review, round_pk)
    contribution = _contribution(round_, contribution_pk)
    form = AcceptRewordingForm(request.POST)
    if form.is_valid():
        try:
            revision = services.contribution_accept_rewording(
                actor=request.user, contribution=contribution, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            wording = {"number": revision.number, "section": revision.section.title}
            if contribution.is_offline:
                text = _("The wording is in the draft as revision %(number)s of “%(section)s”.") % wording
            else:
                text = (
                    _("The wording is in the draft as revision %(number)s of “%(section)s”; the author has been told.")
                    % wording
                )
            messages.success(request, text)
            return redirect(_board_url(review, round_, contribution))
    decide_form = _decision_form(contribution, selectors.revision_list_for_contribution(contribution))
    return render(
        request,
        "stakeholders/uptake/decide.html",
        {"review": review, "round": round_, "contribution": contribution, "form": decide_form, "accept_form": form},
    )


@login_required
def uptake_summary(request, pk: int, round_pk: int):
    review = get_review_for(request, pk, TAKE_IN)
    round_ = _round(review, round_pk)
    form = SummaryForm(request.POST or None, initial={"summary": round_.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.round_summary_update(actor=request.user, round=round_, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The summary has been saved."))
            return redirect(_board_url(review, round_))
    return render(request, "stakeholders/uptake/summary.html", {"review": review, "round": round_, "form": form})
