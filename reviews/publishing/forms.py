"""Forms of the publishing pages: which format to render, whether an edition is public."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models.publishing import EditionFormat


class EditionRequestForm(forms.Form):
    """Sent by the "Render PDF" / "Export to Word" buttons (name="format")."""

    format = forms.ChoiceField(
        label=_("Format"),
        choices=EditionFormat.choices,
        error_messages={"required": _("Choose PDF or Word."), "invalid_choice": _("Choose PDF or Word.")},
    )


class EditionPublishForm(forms.Form):
    """Sent by the "Make public" / "Withdraw" button (name="is_public", value 1 or 0)."""

    is_public = forms.TypedChoiceField(
        label=_("Public"),
        choices=[("1", _("Public")), ("0", _("Members only"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Choose public or members only."), "invalid_choice": _("Choose public or members only.")},
    )
