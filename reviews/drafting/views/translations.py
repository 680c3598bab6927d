"""The sections' translations: the editors' list of what is missing per language, and a
section's translation into one language."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from reviews.core.models import report_language_name
from reviews.drafting.forms.translations import SectionTranslationForm
from reviews.drafting.models import TranslationState
from reviews.drafting.selectors import translations as selectors
from reviews.drafting.services import translations as services
from reviews.drafting.views.sections import get_section_for
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.languages import direction


@login_required
def translation_list(request, pk: int):
    review = get_review_for(request, pk, "reviews.view_translations")
    overview = selectors.translation_overview(review)
    languages = [
        {"code": code, "name": report_language_name(code), "missing": overview["missing"][code]}
        for code in overview["languages"]
    ]
    return render(
        request,
        "reviews/drafting/translations.html",
        {
            "review": review,
            "languages": languages,
            "rows": overview["rows"],
            "source_name": report_language_name(selectors.source_language(review)),
            "here": _("Translations"),
        },
    )


@login_required
def section_translation_edit(request, pk: int, section_pk: int, language: str):
    section = get_section_for(request, pk, section_pk, "reviews.translate_section")
    review = section.review
    if language not in selectors.translation_languages(review):
        raise Http404(_("This language is not one of the review's further languages."))
    translation = selectors.section_translation_get(section, language)
    state = selectors.effective_state(section, translation)
    initial = {
        "content": translation.content if translation else "",
        "state": translation.state if translation and translation.state in services.EDITABLE_STATES else "draft",
    }
    form = SectionTranslationForm(request.POST or None, language=language, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_translation_save(
                actor=request.user, section=section, language=language, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation has been saved."))
            return redirect("reviews:translations", pk=review.pk)
    source = selectors.source_language(review)
    return render(
        request,
        "reviews/drafting/section_translation.html",
        {
            "review": review,
            "section": section,
            "translation": translation,
            "state": state,
            "state_label": TranslationState(state).label,
            "is_outdated": state == TranslationState.OUTDATED,
            "language": language,
            "language_dir": direction(language),
            "language_name": report_language_name(language),
            "source": source,
            "source_dir": direction(source),
            "form": form,
            "here": _("Translations"),
        },
    )
