"""Forms of reporting rounds, per-report deadlines and the tracker's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.reporting.models import ReportStatus
from vnr_portal.common.widgets import DateInput, PlainSelect

SELECT = {"class": "form-select"}


class ReportRoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example “Progress reports 2026”."))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    contribution_deadline = forms.DateField(
        label=_("Deadline for contributions"),
        required=False,
        widget=DateInput(),
        help_text=_("Optional: an earlier date for co-leads’ and associates’ contributions, so leads can use them."),
    )

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the round a title."))
        return title

    def clean(self):
        cleaned = super().clean()
        deadline, contribution = cleaned.get("deadline"), cleaned.get("contribution_deadline")
        if deadline and contribution and contribution > deadline:
            self.add_error(
                "contribution_deadline", _("The deadline for contributions cannot be later than the round's deadline.")
            )
        return cleaned


class ReportDeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    whole_ministry = forms.BooleanField(
        label=_("The same deadline for all of this ministry's reports in this round"), required=False
    )


class TrackerFilterForm(forms.Form):
    """The tracker's filters, read from the query string; choices come from rows the page
    has already loaded, so the form costs no query."""

    round = forms.TypedChoiceField(
        label=_("Round"), coerce=int, required=False, empty_value=None, widget=PlainSelect(attrs=SELECT)
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ReportStatus.choices],
        widget=PlainSelect(attrs=SELECT),
    )
    ministry = forms.TypedChoiceField(
        label=_("Ministry"), coerce=int, required=False, empty_value=None, widget=PlainSelect(attrs=SELECT)
    )
    overdue = forms.BooleanField(
        label=_("Overdue only"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def __init__(self, *args, rounds, ministries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [(r.pk, r.title) for r in rounds]
        self.fields["ministry"].choices = [("", _("All ministries"))] + [
            (m.pk, ("— " * getattr(m, "depth", 0)) + m.name) for m in ministries
        ]
