"""Reverse a URL pattern once per page, then fill in ids: a page with a thousand links
costs one `reverse()`, not a thousand (`reverse` resolves the pattern each time)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

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
