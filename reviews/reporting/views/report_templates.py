"""The progress-report template page: its questions, and coordinators editing them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import check_perm, get_review_for
from reviews.reporting.forms.report_templates import QuestionForm, QuestionMoveForm
from reviews.reporting.models import TemplateQuestion
from reviews.reporting.selectors.report_rounds import report_round_list
from reviews.reporting.selectors.report_templates import template_get_current, template_is_in_use
from reviews.reporting.services import report_templates as services
from vnr_portal.common.errors import add_service_errors

MANAGE = "reviews.manage_reporting"


def _template_url(review_pk: int, question=None) -> str:
    url = reverse("reviews:report-template", args=[review_pk])
    return f"{url}#question-{question.key}" if question is not None else url


def get_question_for(request, pk: int, question_pk: int) -> TemplateQuestion:
    question = get_object_or_404(
        TemplateQuestion.objects.select_related("template__review"), pk=question_pk, template__review_id=pk
    )
    check_perm(request, MANAGE, question.template.review)
    return question


@login_required
def report_template(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    template = template_get_current(review)
    questions = list(template.questions.order_by("position", "pk")) if template else []
    context = {
        "review": review,
        "template": template,
        "questions": questions,
        "in_use": bool(template and template_is_in_use(template)),
        "rounds": report_round_list(review),
    }
    return render(request, "reviews/reporting/report_template.html", context)


@login_required
@require_POST
def report_template_default(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    template = services.report_template_default(actor=request.user, review=review)
    messages.success(request, _("Version %(version)s of the template is ready.") % {"version": template.version})
    return redirect("reviews:report-template", pk=review.pk)


@login_required
def report_question_add(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.question_add(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, change.message())
            return redirect(_template_url(review.pk, change.question))
    context = {"review": review, "form": form, "heading": _("Add a question")}
    return render(request, "reviews/reporting/report_template_question.html", context)


@login_required
def report_question_edit(request, pk: int, question_pk: int):
    question = get_question_for(request, pk, question_pk)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            change = services.question_update(actor=request.user, question=question, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, change.message())
            return redirect(_template_url(pk, change.question))
    context = {"review": question.template.review, "form": form, "heading": _("Edit a question"), "question": question}
    return render(request, "reviews/reporting/report_template_question.html", context)


@login_required
@require_POST
def report_question_move(request, pk: int, question_pk: int):
    question = get_question_for(request, pk, question_pk)
    form = QuestionMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose up or down."))
        return redirect(_template_url(pk, question))
    try:
        change = services.question_move(actor=request.user, question=question, direction=form.cleaned_data["direction"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_template_url(pk))
    if change is None:
        messages.info(request, _("“%(text)s” cannot move further that way.") % {"text": question.text})
    elif change.new_version:
        messages.success(request, change.message())
    return redirect(_template_url(pk, question))


@login_required
def report_question_remove(request, pk: int, question_pk: int):
    question = get_question_for(request, pk, question_pk)
    if request.method == "POST":
        try:
            change = services.question_remove(actor=request.user, question=question)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("“%(text)s” has been removed.") % {"text": question.text} + " " + change.message()
            )
        return redirect("reviews:report-template", pk=pk)
    context = {
        "review": question.template.review,
        "question": question,
        "in_use": template_is_in_use(question.template),
    }
    return render(request, "reviews/reporting/report_template_remove.html", context)
