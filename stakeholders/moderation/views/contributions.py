"""One contribution, for a moderator: what it says with its history, and the actions on
it (classify, hide, show again, answer, block its author), its attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from stakeholders.languages import language_label
from stakeholders.messages import error_messages
from stakeholders.portal.models import ContributionAttachment
from stakeholders.rules import MODERATE, TAKE_IN
from vnr_portal.common.errors import add_service_errors

from .. import selectors
from ..display import contributor_name, display_name, name_flaggers, public_round_url
from ..forms import AnswerForm, BlockForm, ClassifyForm, ReasonForm
from ..services import actions as services
from ..services.response_templates import templates_ensure_defaults


def _contribution(request, pk: int, contribution_pk: int):
    """The review (403 without the role) and one of its contributions (404 otherwise)."""
    review = get_review_for(request, pk, MODERATE)
    contribution = selectors.contribution_get_for_moderation(review, contribution_pk)
    if contribution is None:
        raise Http404(_("No such contribution in this review."))
    contribution.round.review = review
    return review, contribution


def _detail(request, review, contribution, *, status: int = 200, **forms):
    templates = list(selectors.response_template_list_for_contribution(contribution))
    chosen, chosen_for_you = None, False
    template_id = request.GET.get("template", "")
    if template_id.isdigit():
        chosen = selectors.response_template_get(review, int(template_id))
    elif template_id != "none" and contribution.classification and templates:
        # The first that fits is put in the box for the moderator, who is told so and
        # may pick another or start from an empty box (?template=none).
        chosen, chosen_for_you = templates[0], True
    answer_form = forms.get("answer_form") or AnswerForm(
        templates=selectors.response_template_list(review),
        initial={"template": chosen.pk if chosen else None, "body": chosen.body if chosen else ""},
    )
    block = selectors.block_get_active(review, contribution.author)
    contribution.language_name = language_label(contribution.language)
    name_flaggers(contribution)
    history = list(selectors.audit_entry_list_for_contribution(contribution))
    for entry in history:
        entry.actor_name = display_name(entry.actor)
    context = {
        "review": review,
        "contribution": contribution,
        "author_name": contributor_name(contribution),
        "templates": templates,
        "chosen_template": chosen,
        "chosen_for_you": chosen_for_you and "answer_form" not in forms,
        "template_bodies": {str(template.pk): template.body for template in selectors.response_template_list(review)},
        "can_take_in": request.user.has_perm(TAKE_IN, review),
        "outcomes_url": reverse("stakeholders:portal-outcomes", args=[review.pk, contribution.round_id]),
        "classify_form": forms.get("classify_form")
        or ClassifyForm(initial={"classification": contribution.classification or None}),
        "hide_form": forms.get("hide_form") or ReasonForm(initial={"reason": contribution.hidden_reason}),
        "answer_form": answer_form,
        "active_block": block,
        "block_form": forms.get("block_form") or BlockForm(),
        "history": history,
        "public_url": public_round_url(contribution),
    }
    return render(request, "stakeholders/moderation/contribution.html", context, status=status)


@login_required
def contribution_detail(request, pk: int, contribution_pk: int):
    review, contribution = _contribution(request, pk, contribution_pk)
    templates_ensure_defaults(review, actor=request.user)
    return _detail(request, review, contribution)


def _redirect_to(review, contribution):
    return redirect("stakeholders:moderation-contribution", pk=review.pk, contribution_pk=contribution.pk)


@login_required
@require_POST
def contribution_classify(request, pk: int, contribution_pk: int):
    review, contribution = _contribution(request, pk, contribution_pk)
    form = ClassifyForm(request.POST)
    if form.is_valid():
        try:
            changed = services.contribution_classify(actor=request.user, contribution=contribution, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Classed as: %(class)s.") % {"class": contribution.get_classification_display()}
                if changed
                else _("Nothing has changed."),
            )
            return _redirect_to(review, contribution)
    return _detail(request, review, contribution, classify_form=form)


@login_required
@require_POST
def contribution_hide(request, pk: int, contribution_pk: int):
    review, contribution = _contribution(request, pk, contribution_pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            changed = services.contribution_hide(actor=request.user, contribution=contribution, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The contribution is hidden; the public sees the reason in its place.")
                if changed
                else _("Nothing has changed."),
            )
            return _redirect_to(review, contribution)
    return _detail(request, review, contribution, hide_form=form)


def _act(request, pk: int, contribution_pk: int, service, done: str):
    """A moderation action without a form: run `service`, say `done` or why not, go back."""
    review, contribution = _contribution(request, pk, contribution_pk)
    try:
        service(actor=request.user, contribution=contribution)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, done)
    return _redirect_to(review, contribution)


@login_required
@require_POST
def contribution_show(request, pk: int, contribution_pk: int):
    return _act(
        request, pk, contribution_pk, services.contribution_show, _("The contribution is shown to the public again.")
    )


@login_required
@require_POST
def contribution_keep(request, pk: int, contribution_pk: int):
    return _act(
        request,
        pk,
        contribution_pk,
        services.contribution_keep,
        _("Recorded: the contribution stays shown, and flags will not hide it any more."),
    )


@login_required
@require_POST
def contribution_answer(request, pk: int, contribution_pk: int):
    review, contribution = _contribution(request, pk, contribution_pk)
    form = AnswerForm(request.POST, templates=selectors.response_template_list(review))
    if form.is_valid():
        try:
            services.contribution_answer(actor=request.user, contribution=contribution, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer is published under the contribution."))
            return _redirect_to(review, contribution)
    return _detail(request, review, contribution, answer_form=form)


@login_required
def contribution_attachment(request, pk: int, contribution_pk: int, attachment_pk: int):
    """An attachment, downloaded (never shown inline: it is the public's file)."""
    review, contribution = _contribution(request, pk, contribution_pk)
    attachment = get_object_or_404(ContributionAttachment, pk=attachment_pk, contribution=contribution)
    try:
        handle = attachment.file.open("rb")
    except (OSError, ValueError) as error:  # the file is gone, or was never stored
        raise Http404(_("This file is no longer there.")) from error
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def block(request, pk: int, contribution_pk: int):
    review, contribution = _contribution(request, pk, contribution_pk)
    form = BlockForm(request.POST)
    if form.is_valid():
        try:
            services.contributor_block(
                actor=request.user,
                review=review,
                user=contribution.author,
                contribution=contribution,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s can no longer contribute to this review.") % {"name": display_name(contribution.author)},
            )
            return _redirect_to(review, contribution)
    return _detail(request, review, contribution, block_form=form)
