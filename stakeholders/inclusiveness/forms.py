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


MAX_BASELINE_CATEGORIES = 50


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

    by_category = forms.CharField(
        label=_("Participants by category"),
        required=False,
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_('One category a line, its name then a colon and the number of participants, e.g. "Youth: 40".'),
    )
    feedback = forms.CharField(
        label=_("What the participants said of the engagement"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the first VNR reported of the participants' views on how they were involved."),
    )

    def clean_source(self) -> str:
        return self.cleaned_data["source"].replace("\x00", "").strip()

    def clean_feedback(self) -> str:
        return self.cleaned_data["feedback"].replace("\x00", "").strip()

    def clean_by_category(self) -> list[dict]:
        """[{"name", "participants"}] from the lines "Name: number"; every bad line is named."""
        rows, errors, seen = [], [], set()
        lines = [line.strip() for line in self.cleaned_data["by_category"].replace("\x00", "").splitlines()]
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            name, colon, count = line.rpartition(":")
            name, count = name.strip(), count.strip()
            if not colon or not name or not count.isdigit() or len(count) > 9:
                errors.append(
                    _("Line %(number)s: write the category, a colon and a whole number.") % {"number": number}
                )
            elif len(name) > 120:
                errors.append(
                    _("Line %(number)s: the category's name is too long (120 characters at most).") % {"number": number}
                )
            elif name.casefold() in seen:
                errors.append(_("Line %(number)s: “%(name)s” is already listed.") % {"number": number, "name": name})
            else:
                seen.add(name.casefold())
                rows.append({"name": name, "participants": int(count)})
        if len(rows) > MAX_BASELINE_CATEGORIES:
            errors.append(_("At most %(max)s categories.") % {"max": MAX_BASELINE_CATEGORIES})
        if errors:
            raise forms.ValidationError(errors)
        return rows

    @staticmethod
    def by_category_text(rows) -> str:
        """The stored rows as the field writes them."""
        return "\n".join(f"{row['name']}: {row['participants']}" for row in rows or [])


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
