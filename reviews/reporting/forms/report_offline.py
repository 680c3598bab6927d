"""Forms of the offline round trip and of incorporation into the draft."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from reviews.reporting.documents import MAX_UPLOAD_BYTES


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled document"),
        help_text=_("The report's Word document (.docx) or its Excel workbook (.xlsx), at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is too big: at most 10 MB."))
        if not upload.name.lower().endswith((".docx", ".xlsx", ".docm", ".xlsm")):
            raise ValidationError(_("Upload the report's Word document (.docx) or its Excel workbook (.xlsx)."))
        return upload


class IncorporateForm(forms.Form):
    question_key = forms.SlugField(label=_("Question"), max_length=50, widget=forms.HiddenInput)
    base_version = forms.IntegerField(label=_("Version of the section"), min_value=0, widget=forms.HiddenInput)
