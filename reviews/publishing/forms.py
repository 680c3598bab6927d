"""Forms of the publishing pages: which format to render, whether an edition is public."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.publishing.models import EditionFormat


class EditionRequestForm(forms.Form):
    """Sent by the "Render PDF" / "Export to Word" buttons (name="format")."""

    format = forms.ChoiceField(
        label=_("Format"),
        choices=EditionFormat.choices,
        error_messages={"required": _("Choose PDF or Word."), "invalid_choice": _("Choose PDF or Word.")},
    )
    # The edition's language, among the review's (the report's first when left out).
    language = forms.CharField(label=_("Language"), required=False, max_length=20)


class EditionPublishForm(forms.Form):
    """Sent by the "Make public" / "Withdraw" button (name="is_public", value 1 or 0)."""

    is_public = forms.TypedChoiceField(
        label=_("Public"),
        choices=[("1", _("Public")), ("0", _("Members only"))],
        coerce=lambda value: value == "1",
        error_messages={
            "required": _("Choose public or members only."),
            "invalid_choice": _("Choose public or members only."),
        },
    )


class CoverPictureForm(forms.Form):
    """The cover picture of the report: a PNG or JPEG file and its text alternative.

    The file is checked by its content in the service (cover.py); here only presence.
    """

    image = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("PNG or JPEG, at most 5 MB, for example the national emblem or a photo."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    alt_text = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
        error_messages={
            "required": _("Describe the picture for readers who cannot see it."),
            "max_length": _("Keep the description under 300 characters."),
        },
    )

    def __init__(self, *args, has_picture: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_picture:
            self.fields["image"].label = _("New picture (optional)")
            self.fields["image"].help_text = _(
                "Leave empty to keep the current picture and change only its description. PNG or JPEG, at most 5 MB."
            )
