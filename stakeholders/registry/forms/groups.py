"""Forms of standing groups and their meetings. They read and validate; ..services.groups writes."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stakeholders.rounds.models import ConsultationRound
from vnr_portal.common.widgets import DateInput

from ..models import Organisation, StandingGroup


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=StandingGroup.Kind.choices, initial=StandingGroup.Kind.CSO_SUBGROUP
    )
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    meets_every = forms.CharField(
        label=_("Meets"), max_length=120, required=False, help_text=_("For example: every first Tuesday.")
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Member organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.CharField(
        label=_("Member accounts"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One e-mail address or username per line, of people who already have an account. "
            "A working group's consultation round is open to them."
        ),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(review=review).order_by("name")

    @classmethod
    def initial_for(cls, group: StandingGroup) -> dict:
        return {
            "name": group.name,
            "kind": group.kind,
            "description": group.description,
            "meets_every": group.meets_every,
            "organisations": [o.pk for o in group.organisations.all()],
            "members": "\n".join(u.username for u in group.members.all()),
        }

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the group a name."))
        return name

    def clean_members(self) -> list:
        """The accounts named, one per line (e-mail or username); unknown or ambiguous
        names are listed in the error."""
        names = []
        for line in self.cleaned_data["members"].replace(",", "\n").splitlines():
            name = line.strip()
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
        if len(names) > 200:
            raise forms.ValidationError(_("Name at most 200 accounts at a time."))
        if not names:
            return []
        query = Q()
        for name in names:
            query |= Q(username__iexact=name) | Q(email__iexact=name)
        users = list(get_user_model().objects.filter(query, is_active=True))
        found, unknown, ambiguous = [], [], []
        for name in names:
            matches = [u for u in users if u.username.lower() == name.lower()] or [
                u for u in users if (u.email or "").lower() == name.lower()
            ]
            if not matches:
                unknown.append(name)
            elif len(matches) > 1:
                ambiguous.append(name)
            elif matches[0] not in found:
                found.append(matches[0])
        errors = []
        if unknown:
            errors.append(
                forms.ValidationError(
                    _("No account has this e-mail address or username: %(names)s. Ask them to sign up first."),
                    params={"names": ", ".join(unknown)},
                )
            )
        if ambiguous:
            errors.append(
                forms.ValidationError(
                    _("Several accounts share this e-mail address; give the username instead: %(names)s."),
                    params={"names": ", ".join(ambiguous)},
                )
            )
        if errors:
            raise forms.ValidationError(errors)
        return found


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    agenda = forms.CharField(
        label=_("Agenda"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Simple formatting (paragraphs, lists, links) is kept; anything else is removed."),
    )
    attendees = forms.ModelMultipleChoiceField(
        label=_("Organisations present"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendance = forms.IntegerField(label=_("People present"), min_value=0, max_value=100_000, required=False)
    round = forms.ModelChoiceField(
        label=_("Consultation round"),
        queryset=ConsultationRound.objects.none(),
        required=False,
        help_text=_("The round this meeting discussed, if any."),
    )

    def __init__(self, *args, group: StandingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        # The group's own organisations first would need a second query; all of the
        # registry, by name, lets a guest organisation be recorded too.
        self.fields["attendees"].queryset = Organisation.objects.filter(review_id=group.review_id).order_by("name")
        self.fields["round"].queryset = ConsultationRound.objects.filter(review_id=group.review_id).order_by(
            "-opens_at", "-pk"
        )

    @classmethod
    def initial_for(cls, meeting) -> dict:
        return {
            "date": meeting.date,
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
            "attendees": [o.pk for o in meeting.attendees.all()],
            "attendance": meeting.attendance,
            "round": meeting.round_id,
        }
