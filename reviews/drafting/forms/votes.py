from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.drafting.models import BallotChoice
from reviews.drafting.services.votes import MAX_VOTE_DAYS, REOPEN_REASON_MIN_LENGTH, STATEMENT_MAX_LENGTH
from vnr_portal.common.widgets import DateTimeInput


class VoteOpenForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        help_text=_("Date and time (in the portal's time zone, %(zone)s) until which council members can vote."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["deadline"]
        field.help_text = field.help_text % {"zone": timezone.get_current_timezone_name()}

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        if deadline > timezone.now() + timedelta(days=MAX_VOTE_DAYS):
            raise forms.ValidationError(_("The deadline must be within a year."))
        return deadline


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=BallotChoice.choices, widget=forms.RadioSelect)
    statement = forms.CharField(
        label=_("Statement (optional)"),
        required=False,
        max_length=STATEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, at most 5000 characters; shown with your vote once the vote has closed."),
    )
    # A ballot cannot be changed: the first submission shows a confirmation step, whose
    # form sends the same answers back with `confirmed` set.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_statement(self):
        return self.cleaned_data["statement"].replace("\x00", "").strip()


class ReopenForm(VoteOpenForm):
    """Reopening voids the council's approval and opens a new vote until `deadline`."""

    reason = forms.CharField(
        label=_("Reason for reopening"),
        min_length=REOPEN_REASON_MIN_LENGTH,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the audit log. The sections stay approved until someone changes them."),
    )
    field_order = ["reason", "deadline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].label = _("Deadline of the new vote")
