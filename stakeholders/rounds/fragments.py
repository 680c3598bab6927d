"""Parts of a page cached under the public tokens of rounds (`RoundPublicVersion`, replaced by
every write that changes what they show: `services.freshness`). The key also holds the
page's language and time zone; a part with forms is rendered with `CSRF_SLOT` as its CSRF
token and `fill_csrf` puts the reader's in, per request."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language

from vnr_portal.common.caching import page_cache, page_key

# How long a part is kept; any write that changes it changes its key at once.
FRAGMENT_SECONDS = 60 * 60

# The same in every process (cached parts are shared), and not guessable by a contributor
# who would write it in a text.
CSRF_SLOT = "csrfslot" + hashlib.sha256(f"vnr-csrf-slot:{settings.SECRET_KEY}".encode()).hexdigest()[:32]


def fragment_key(name: str, tokens: Iterable[tuple[int, str | None]], *parts) -> str | None:
    """The key of part `name` for rounds with these (pk, token) pairs and `parts` (the
    query's choices): None (not cached) when a round has no token."""
    pairs = list(tokens)
    if any(token is None for _pk, token in pairs):
        return None
    return page_key(name, pairs, get_language(), timezone.get_current_timezone_name(), *map(str, parts))


def fragment_get(key: str | None, make: Callable[[], object]) -> object:
    """The part under `key`, made (and kept) when missing; made each time when `key` is None."""
    return make() if key is None else page_cache.get_or_set(key, make, FRAGMENT_SECONDS)


def keyable_page(value) -> bool:
    """Whether a `?page=` value may be part of a key: a short number (any other value is
    answered too, by the paginator, just not cached)."""
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) <= 6


def fill_csrf(html: str, request) -> str:
    """`html` rendered with `{"csrf_token": CSRF_SLOT}`, with the reader's CSRF token instead."""
    if CSRF_SLOT not in html:
        return html
    return html.replace(CSRF_SLOT, escape(get_token(request)))
