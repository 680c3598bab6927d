"""Forms of a progress report: filling it (one field per question of its template
version) and reviewing it (a comment per question, then return or accept)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from reviews.reporting.models import QuestionType
from reviews.reporting.services.progress_reports import (
    MAX_CELL_CHARS,
    MAX_RICH_TEXT_CHARS,
    MAX_SHORT_TEXT,
    MAX_TABLE_ROWS,
)

FIELD_PREFIX = "q_"
BLANK_TABLE_ROWS = 2
MORE_ROWS = 3


def field_name(key: str) -> str:
    return f"{FIELD_PREFIX}{key}"


class TableWidget(forms.Widget):
    """A grid of text inputs, rows × columns, named `<name>-<row>-<column>`."""

    template_name = "reviews/widgets/report_table.html"

    def __init__(self, columns, extra_rows=BLANK_TABLE_ROWS, caption="", attrs=None):
        super().__init__(attrs)
        self.columns = list(columns)
        self.extra_rows = extra_rows
        self.caption = caption

    def value_from_datadict(self, data, files, name):
        rows = []
        try:
            count = min(int(data.get(f"{name}-rows", 0)), MAX_TABLE_ROWS + MORE_ROWS + BLANK_TABLE_ROWS)
        except (TypeError, ValueError):
            count = 0
        for r in range(count):
            rows.append([data.get(f"{name}-{r}-{c}", "") for c in range(len(self.columns))])
        return rows

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = [list(row) + [""] * (len(self.columns) - len(row)) for row in (value or []) if isinstance(row, list)]
        rows = [row for row in rows if any(str(cell).strip() for cell in row)]
        rows += [[""] * len(self.columns) for _ in range(self.extra_rows)]
        context["widget"].update(
            {
                "columns": self.columns,
                "caption": self.caption,
                "rows": [
                    [
                        {"name": f"{name}-{r}-{c}", "value": cell, "column": self.columns[c]}
                        for c, cell in enumerate(row)
                    ]
                    for r, row in enumerate(rows)
                ],
                "row_count": len(rows),
            }
        )
        return context


class TableField(forms.Field):
    widget = TableWidget

    def __init__(self, *, columns, **kwargs):
        self.columns = columns
        kwargs.setdefault("widget", TableWidget(columns))
        super().__init__(**kwargs)

    def to_python(self, value):
        rows = [[str(cell or "").strip() for cell in row] for row in (value or [])]
        return [row for row in rows if any(row)]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TABLE_ROWS:
            raise forms.ValidationError(_("At most %(max)s rows."), params={"max": MAX_TABLE_ROWS})
        for number, row in enumerate(value, start=1):
            if any(len(cell) > MAX_CELL_CHARS for cell in row):
                raise forms.ValidationError(
                    _("Row %(row)s: a cell is longer than %(max)s characters."),
                    params={"row": number, "max": MAX_CELL_CHARS},
                )


class IndicatorCodesField(forms.CharField):
    """Indicator codes separated by commas or spaces, each one of the framework's."""

    def to_python(self, value):
        text = super().to_python(value)
        return list(dict.fromkeys(code for code in re.split(r"[\s,;]+", text) if code))

    def validate(self, value):
        if len(value) > 100:
            raise forms.ValidationError(_("At most 100 indicators."))
        well_formed = [code for code in value if re.fullmatch(r"\d{1,2}\.[0-9a-z]{1,2}\.\d{1,2}", code)]
        known = (
            set(Indicator.objects.filter(code__in=well_formed).values_list("code", flat=True)) if well_formed else set()
        )
        bad = [code for code in value if code not in known]
        if bad:
            raise forms.ValidationError(
                _("Not indicators of the SDG framework: %(codes)s. Write codes such as 3.1.1."),
                params={"codes": ", ".join(code[:20] for code in bad[:10])},
            )

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value


