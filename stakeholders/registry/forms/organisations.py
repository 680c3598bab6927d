"""Forms of the registry's organisations, their list filters and their contacts. Forms
only read and validate; the services in ..services.organisations write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews.models import REPORT_LANGUAGES
from vnr_portal.common.widgets import DateInput

from ..models import Organisation, StakeholderCategory

LEVEL_CHOICES = [
    (1, _("1 — very low")),
    (2, _("2 — low")),
    (3, _("3 — medium")),
    (4, _("4 — high")),
    (5, _("5 — very high")),
]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=StakeholderCategory.objects.none())
    region = forms.CharField(
        label=_("Region"), max_length=120, required=False, help_text=_("Where it works, for example a province.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=REPORT_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages to reach it in."),
    )
    website = forms.URLField(label=_("Website"), max_length=200, required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    interest = forms.TypedChoiceField(
        label=_("Interest in the review"),
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=3,
        help_text=_("How much the review matters to it."),
    )
    influence = forms.TypedChoiceField(
        label=_("Influence on the review"),
        choices=LEVEL_CHOICES,
        coerce=int,
        initial=3,
        help_text=_("How much it can change the review or its follow-up."),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = StakeholderCategory.objects.filter(review=review)

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        return {name: getattr(organisation, name) for name in cls.base_fields}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the organisation a name."))
        return name


class OrganisationFilterForm(forms.Form):
    """The list's filters, read from the query string; bad values are ignored."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, required=False, empty_value=None)
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *REPORT_LANGUAGES]
    )

    def __init__(self, *args, categories, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [(c.pk, c.name) for c in categories]
        self.fields["region"].choices = [("", _("All regions"))] + [(r, r) for r in regions]
        self._categories = {c.pk: c for c in categories}

    def filters(self) -> dict:
        """The valid filters, as keyword arguments of `organisation_list`."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "category": self._categories.get(data.get("category")),
            "region": data.get("region") or "",
            "language": data.get("language") or "",
            "search": " ".join((data.get("q") or "").split()),
        }


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    consent_date = forms.DateField(
        label=_("Consent given on"),
        widget=DateInput(),
        help_text=_("Keep a person's details only with their consent."),
    )
    consent_note = forms.CharField(
        label=_("How consent was given"),
        max_length=300,
        help_text=_("For example: signed form at the workshop of 3 May."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and "consent_date" not in self.initial:
            self.initial["consent_date"] = timezone.localdate()

    @classmethod
    def initial_for(cls, contact) -> dict:
        initial = {name: getattr(contact, name) for name in ("name", "position", "email", "phone", "consent_note")}
        initial["consent_date"] = timezone.localtime(contact.consent_at).date()
        return initial

    def clean_consent_date(self):
        date = self.cleaned_data["consent_date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Consent cannot have been given in the future."))
        return date

    def clean_consent_note(self) -> str:
        note = " ".join(self.cleaned_data["consent_note"].split())
        if not note:
            raise forms.ValidationError(_("Say how the person gave consent to keep their details."))
        return note
