"""Editions of the report: asking for one, rendering it in the background, publishing it.

A request assembles the report only to learn its content hash, so that two clicks on the
same content share one job. The render runs in a Celery task (`reviews.render_edition`)
that claims the row with a conditional update, so a task delivered twice renders once.
A render has a time limit and a memory budget; past either, or when its worker is lost,
the edition fails with a reason the coordinator can act on instead of staying "rendering".
"""

from __future__ import annotations

import hashlib
import logging
import math
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reviews.core.audit import audit_record
from reviews.core.models import Review, Stage
from reviews.drafting.selectors.votes import report_is_as_approved
from reviews.publishing.limits import address_space_limit
from reviews.publishing.models import Edition, EditionFormat, EditionStatus
from reviews.publishing.signals import report_published

logger = logging.getLogger(__name__)

RUNNING = (EditionStatus.QUEUED, EditionStatus.ASSEMBLING, EditionStatus.RENDERING)
IN_PROGRESS = (EditionStatus.ASSEMBLING, EditionStatus.RENDERING)
# A render still in progress this long after the task's hard time limit lost its worker.
STALE_MARGIN = timedelta(minutes=1)
# A job still queued this long after it was asked for may have lost its task message with a
# killed worker (kombu's filesystem broker forgets what a killed worker had taken): its
# task is sent again. A duplicate is harmless: the claim lets one delivery render.
RESEND_QUEUED_AFTER = timedelta(minutes=2)
# A job that keeps hitting a transient error stops here.
MAX_ATTEMPTS = 3
# Errors worth another try: the database or the storage was briefly unreachable.
TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError)

MESSAGES = {
    "bad_format": _("Choose PDF or Word."),
    "generic": _("The rendering failed; try again."),
    "lost": _(
        "The rendering stopped without finishing: its worker was lost (it may have run out of memory, "
        "or been restarted). Try again; if it fails again, simplify the largest tables and images of "
        "the report, or tell the support."
    ),
    "not_final": _("Only a final edition, rendered after the council's approval, can be made public."),
    "not_done": _("Only a finished edition can be made public."),
    "changed_since_approval": _(
        "The report changed since the council approved it: a final edition is made only from the approved text. "
        "A coordinator can reopen the report for a new vote."
    ),
    "not_current_approval": _(
        "This edition is not of the report as the council last approved it: make a new final edition, "
        "or wait for the council's new approval."
    ),
}

