"""Rendering an assembled report to PDF with WeasyPrint."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils.translation import gettext as _

from reviews.publishing.assembly import Assembly
from reviews.publishing.fetcher import REPORT_BASE_URL, ReportURLFetcher

logger = logging.getLogger(__name__)

STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "report-print.css"
# A render stopped by its time or memory limit: not WeasyPrint's error, and not one to try
# another way; edition_render says which limit was hit.
RENDER_LIMITS = (SoftTimeLimitExceeded, MemoryError)


class RenderError(Exception):
    """The report could not be rendered; `message` is for people (shown on the page)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int


def render_pdf(assembly: Assembly, *, url_fetcher: ReportURLFetcher | None = None) -> RenderedPdf:
    """The PDF of `assembly` (tagged PDF/UA-1 when WeasyPrint manages it), with its page count.

    Only the report's stylesheet, the project's static files and the review's own section
    images can be read (see fetcher.py). Raises RenderError with a readable message.
    """
    import weasyprint

    fetcher = url_fetcher or ReportURLFetcher(review_id=assembly.review_id)
    try:
        stylesheet = weasyprint.CSS(
            string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher, base_url=REPORT_BASE_URL
        )
    except OSError as error:
        logger.exception("Report stylesheet missing")
        raise RenderError(
            _("The report's layout could not be loaded. Please tell the portal's administrators.")
        ) from error
    try:
        document = weasyprint.HTML(string=assembly.html, base_url=REPORT_BASE_URL, url_fetcher=fetcher).render(
            stylesheets=[stylesheet]
        )
    except RENDER_LIMITS:
        raise
    except Exception as error:  # WeasyPrint raises many kinds of errors
        logger.exception("Report layout failed")
        raise RenderError(
            _(
                "The report could not be laid out. "
                "Check the most recently changed sections for very large tables or images."
            )
        ) from error
    if fetcher.broken_images:
        raise RenderError(
            _(
                "An image in the report could not be read (it may have been deleted): %(url)s. "
                "Remove it from its section or upload it again."
            )
            % {"url": fetcher.broken_images[0].replace(REPORT_BASE_URL, "/")}
        )
    page_count = len(document.pages)
    data = None
    for variant in ("pdf/ua-1", None):
        try:
            data = document.write_pdf(pdf_variant=variant, uncompressed_pdf=False)
            break
        except RENDER_LIMITS:
            raise
        except Exception:  # a variant WeasyPrint cannot honour for this document
            logger.warning("Writing the report as %s failed", variant or "plain PDF", exc_info=True)
    if not data:
        raise RenderError(_("The PDF file could not be written. Please try again later."))
    return RenderedPdf(data=data, page_count=page_count)
