"""Warming the PDF renderer when a Celery worker starts, so that the first render after a
start (or after a worker process is replaced) is not seconds slower than the next ones.

Two steps, connected to Celery's signals by `ReviewsConfig.ready()`:

* `import_renderer` (`worker_init`, the worker's main process): imports WeasyPrint and
  the publishing modules. A prefork pool's processes are forked from this one, so they
  inherit the imports, also when one is replaced after `--max-tasks-per-child`.
* `render_warm_up` (`worker_process_init`, each pool process; in the main process for the
  solo and threads pools): lays out and writes a tiny document with the report's stylesheet
  and a line in each script the stylesheet names a font for, which loads fontconfig's
  configuration, the fonts and HarfBuzz. Done in each process rather than before the fork:
  Pango (1.50 and later) initialises fontconfig in a thread of its own, and a process forked
  while such a thread holds a lock can hang.

A warm-up that fails is logged and ignored: the worker still starts, and the first render
is only slower.
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger(__name__)

# A line in each script the report's stylesheet names a font for (static/css/report-print.css).
WARM_UP_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Warm-up</title></head><body>
<h1>Voluntary National Review</h1>
<p>Progress on the <strong>Sustainable Development Goals</strong>, <em>2015–2030</em>.</p>
<table><thead><tr><th>Goal</th><th>Value</th></tr></thead><tbody><tr><td>1</td><td>42.0</td></tr></tbody></table>
<p lang="fr">Examen national volontaire</p>
<p lang="ru">Добровольный национальный обзор</p>
<p lang="ar" dir="rtl">الاستعراض الوطني الطوعي</p>
<p lang="zh">国家自愿审查</p>
<p lang="hi">स्वैच्छिक राष्ट्रीय समीक्षा</p>
<p lang="bn">স্বেচ্ছাসেবী জাতীয় পর্যালোচনা</p>
</body></html>
"""

# Set by render_warm_up in the process it warmed: how long it took (seconds).
warmed_in: float | None = None


def import_renderer(**_signal_kwargs) -> None:
    """Import WeasyPrint and the modules a render uses (the worker's main process)."""
    started = time.perf_counter()
    try:
        import weasyprint  # noqa: F401  (imported for its side effect: loaded once, before the fork)

        import reviews.publishing.editions  # noqa: F401  (the render task's service, same reason)
    except Exception:  # a warm-up never stops the worker
        logger.warning("Importing the PDF renderer at worker start failed", exc_info=True)
        return
    logger.info("PDF renderer imported in %.1f s", time.perf_counter() - started)


def render_warm_up() -> float:
    """Render the tiny warm-up document to PDF in this process; return the seconds it took."""
    global warmed_in
    import weasyprint

    from reviews.publishing.fetcher import REPORT_BASE_URL, ReportURLFetcher
    from reviews.publishing.pdf import STYLESHEET

    started = time.perf_counter()
    fetcher = ReportURLFetcher()
    stylesheet = weasyprint.CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    document = weasyprint.HTML(string=WARM_UP_HTML, base_url=REPORT_BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[stylesheet]
    )
    document.write_pdf(pdf_variant="pdf/ua-1")
    warmed_in = time.perf_counter() - started
    return warmed_in


def warm_up_process(**_signal_kwargs) -> None:
    """`worker_process_init`: warm the renderer in a new pool process."""
    try:
        seconds = render_warm_up()
    except Exception:  # a warm-up never stops the worker
        logger.warning("Warming up the PDF renderer failed; the first render will be slower", exc_info=True)
        return
    logger.info("PDF renderer warmed up in %.1f s", seconds)


def uses_prefork_pool(worker) -> bool:
    """Whether `worker` (a WorkController) runs a prefork pool, whose processes warm up themselves."""
    from celery.concurrency import get_implementation
    from celery.concurrency.prefork import TaskPool

    pool = worker.pool_cls
    if isinstance(pool, str):
        pool = get_implementation(pool)
    return isinstance(pool, type) and issubclass(pool, TaskPool)


def warm_up_worker(sender=None, **_signal_kwargs) -> None:
    """`worker_init`: import the renderer; render too unless pool processes will do it."""
    import_renderer()
    if sender is not None and uses_prefork_pool(sender):
        return
    warm_up_process()


def connect() -> None:
    """Connect the warm-up to Celery's worker signals (from `ReviewsConfig.ready()`)."""
    from celery import signals

    signals.worker_init.connect(warm_up_worker, dispatch_uid="reviews_publishing_warm_up_worker", weak=False)
    signals.worker_process_init.connect(warm_up_process, dispatch_uid="reviews_publishing_warm_up_process", weak=False)
