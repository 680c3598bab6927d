"""Forms of consultation rounds: a round, its sections, a question, a translation, a new
closing date, invitations. Forms only read and validate; the services in .services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.languages import language_label, source_language
from stakeholders.registry.models import StandingGroup
from vnr_portal.common.widgets import DateTimeInput

from .models import ConsultationRound
from .services.rounds import round_field_errors

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        help_text=help_text,
    )


class ConsultationRoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the round asks and how the feedback will be used."),
    )
    kind = forms.ChoiceField(label=_("What is consulted on"), choices=ConsultationRound.Kind.choices)
    stage = forms.ChoiceField(label=_("VNR stage"), choices=ConsultationRound._meta.get_field("stage").choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=ConsultationRound.Audience.choices)
    group = forms.ModelChoiceField(
        label=_("Working group"),
        queryset=StandingGroup.objects.none(),
        required=False,
        help_text=_("Only for a round of a working group: its member accounts may contribute."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages the round is published in; the draft's own language is always one of them."),
    )
    opens_at = _datetime_field(_("Opens"))
    closes_at = _datetime_field(_("Closes"))
    max_length = forms.IntegerField(
        label=_("Longest contribution (characters)"), min_value=100, max_value=100_000, initial=5000
    )
    flag_threshold = forms.IntegerField(
        label=_("Flags before a comment waits for a moderator"),
        min_value=1,
        max_value=100,
        initial=3,
        help_text=_("Flags by different people after which a comment is hidden until a moderator sees it."),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        self.fields["group"].queryset = StandingGroup.objects.filter(
            review=review, kind=StandingGroup.Kind.WORKING_GROUP
        ).order_by("name")
        self.fields["languages"].choices = [(code, language_label(code)) for code in review.languages or []]
        if not self.is_bound and "languages" not in self.initial:
            self.initial["languages"] = [source_language(review)]

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the round a title."))
        return title

    def clean(self):
        cleaned = super().clean()
        if "languages" in cleaned and "audience" in cleaned:
            errors = round_field_errors(
                review=self.review,
                audience=cleaned.get("audience"),
                group=cleaned.get("group"),
                languages=cleaned.get("languages") or [],
                opens_at=cleaned.get("opens_at"),
                closes_at=cleaned.get("closes_at"),
            )
            for name, message in errors.items():
                if name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class RoundSectionsForm(forms.Form):
    sections = forms.TypedMultipleChoiceField(
        label=_("Draft sections"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = [
            (s.pk, f"{s.number} {s.title}".strip() if getattr(s, "number", "") else s.title) for s in sections
        ]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        source = source_language(round_.review)
        self.languages = [code for code in round_.languages if code != source]
        for code in self.languages:
            self.fields[f"translation_{code}"] = forms.CharField(
                label=_("The question in %(language)s") % {"language": language_label(code)},
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the question."))
        return text

    def service_data(self) -> dict:
        return {
            "text": self.cleaned_data["text"],
            "translations": {code: self.cleaned_data.get(f"translation_{code}", "") for code in self.languages},
        }


class TranslationForm(forms.Form):
    title = forms.CharField(
        label=_("Title in this language"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to keep the section's title."),
    )
    content = forms.CharField(
        label=_("Translated text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Paste the text: paragraphs separated by an empty line, or simple HTML."),
    )

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["lang"] = language
        self.fields["content"].widget.attrs["lang"] = language


class ExtendForm(forms.Form):
    closes_at = _datetime_field(_("New closing date"))


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One address per line."),
    )
    contacts = forms.TypedMultipleChoiceField(
        label=_("Contacts from the registry"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, contacts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_rows = {c.pk: c for c in contacts or []}
        if contacts is None:
            del self.fields["contacts"]
        else:
            self.fields["contacts"].choices = [
                (c.pk, f"{c.name} — {c.organisation.name} <{c.email}>") for c in contacts
            ]

    def clean_emails(self) -> list[str]:
        from .services.invitations import parse_emails

        valid, invalid = parse_emails(self.cleaned_data.get("emails", ""))
        if invalid:
            raise forms.ValidationError(
                _("These are not e-mail addresses: %(lines)s") % {"lines": ", ".join(invalid[:10])}
            )
        return valid

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("emails") and not cleaned.get("contacts"):
            self.add_error("emails", _("Enter at least one e-mail address or choose a contact."))
        cleaned["contact_objects"] = [
            self.contact_rows[pk] for pk in cleaned.get("contacts") or [] if pk in self.contact_rows
        ]
        return cleaned
