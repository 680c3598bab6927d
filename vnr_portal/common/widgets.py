import html

from django import forms
from django.forms.utils import flatatt
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker, with the value format it expects."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class PlainSelect(forms.Select):
    """A select of flat choices rendered directly, without the per-option templates of
    Django's widget (a page with a long list or many selects renders them in a blink).
    Same markup and attributes; choices with groups fall back to Django's rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        values = {"" if v is None else str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}
        # What format_html would write, without its per-argument checks: a ministry list
        # has a hundred options.
        options = "".join(
            f'<option value="{_escaped(choice)}"{_SELECTED if str(choice) in values else ""}>{_escaped(label)}</option>'
            for choice, label in choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # every value and label escaped above
        )


_SELECTED = " selected"


def _escaped(text) -> str:
    """conditional_escape(text), as a plain string."""
    if isinstance(text, Promise):
        text = str(text)
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))
