from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reviews.core.models import MemberRole, Review
from reviews.workspace.models import Ministry
from reviews.workspace.services.invitations import invitation_role_errors


class InvitationForm(forms.Form):
    """Who to invite, with which roles. The domain rules live in `invitation_create`."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=MemberRole.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick one or more."),
        error_messages={"required": _("Choose at least one role.")},
    )
    ministry = forms.ModelChoiceField(
        label=_("Ministry"),
        queryset=Ministry.objects.none(),
        required=False,
        help_text=_("Required for a ministry focal point, who reports for this ministry only."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["ministry"].queryset = Ministry.objects.filter(review=review).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if "roles" in cleaned and "ministry" in cleaned:
            errors = invitation_role_errors(review=self.review, roles=cleaned["roles"], ministry=cleaned["ministry"])
            for name, message in errors.items():
                self.add_error(name, message)
        return cleaned


class InvitationSignupForm(forms.Form):
    """The name and password of a new account created by accepting an invitation."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters, not only digits, not a common password and not like your name."),
    )
    password_confirm = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        password, confirm = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("The two passwords differ: type the same password twice."))
        return cleaned
