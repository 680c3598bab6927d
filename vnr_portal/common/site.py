"""The site's public name and address, for e-mails and anything read outside a request.

Every link in an e-mail is absolute and built from `settings.SITE_URL` (never from the
host a request came in by, which may be an internal address or forged); every e-mail is
signed with `settings.SITE_NAME`. Templates use the `portal_site` tags and the shared
signature `email/_signature.txt` (`email/_signature.html` for HTML e-mails).
"""

from django.conf import settings
from django.urls import reverse


def site_url() -> str:
    """The site's address without a trailing slash, e.g. https://vnr.example.org."""
    return settings.SITE_URL.rstrip("/")


def site_name() -> str:
    return settings.SITE_NAME


def absolute_url(path_or_name: str, *args, **kwargs) -> str:
    """An absolute address on the site: a path ("/reviews/1/") or a URL name with its
    arguments ("reviews:report-detail", 1, 2). An address that is already absolute
    (http:// or https://) is returned as it is."""
    if path_or_name.startswith(("http://", "https://")):
        return path_or_name
    path = (
        path_or_name
        if path_or_name.startswith("/")
        else reverse(path_or_name, args=args or None, kwargs=kwargs or None)
    )
    return site_url() + path
