"""The form of a stakeholder category. It reads and validates; ..services.categories writes."""

from django import forms
from django.utils.translation import gettext_lazy as _


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    at_risk = forms.BooleanField(
        label=_("At risk of being left behind"),
        required=False,
        help_text=_("Counted apart on the inclusiveness dashboard."),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the category a name."))
        return name
