"""Forms of the carry-over and of recording a first VNR made outside the portal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.followup.carryover import carryover_parts
from reviews.workspace.forms.planner import ReviewRecordForm


class CarryoverForm(forms.Form):
    parts = forms.MultipleChoiceField(
        label=_("Parts to carry over"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one of the listed parts.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].choices = [(part.key, part.label) for part in carryover_parts()]

    def clean_parts(self):
        parts = self.cleaned_data["parts"]
        if "outline" in parts and "outline_text" in parts:
            raise forms.ValidationError(_("Choose the outline either with or without its text, not both."))
        return parts


class PastReviewRecordForm(ReviewRecordForm):
    """The past review's record (year, title, PDF: the same checks) with its chapters and
    commitments, a line each."""

    chapters = forms.CharField(
        label=_("Chapters"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One chapter title per line, in the report's order."),
    )
    commitments = forms.CharField(
        label=_("Commitments and next steps"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One commitment, recommendation or next step per line."),
    )
