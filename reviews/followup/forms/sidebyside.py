"""The side-by-side page's choice: a part of this review and, optionally, the part of the
first VNR to show beside it (else matched by goal, kind or outline position)."""

from html import escape

from django import forms
from django.forms.boundfield import BoundField
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class _OptionsBoundField(BoundField):
    @property
    def options_html(self):
        """The field's <option>s, the value given selected: a big review's hundreds of parts
        without a template loop per option (the same markup as the page's loop had; stdlib
        escape is Django's without its per-call wrappers)."""
        chosen = str(self.value())
        return mark_safe(  # every value escaped here
            "".join(
                f'<option value="{escape(str(value))}"{" selected" if str(value) == chosen else ""}>'
                f"{escape(str(label))}</option>"
                for value, label in self.field.choices
            )
        )


class _PartField(forms.TypedChoiceField):
    def get_bound_field(self, form, field_name):
        return _OptionsBoundField(form, self, field_name)


class SideBySideForm(forms.Form):
    section = _PartField(label=_("Part of this review"), coerce=int, choices=())
    match = _PartField(
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
