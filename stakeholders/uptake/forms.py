"""Forms for taking feedback in. They read and validate; .services writes."""

from django import forms
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
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


# A constant attribute (format_html would escape its quotes).
_ARIA_INVALID = SafeString(' aria-invalid="true"')


def _errors_html(uid: str, errors) -> str:
    """A field's errors as crispy-forms' bootstrap5 pack writes them."""
    if not errors:
        return ""
    return format_html(
        ' <div id="{}_error" class="invalid-feedback">{}</div>',
        uid,
        format_html_join(
            "", '<p id="error_{}_{}"><strong>{}</strong></p>', ((n, uid, e) for n, e in enumerate(errors, 1))
        ),
    )


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

    def as_fields_html(self):
        """The fields in the markup `{{ form|crispy }}` gives them (legend, labels, errors at the
        field, aria-describedby, aria-invalid), written directly: the board shows a form per
        contribution, and crispy's template per field and per option was most of its time. A test
        compares the two."""
        parts = []
        if self.non_field_errors():
            parts.append(
                format_html(
                    '<div class="alert alert-block alert-danger"><ul class="m-0">{}</ul></div>',
                    format_html_join("", "<li>{}</li>", ((error,) for error in self.non_field_errors())),
                )
            )
        decision = self["decision"]
        uid, errors = decision.auto_id, decision.errors
        current = str(decision.value())
        invalid = " is-invalid" if errors else ""
        options = format_html_join(
            "",
            '<div class="form-check"><input type="radio" class="form-check-input{}" name="{}" value="{}" id="{}_{}"'
            ' required{}{}> <label for="{}_{}" class="form-check-label">{}</label>{}</div>',
            (
                (
                    invalid,
                    decision.html_name,
                    value,
                    uid,
                    index,
                    _ARIA_INVALID if errors else "",
                    " checked" if str(value) == current else "",
                    uid,
                    index,
                    label,
                    _errors_html(uid, errors) if errors and index == len(decision.field.choices) - 1 else "",
                )
                for index, (value, label) in enumerate(decision.field.choices)
            ),
        )
        parts.append(
            format_html(
                '<div id="div_{}" class="mb-3"><fieldset{}><legend class="form-label requiredField fs-6">{}'
                '<span class="asteriskField" aria-hidden="true">*</span></legend><div>{}</div></fieldset></div>',
                uid,
                format_html(' aria-describedby="{}_error"', uid) if errors else "",
                decision.label,
                options,
            )
        )
        reason = self["reason"]
        uid, errors = reason.auto_id, reason.errors
        parts.append(
            format_html(
                '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label> <textarea name="{}"'
                ' cols="40" rows="2" maxlength="{}" class="textarea form-control{}"{} aria-describedby="{}_helptext{}"'
                ' id="{}">\n{}</textarea>{} <div id="{}_helptext" class="form-text">{}</div></div>',
                uid,
                uid,
                reason.label,
                reason.html_name,
                reason.field.max_length,
                " is-invalid" if errors else "",
                _ARIA_INVALID if errors else "",
                uid,
                f" {uid}_error" if errors else "",
                uid,
                "" if reason.value() is None else reason.value(),
                _errors_html(uid, errors),
                uid,
                reason.help_text,
            )
        )
        if "revision" in self.fields:
            revision = self["revision"]
            uid, errors = revision.auto_id, revision.errors
            current = "" if revision.value() is None else str(revision.value())
            parts.append(
                format_html(
                    '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label> <select name="{}"'
                    ' aria-describedby="{}_helptext{}"{} class="plainselect form-select{}" id="{}">{}</select>{}'
                    ' <div id="{}_helptext" class="form-text">{}</div></div>',
                    uid,
                    uid,
                    revision.label,
                    revision.html_name,
                    uid,
                    f" {uid}_error" if errors else "",
                    _ARIA_INVALID if errors else "",
                    " is-invalid" if errors else "",
                    uid,
                    format_html_join(
                        "",
                        '<option value="{}"{}>{}</option>',
                        (
                            (value, " selected" if str(value) == current else "", label)
                            for value, label in revision.field.choices
                        ),
                    ),
                    _errors_html(uid, errors),
                    uid,
                    revision.help_text,
                )
            )
        return format_html_join("\n", "{}", ((part,) for part in parts))

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
