"""Moderation, staff side: the queue of a review's contributions, the actions on one
(classify, hide, show again, answer, block its author), spam in bulk, blocked accounts
and the prepared answers. Everything needs `stakeholders.moderate` on the review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from vnr_portal.common.errors import add_service_errors

from ..forms.moderation import (
    AnswerForm,
    BlockForm,
    BulkSpamForm,
    ClassifyForm,
    QueueFilterForm,
    ReasonForm,
    ResponseTemplateForm,
)
from ..models import ContributionAttachment, ContributorBlock, ResponseTemplate
from ..services import moderation as services
from ..services import response_templates as templates_services

MODERATE = "stakeholders.moderate"
PAGE_SIZE = 25
# Longer filter strings than this are not real filters: the queue opens without them.
MAX_QUERY = 1000


def _contribution(request, pk: int, contribution_pk: int):
    """The review (403 without the role) and one of its contributions (404 otherwise)."""
    review = get_review_for(request, pk, MODERATE)
    contribution = services.moderation_contribution_get(review, contribution_pk)
    if contribution is None:
        raise Http404(_("No such contribution in this review."))
    contribution.round.review = review
    return review, contribution


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- The queue ------------------------------------------------------------------------------


def _status_tabs(review) -> list[tuple[str, str, int]]:
    counts = services.moderation_status_counts(review)
    return [(key, label, counts[key]) for key, (label, _q) in services.STATUS_FILTERS.items()]


@login_required
def queue(request, pk: int):
    review = get_review_for(request, pk, MODERATE)
    filter_form = QueueFilterForm(request.GET or None, review=review)
    filters = filter_form.filters()
    page = Paginator(services.moderation_queue(review, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    for contribution in page.object_list:
        contribution.author_name = services.display_name(contribution.author)
        contribution.language_name = templates_services.language_label(contribution.language)
    blocks = list(services.active_blocks(review))
    for block_ in blocks:
        block_.user_name = services.display_name(block_.user)
    return render(
        request,
        "stakeholders/moderation/queue.html",
        {
            "review": review,
            "filter_form": filter_form,
            "filters": filters,
            "status_filters": _status_tabs(review),
            "page": page,
            "bulk_form": BulkSpamForm(review=review),
            "blocks": blocks,
        },
    )


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
            _error_messages(request, error)
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


# --- One contribution -----------------------------------------------------------------------


def _detail(request, review, contribution, *, status: int = 200, **forms):
    templates = templates_services.templates_for_contribution(contribution)
    chosen = None
    template_id = request.GET.get("template", "")
    if template_id.isdigit():
        chosen = templates_services.response_templates_for(review).filter(pk=int(template_id)).first()
    if chosen is None and contribution.classification:
        chosen = templates.first()
    answer_form = forms.get("answer_form") or AnswerForm(
        templates=templates_services.response_templates_for(review),
        initial={"template": chosen.pk if chosen else None, "body": chosen.body if chosen else ""},
    )
    block = services.active_block_for(review, contribution.author)
    contribution.language_name = templates_services.language_label(contribution.language)
    history = list(services.moderation_history(contribution))
    for entry in history:
        entry.actor_name = services.display_name(entry.actor)
    context = {
        "review": review,
        "contribution": contribution,
        "author_name": services.display_name(contribution.author),
        "templates": templates,
        "chosen_template": chosen,
        "classify_form": forms.get("classify_form")
        or ClassifyForm(initial={"classification": contribution.classification or None}),
        "hide_form": forms.get("hide_form") or ReasonForm(initial={"reason": contribution.hidden_reason}),
        "answer_form": answer_form,
        "active_block": block,
        "block_form": forms.get("block_form") or BlockForm(),
        "history": history,
        "public_url": services.public_round_url(contribution),
    }
    return render(request, "stakeholders/moderation/contribution.html", context, status=status)


@login_required
def contribution_detail(request, pk: int, contribution_pk: int):
    review, contribution = _contribution(request, pk, contribution_pk)
    templates_services.templates_ensure_defaults(review, actor=request.user)
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


@login_required
@require_POST
def contribution_show(request, pk: int, contribution_pk: int):
    review, contribution = _contribution(request, pk, contribution_pk)
    try:
        services.contribution_show(actor=request.user, contribution=contribution)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The contribution is shown to the public again."))
    return _redirect_to(review, contribution)


@login_required
@require_POST
def contribution_answer(request, pk: int, contribution_pk: int):
    review, contribution = _contribution(request, pk, contribution_pk)
    form = AnswerForm(request.POST, templates=templates_services.response_templates_for(review))
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


# --- Blocking -------------------------------------------------------------------------------


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
                _("%(name)s can no longer contribute to this review.")
                % {"name": services.display_name(contribution.author)},
            )
            return _redirect_to(review, contribution)
    return _detail(request, review, contribution, block_form=form)


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
        _error_messages(request, error)
    else:
        messages.success(request, _("%(name)s may contribute again.") % {"name": services.display_name(block_.user)})
    return redirect("stakeholders:moderation", pk=review.pk)


# --- Prepared answers -----------------------------------------------------------------------


def _template(request, pk: int, template_pk: int):
    review = get_review_for(request, pk, MODERATE)
    template = get_object_or_404(ResponseTemplate, pk=template_pk, review=review)
    template.review = review
    return review, template


@login_required
def template_list(request, pk: int):
    review = get_review_for(request, pk, MODERATE)
    templates_services.templates_ensure_defaults(review, actor=request.user)
    templates = list(templates_services.response_templates_for(review))
    for template in templates:
        template.language_name = templates_services.language_label(template.language)
    return render(request, "stakeholders/moderation/templates.html", {"review": review, "templates": templates})


@login_required
def template_create(request, pk: int):
    review = get_review_for(request, pk, MODERATE)
    form = ResponseTemplateForm(
        request.POST or None,
        review=review,
        initial={
            "classification": request.GET.get("classification") or None,
            "language": request.GET.get("language") or None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            template = templates_services.response_template_create(
                actor=request.user, review=review, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been added.") % {"title": template.title})
            return redirect("stakeholders:moderation-templates", pk=review.pk)
    return render(request, "stakeholders/moderation/template_form.html", {"review": review, "form": form})


@login_required
def template_edit(request, pk: int, template_pk: int):
    review, template = _template(request, pk, template_pk)
    form = ResponseTemplateForm(
        request.POST or None,
        review=review,
        initial={name: getattr(template, name) for name in ("classification", "language", "title", "body")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = templates_services.response_template_update(
                actor=request.user, template=template, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been saved.") % {"title": template.title} if changed else _("Nothing has changed."),
            )
            return redirect("stakeholders:moderation-templates", pk=review.pk)
    return render(
        request, "stakeholders/moderation/template_form.html", {"review": review, "form": form, "template": template}
    )


@login_required
def template_delete(request, pk: int, template_pk: int):
    review, template = _template(request, pk, template_pk)
    if request.method == "POST":
        title = template.title
        templates_services.response_template_delete(actor=request.user, template=template)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": title})
        return redirect("stakeholders:moderation-templates", pk=review.pk)
    return render(request, "stakeholders/moderation/template_delete.html", {"review": review, "template": template})


BASE = "reviews/<int:pk>/engagement/moderation/"
urlpatterns = [
    path(BASE, queue, name="moderation"),
    path(f"{BASE}spam/", bulk_spam, name="moderation-bulk"),
    path(f"{BASE}contributions/<int:contribution_pk>/", contribution_detail, name="moderation-contribution"),
    path(f"{BASE}contributions/<int:contribution_pk>/classify/", contribution_classify, name="moderation-classify"),
    path(f"{BASE}contributions/<int:contribution_pk>/hide/", contribution_hide, name="moderation-hide"),
    path(f"{BASE}contributions/<int:contribution_pk>/show/", contribution_show, name="moderation-show"),
    path(f"{BASE}contributions/<int:contribution_pk>/answer/", contribution_answer, name="moderation-answer"),
    path(f"{BASE}contributions/<int:contribution_pk>/block/", block, name="moderation-block"),
    path(
        f"{BASE}contributions/<int:contribution_pk>/attachments/<int:attachment_pk>/",
        contribution_attachment,
        name="moderation-attachment",
    ),
    path(f"{BASE}blocks/<int:block_pk>/lift/", unblock, name="moderation-unblock"),
    path(f"{BASE}templates/", template_list, name="moderation-templates"),
    path(f"{BASE}templates/new/", template_create, name="moderation-template-create"),
    path(f"{BASE}templates/<int:template_pk>/", template_edit, name="moderation-template-edit"),
    path(f"{BASE}templates/<int:template_pk>/delete/", template_delete, name="moderation-template-delete"),
]
