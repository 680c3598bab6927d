from django import forms
from django.utils.translation import gettext_lazy as _

TRANSLATION_MAX_LENGTH = 100_000


class TranslationForm(forms.Form):
    content = forms.CharField(
        label=_("Translated text"),
        required=False,
        max_length=TRANSLATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "HTML as produced by the editor (paragraphs, lists, links, emphasis); anything else is removed when saved."
        ),
    )

    def __init__(self, *args, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The textarea holds text in the translation's language, not the interface's.
        self.fields["content"].widget.attrs["lang"] = language
