"""Forms of the statistician's edits: a series' metadata and target, a progress override."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.evidence.models import Series
from indicators.evidence.services.series import METADATA_FIELDS
from indicators.progress import Category
from vnr_portal.common.widgets import DateInput


class SeriesEditForm(forms.ModelForm):
    """A series' metadata, its desired direction and its national target."""

    target_value = forms.FloatField(label=_("National target: value"), required=False)
    target_year = forms.IntegerField(
        label=_("National target: year"), required=False, min_value=2000, max_value=2100, initial=2030
    )

    class Meta:
        model = Series
        fields = list(METADATA_FIELDS)
        widgets = {
            "last_release": DateInput(),
            "next_release": DateInput(),
            "definition": forms.Textarea(attrs={"rows": 4}),
            "method": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, target=None, **kwargs):
        super().__init__(*args, **kwargs)
        if target is not None:
            self.initial.setdefault("target_value", target.value)
            self.initial.setdefault("target_year", target.year)

    def clean(self):
        cleaned = super().clean()
        value, year = cleaned.get("target_value"), cleaned.get("target_year")
        if value is not None and year is None and "target_year" not in self.errors:
            self.add_error("target_year", _("Give the year of the target."))
        return cleaned


OVERRIDE_WITHDRAW = ""


class OverrideForm(forms.Form):
    baseline_year = forms.TypedChoiceField(label=_("Assessment"), coerce=int, choices=())
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[(OVERRIDE_WITHDRAW, _("Withdraw the override: back to the computed category")), *Category.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the computed category does not tell the true story: shown with the override."),
        error_messages={"required": _("Give the reason.")},
    )

    def __init__(self, *args, baselines: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["baseline_year"].choices = baselines
