"""The questions of a draft round: adding, changing and removing one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from stakeholders.messages import error_messages
from stakeholders.rules import MANAGE_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors

from ..access import get_round_for
from ..forms import QuestionForm
from ..models import ConsultationRound, RoundQuestion
from ..services import questions as services


def _question(round_: ConsultationRound, question_pk: int) -> RoundQuestion:
    question = get_object_or_404(RoundQuestion, pk=question_pk, round=round_)
    question.round = round_
    return question


def _question_form(request, round_, question=None):
    review = round_.review
    if round_.published_at is not None:
        messages.warning(request, _("This round has been published: its questions can no longer be changed."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    initial = {}
    if question is not None:
        initial = {"text": question.text, **{f"translation_{k}": v for k, v in question.translations.items()}}
    form = QuestionForm(request.POST or None, round_=round_, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                services.round_question_create(actor=request.user, round_=round_, **form.service_data())
            else:
                services.round_question_update(actor=request.user, question=question, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    heading = _("New question") if question is None else _("Change the question")
    return render(
        request,
        "stakeholders/rounds/form.html",
        {"review": review, "round": round_, "form": form, "heading": heading, "submit": _("Save the question")},
    )


@login_required
def round_question_create(request, pk: int, round_pk: int):
    return _question_form(request, get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT))


@login_required
def round_question_edit(request, pk: int, round_pk: int, question_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    return _question_form(request, round_, _question(round_, question_pk))


@login_required
def round_question_delete(request, pk: int, round_pk: int, question_pk: int):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    question = _question(round_, question_pk)
    if request.method == "POST":
        try:
            services.round_question_delete(actor=request.user, question=question)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The question has been removed."))
        return redirect("stakeholders:round-detail", pk=pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/question_delete.html",
        {"review": round_.review, "round": round_, "question": question},
    )