CONTENT_TYPES = {
    EditionFormat.PDF: "application/pdf",
    EditionFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _queue_render(edition_id: int) -> None:
    from reviews.publishing.tasks import task_render_edition

    transaction.on_commit(lambda: task_render_edition.delay(edition_id=edition_id))


# --- Requests ---------------------------------------------------------------------------


@transaction.atomic
def edition_request(*, actor, review: Review, format: str, language: str | None = None) -> Edition:
    """Ask for an edition of `review` in `format`; returns the job (new or already running).

    If the same content is already queued or being rendered in this format, that job is
    returned and nothing new is queued (a job that lost its worker is failed first, see
    `editions_fail_stale`; a job queued for a while has its task sent again, see
    `editions_resend_queued`). Otherwise the edition is created (final when the
    review is frozen), an audit entry is written and the render is queued on commit.
    A final edition is refused when the report is not what the council approved
    (`report_is_as_approved`).
    """
    if format not in EditionFormat.values:
        raise ValidationError({"format": MESSAGES["bad_format"]})
    from reviews.publishing.assembly import assemble, edition_languages

    if language and language not in edition_languages(review):
        raise ValidationError({"language": _("Choose one of the report's languages.")})

    if not report_is_as_approved(review=review):
        raise ValidationError(MESSAGES["changed_since_approval"])
    assembly = assemble(review, language=language or None)
    # A job that lost its worker must not be handed out as "already running".
    editions_fail_stale(now=timezone.now(), review=review)
    running = _running_edition(review=review, format=format, content_hash=assembly.content_hash)
    if running is not None:
        if running.status == EditionStatus.QUEUED and running.requested_at < timezone.now() - RESEND_QUEUED_AFTER:
            _queue_render(running.pk)
        return running
    edition = Edition(
        review=review,
        format=format,
        is_final=assembly.is_final,
        language=assembly.language,
        content_hash=assembly.content_hash,
        status=EditionStatus.QUEUED,
        requested_by=actor if actor is not None and actor.is_authenticated else None,
        requested_at=timezone.now(),
    )
    # The "one running job per content" constraint is the database's to enforce: a request
    # racing this one makes save() fail, and then both share the other's job.
    edition.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            edition.save()
    except IntegrityError:
        running = _running_edition(review=review, format=format, content_hash=assembly.content_hash)
        if running is None:
            raise
        return running
    audit_record(
        review=review,
        actor=actor,
        action="edition.request",
        summary=_("Asked for a %(kind)s %(format)s edition of the report.")
        % {"kind": _("final") if edition.is_final else _("draft"), "format": edition.get_format_display()},
        data={"edition": edition.pk, "format": format, "content_hash": edition.content_hash},
    )
    _queue_render(edition.pk)
    return edition


def _running_edition(*, review: Review, format: str, content_hash: str) -> Edition | None:
    return Edition.objects.filter(review=review, format=format, content_hash=content_hash, status__in=RUNNING).first()


# --- Rendering --------------------------------------------------------------------------


class TransientRenderError(Exception):
    """A render stopped by a passing trouble; the task tries again later."""


def edition_claim(*, edition_id: int, now: datetime) -> bool:
    """Move a queued edition to "assembling" (one attempt more); False when it was not queued.

    A conditional update, so that of two workers given the same job only one renders it.
    """
    return bool(
        Edition.objects.filter(pk=edition_id, status=EditionStatus.QUEUED).update(
            status=EditionStatus.ASSEMBLING, attempts=F("attempts") + 1, started_at=now, error=""
        )
    )


def edition_render(*, edition_id: int) -> Edition | None:
    """Render the queued edition `edition_id` and store its file; None when there was nothing to do.

    Not one transaction: each step is committed as it happens, so the page shows the
    progress and a worker that dies leaves a row the stale sweep can find. A `RenderError`
    fails the edition with its message for people, and so does the task's soft time limit
    or the render's memory budget (EDITION_RENDER_MAX_MEMORY_MB); a transient error puts
    it back in the queue and raises `TransientRenderError` (bounded by MAX_ATTEMPTS);
    anything else fails it with a generic message and the traceback in the log.
    """
    from reviews.publishing.assembly import assemble
    from reviews.publishing.pdf import RenderError

    if not edition_claim(edition_id=edition_id, now=timezone.now()):
        logger.info("Edition %s is not queued: nothing to render.", edition_id)
        return None
    edition = Edition.objects.select_related("review", "review__country").get(pk=edition_id)
    try:
        assembly = assemble(edition.review, final=edition.is_final, language=edition.language or None)
        Edition.objects.filter(pk=edition_id).update(status=EditionStatus.RENDERING)
        with address_space_limit(settings.EDITION_RENDER_MAX_MEMORY_MB):
            data, page_count = _render(edition, assembly)
        return _edition_store(edition=edition, data=data, page_count=page_count)
    except SoftTimeLimitExceeded:
        logger.warning("Edition %s stopped at its time limit.", edition_id)
        return _edition_fail(edition=edition, error=_time_limit_message(edition))
    except MemoryError:
        logger.warning("Edition %s stopped at its memory limit.", edition_id)
        return _edition_fail(edition=edition, error=_memory_limit_message(edition))
    except RenderError as error:
        return _edition_fail(edition=edition, error=str(error))
    except TRANSIENT_ERRORS as error:
        logger.warning("Edition %s stopped by a transient error: %s", edition_id, error)
        edition.refresh_from_db(fields=["attempts"])
        if edition.attempts >= MAX_ATTEMPTS:
            return _edition_fail(edition=edition, error=str(MESSAGES["generic"]))
        Edition.objects.filter(pk=edition_id, status__in=IN_PROGRESS).update(status=EditionStatus.QUEUED)
        raise TransientRenderError(str(error)) from error
    except Exception:
        logger.exception("Edition %s failed to render.", edition_id)
        return _edition_fail(edition=edition, error=str(MESSAGES["generic"]))


def _time_limit_message(edition: Edition) -> str:
    minutes = max(1, math.ceil(settings.EDITION_RENDER_SOFT_TIME_LIMIT / 60))
    return ngettext(
        "The %(format)s file took longer than %(minutes)s minute to render and was stopped. Simplify the "
        "largest tables and images of the report, or split its longest sections, then try again.",
        "The %(format)s file took longer than %(minutes)s minutes to render and was stopped. Simplify the "
        "largest tables and images of the report, or split its longest sections, then try again.",
        minutes,
    ) % {"format": edition.get_format_display(), "minutes": minutes}


def _memory_limit_message(edition: Edition) -> str:
    return _(
        "The %(format)s file needed more memory than a render may use and was stopped. Simplify the "
        "largest tables and images of the report, then try again."
    ) % {"format": edition.get_format_display()}


def _render(edition: Edition, assembly) -> tuple[bytes, int | None]:
    if edition.format == EditionFormat.DOCX:
        from reviews.publishing.docx_export import export_docx

        return export_docx(assembly), None
    from reviews.publishing.pdf import render_pdf

    rendered = render_pdf(assembly)
    return rendered.data, rendered.page_count


@transaction.atomic
def _edition_store(*, edition: Edition, data: bytes, page_count: int | None) -> Edition:
    edition.file.save(f"{edition.review_id}/{edition.pk}.{edition.format}", ContentFile(data), save=False)
    edition.page_count = page_count
    edition.size = len(data)
    edition.sha256 = hashlib.sha256(data).hexdigest()
    edition.status = EditionStatus.DONE
    edition.error = ""
    edition.finished_at = timezone.now()
    edition.full_clean(validate_constraints=False)
    edition.save(update_fields=["file", "page_count", "size", "sha256", "status", "error", "finished_at"])
    logger.info("Edition %s rendered: %s bytes.", edition.pk, edition.size)
    return edition


@transaction.atomic
def _edition_fail(*, edition: Edition, error: str) -> Edition:
    edition.status = EditionStatus.FAILED
    edition.error = error
    edition.finished_at = timezone.now()
    edition.save(update_fields=["status", "error", "finished_at"])
    audit_record(
        review=edition.review,
        actor=None,
        action="edition.fail",
        summary=_("An edition of the report could not be rendered: %(error)s") % {"error": error},
        data={"edition": edition.pk},
    )
    return edition


def stale_after() -> timedelta:
    """How long after its start an edition still in progress has certainly lost its worker.

    The task is killed at EDITION_RENDER_TIME_LIMIT (prefork pool), and a worker killed
    for its memory never finishes; either way the row would say "rendering" forever.
    """
    return timedelta(seconds=settings.EDITION_RENDER_TIME_LIMIT) + STALE_MARGIN


def editions_fail_stale(*, now: datetime, review: Review | None = None) -> int:
    """Fail, with a readable reason, the renders that lost their worker; returns how many.

    A render in progress for longer than `stale_after()` was killed at its time limit or
    with its worker (out of memory, a restart). It is not queued again: a document that
    kills its worker would only do it again. `review` limits the sweep to one review.
    Audited like every failure; safe to run twice and alongside a worker.
    """
    stale = Edition.objects.filter(status__in=IN_PROGRESS, started_at__lt=now - stale_after())
    if review is not None:
        stale = stale.filter(review=review)
    failed = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # Claimed with a conditional update, so that two sweeps fail (and audit) it once.
            if not Edition.objects.filter(pk=pk, status__in=IN_PROGRESS).update(status=EditionStatus.FAILED):
                continue
            edition = Edition.objects.select_related("review").get(pk=pk)
            logger.warning("Edition %s was left in progress by a lost worker: marked failed.", pk)
            _edition_fail(edition=edition, error=str(MESSAGES["lost"]))
            failed += 1
    return failed


def editions_resend_queued(*, now: datetime) -> int:
    """Send again the task of every edition queued for over RESEND_QUEUED_AFTER; returns how many.

    Its message may have been lost with a killed worker; if it was not (the worker is busy
    with other renders), the extra delivery finds the edition claimed and does nothing.
    """
    queued = list(
        Edition.objects.filter(status=EditionStatus.QUEUED, requested_at__lt=now - RESEND_QUEUED_AFTER).values_list(
            "pk", flat=True
        )
    )
    for pk in queued:
        logger.warning("Edition %s is still queued: its task is sent again.", pk)
        _queue_render(pk)
    return len(queued)


# --- Publishing -------------------------------------------------------------------------


@transaction.atomic
def edition_set_public(*, actor, edition: Edition, is_public: bool) -> Edition:
    """Make a finished final edition downloadable by anyone (or withdraw it); audited.

    Only an edition of the council's current approval is made public: rendered since
    the report froze (a reopening voids the approval its earlier final editions had).
    Making one public publishes the report: the review's stage moves to Published
    (audited) and `signals.report_published` is sent in this transaction (stakeholders
    closes the review's open consultation rounds and tells their contributors).
    Withdrawing an edition leaves the stage as it is.
    """
    if is_public and not edition.is_final:
        raise ValidationError(MESSAGES["not_final"])
    if is_public and edition.status != EditionStatus.DONE:
        raise ValidationError(MESSAGES["not_done"])
    if is_public and not edition.is_public:
        frozen_at = Review.objects.values_list("frozen_at", flat=True).get(pk=edition.review_id)
        if frozen_at is None or edition.requested_at < frozen_at:
            raise ValidationError(MESSAGES["not_current_approval"])
    if edition.is_public == is_public:
        return edition
    edition.is_public = is_public
    edition.save(update_fields=["is_public"])
    audit_record(
        review=edition.review,
        actor=actor,
        action="edition.publish" if is_public else "edition.unpublish",
        summary=_("Made a final edition public.") if is_public else _("Withdrew a final edition from the public."),
        data={"edition": edition.pk},
    )
    if is_public:
        _review_publish(actor=actor, review=edition.review)
        report_published.send(sender=Edition, review=edition.review, edition=edition, actor=actor)
    return edition


def _review_publish(*, actor, review: Review) -> None:
    """Move `review` to the Published stage (once; audited like a change in the planner)."""
    locked = Review.objects.select_for_update().only("pk", "stage").get(pk=review.pk)
    if locked.stage == Stage.PUBLISHED:
        return
    old_stage = locked.stage
    Review.objects.filter(pk=review.pk).update(stage=Stage.PUBLISHED)
    review.stage = Stage.PUBLISHED
    audit_record(
        review=review,
        actor=actor,
        action="review.stage",
        summary=_("Stage changed from %(old)s to %(new)s")
        % {"old": Stage(old_stage).label, "new": Stage.PUBLISHED.label},
        data={"from": old_stage, "to": Stage.PUBLISHED.value, "edition_published": True},
    )
