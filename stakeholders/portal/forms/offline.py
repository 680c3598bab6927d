"""The form of a contribution received offline, entered by staff on someone's behalf."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.languages import language_label
from stakeholders.registry.models import StakeholderCategory
from stakeholders.rounds.models import RoundDocument, RoundQuestion
from vnr_portal.common.uploads import MAX_ATTACHMENT_BYTES
from vnr_portal.common.widgets import DateInput

from ..models import Channel, Contribution, Gender
from ..services.offline import OFFLINE_CHANNELS


class OfflineContributionForm(forms.Form):
    channel = forms.ChoiceField(label=_("How was it received?"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    given_by = forms.CharField(
        label=_("Given by (person or group)"),
        max_length=200,
        required=False,
        help_text=_("Kept private: never shown on the portal."),
    )
    given_by_contact = forms.CharField(
        label=_("Their contact (optional)"),
        max_length=200,
        required=False,
        help_text=_("A phone number or address, kept private like other personal data."),
    )
    organisation_name = forms.CharField(
        label=_("On behalf of an organisation (optional)"), max_length=200, required=False
    )
    document = forms.ModelChoiceField(
        label=_("About a section (optional)"), queryset=RoundDocument.objects.none(), required=False
    )
    question = forms.ModelChoiceField(
        label=_("Or answers a question (optional)"), queryset=RoundQuestion.objects.none(), required=False
    )
    body = forms.CharField(
        label=_("The contribution"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("As the person gave it, or a faithful summary of what they said."),
    )
    language = forms.ChoiceField(label=_("Language of the original"), required=False)
    declared_category = forms.ModelChoiceField(
        label=_("Category (optional)"), queryset=StakeholderCategory.objects.none(), required=False
    )
    declared_region = forms.CharField(label=_("Region (optional)"), max_length=120, required=False)
    declared_gender = forms.ChoiceField(
        label=_("Gender (optional)"), choices=[("", "—"), *Gender.choices], required=False
    )
    scan = forms.FileField(
        label=_("Scan or notes (optional)"),
        required=False,
        help_text=_("PDF, Word (.docx), PNG or JPEG, at most 10 MB; seen by staff only."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.png,.jpg,.jpeg"}),
    )
    consent = forms.BooleanField(
        label=_("The person agreed that their contribution be used in the review"),
        error_messages={
            "required": _("Record the person's consent: a contribution may be entered only if they agreed it be used.")
        },
    )
    consent_publish = forms.BooleanField(
        label=_("They also agreed that it be published on the portal (without their name)"), required=False
    )

    def __init__(self, *args, round, languages, categories, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Channel.choices)
        self.fields["channel"].choices = [(value, labels[value]) for value in OFFLINE_CHANNELS]
        self.fields["document"].queryset = RoundDocument.objects.filter(round=round).order_by("language", "position")
        self.fields["document"].label_from_instance = lambda document: f"{document.title} ({document.language})"
        self.fields["question"].queryset = RoundQuestion.objects.filter(round=round).order_by("position", "pk")
        self.fields["question"].label_from_instance = lambda question: question.text[:120]
        self.fields["language"].choices = [("", "—")] + [(code, language_label(code)) for code in languages]
        self.fields["declared_category"].queryset = categories
        self.fields["declared_category"].label_from_instance = lambda category: category.name

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date the contribution was received cannot be in the future."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("document") and cleaned.get("question"):
            self.add_error("question", _("Choose a section or a question, not both."))
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("question") is not None:
            data["kind"] = Contribution.Kind.ANSWER
        elif data.get("document") is not None:
            data["kind"] = Contribution.Kind.COMMENT
        else:
            data["kind"] = Contribution.Kind.GENERAL
        return data


class OfflineImportForm(forms.Form):
    file = forms.FileField(
        label=_("Table of contributions (CSV or Excel)"),
        help_text=_("Use the template: one contribution per row, at most 500 rows."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    good_rows_only = forms.BooleanField(
        label=_("If some rows are wrong, import the good rows anyway"),
        required=False,
        help_text=_("Otherwise nothing is saved until every row is right."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 10 MB."))
        return upload
