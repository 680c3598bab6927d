from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Goal
from reviews.followup.models.strategy import NationalStrategy, SectorReview, StrategyPillar, StrategyPriority
from reviews.followup.services.strategy import parse_target_codes


class StrategyForm(forms.ModelForm):
    class Meta:
        model = NationalStrategy
        fields = ["name", "start_year", "end_year"]


class PillarForm(forms.ModelForm):
    class Meta:
        model = StrategyPillar
        fields = ["name"]


class PriorityForm(forms.ModelForm):
    targets = forms.CharField(
        label=_("SDG targets"),
        help_text=_("The codes of the targets this priority addresses, separated by commas, e.g. 3.8, 4.1."),
        max_length=2000,
        required=False,
    )

    class Meta:
        model = StrategyPriority
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["targets"] = ", ".join(target.code for target in self.instance.targets.all())

    def clean_targets(self) -> list[str]:
        return parse_target_codes(self.cleaned_data.get("targets", ""))


class SectorReviewForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, Word (.docx), Excel (.xlsx) or CSV, at most 10 MB.")
    )
    link = forms.URLField(label=_("Link"), max_length=500, required=False, assume_scheme="https")
    goals = forms.ModelMultipleChoiceField(
        label=_("Goals it informs"), queryset=Goal.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = SectorReview
        fields = ["title", "sector", "year", "link"]
