"""The inventory's filter and export choices, read from the query string (no query)."""

from django import forms
from django.utils.translation import gettext_lazy as _


def goal_choices():
    return [("", _("All goals"))] + [(number, _("Goal %(number)s") % {"number": number}) for number in range(1, 18)]


class InventoryFilterForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int, required=False, empty_value=None, choices=goal_choices)


class InventoryExportForm(InventoryFilterForm):
    format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", _("CSV")), ("xlsx", _("Excel (XLSX)"))], initial="csv", required=False
    )
