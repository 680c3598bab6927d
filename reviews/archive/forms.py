from django import forms
from django.utils.translation import gettext_lazy as _


class RestoreForm(forms.Form):
    file = forms.FileField(
        label=_("Export of a review (zip)"),
        help_text=_("A file made by “Download an export” or by the export_review command."),
    )
