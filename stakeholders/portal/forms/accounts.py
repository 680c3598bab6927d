"""The sign-up form of the public portal (also on an invitation's page). It reads and
validates; ..services.accounts writes."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .honeypot import HoneypotMixin


class SignupForm(HoneypotMixin):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        help_text=_("Shown with your contributions. It can be a first name or a pseudonym."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,
        help_text=_("We send a link to this address to confirm it. It is never shown on the portal."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["display_name", "email", "password1", "password2", "website"]

    def __init__(self, *args, fixed_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_email = fixed_email
        if fixed_email:
            # An invitation's address: the link that came there proves it.
            del self.fields["email"]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Give a name to show with your contributions."))
        return name

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(
                username=self.fixed_email or cleaned.get("email", ""),
                email=self.fixed_email or cleaned.get("email", ""),
            )
            probe.first_name = cleaned.get("display_name", "")
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        if self.fixed_email:
            cleaned["email"] = self.fixed_email
        return cleaned
