"""Forms of the commitments register: a commitment, an import, an update, a decision, the filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from indicators.selectors import goals_in_order
from reviews.followup.models import Commitment, CommitmentKind, CommitmentStatus
from reviews.followup.references import report_choices
from reviews.followup.selectors.commitments import series_choices, status_choices
from reviews.followup.services.commitments import goals_and_targets
from reviews.workspace.models import Ministry
from reviews.workspace.selectors.ministries import ministry_choices
from vnr_portal.common.fields import MultipleFileField
from vnr_portal.common.widgets import PlainSelect

MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_("Text"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitmentKind.choices, initial=CommitmentKind.COMMITMENT)
    codes = forms.CharField(
        label=_("Goals and targets"),
        required=False,
        max_length=500,
        help_text=_("Goal numbers and target codes, separated by commas: 3, 3.4, 5.a"),
    )
    ministries = forms.ModelMultipleChoiceField(
        label=_("Responsible ministries"),
        queryset=Ministry.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, review, commitment: Commitment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministries"].queryset = Ministry.objects.filter(review=review).order_by("name")
        if commitment is not None and not self.is_bound:
            self.initial.update(
                text=commitment.text,
                kind=commitment.kind,
                codes=", ".join(
                    [str(goal.number) for goal in commitment.goals.all()]
                    + [target.code for target in commitment.targets.all()]
                ),
                ministries=list(commitment.ministries.all()),
            )

    def clean_codes(self):
        goals, targets, unknown = goals_and_targets(self.cleaned_data["codes"])
        if unknown:
            raise ValidationError(_("Unknown goal or target codes: %(codes)s.") % {"codes": ", ".join(unknown)})
        self.cleaned_data["goals"], self.cleaned_data["targets"] = goals, targets
        return self.cleaned_data["codes"]


class CommitmentImportForm(forms.Form):
    lines = forms.CharField(
        label=_("Commitments, one a line"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    file = forms.FileField(
        label=_("Or a CSV or Excel file"),
        required=False,
        help_text=_(
            "Columns: text, kind, goals/targets, ministries; the first row names them. Goal numbers and target "
            "codes separated by commas; ministries by name or acronym, separated by semicolons."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 2 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("lines") or "").strip() and not cleaned.get("file"):
            raise ValidationError(_("Type the commitments or choose a file."))
        return cleaned


class CommitmentUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    replaced_by = forms.ModelChoiceField(
        label=_("Replaced by"),
        queryset=Commitment.objects.none(),
        required=False,
        help_text=_("When the status is “replaced”: the commitment that replaces it."),
    )
    series = forms.ModelMultipleChoiceField(
        label=_("Indicator series"), queryset=None, required=False, help_text=_("The data that shows it.")
    )
    reports = forms.TypedMultipleChoiceField(
        label=_("Accepted ministry reports"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The progress reports of the responsible ministries that show it."),
    )
    documents = MultipleFileField(
        label=_("Documents"),
        required=False,
        help_text=_("PDF, Word (.docx), Excel (.xlsx) or CSV, at most 10 MB each and five an update."),
    )
    keep_documents = forms.ModelMultipleChoiceField(
        label=_("Documents already given"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Documents of earlier updates that this update cites again."),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Documents, ministry reports, web pages: one address a line."),
    )
    narrative = forms.CharField(
        label=_("Narrative"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, commitment: Commitment, has_documents: bool = False, **kwargs):
        """`has_documents`: whether an earlier update gave documents (the history says so
        without a query), which a new update may cite again."""
        super().__init__(*args, **kwargs)
        review = commitment.review
        self.fields["replaced_by"].queryset = Commitment.objects.filter(review=review).exclude(pk=commitment.pk)
        self.fields["series"].queryset = series_choices(review)
        choices = report_choices(review, [ministry.pk for ministry in commitment.ministries.all()])
        if choices:
            self.fields["reports"].choices = choices
        else:
            del self.fields["reports"]
        if has_documents:
            self.fields["keep_documents"].queryset = commitment.documents.order_by("uploaded_at", "pk")
        else:
            del self.fields["keep_documents"]
        self.fields["series"].label_from_instance = lambda s: " · ".join(
            part for part in (s.indicator_code, s.code, s.unit) if part
        )

    def clean_links(self):
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(_("“%(link)s” is not a web address.") % {"link": link[:100]}) from None
        return links


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RegisterFilterForm(forms.Form):
    # PlainSelect: a big review's 60 ministries without a template per option.
    goal = forms.TypedChoiceField(label=_("Goal"), required=False, coerce=int, empty_value=None, widget=PlainSelect)
    ministry = forms.TypedChoiceField(
        label=_("Ministry"), required=False, coerce=int, empty_value=None, widget=PlainSelect
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=PlainSelect)

    def __init__(self, *args, review, with_status: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("All goals"))] + [(g.number, str(g)) for g in goals_in_order()]
        self.fields["ministry"].choices = [("", _("All ministries")), *ministry_choices(review)]
        if with_status:
            self.fields["status"].choices = [("", _("All statuses")), *status_choices()]
        else:
            del self.fields["status"]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        """The valid filters (an invalid value is dropped, never an error page)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
