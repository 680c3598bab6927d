"""Forms of the progress-report template page: a question, and moving one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.reporting.models import QuestionType


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500)
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown under the question to help the ministry answer it."),
    )
    type = forms.ChoiceField(label=_("Type of answer"), choices=QuestionType.choices, initial=QuestionType.RICH_TEXT)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    word_limit = forms.IntegerField(
        label=_("Word limit"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("For rich and short text answers; leave empty for no limit."),
    )
    options = forms.CharField(
        label=_("Choices or table columns"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the choices of a choice question, or the column headings of a table."),
    )

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("Write the question."))
        return text

    def clean_options(self) -> list[str]:
        lines = [" ".join(line.split())[:200] for line in self.cleaned_data["options"].splitlines()]
        return [line for line in lines if line][:50]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("type")
        if kind in (QuestionType.CHOICE, QuestionType.TABLE) and "options" in cleaned and not cleaned["options"]:
            message = (
                _("Give at least one choice, one per line.")
                if kind == QuestionType.CHOICE
                else _("Give at least one column heading, one per line.")
            )
            self.add_error("options", message)
        return cleaned

    @staticmethod
    def initial_for(question) -> dict:
        return {
            "text": question.text,
            "guidance": question.guidance,
            "type": question.type,
            "required": question.required,
            "word_limit": question.word_limit,
            "options": "\n".join(question.options or []),
        }


class QuestionMoveForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=[("up", _("Up")), ("down", _("Down"))])
