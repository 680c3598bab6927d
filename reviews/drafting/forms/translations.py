from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.drafting.models import TranslationState
from reviews.drafting.services.translations import EDITABLE_STATES

TRANSLATION_MAX_LENGTH = 200_000


class SectionTranslationForm(forms.Form):
    content = forms.CharField(
        label=_("Translated text"),
        required=False,
        max_length=TRANSLATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18, "dir": "auto"}),
        help_text=_(
            "HTML as produced by the editor (paragraphs, lists, links, emphasis); anything else is removed when saved."
        ),
    )
    state = forms.ChoiceField(
        label=_("State"),
        choices=[(state.value, state.label) for state in EDITABLE_STATES],
        initial=TranslationState.DRAFT,
        widget=forms.RadioSelect,
        help_text=_("Reviewed: checked against the original by a second person or the translator."),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The textarea holds text in the translation's language, not the interface's.
        self.fields["content"].widget.attrs["lang"] = language
