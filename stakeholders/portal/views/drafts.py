"""What a visitor typed before signing up or signing in, kept server-side in their session
(one draft per contribution page), and on their new profile once they sign up, so that
the e-mail verification brings them back to the page with the text, whichever browser
opens the link. `next` addresses are ours only (url_has_allowed_host_and_scheme)."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme

from ..services.accounts import draft_clean

SESSION_KEY = "portal_drafts"
NEXT_KEY = "portal_next"
# A session keeps at most this many drafts (the newest), so it cannot grow without bound.
MAX_DRAFTS = 5


def safe_next(request, target: str | None, default: str = "") -> str:
    """`target` when it is a path on this site (not another host, scheme or a `//` trick),
    else `default`."""
    target = target.strip() if isinstance(target, str) else ""
    if (
        target
        and len(target) <= 500
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def draft_keep(request, path: str, data: dict) -> None:
    drafts = request.session.get(SESSION_KEY)
    drafts = dict(drafts) if isinstance(drafts, dict) else {}
    drafts.pop(path, None)
    drafts[path] = draft_clean({**data, "path": path})
    while len(drafts) > MAX_DRAFTS:
        drafts.pop(next(iter(drafts)))
    request.session[SESSION_KEY] = drafts
    request.session[NEXT_KEY] = path


def draft_for(request, path: str, profile=None) -> dict:
    """The draft kept for the page `path`: this browser's, else the one on the profile."""
    drafts = request.session.get(SESSION_KEY)
    if isinstance(drafts, dict) and isinstance(drafts.get(path), dict):
        return draft_clean(drafts[path])
    if profile is not None and isinstance(profile.draft, dict) and profile.draft.get("path") == path:
        return draft_clean(profile.draft)
    return {}


def draft_forget(request, path: str) -> None:
    drafts = request.session.get(SESSION_KEY)
    if isinstance(drafts, dict) and path in drafts:
        drafts = dict(drafts)
        drafts.pop(path)
        request.session[SESSION_KEY] = drafts
    if request.session.get(NEXT_KEY) == path:
        request.session.pop(NEXT_KEY, None)


def pending_next(request) -> str:
    """The contribution page a visitor left to sign up or sign in, if any (checked)."""
    return safe_next(request, request.session.get(NEXT_KEY))
