"""The confirmation of a regeneration of the chapter: the version and the text the preview showed."""

from django import forms
from django.core.validators import RegexValidator


class ChapterRegenerateForm(forms.Form):
    base_version = forms.IntegerField(min_value=0, max_value=10_000_000, widget=forms.HiddenInput)
    digest = forms.CharField(
        max_length=64, min_length=64, validators=[RegexValidator(r"^[0-9a-f]{64}$")], widget=forms.HiddenInput
    )
