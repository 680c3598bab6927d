"""Attaching a pasted translation of one of a round's sections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reviews.models import Section
from stakeholders.languages import language_label, source_language
from stakeholders.rules import MANAGE_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors

from .. import selectors
from ..access import get_round_for
from ..forms import TranslationForm
from ..services import translations as services


@login_required
def round_translation(request, pk: int, round_pk: int, section_pk: int, language: str):
    round_ = get_round_for(request, pk, round_pk, MANAGE_ENGAGEMENT)
    review = round_.review
    section = get_object_or_404(Section, pk=section_pk, review=review)
    if language not in round_.languages or language == source_language(review):
        raise Http404(_("This round has no translation in this language."))
    current = selectors.round_document_get(round_, section, language)
    initial = {"content": current.content, "title": current.title} if current and current.frozen_at is None else {}
    form = TranslationForm(request.POST or None, language=language, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_attach_translation(
                actor=request.user, round_=round_, section=section, language=language, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation has been attached."))
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/translation.html",
        {
            "review": review,
            "round": round_,
            "section": section,
            "language": language,
            "language_name": language_label(language),
            "form": form,
            "frozen": current is not None and current.frozen_at is not None,
        },
    )
