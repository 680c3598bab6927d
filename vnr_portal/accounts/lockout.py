"""django-axes' two hooks: who the client is, and the page a locked-out person sees.

The lock is per account and client (settings.AXES_LOCKOUT_PARAMETERS): too many wrong
passwords or codes for one account from one address lock that account on that address only.
"""

import datetime
import math

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone

from vnr_portal.common import throttle


def client_ip(request) -> str | None:
    """The client's address as django-axes records it: the throttles' reading of it
    (REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT proxies the address the outermost saw)."""
    return throttle.client_ip(request) or None


def lockout_ends_at(*, username: str, ip_address: str | None, cool_off: datetime.timedelta) -> datetime.datetime:
    """When the lock of `username` from `ip_address` ends: its last failure plus the cool-off."""
    last = AccessAttempt.objects.filter(username=username, ip_address=ip_address).aggregate(last=Max("attempt_time"))[
        "last"
    ]
    return (last or timezone.now()) + cool_off


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (settings.AXES_LOCKOUT_CALLABLE): when to try again, and how to get
    the lock lifted sooner. 429 Too Many Requests."""
    username = get_client_username(request, credentials) or ""
    cool_off = get_cool_off(request) or datetime.timedelta(0)
    ends_at = lockout_ends_at(username=username, ip_address=client_ip(request), cool_off=cool_off)
    minutes = max(1, math.ceil((ends_at - timezone.now()).total_seconds() / 60))
    context = {"ends_at": ends_at, "minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)
