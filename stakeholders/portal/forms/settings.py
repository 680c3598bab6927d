"""The form of the portal's texts, as the taskforce writes them. .services.settings
sanitizes and saves them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Licence


class PortalForm(forms.Form):
    introduction = forms.CharField(
        label=_("The process"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("How the review is prepared and its timeline. Plain text, or simple HTML."),
    )
    how_to_take_part = forms.CharField(
        label=_("How to take part"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    contacts = forms.CharField(
        label=_("Contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public contact points only (an office, a shared mailbox), never a person's private details."),
    )
    code_of_conduct = forms.CharField(
        label=_("Code of conduct"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Contributors accept it before their first contribution."),
    )


class PortalLicenceForm(forms.Form):
    """The licence of the review's open data (checked again by `portal_set_licence`)."""

    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=Licence.choices,
        help_text=_("Shown on the public pages and written in every download of the open data."),
    )
    licence_name = forms.CharField(
        label=_("Name of the licence"),
        required=False,
        max_length=200,
        help_text=_("Only for a national or other licence, such as Open Government Licence v3.0."),
    )
    licence_url = forms.URLField(
        label=_("Address of the licence's text"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Only for a national or other licence: where anyone can read it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("licence") == Licence.CUSTOM and not (cleaned.get("licence_name") or "").strip():
            self.add_error("licence_name", _("Give the licence's name."))
        return cleaned
