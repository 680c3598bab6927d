"""Forms of the inclusiveness dashboard (the first VNR's baseline) and of the survey. They read
and validate; .services writes."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from stakeholders.registry.models import StakeholderCategory

SCALE = [
    (1, _("1 — not at all")),
    (2, _("2 — a little")),
    (3, _("3 — partly")),
    (4, _("4 — mostly")),
    (5, _("5 — completely")),
]


def _count(label):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=100_000_000)


class BaselineForm(forms.Form):
    participants = _count(_("Participants"))
    contributions = _count(_("Contributions"))
    organisations = _count(_("Organisations"))
    felt_heard_percent = forms.IntegerField(
        label=_("Felt heard (%)"),
        required=False,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of participants who said they felt heard, if the first VNR asked."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=300,
        help_text=_("Where the figures come from, for example the first VNR's annex on stakeholder engagement."),
    )

    def clean_source(self) -> str:
        return self.cleaned_data["source"].replace("\x00", "").strip()


class SurveyForm(forms.Form):
    felt_heard = forms.TypedChoiceField(
        label=_("Did you feel heard?"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    process_clear = forms.TypedChoiceField(
        label=_("Was the process clear?"), choices=SCALE, coerce=int, widget=forms.RadioSelect
    )
    would_take_part_again = forms.TypedChoiceField(
        label=_("Would you take part again?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    declared_category = forms.ModelChoiceField(
        label=_("You are (optional)"),
        required=False,
        queryset=StakeholderCategory.objects.none(),
        empty_label=_("— prefer not to say —"),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declared_category"].queryset = StakeholderCategory.objects.filter(review=review).order_by(
            "position", "name"
        )

    def clean_comment(self) -> str:
        return self.cleaned_data["comment"].replace("\x00", "").strip()
