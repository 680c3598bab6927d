"""Forms of the moderation queue, the actions on a contribution, blocking and the
prepared answers. Forms never write: services do."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.portal.models import Classification, Contribution
from stakeholders.rounds.models import ConsultationRound
from vnr_portal.common.widgets import PlainSelect

from .models import ResponseTemplate
from .selectors import DEFAULT_STATUS, STATUS_FILTERS, template_languages
from .services.actions import MAX_ANSWER, MAX_REASON
from .services.response_templates import MAX_BODY, MAX_TITLE


def _class_choices(blank_label):
    return [("", blank_label), *Classification.choices]


class QueueFilterForm(forms.Form):
    """The queue's filters (GET); unknown values fall back to the defaults."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[(key, label) for key, (label, _q) in STATUS_FILTERS.items()]
    )
    round = forms.ModelChoiceField(
        label=_("Round"), required=False, queryset=ConsultationRound.objects.none(), empty_label=_("All rounds")
    )
    classification = forms.ChoiceField(label=_("Class"), required=False, choices=_class_choices(_("All classes")))
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, data, *, review):
        super().__init__(data)
        self.fields["round"].queryset = ConsultationRound.objects.filter(review=review).order_by("-opens_at", "-pk")
        self.fields["language"].choices = [("", _("All languages")), *template_languages(review)]
        # The queue renders these without crispy-forms (includes/field.html): Bootstrap's classes here.
        for name in ("round", "classification", "language"):
            field = self.fields[name]
            # Iterated once (a list of a model field's choices would count its rows first).
            field.widget = PlainSelect(attrs={"class": "form-select"}, choices=[*iter(field.choices)])

    def filters(self) -> dict:
        """The valid filters; an invalid one is ignored rather than shown as an error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        round_ = data.get("round")
        return {
            "status": data.get("status") or DEFAULT_STATUS,
            "round_id": round_.pk if round_ else None,
            "classification": data.get("classification") or "",
            "language": data.get("language") or "",
        }


class ClassifyForm(forms.Form):
    classification = forms.ChoiceField(label=_("Class"), choices=Classification.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. The public sees “Hidden by a moderator:” followed by this reason."),
    )


class BlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why block this account?"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required. The person is told this reason; the block is kept as a record."),
    )


class AnswerForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Prepared answer"),
        required=False,
        queryset=ResponseTemplate.objects.none(),
        empty_label=_("None: my own answer"),
        help_text=_(
            "The prepared answer yours starts from, kept with it as a record. "
            "Choosing one puts its text in the box; without JavaScript, use the links above."
        ),
    )
    body = forms.CharField(
        label=_("Answer"),
        max_length=MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown publicly under the contribution. Plain text; edit the prepared answer as needed."),
    )

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        # Any template of the review is accepted (a moderator may pick one of another
        # class); the list offers those that fit.
        self.fields["template"].queryset = templates


class BulkSpamForm(forms.Form):
    contributions = forms.ModelMultipleChoiceField(
        label=_("Contributions"),
        queryset=Contribution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one contribution."),
            "invalid_choice": _("Some of the chosen contributions are not in this review."),
            "invalid_pk_value": _("Some of the chosen contributions are not in this review."),
        },
    )
    reason = forms.CharField(
        label=_("Reason shown in their place"),
        max_length=MAX_REASON,
        initial=_("Spam"),
        help_text=_("The chosen contributions are classed as spam and hidden with this reason."),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributions"].queryset = Contribution.objects.filter(round__review=review)
        self.fields["reason"].widget.attrs["class"] = "form-control"


class ResponseTemplateForm(forms.Form):
    classification = forms.ChoiceField(label=_("For feedback that is"), choices=Classification.choices)
    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE, help_text=_("Moderators pick the answer by it."))
    body = forms.CharField(
        label=_("Answer"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text, shown publicly under a contribution (moderators may edit it each time)."),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = template_languages(review)
