"""Form fields every app uses."""

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern), cleaned to a list; each
    file is checked by the service that stores it. Empty: [] or, when required, the
    field's "required" message."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = [item for item in data if item] if isinstance(data, list | tuple) else [data] if data else []
        if not items:
            single(None, initial)  # raises "required" when the field is
            return []
        return [single(item, initial) for item in items]
