"""Forms of contributing: a contribution with its files, and a flag. They read and
validate; ..services.contributions writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.languages import language_label
from stakeholders.registry.models import Organisation, StakeholderCategory

from ..models import Contribution, Gender
from ..services.contributions import MAX_ATTACHMENTS
from .honeypot import HoneypotMixin


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ContributionForm(HoneypotMixin):
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
    body = forms.CharField(label=_("Your contribution"), widget=forms.Textarea(attrs={"rows": 8}))
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
    declared_category = forms.ModelChoiceField(
        label=_("You are (optional)"), queryset=StakeholderCategory.objects.none(), required=False
    )
    declared_region = forms.CharField(label=_("Your region (optional)"), max_length=120, required=False)
    declared_gender = forms.ChoiceField(
        label=_("Gender (optional)"), choices=[("", "—"), *Gender.choices], required=False
    )
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}),
    )
    field_order = [
        "kind",
        "quote",
        "proposed_text",
        "body",
        "language",
        "organisation_name",
        "on_behalf_of",
        "declared_category",
        "declared_region",
        "declared_gender",
        "attachments",
        "website",
    ]

    def __init__(self, *args, round, kinds, languages, organisations, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        labels = dict(Contribution.Kind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        if Contribution.Kind.REWORDING not in kinds:
            del self.fields["quote"]
            del self.fields["proposed_text"]
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
        if not organisations.exists():
            del self.fields["on_behalf_of"]
        self.fields["declared_category"].queryset = categories
        self.fields["declared_category"].label_from_instance = lambda category: category.name

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


class FlagForm(forms.Form):
    reason = forms.CharField(label=_("Why? (optional)"), max_length=500, required=False)