class FiniteDecimalField(forms.DecimalField):
    default_error_messages = {"invalid": _("Enter a number, such as 12.5 or -3.")}

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 40:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ReportFillForm(forms.Form):
    """One field per question, none required: saving a draft checks nothing; submission
    checks required answers and word limits in the service."""

    def __init__(self, *args, report, questions, answers: dict, attachments=(), more_rows_for: str = "", **kwargs):
        initial = {}
        for question in questions:
            if question.key in answers:
                initial[field_name(question.key)] = answers[question.key]
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = list(questions)
        self.file_keys = []
        for question in self.questions:
            name = field_name(question.key)
            field = self._field_for(report, question, more_rows_for == question.key, attachments)
            if question.type == QuestionType.FILE:
                self.file_keys.append(question.key)
            help_parts = [question.guidance_shown] if question.guidance else []
            if question.word_limit:
                help_parts.append(str(_("At most %(limit)s words.") % {"limit": question.word_limit}))
            if question.required:
                help_parts.append(str(_("Required before submission.")))
            field.help_text = " ".join(help_parts)
            field.label = question.text_shown
            self.fields[name] = field
        if attachments:
            self.fields["remove_attachments"] = forms.TypedMultipleChoiceField(
                label=_("Remove attached files"),
                required=False,
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                choices=[(a.pk, a.name) for a in attachments],
            )

    def _field_for(self, report, question, more_rows, attachments):
        kind = question.type
        if kind == QuestionType.RICH_TEXT:
            return forms.CharField(
                required=False,
                strip=False,
                max_length=MAX_RICH_TEXT_CHARS,
                widget=forms.Textarea(
                    attrs={
                        "rows": 8,
                        "dir": "auto",
                        "data-rich-editor": "",
                        "data-draft-key": f"report-{report.pk}-{question.key}",
                    }
                ),
            )
        if kind == QuestionType.SHORT_TEXT:
            return forms.CharField(required=False, max_length=MAX_SHORT_TEXT)
        if kind == QuestionType.NUMBER:
            return FiniteDecimalField(required=False, max_digits=20, decimal_places=6)
        if kind == QuestionType.CHOICE:
            options = [str(option) for option in question.options or []]
            return forms.ChoiceField(required=False, choices=[("", _("— choose —"))] + [(o, o) for o in options])
        if kind == QuestionType.TABLE:
            columns = [str(column) for column in question.options or []] or [str(_("Value"))]
            extra = BLANK_TABLE_ROWS + (MORE_ROWS if more_rows else 0)
            return TableField(columns=columns, required=False, widget=TableWidget(columns, extra, question.text_shown))
        if kind == QuestionType.INDICATORS:
            return IndicatorCodesField(required=False, max_length=2000)
        return forms.FileField(required=False)

    def answers(self) -> dict:
        """{question key: value} of the non-file questions."""
        return {q.key: self.cleaned_data.get(field_name(q.key)) for q in self.questions if q.type != QuestionType.FILE}

    def uploads(self) -> dict:
        return {
            key: self.cleaned_data.get(field_name(key))
            for key in self.file_keys
            if self.cleaned_data.get(field_name(key))
        }

    def add_question_errors(self, errors: dict) -> None:
        """Show {question key: messages} at the questions' fields. Works on an unbound
        form too (a submission of saved answers): the answers show as saved."""
        if not self.is_bound:
            from django.forms.utils import ErrorDict

            self._errors, self.cleaned_data = ErrorDict(), {}
        for key, messages in errors.items():
            name = field_name(key) if field_name(key) in self.fields else None
            self.add_error(name, messages)


class ReportReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("returned", _("Return to the ministry")), ("accepted", _("Accept"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the ministry"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"comment_{question.key}"] = forms.CharField(
                label=_("Comment on “%(question)s”") % {"question": question.text_shown},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def comments(self) -> dict:
        return {q.key: self.cleaned_data.get(f"comment_{q.key}", "") for q in self.questions}
