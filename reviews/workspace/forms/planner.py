from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from reviews.core.models import REPORT_LANGUAGES, Country, Review, Stage
from reviews.workspace.models import Milestone, Task
from reviews.workspace.services.reviews import REPORT_FIELD_FROZEN, REPORT_FIELDS
from vnr_portal.common.widgets import DateInput


class ReviewForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    hlpf_year = forms.IntegerField(
        label=_("Year presented at the HLPF"), min_value=2016, max_value=2100, help_text=_("For example 2027.")
    )
    languages = forms.MultipleChoiceField(
        label=_("Report languages"),
        choices=REPORT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the report will be published in."),
    )
    previous_review = forms.ModelChoiceField(
        label=_("Previous VNR"),
        queryset=Review.objects.none(),
        required=False,
        help_text=_("The country's earlier VNR, which this one follows up. Record it first if it is not listed."),
    )

    def __init__(self, *args, countries, previous_reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        self.fields["previous_review"].queryset = previous_reviews
        self.fields["previous_review"].label_from_instance = lambda r: f"{r.country} — {r.title} ({r.hlpf_year})"
        if countries.count() == 1 and not self.is_bound:
            self.initial.setdefault("country", countries.first())


class ReviewEditForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Report languages"), choices=REPORT_LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Review
        fields = [
            "title",
            "hlpf_year",
            "languages",
            "stage",
            "previous_review",
            "allow_self_approval",
            "vote_quorum_percent",
            "vote_majority",
        ]

    def __init__(self, *args, report_locked: bool = False, **kwargs):
        """`report_locked`: the council approved the report, whose title, year and languages
        are then read-only (`reviews.change_report_title`)."""
        super().__init__(*args, **kwargs)
        self.report_locked = report_locked
        if report_locked:
            for name in REPORT_FIELDS:
                self.fields[name].help_text = _(
                    "Frozen: the council approved the report with this value. A coordinator can reopen the report "
                    "from the council vote page."
                )
        self.fields["previous_review"].queryset = Review.objects.filter(country_id=self.instance.country_id).exclude(
            pk=self.instance.pk
        )
        self.fields["stage"].choices = [c for c in Stage.choices if c[0] != Stage.PUBLISHED] + [
            (Stage.PUBLISHED, Stage.PUBLISHED.label)
        ]

    def clean(self):
        cleaned = super().clean()
        if self.report_locked:
            for name in REPORT_FIELDS:
                if name in self.changed_data:
                    self.add_error(name, _(REPORT_FIELD_FROZEN))
        return cleaned


class ReviewRecordForm(forms.Form):
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    hlpf_year = forms.IntegerField(label=_("Year presented at the HLPF"), min_value=2016, max_value=2100)
    published_pdf = forms.FileField(
        label=_("Published report (PDF)"), required=False, help_text=_("The report as published, at most 50 MB.")
    )

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries

    def clean_published_pdf(self):
        upload = self.cleaned_data.get("published_pdf")
        if not upload:
            return None
        if upload.size > settings.MAX_PDF_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is too large: at most 50 MB."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "kind", "due_date", "done_on"]
        widgets = {"due_date": DateInput(), "done_on": DateInput()}


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "stage", "owner", "due_date", "done_on"]
        widgets = {"due_date": DateInput(), "done_on": DateInput()}

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(vnr_memberships__review=review).distinct().order_by("last_name", "username")
        )
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
