"""The side-by-side page's choice: a part of this review and, optionally, the part of the
first VNR to show beside it (else matched by goal, kind or outline position)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SideBySideForm(forms.Form):
    section = forms.TypedChoiceField(label=_("Part of this review"), coerce=int, choices=())
    match = forms.TypedChoiceField(
        label=_("Beside this part of the previous VNR"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(self, *args, sections, previous_sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(section.pk, _label(section)) for section in sections]
        self.fields["match"].choices = [("", _("— the same part, found automatically —"))] + [
            (section.pk, _label(section)) for section in previous_sections
        ]


def _label(section) -> str:
    return f"— {section.title}" if section.parent_id else section.title
