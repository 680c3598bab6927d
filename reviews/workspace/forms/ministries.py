from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.workspace.models import Ministry


class MinistryForm(forms.ModelForm):
    class Meta:
        model = Ministry
        fields = ["name", "acronym", "parent", "focal_point_name", "focal_point_email"]

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Ministry.objects.filter(review=review)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("name")
        self.fields["parent"].help_text = _("Leave empty for a ministry; for a division, choose its ministry.")
