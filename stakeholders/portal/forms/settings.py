"""The form of the portal's texts, as the taskforce writes them. .services.settings
sanitizes and saves them."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
