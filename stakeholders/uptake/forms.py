"""Forms for taking feedback in. They read and validate; .services writes."""

from django import forms
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from stakeholders.portal.models import Uptake
from vnr_portal.common.widgets import PlainSelect

from .services import MAX_REASON, MAX_SUMMARY, REASON_REQUIRED


def revision_choices_for(revisions) -> list[tuple]:
    """The choices of `UptakeForm.revision` for these revisions."""
    return [("", _("— none —"))] + [
        (
            revision.pk,
            _("Revision %(number)s, %(date)s")
            % {"number": revision.number, "date": date_format(revision.created_at, "SHORT_DATETIME_FORMAT")},
        )
        for revision in revisions
    ]


class UptakeForm(forms.Form):
    """One contribution's decision. `revisions` are the revisions it may link to (already
    loaded, so that a page of many forms makes no query per form)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=Uptake.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the portal. Needed unless the contribution was taken in."),
    )
    revision = forms.TypedChoiceField(
        label=_("Where it went"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The revision of the section that took it in, if any."),
    )

    def __init__(self, *args, revisions=(), revision_choices=None, **kwargs):
        """`revision_choices`: `revision_choices(revisions)` made once for the forms of a page
        that share them (else made here)."""
        super().__init__(*args, **kwargs)
        self._revisions = {revision.pk: revision for revision in revisions}
        field = self.fields["revision"]
        field.choices = revision_choices if revision_choices is not None else revision_choices_for(revisions)
        # A board shows a form per contribution: options written directly, not a template each.
        field.widget = PlainSelect(choices=field.choices)
        if not revisions:
            del self.fields["revision"]

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].replace("\x00", "").strip()

    @property
    def revision_options(self):
        """The `<option>`s of the revision's select, the current one selected ("" when the form
        has no revision field): `_decision_fields.html` writes the select around them."""
        if "revision" not in self.fields:
            return ""
        field = self["revision"]
        current = "" if field.value() is None else str(field.value())
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, " selected" if str(value) == current else "", label) for value, label in field.field.choices),
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") in REASON_REQUIRED and not data.get("reason"):
            self.add_error("reason", _("Say why: a reason is needed unless the contribution was taken in."))
        data["revision"] = self._revisions.get(data.get("revision")) if "revision" in self.fields else None
        return data


class AcceptRewordingForm(forms.Form):
    reason = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=MAX_REASON, widget=forms.Textarea(attrs={"rows": 2})
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of the outcome"),
        required=False,
        max_length=MAX_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "What the round heard and what the drafting team did with it. Shown on the portal and in the "
            "report's annex. Blank lines separate paragraphs."
        ),
    )
