"""The main messages page, its creation from the report and its translations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import check_perm, get_review_for
from reviews.core.models import REPORT_LANGUAGES
from reviews.drafting.forms.main_messages import TranslationForm
from reviews.drafting.selectors import main_messages as selectors
from reviews.drafting.selectors.data_references import section_content_with_data
from reviews.drafting.services import main_messages as services
from vnr_portal.common.errors import add_service_errors

LANGUAGE_NAMES = dict(REPORT_LANGUAGES)


@login_required
def main_messages_page(request, pk: int):
    review = get_review_for(request, pk, "reviews.view_draft")
    section = selectors.main_messages_get(review=review)
    translations = []
    content = ""
    if section is not None:
        section.review = review
        content = section_content_with_data(section)
        by_language = {translation.language: translation for translation in section.translations.all()}
        for code in services.translation_languages(review=review):
            translation = by_language.get(code)
            translations.append(
                {
                    "code": code,
                    "name": LANGUAGE_NAMES.get(code, code),
                    "translation": translation,
                    "out_of_date": translation is not None and translation.source_version < section.version,
                }
            )
    return render(
        request,
        "reviews/drafting/main_messages.html",
        {
            "review": review,
            "section": section,
            "content": content,
            "translations": translations,
            "here": _("Main messages"),
        },
    )


@login_required
@require_POST
def main_messages_create(request, pk: int):
    review = get_review_for(request, pk, "reviews.manage_outline")
    try:
        services.main_messages_create(actor=request.user, review=review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The main messages have been drafted from the report."))
    return redirect("reviews:main-messages", pk=review.pk)


@login_required
def main_messages_translation(request, pk: int, language: str):
    review = get_review_for(request, pk, "reviews.view_draft")
    section = selectors.main_messages_get(review=review)
    if section is None or language not in services.translation_languages(review=review):
        raise Http404(_("There is no such translation of the main messages."))
    check_perm(request, "reviews.change_section", section)
    translation = next((t for t in section.translations.all() if t.language == language), None)
    form = TranslationForm(
        request.POST or None, language=language, initial={"content": translation.content if translation else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.main_messages_translation_save(
                actor=request.user, section=section, language=language, content=form.cleaned_data["content"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation has been saved."))
            return redirect("reviews:main-messages", pk=review.pk)
    return render(
        request,
        "reviews/drafting/main_messages_translation.html",
        {
            "review": review,
            "section": section,
            "translation": translation,
            "language": language,
            "language_name": LANGUAGE_NAMES.get(language, language),
            "form": form,
            "here": _("Main messages"),
        },
    )
