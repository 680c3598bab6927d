from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from vnr_portal.common.site import absolute_url, site_name
from vnr_portal.common.widgets import DateInput

from .models import ApiTokenScope
from .selectors import time_zone_choices
from .services import in_language_of


class LanguageSelect(forms.Select):
    """Each language named in itself, marked with its `lang` so screen readers say it right."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"]["lang"] = option["value"]
        return option


def _language_choices() -> list[tuple[str, str]]:
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class SettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        widget=LanguageSelect,
        error_messages={"invalid_choice": _("Choose one of the portal's languages.")},
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_("Dates and times on the portal and in your e-mails are shown in this time zone."),
        error_messages={"invalid_choice": _("Choose a time zone from the list.")},
    )

    def __init__(self, *args, current_time_zone: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _language_choices()
        self.fields["time_zone"].choices = time_zone_choices(current_time_zone)


class CodeForm(forms.Form):
    """A code from the authenticator app: six digits, spaces and dashes ignored."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": _("Enter the 6-digit code your authenticator app shows.")},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split()).replace("-", "")
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("Enter the 6-digit code your authenticator app shows."), code="format")
        return code


class PortalPasswordResetForm(auth_forms.PasswordResetForm):
    """Django's password-reset request, with the e-mail written for the person: in their
    language and time zone, signed with SITE_NAME, its link built on SITE_URL (never on the
    address the request came in by)."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        user = context["user"]
        link = absolute_url("password_reset_confirm", uidb64=context["uid"], token=context["token"])
        with in_language_of(user):
            context = {**context, "reset_link": link, "site_name": site_name(), "domain": "", "protocol": ""}
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            body = render_to_string(email_template_name, context)
        EmailMultiAlternatives(subject, body, from_email, [to_email]).send()


class ApiTokenForm(forms.Form):
    """A new personal API token: its name, what it may do and when it expires (within a year)."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Say which system will use it, such as “National SDG platform”."),
        error_messages={"required": _("Give the token a name, such as the system that will use it.")},
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=ApiTokenScope.choices,
        initial=ApiTokenScope.READ,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose read only or read and write.")},
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=DateInput,
        help_text=_("At most one year from today."),
        error_messages={
            "required": _("Choose the date the token stops working."),
            "invalid": _("Enter a date such as 2027-06-30."),
        },
    )
