"""Telling the person, through Django's messages, why a service refused what they asked."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_messages(request, error: ValidationError) -> None:
    """Each message of `error` as an error message on the next page."""
    for message in error.messages:
        messages.error(request, message)
