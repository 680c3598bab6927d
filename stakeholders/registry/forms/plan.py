"""Forms of the engagement plan: an activity, and its report once held."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.models import REPORT_LANGUAGES, Stage
from stakeholders.rounds.models import ConsultationRound
from vnr_portal.common.widgets import DateInput

from ..models import EngagementActivity, StakeholderCategory


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    stage = forms.ChoiceField(label=_("VNR stage"), choices=Stage.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=EngagementActivity.Kind.choices)
    audience = forms.ModelMultipleChoiceField(
        label=_("Audience"),
        queryset=StakeholderCategory.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The stakeholder categories the activity should reach."),
    )
    audience_note = forms.CharField(label=_("Audience, in words"), max_length=300, required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    mode = forms.ChoiceField(
        label=_("Online or in person"),
        choices=EngagementActivity.Mode.choices,
        initial=EngagementActivity.Mode.IN_PERSON,
    )
    owner = UserChoiceField(label=_("Owner"), queryset=None, required=False, help_text=_("A member of the review."))
    date = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    round = forms.ModelChoiceField(
        label=_("Consultation round"), queryset=ConsultationRound.objects.none(), required=False
    )

    def __init__(self, *args, review, members, **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(REPORT_LANGUAGES)
        self.fields["language"].choices = [("", _("Not set"))] + [
            (code, names.get(code, code)) for code in review.languages or []
        ]
        self.fields["audience"].queryset = StakeholderCategory.objects.filter(review=review)
        self.fields["owner"].queryset = members
        self.fields["round"].queryset = ConsultationRound.objects.filter(review=review).order_by("-opens_at", "-pk")

    @classmethod
    def initial_for(cls, activity: EngagementActivity) -> dict:
        return {
            "title": activity.title,
            "stage": activity.stage,
            "kind": activity.kind,
            "audience": [c.pk for c in activity.audience.all()],
            "audience_note": activity.audience_note,
            "language": activity.language,
            "mode": activity.mode,
            "owner": activity.owner_id,
            "date": activity.date,
            "round": activity.round_id,
        }

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the activity a title."))
        return title


class ActivityReportForm(forms.Form):
    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[
            (EngagementActivity.Status.HELD, _("It was held")),
            (EngagementActivity.Status.CANCELLED, _("It was cancelled")),
        ],
        widget=forms.RadioSelect,
        initial=EngagementActivity.Status.HELD,
    )
    date = forms.DateField(label=_("Date held"), widget=DateInput(), required=False)
    outputs = forms.CharField(
        label=_("Outputs"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What came out of it: main messages, documents, follow-up."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == EngagementActivity.Status.HELD
            and not cleaned.get("date")
            and "date" not in self.errors
        ):
            self.add_error("date", _("Give the date the activity was held."))
        return cleaned


class ParticipationForm(forms.Form):
    """Participants of one category (the category comes from the formset's order)."""

    count = forms.IntegerField(label=_("Participants"), min_value=0, max_value=1_000_000, required=False)


ParticipationFormSet = forms.formset_factory(ParticipationForm, extra=0, max_num=500, validate_max=True)


def participation_formset(data, *, categories, activity):
    """One form per category of the review, in order, with the counts recorded so far.
    The category of each form is fixed by its position, never read from the request."""
    counts = {p.category_id: p.count for p in activity.participation.all()}
    formset = ParticipationFormSet(
        data, prefix="participation", initial=[{"count": counts.get(c.pk)} for c in categories]
    )
    for form, category in zip(formset.forms, categories, strict=False):
        form.category = category
        form.fields["count"].label = category.name
    return formset


def participation_counts(formset, categories) -> dict:
    return {category: form.cleaned_data.get("count") for form, category in zip(formset.forms, categories, strict=False)}
