"""Throttling: at most so many requests of one kind per client, account or address in a
time window, counted in Django's cache. Imports no app of ours.

A *scope* names what is counted ("signup_client", "flag_account"…); its rate comes from
`settings.THROTTLE_RATES[scope]` as "<count>/<period>" ("5/h", "20/hour", "100/d";
periods s, m, h, d). A scope missing from the settings, or set to "" or "0", is not
throttled. The *identity* is what one bucket counts for (a client address, an account id,
an e-mail address); it is hashed before it becomes part of a cache key, so the cache holds
no address in clear.

The window slides: a hit counts in the current fixed window and in the previous one
weighed by how much of it still lies within the last period, so a burst at the edge of
two windows does not get twice the rate. A refused request is not counted (its wait is
exact); several buckets checked together (`throttle_all`) count all or none. Counts live
in the default cache: use a shared cache (CACHE_URL, e.g. Redis) when several processes
or machines serve the portal, or each counts on its own.

    from vnr_portal.common.throttle import Throttled, client_id, throttle, throttled_response
    try:
        throttle("signup_client", client_id(request))
    except Throttled as error:
        return throttled_response(request, error)
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
KEY_PREFIX = "throttle"


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


class Throttled(Exception):
    """Too many requests of `scope` from one identity: try again in `retry_after` seconds."""

    def __init__(self, scope: str, retry_after: int):
        self.scope, self.retry_after = scope, max(1, int(retry_after))
        super().__init__(wait_message(self.retry_after))


def parse_rate(value) -> Rate | None:
    """ "5/h" → Rate(5, 3600); "" or "0" → None (not throttled). ImproperlyConfigured if unreadable."""
    text = str(value or "").strip().lower()
    if text in ("", "0", "none", "off"):
        return None
    count, _slash, period = text.partition("/")
    unit = period.strip()[:1]
    try:
        number = int(count)
    except ValueError:
        number = -1
    if number < 0 or unit not in PERIODS:
        raise ImproperlyConfigured(f"A throttle rate reads like '5/h' (count/s, m, h or d), not {value!r}.")
    return Rate(number, PERIODS[unit]) if number else None


def rate_for(scope: str) -> Rate | None:
    return parse_rate(getattr(settings, "THROTTLE_RATES", {}).get(scope, ""))


def _key(scope: str, identity: str, window: int) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:{identity}".encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{scope}:{digest}:{window}"


def _count(key: str, seconds: int) -> int:
    """Add one to the counter at `key` (created for two periods) and return it."""
    if cache.add(key, 1, timeout=2 * seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=2 * seconds)
        return 1


def _hit(scope: str, identity, now: float) -> str | None:
    """Count one request of `scope` for `identity` and return the counter's key (None when
    nothing is counted); Throttled, with the count taken back, when it is one too many."""
    rate = rate_for(scope)
    identity = str(identity or "")
    if rate is None or not identity:
        return None
    window = int(now // rate.seconds)
    elapsed = (now % rate.seconds) / rate.seconds
    key = _key(scope, identity, window)
    current = _count(key, rate.seconds)
    previous = cache.get(_key(scope, identity, window - 1)) or 0
    if previous * (1 - elapsed) + current > rate.count:
        _uncount(key)
        raise Throttled(scope, math.ceil(_wait(rate, previous, current - 1, elapsed)))
    return key


def _uncount(key: str) -> None:
    try:
        cache.decr(key)
    except ValueError:  # expired meanwhile: nothing to take back
        pass


def _wait(rate: Rate, previous: int, current: int, elapsed: float) -> float:
    """Seconds until one more hit fits beside `current` ones in this window: the previous
    window's share fades linearly, the current one's hits count fully until the window
    ends and then fade in turn."""
    room = rate.count - 1
    if current <= room and previous > 0:
        return max(0.0, 1 - (room - current) / previous - elapsed) * rate.seconds
    later = max(0.0, 1 - room / current) if current else 0.0
    return ((1 - elapsed) + later) * rate.seconds


def throttle(scope: str, identity, *, now: float | None = None) -> None:
    """Count one request of `scope` for `identity`; Throttled (and not counted) when it
    would make more than the scope's rate within the last period. Nothing is counted for
    an empty identity or an unthrottled scope."""
    _hit(scope, identity, time.time() if now is None else now)


def throttle_all(checks, *, now: float | None = None) -> None:
    """`throttle` for each (scope, identity) of `checks`, all or none: when one refuses,
    the others' counts are taken back, and the longest wait of those refusing is raised."""
    now = time.time() if now is None else now
    counted, refusals = [], []
    for scope, identity in checks:
        try:
            key = _hit(scope, identity, now)
        except Throttled as error:
            refusals.append(error)
        else:
            if key is not None:
                counted.append(key)
    if refusals:
        for key in counted:
            _uncount(key)
        raise max(refusals, key=lambda error: error.retry_after)


def throttle_reset(scope: str, identity, *, now: float | None = None) -> None:
    """Forget the counts of `scope` for `identity` (e.g. after a coordinator's check)."""
    rate = rate_for(scope)
    if rate is None:
        return
    window = int((time.time() if now is None else now) // rate.seconds)
    cache.delete_many([_key(scope, str(identity), window), _key(scope, str(identity), window - 1)])


# --- Who is asking ---------------------------------------------------------------------


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind `TRUSTED_PROXY_COUNT` reverse proxies
    of our own, the address the outermost of them saw (from X-Forwarded-For, read from the
    right so that a client cannot choose it; the proxy's own when that hop is junk). "" when
    none is readable."""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return _address(hops[-proxies]) or remote
    return remote


def _address(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text.strip().strip("[]")))
    except ValueError:
        return ""


def client_id(request) -> str:
    """What throttles count a client by: its IPv4 address, or the /64 network of an IPv6
    one (a single subscriber usually holds a whole /64). "unknown" when no address is
    readable, so such clients share one bucket rather than escape throttling."""
    address = client_ip(request)
    if not address:
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


# --- What the person sees --------------------------------------------------------------


def wait_message(seconds: int) -> str:
    """A sentence saying how long to wait, in minutes (or hours past two hours)."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes > 120:
        hours = math.ceil(minutes / 60)
        return ngettext(
            "Too many attempts in a short time: please try again in %(count)s hour.",
            "Too many attempts in a short time: please try again in %(count)s hours.",
            hours,
        ) % {"count": hours}
    return ngettext(
        "Too many attempts in a short time: please try again in %(count)s minute.",
        "Too many attempts in a short time: please try again in %(count)s minutes.",
        minutes,
    ) % {"count": minutes}


def retry_after(response, error: Throttled):
    """Set the Retry-After header of a 429 answer."""
    response["Retry-After"] = str(error.retry_after)
    return response


def throttled_response(request, error: Throttled, *, template: str = "429.html", context: dict | None = None):
    """A readable page (429, with Retry-After) saying to wait and how long."""
    page = {"message": str(error), "title": _("Please wait a moment"), **(context or {})}
    return retry_after(render(request, template, page, status=429), error)
