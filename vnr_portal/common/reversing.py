"""Reverse a URL pattern once per page, then fill in ids: a page with a thousand links
costs one `reverse()`, not a thousand (`reverse` resolves the pattern each time); and the
addresses every page links to, reversed once per process (`remembered_reverse`, behind
the templates' `{% url %}`: vnr_portal/common/url_tag.py)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

# Placeholders reversed in the ids' places, then cut out; digits only, so that they match
# `<int:…>` converters, and long enough never to appear in a real address by chance.
_PLACEHOLDER = 918_273_645_546_372_000


def url_maker(viewname: str, *args: int | None) -> Callable[..., str]:
    """`url_maker("reviews:report-deadline", review.pk, None)(report.pk)` is
    `reverse("reviews:report-deadline", args=[review.pk, report.pk])`: each None of
    `args` is an id given later, in order."""
    placeholders = [str(_PLACEHOLDER + index) for index in range(len(args))]
    url = reverse(viewname, args=[placeholders[index] if arg is None else arg for index, arg in enumerate(args)])
    parts, gaps = [], 0
    for index, arg in enumerate(args):
        if arg is not None:
            continue
        head, placeholder, url = url.partition(placeholders[index])
        if not placeholder:
            raise ValueError(f"{viewname}: argument {index} does not appear in its address")
        parts.append(head)
        gaps += 1
    parts.append(url)

    def make(*ids: int) -> str:
        if len(ids) != gaps:
            raise TypeError(f"{viewname}: {gaps} ids expected, {len(ids)} given")
        out = [parts[0]]
        for value, part in zip(ids, parts[1:], strict=True):
            out.append(str(int(value)))
            out.append(part)
        return "".join(out)

    return make


def _plain(value) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool)


@functools.lru_cache(maxsize=4096)
def _reversed(viewname, args, kwargs, current_app, urlconf, prefix) -> str:
    # `prefix` only keys the memory: reverse() reads the same script prefix itself.
    return reverse(viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def remembered_reverse(viewname, args=(), kwargs=None, current_app=None) -> str:
    """`reverse()`, its answers kept per process (4,096 at most): an address depends only
    on the pattern, its arguments, the URL configuration and the script prefix, and a
    staff page's header and tabs ask for some twenty of them (40-50 µs each). Arguments
    other than numbers and texts (an object whose text could change) are reversed anew."""
    kwargs = kwargs or {}
    if not isinstance(viewname, str) or not all(map(_plain, [*args, *kwargs.values()])):
        return reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _reversed(
        viewname, tuple(args), tuple(sorted(kwargs.items())), current_app, get_urlconf(), get_script_prefix()
    )


@receiver(setting_changed)
def _forget_addresses(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _reversed.cache_clear()
