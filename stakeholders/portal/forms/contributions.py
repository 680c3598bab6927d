"""Forms of contributing: a contribution with its files, and a flag. They read and
validate; ..services.contributions writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.languages import language_label
from stakeholders.registry.models import Organisation, StakeholderCategory
from vnr_portal.common.fields import MultipleFileField, MultipleFileInput

from ..models import Contribution, Gender
from ..services.contributions import MAX_ATTACHMENTS
from .honeypot import HoneypotMixin


class ContributionForm(HoneypotMixin):
    """A contribution, the comment first. The optional questions about the person (the
    inclusiveness figures) are asked once per person (`ask_about`), and kept on their
    profile; a visitor not signed in yet (`visitor`) types only the text, kept for them
    while they sign up or sign in (files cannot be kept: they are added after)."""

    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 8}))
    kind = forms.ChoiceField(label=_("What do you want to do?"), widget=forms.RadioSelect)
    quote = forms.CharField(
        label=_("The passage you want to change"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for a suggested rewording: copy the words from the text."),
    )
    proposed_text = forms.CharField(
        label=_("Your proposed wording"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only for a suggested rewording."),
    )
    language = forms.ChoiceField(label=_("Language you write in"))
    organisation_name = forms.CharField(
        label=_("On behalf of an organisation (optional)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty if you write for yourself."),
    )
    on_behalf_of = forms.ModelChoiceField(
        label=_("Or choose your organisation from the list (optional)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}),
    )
    declared_category = forms.ModelChoiceField(
        label=_("You are (optional)"), queryset=StakeholderCategory.objects.none(), required=False
    )
    declared_region = forms.CharField(label=_("Your region (optional)"), max_length=120, required=False)
    declared_gender = forms.ChoiceField(
        label=_("Gender (optional)"), choices=[("", "—"), *Gender.choices], required=False
    )
    field_order = [
        "body",
        "kind",
        "quote",
        "proposed_text",
        "language",
        "organisation_name",
        "on_behalf_of",
        "attachments",
        "declared_category",
        "declared_region",
        "declared_gender",
        "website",
    ]
    MAIN = ("body", "language")
    # A suggested rewording, on a section's paragraph: the kind and its two fields together.
    REWORDING = ("kind", "quote", "proposed_text")
    MORE = ("organisation_name", "on_behalf_of", "attachments")
    ABOUT = ("declared_category", "declared_region", "declared_gender")

    def __init__(
        self, *args, round, kinds, languages, organisations, categories, ask_about=True, visitor=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.round = round
        self.ask_about = ask_about and not visitor
        labels = dict(Contribution.Kind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
            self.fields["kind"].widget = forms.HiddenInput()
        if Contribution.Kind.REWORDING not in kinds:
            del self.fields["quote"]
            del self.fields["proposed_text"]
        if Contribution.Kind.ANSWER in kinds:
            self.fields["body"].label = _("Your answer")
        elif Contribution.Kind.GENERAL in kinds:
            self.fields["body"].label = _("Your contribution")
        self.fields["body"].max_length = round.max_length
        self.fields["body"].widget.attrs["maxlength"] = round.max_length
        self.fields["body"].help_text = _("Plain text, at most %(limit)s characters.") % {"limit": round.max_length}
        # Set here, not on the field: interpolating a lazy string at import time fixes its language.
        self.fields["attachments"].help_text = _(
            "Up to %(count)s files: PDF, Word (.docx), PNG or JPEG, at most 10 MB each."
        ) % {"count": MAX_ATTACHMENTS}
        self.fields["language"].choices = [(code, language_label(code)) for code in languages]
        self.fields["on_behalf_of"].queryset = organisations
        self.fields["on_behalf_of"].label_from_instance = lambda organisation: organisation.name
        if visitor or not organisations.exists():
            del self.fields["on_behalf_of"]
        if visitor:
            del self.fields["attachments"]
            del self.fields["organisation_name"]
        if self.ask_about:
            self.fields["declared_category"].queryset = categories
            self.fields["declared_category"].label_from_instance = lambda category: category.name
            if not categories.exists():
                del self.fields["declared_category"]
        else:
            for name in self.ABOUT:
                del self.fields[name]

    def _bound(self, names):
        return [self[name] for name in names if name in self.fields]

    @property
    def main_fields(self):
        return self._bound(self.MAIN)

    @property
    def rewording_fields(self):
        if "quote" not in self.fields:
            return []
        return self._bound(self.REWORDING)

    @property
    def rewording_open(self) -> bool:
        """Open the rewording box when it was chosen, or one of its fields has an error."""
        chosen = self["kind"].value() == Contribution.Kind.REWORDING
        return chosen or any(field.errors for field in self.rewording_fields)

    @property
    def more_fields(self):
        return self._bound(self.MORE)

    @property
    def about_fields(self):
        return self._bound(self.ABOUT)

    def about(self) -> dict | None:
        """The answers about the person, when the form asked them this time."""
        if not self.ask_about:
            return None
        data = self.cleaned_data
        return {
            "category": data.get("declared_category"),
            "region": data.get("declared_region", ""),
            "gender": data.get("declared_gender", ""),
        }

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write your contribution."))
        return body

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("At most %(count)s files.") % {"count": MAX_ATTACHMENTS})
        return files


class AboutForm(forms.Form):
    """The optional questions about a contributor, on their profile page: region, gender,
    and their category in each review they took part in (`categories_by_review`: review
    id → its categories)."""

    region = forms.CharField(label=_("Your region (optional)"), max_length=120, required=False)
    gender = forms.ChoiceField(label=_("Gender (optional)"), choices=[("", "—"), *Gender.choices], required=False)

    def __init__(self, *args, reviews=(), categories_by_review=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.reviews = [review for review in reviews if (categories_by_review or {}).get(review.pk)]
        self.options = {review.pk: (categories_by_review or {})[review.pk] for review in self.reviews}
        for review in self.reviews:
            self.fields[f"category_{review.pk}"] = forms.ChoiceField(
                label=_("You are, in the review of %(country)s (optional)") % {"country": review.country.name},
                choices=[("", "—"), *((str(c.pk), c.name) for c in self.options[review.pk])],
                required=False,
            )

    def categories(self) -> dict:
        """Review id → the category chosen (or None)."""
        chosen = {}
        for review in self.reviews:
            value = self.cleaned_data.get(f"category_{review.pk}") or ""
            chosen[review.pk] = next((c for c in self.options[review.pk] if str(c.pk) == value), None)
        return chosen


class FlagForm(forms.Form):
    reason = forms.CharField(label=_("Why? (optional)"), max_length=500, required=False)
