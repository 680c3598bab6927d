"""Editions: asking for a render, the task that renders, its limits, the stale sweep, the pages, downloads."""

import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from reviews.drafting.services.outline import section_add
from reviews.drafting.services.sections import section_save
from reviews.models import AuditEntry
from reviews.publishing import assembly as assembly_module
from reviews.publishing import editions as services
from reviews.publishing import pdf as pdf_module
from reviews.publishing.models import Edition, EditionStatus
from reviews.tasks import task_render_edition, task_requeue_stale_editions
from reviews.tests.factories import EditionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration, pytest.mark.usefixtures("media")]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
FAKE_PDF = b"%PDF-1.7 fake report"


@pytest.fixture
def renders(monkeypatch):
    """Replaces WeasyPrint by a quick fake; the list records each assembly rendered."""
    calls = []

    def fake_render_pdf(assembly, **kwargs):
        calls.append(assembly)
        return pdf_module.RenderedPdf(data=FAKE_PDF, page_count=3)

    monkeypatch.setattr(pdf_module, "render_pdf", fake_render_pdf)
    return calls


@pytest.fixture
def drafted(review, coordinator):
    """The review with two chapters of text."""
    for title, text in [("Introduction", "<p>Why this review.</p>"), ("Policies", "<p>What we did.</p>")]:
        section = section_add(actor=coordinator, review=review, title=title)
        section_save(actor=coordinator, section=section, content=text, base_version=section.version)
    return review


def _queued(review, actor, django_capture_on_commit_callbacks, format="pdf"):
    with django_capture_on_commit_callbacks(execute=False):
        return services.edition_request(actor=actor, review=review, format=format)


def _rendered(review, actor, django_capture_on_commit_callbacks, format="pdf"):
    with django_capture_on_commit_callbacks(execute=True):
        edition = services.edition_request(actor=actor, review=review, format=format)
    edition.refresh_from_db()
    return edition


def _freeze(review):
    review.frozen_at = timezone.now()
    review.save(update_fields=["frozen_at"])


# --- Services ---------------------------------------------------------------------------


def test_edition_request_twice_shares_one_job(drafted, coordinator, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.edition_request(actor=coordinator, review=drafted, format="pdf")
        second = services.edition_request(actor=editor, review=drafted, format="pdf")
    assert (second.pk, Edition.objects.count(), len(callbacks)) == (first.pk, 1, 1)


def test_edition_request_other_format_is_another_job(drafted, coordinator, django_capture_on_commit_callbacks):
    pdf = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    docx = _queued(drafted, coordinator, django_capture_on_commit_callbacks, format="docx")
    assert (pdf.pk != docx.pk, Edition.objects.count()) == (True, 2)


def test_edition_request_renders_on_commit(drafted, coordinator, renders, django_capture_on_commit_callbacks):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    assert (edition.status, edition.page_count, edition.size, edition.sha256, edition.attempts) == (
        EditionStatus.DONE,
        3,
        len(FAKE_PDF),
        hashlib.sha256(FAKE_PDF).hexdigest(),
        1,
    )
    assert edition.file.name == f"editions/{drafted.pk}/{edition.pk}.pdf"
    assert edition.file.open("rb").read() == FAKE_PDF


def test_edition_request_is_audited(drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    entry = AuditEntry.objects.get(action="edition.request")
    assert (entry.review_id, entry.actor_id, entry.data["edition"]) == (drafted.pk, coordinator.pk, edition.pk)


def test_edition_request_is_final_when_frozen(drafted, coordinator, django_capture_on_commit_callbacks):
    _freeze(drafted)
    assert _queued(drafted, coordinator, django_capture_on_commit_callbacks).is_final is True


def test_edition_request_is_draft_when_not_frozen(drafted, coordinator, django_capture_on_commit_callbacks):
    assert _queued(drafted, coordinator, django_capture_on_commit_callbacks).is_final is False


@pytest.mark.parametrize(
    "bad", ["odt", "", HOSTILE["xss_html"][0] if isinstance(HOSTILE["xss_html"], list) else "<script>"]
)
def test_edition_request_refuses_unknown_format(drafted, coordinator, bad):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.edition_request(actor=coordinator, review=drafted, format=bad)
    assert error.value.message_dict == {"format": ["Choose PDF or Word."]}


def test_edition_render_twice_renders_once(drafted, coordinator, renders, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    first = services.edition_render(edition_id=edition.pk)
    second = services.edition_render(edition_id=edition.pk)
    edition.refresh_from_db()
    assert (len(renders), first.status, second, edition.attempts) == (1, EditionStatus.DONE, None, 1)


def test_task_render_edition_twice_renders_once(drafted, coordinator, renders, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    task_render_edition.apply(kwargs={"edition_id": edition.pk})
    task_render_edition.apply(kwargs={"edition_id": edition.pk})
    edition.refresh_from_db()
    assert (len(renders), edition.status) == (1, EditionStatus.DONE)


def test_task_render_edition_missing_row_does_nothing(db, renders):
    task_render_edition.apply(kwargs={"edition_id": 987654})
    assert renders == []


def test_edition_render_passes_through_statuses(drafted, coordinator, monkeypatch, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    seen = []
    real_assemble = assembly_module.assemble

    def watching_assemble(review, **kwargs):
        seen.append(Edition.objects.get(pk=edition.pk).status)
        return real_assemble(review, **kwargs)

    def watching_render(assembly, **kwargs):
        seen.append(Edition.objects.get(pk=edition.pk).status)
        return pdf_module.RenderedPdf(data=FAKE_PDF, page_count=1)

    monkeypatch.setattr(assembly_module, "assemble", watching_assemble)
    monkeypatch.setattr(pdf_module, "render_pdf", watching_render)
    services.edition_render(edition_id=edition.pk)
    edition.refresh_from_db()
    assert [EditionStatus.QUEUED, *seen, edition.status] == ["queued", "assembling", "rendering", "done"]


def test_edition_render_records_render_error(drafted, coordinator, monkeypatch, django_capture_on_commit_callbacks):
    def broken(assembly, **kwargs):
        raise pdf_module.RenderError("The image “map.png” in section 2 could not be read.")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    assert (edition.status, edition.error, bool(edition.file)) == (
        EditionStatus.FAILED,
        "The image “map.png” in section 2 could not be read.",
        False,
    )


def test_edition_render_unexpected_error_shows_generic_message(
    drafted, coordinator, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(assembly, **kwargs):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    assert (edition.status, edition.error) == (EditionStatus.FAILED, "The rendering failed; try again.")
    assert "ZeroDivisionError: secret internals" in caplog.text


def test_edition_render_transient_error_queues_again(
    drafted, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import OperationalError

    def flaky(assembly, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(pdf_module, "render_pdf", flaky)
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    with pytest.raises(services.TransientRenderError):
        services.edition_render(edition_id=edition.pk)
    edition.refresh_from_db()
    assert (edition.status, edition.attempts) == (EditionStatus.QUEUED, 1)


def test_edition_render_transient_error_fails_after_max_attempts(
    drafted, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import OperationalError

    def flaky(assembly, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(pdf_module, "render_pdf", flaky)
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    for _attempt in range(services.MAX_ATTEMPTS - 1):
        with pytest.raises(services.TransientRenderError):
            services.edition_render(edition_id=edition.pk)
    services.edition_render(edition_id=edition.pk)
    edition.refresh_from_db()
    assert (edition.status, edition.attempts, edition.error) == (
        EditionStatus.FAILED,
        services.MAX_ATTEMPTS,
        "The rendering failed; try again.",
    )


def _running_since(edition, seconds, status=EditionStatus.RENDERING):
    Edition.objects.filter(pk=edition.pk).update(
        status=status, started_at=timezone.now() - timedelta(seconds=seconds), attempts=1
    )


def _past_the_time_limit() -> int:
    return int(services.stale_after().total_seconds()) + 60


def test_editions_fail_stale_fails_lost_job_with_reason(drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _running_since(edition, _past_the_time_limit())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        failed = services.editions_fail_stale(now=timezone.now())
    edition.refresh_from_db()
    assert (failed, edition.status, edition.error, len(callbacks)) == (
        1,
        EditionStatus.FAILED,
        str(services.MESSAGES["lost"]),
        0,
    )
    assert AuditEntry.objects.filter(review=drafted, action="edition.fail").count() == 1


@pytest.mark.parametrize("status", [EditionStatus.ASSEMBLING, EditionStatus.RENDERING])
def test_editions_fail_stale_leaves_job_within_its_time_limit(
    drafted, coordinator, settings, status, django_capture_on_commit_callbacks
):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _running_since(edition, settings.EDITION_RENDER_TIME_LIMIT - 10, status=status)
    failed = services.editions_fail_stale(now=timezone.now())
    edition.refresh_from_db()
    assert (failed, edition.status) == (0, status)


def test_editions_fail_stale_twice_fails_and_audits_once(drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _running_since(edition, _past_the_time_limit())
    counts = [services.editions_fail_stale(now=timezone.now()) for _run in range(2)]
    assert (counts, AuditEntry.objects.filter(action="edition.fail").count()) == ([1, 0], 1)


def test_editions_fail_stale_follows_the_time_limit_setting(
    drafted, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.EDITION_RENDER_TIME_LIMIT = 60
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _running_since(edition, 3 * 60)
    assert services.editions_fail_stale(now=timezone.now()) == 1


def test_task_requeue_stale_editions_fails_lost_job(drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _running_since(edition, _past_the_time_limit())
    assert task_requeue_stale_editions.run() == 1
    edition.refresh_from_db()
    assert edition.status == EditionStatus.FAILED


def _queued_since(edition, seconds):
    Edition.objects.filter(pk=edition.pk).update(requested_at=timezone.now() - timedelta(seconds=seconds))


def test_editions_resend_queued_sends_the_task_of_a_long_queued_job_again(
    drafted, coordinator, renders, django_capture_on_commit_callbacks
):
    """Its message was lost with a killed worker (the filesystem broker keeps no copy)."""
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _queued_since(edition, services.RESEND_QUEUED_AFTER.total_seconds() + 60)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resent = services.editions_resend_queued(now=timezone.now())
    edition.refresh_from_db()
    assert (resent, len(callbacks), edition.status, len(renders)) == (1, 1, EditionStatus.DONE, 1)


def test_editions_resend_queued_leaves_a_recent_job(drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _queued_since(edition, 30)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        resent = services.editions_resend_queued(now=timezone.now())
    assert (resent, len(callbacks)) == (0, 0)


def test_render_task_delivered_again_after_resend_renders_once(
    drafted, coordinator, renders, django_capture_on_commit_callbacks
):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _queued_since(edition, services.RESEND_QUEUED_AFTER.total_seconds() + 60)
    with django_capture_on_commit_callbacks(execute=True):
        services.editions_resend_queued(now=timezone.now())
    task_render_edition.run(edition_id=edition.pk)  # the original message, found after all
    edition.refresh_from_db()
    assert (edition.status, edition.attempts, len(renders)) == (EditionStatus.DONE, 1, 1)


def test_edition_request_for_a_long_queued_job_sends_its_task_again(
    drafted, coordinator, django_capture_on_commit_callbacks
):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _queued_since(edition, services.RESEND_QUEUED_AFTER.total_seconds() + 60)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = services.edition_request(actor=coordinator, review=drafted, format="pdf")
    assert (again.pk, len(callbacks)) == (edition.pk, 1)


def test_edition_request_for_a_recently_queued_job_sends_nothing(
    drafted, coordinator, django_capture_on_commit_callbacks
):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = services.edition_request(actor=coordinator, review=drafted, format="pdf")
    assert (again.pk, len(callbacks)) == (edition.pk, 0)


def test_task_requeue_stale_editions_sends_long_queued_job_again(
    drafted, coordinator, django_capture_on_commit_callbacks
):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _queued_since(edition, services.RESEND_QUEUED_AFTER.total_seconds() + 60)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert task_requeue_stale_editions.run() == 1
    assert len(callbacks) == 1


def test_edition_request_after_lost_job_queues_a_new_one(drafted, coordinator, django_capture_on_commit_callbacks):
    lost = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _running_since(lost, _past_the_time_limit())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = services.edition_request(actor=coordinator, review=drafted, format="pdf")
    lost.refresh_from_db()
    assert (again.pk != lost.pk, again.status, lost.status, len(callbacks)) == (
        True,
        EditionStatus.QUEUED,
        EditionStatus.FAILED,
        1,
    )


def test_editions_page_shows_lost_job_as_failed_with_reason(
    client, drafted, coordinator, django_capture_on_commit_callbacks
):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _running_since(edition, _past_the_time_limit())
    client.force_login(coordinator)
    content = client.get(_editions_url(drafted)).content.decode()
    status = content.split(f'id="edition-status-{edition.pk}"', 1)[1].split("</div>", 1)[0]
    assert ("Failed" in status, escape(str(services.MESSAGES["lost"])) in status, "hx-get" in status) == (
        True,
        True,
        False,
    )


def test_edition_status_poll_shows_lost_job_as_failed(client, drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    _running_since(edition, _past_the_time_limit())
    client.force_login(coordinator)
    content = _poll(client, drafted, edition).content.decode()
    assert escape(str(services.MESSAGES["lost"])) in content
    edition.refresh_from_db()
    assert edition.status == EditionStatus.FAILED


# --- Time and memory limits of a render -------------------------------------------------

TIME_LIMIT_MESSAGE = (
    "The PDF file took longer than 5 minutes to render and was stopped. Simplify the largest tables and "
    "images of the report, or split its longest sections, then try again."
)


@pytest.fixture
def layout_overruns_its_time(monkeypatch):
    """WeasyPrint's layout interrupted by the task's soft time limit, as Celery does it."""
    import weasyprint
    from celery.exceptions import SoftTimeLimitExceeded

    def interrupted(self, *args, **kwargs):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(weasyprint.HTML, "render", interrupted)


def test_edition_render_soft_time_limit_fails_with_readable_reason(
    drafted, coordinator, settings, layout_overruns_its_time, django_capture_on_commit_callbacks
):
    settings.EDITION_RENDER_SOFT_TIME_LIMIT = 300
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    task_render_edition.run(edition_id=edition.pk)
    edition.refresh_from_db()
    assert (edition.status, edition.error, bool(edition.file)) == (EditionStatus.FAILED, TIME_LIMIT_MESSAGE, False)


def test_edition_render_soft_time_limit_of_one_minute_says_minute(
    drafted, coordinator, settings, layout_overruns_its_time, django_capture_on_commit_callbacks
):
    settings.EDITION_RENDER_SOFT_TIME_LIMIT = 45
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    assert edition.error.startswith("The PDF file took longer than 1 minute to render and was stopped.")


def test_editions_page_shows_time_limit_failure(
    client, drafted, coordinator, settings, layout_overruns_its_time, django_capture_on_commit_callbacks
):
    settings.EDITION_RENDER_SOFT_TIME_LIMIT = 300
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    content = client.get(_editions_url(drafted)).content.decode()
    status = content.split(f'id="edition-status-{edition.pk}"', 1)[1].split("</div>", 1)[0]
    assert ("Failed" in status, escape(TIME_LIMIT_MESSAGE) in status) == (True, True)


def test_render_task_has_the_time_limits_of_the_settings(settings):
    assert (task_render_edition.soft_time_limit, task_render_edition.time_limit) == (
        settings.EDITION_RENDER_SOFT_TIME_LIMIT,
        settings.EDITION_RENDER_SOFT_TIME_LIMIT + 60,
    )


def test_edition_render_past_memory_budget_fails_with_readable_reason(
    drafted, coordinator, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """A render that allocates past EDITION_RENDER_MAX_MEMORY_MB gets MemoryError from the kernel."""
    import resource

    def greedy(assembly, **kwargs):
        return pdf_module.RenderedPdf(data=bytes(512 * 1024 * 1024), page_count=1)

    settings.EDITION_RENDER_MAX_MEMORY_MB = 64
    monkeypatch.setattr(pdf_module, "render_pdf", greedy)
    limit_before = resource.getrlimit(resource.RLIMIT_AS)
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    assert (edition.status, edition.error, resource.getrlimit(resource.RLIMIT_AS)) == (
        EditionStatus.FAILED,
        "The PDF file needed more memory than a render may use and was stopped. Simplify the largest "
        "tables and images of the report, then try again.",
        limit_before,
    )


def test_edition_render_within_memory_budget_renders(
    drafted, coordinator, settings, renders, django_capture_on_commit_callbacks
):
    settings.EDITION_RENDER_MAX_MEMORY_MB = 64
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    assert (edition.status, len(renders)) == (EditionStatus.DONE, 1)


def test_edition_docx_render_stores_word_file(drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks, format="docx")
    assert (edition.status, edition.file.name, edition.file.open("rb").read(2), edition.page_count) == (
        EditionStatus.DONE,
        f"editions/{drafted.pk}/{edition.pk}.docx",
        b"PK",
        None,
    )


def test_edition_set_public_refuses_draft(drafted, coordinator, renders, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as error:
        services.edition_set_public(actor=coordinator, edition=edition, is_public=True)
    assert error.value.messages == [str(services.MESSAGES["not_final"])]


# --- Pages ------------------------------------------------------------------------------


def _editions_url(review):
    return reverse("reviews:editions", args=[review.pk])


def test_editions_page_anonymous_redirected_to_login(client, review):
    response = client.get(_editions_url(review))
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


@pytest.mark.parametrize("who", ["outsider", "other_member"])
def test_editions_page_refuses_non_members(client, review, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_editions_url(review)).status_code == 403


def test_editions_page_focal_point_sees_no_render_buttons(client, review, focal_a):
    client.force_login(focal_a)
    response = client.get(_editions_url(review))
    content = response.content.decode()
    assert (response.status_code, "Render PDF" in content, "No edition is public yet." in content) == (
        200,
        False,
        True,
    )


def test_editions_page_focal_point_sees_only_public_final_editions(
    client, drafted, coordinator, focal_a, renders, django_capture_on_commit_callbacks
):
    draft = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    _freeze(drafted)
    final = _rendered(drafted, coordinator, django_capture_on_commit_callbacks, format="docx")
    hidden = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    services.edition_set_public(actor=coordinator, edition=final, is_public=True)
    client.force_login(focal_a)

    response = client.get(_editions_url(drafted))

    page = response.content.decode()
    assert [edition.pk for edition in response.context["editions"]] == [final.pk]
    assert (response.context["current"], 'id="cover-heading"' in page) == (None, False)
    for other in (draft, hidden):
        assert reverse("reviews:edition-download", args=[drafted.pk, other.pk]) not in page


def test_editions_page_editor_sees_render_buttons(client, review, editor):
    client.force_login(editor)
    content = client.get(_editions_url(review)).content.decode()
    assert ("Render PDF" in content, "Export to Word" in content) == (True, True)


def test_edition_request_view_focal_point_forbidden(client, drafted, focal_a):
    client.force_login(focal_a)
    response = client.post(reverse("reviews:edition-request", args=[drafted.pk]), {"format": "pdf"})
    assert (response.status_code, Edition.objects.count()) == (403, 0)


def test_edition_request_view_refuses_past_record(client, first_review, coordinator):
    from reviews.tests.factories import MembershipFactory

    MembershipFactory(review=first_review, user=coordinator, role="coordinator")
    client.force_login(coordinator)
    response = client.post(reverse("reviews:edition-request", args=[first_review.pk]), {"format": "pdf"})
    assert response.status_code == 403


def test_edition_request_view_editor_renders(client, drafted, editor, renders, django_capture_on_commit_callbacks):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:edition-request", args=[drafted.pk]), {"format": "pdf"})
    edition = Edition.objects.get()
    assert (response.status_code, response.url, edition.status, edition.requested_by) == (
        302,
        _editions_url(drafted),
        EditionStatus.DONE,
        editor,
    )


@pytest.mark.parametrize(
    "value",
    ["", "odt", "<script>alert(1)</script>", "pdf' OR 1=1 --", "\u202epdf"],
    ids=["empty", "unknown", "script", "sql", "bidi"],
)
def test_edition_request_view_bad_format_shows_error(client, drafted, coordinator, value):
    client.force_login(coordinator)
    response = client.post(reverse("reviews:edition-request", args=[drafted.pk]), {"format": value})
    assert (response.status_code, "Choose PDF or Word." in response.content.decode(), Edition.objects.count()) == (
        400,
        True,
        0,
    )


def test_edition_status_htmx_returns_only_the_region(client, drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    response = client.get(
        reverse("reviews:edition-status", args=[drafted.pk, edition.pk]), headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert (
        content.strip().startswith(f'<div id="edition-status-{edition.pk}"'),
        "<html" in content,
        'hx-trigger="every 2s"' in content,
    ) == (
        True,
        False,
        True,
    )


def test_edition_status_stops_polling_when_done(
    client, drafted, coordinator, renders, django_capture_on_commit_callbacks
):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    response = client.get(
        reverse("reviews:edition-status", args=[drafted.pk, edition.pk]), headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert ("hx-get" in content, "Done" in content, "Download the PDF file" in content) == (False, True, True)


def test_edition_status_without_htmx_redirects_to_page(
    client, drafted, coordinator, django_capture_on_commit_callbacks
):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    response = client.get(reverse("reviews:edition-status", args=[drafted.pk, edition.pk]))
    assert (response.status_code, response.url) == (302, _editions_url(drafted))


def test_edition_status_outsider_forbidden(client, drafted, coordinator, outsider, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(outsider)
    response = client.get(
        reverse("reviews:edition-status", args=[drafted.pk, edition.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 403


def _download(client, edition):
    return client.get(reverse("reviews:edition-download", args=[edition.review_id, edition.pk]))


def test_edition_download_member_gets_file(
    client, drafted, coordinator, reviewer, renders, django_capture_on_commit_callbacks
):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(reviewer)
    response = _download(client, edition)
    assert (
        response.status_code,
        b"".join(response.streaming_content),
        response["Content-Type"],
        response["Content-Disposition"],
        response["X-Content-Type-Options"],
    ) == (
        200,
        FAKE_PDF,
        "application/pdf",
        f'attachment; filename="vnr-aur-2027-draft-{edition.content_hash[:8]}.pdf"',
        "nosniff",
    )


def test_edition_download_outsider_forbidden(
    client, drafted, coordinator, outsider, renders, django_capture_on_commit_callbacks
):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(outsider)
    assert _download(client, edition).status_code == 403


def test_edition_download_other_member_forbidden(
    client, drafted, coordinator, other_member, renders, django_capture_on_commit_callbacks
):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(other_member)
    assert _download(client, edition).status_code == 403


def test_edition_download_anonymous_redirected_for_member_edition(
    client, drafted, coordinator, renders, django_capture_on_commit_callbacks
):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    response = _download(client, edition)
    assert (response.status_code, response.url.split("?")[0]) == (302, "/accounts/login/")


def test_edition_download_public_final_edition_anonymous(
    client, drafted, coordinator, renders, django_capture_on_commit_callbacks
):
    _freeze(drafted)
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    services.edition_set_public(actor=coordinator, edition=edition, is_public=True)
    response = _download(client, edition)
    assert (response.status_code, b"".join(response.streaming_content)[:4]) == (200, b"%PDF")


def test_edition_download_wrong_review_is_404(
    client, drafted, other_review, coordinator, renders, django_capture_on_commit_callbacks
):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    response = client.get(reverse("reviews:edition-download", args=[other_review.pk, edition.pk]))
    assert response.status_code == 404


def test_edition_download_unfinished_is_404(client, drafted, coordinator, django_capture_on_commit_callbacks):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    assert _download(client, edition).status_code == 404


def test_edition_publish_coordinator_makes_final_public(
    client, drafted, coordinator, renders, django_capture_on_commit_callbacks
):
    _freeze(drafted)
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    response = client.post(reverse("reviews:edition-publish", args=[drafted.pk, edition.pk]), {"is_public": "1"})
    edition.refresh_from_db()
    assert (response.status_code, edition.is_public, AuditEntry.objects.filter(action="edition.publish").count()) == (
        302,
        True,
        1,
    )


def test_edition_publish_editor_forbidden(
    client, drafted, coordinator, editor, renders, django_capture_on_commit_callbacks
):
    _freeze(drafted)
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(editor)
    response = client.post(reverse("reviews:edition-publish", args=[drafted.pk, edition.pk]), {"is_public": "1"})
    edition.refresh_from_db()
    assert (response.status_code, edition.is_public) == (403, False)


def test_edition_publish_draft_refused_with_message(
    client, drafted, coordinator, renders, django_capture_on_commit_callbacks
):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:edition-publish", args=[drafted.pk, edition.pk]), {"is_public": "1"}, follow=True
    )
    edition.refresh_from_db()
    assert (edition.is_public, escape(str(services.MESSAGES["not_final"])) in response.content.decode()) == (
        False,
        True,
    )


@pytest.mark.parametrize("value", ["", "yes", "<b>1</b>"], ids=["empty", "word", "html"])
def test_edition_publish_bad_value_refused(
    client, drafted, coordinator, renders, value, django_capture_on_commit_callbacks
):
    _freeze(drafted)
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:edition-publish", args=[drafted.pk, edition.pk]), {"is_public": value}, follow=True
    )
    edition.refresh_from_db()
    assert (edition.is_public, "Choose public or members only." in response.content.decode()) == (False, True)


def test_editions_page_lists_edition_details(client, drafted, coordinator, renders, django_capture_on_commit_callbacks):
    edition = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    content = client.get(_editions_url(drafted)).content.decode()
    assert (edition.sha256 in content, edition.content_hash[:8] in content, "Draft" in content) == (True, True, True)


@pytest.mark.parametrize("count", [1, 10], ids=["one", "ten"])
def test_editions_page_query_budget(client, drafted, coordinator, renders, count, django_assert_num_queries):
    for _index in range(count):
        EditionFactory(
            review=drafted,
            format="pdf",
            content_hash=f"{_index:064d}",
            status=EditionStatus.DONE,
            requested_by=coordinator,
            is_final=True,
            sha256="a" * 64,
            size=10,
            page_count=2,
        )
    client.force_login(coordinator)
    client.get(_editions_url(drafted))
    with django_assert_num_queries(6):
        response = client.get(_editions_url(drafted))
    assert response.content.decode().count("Download<span") == count


def test_edition_request_racing_insert_shares_the_other_job(
    drafted, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    """Two requests that both saw no running job: the database's constraint decides."""
    other = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    real = services._running_edition
    answers = iter([None])
    monkeypatch.setattr(services, "_running_edition", lambda **kwargs: next(answers, None) or real(**kwargs))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        edition = services.edition_request(actor=coordinator, review=drafted, format="pdf")
    assert (edition.pk, Edition.objects.count(), len(callbacks)) == (other.pk, 1, 0)


# --- The polled fragment brings the table of editions along ---------------------------


def _poll(client, review, edition):
    return client.get(reverse("reviews:edition-status", args=[review.pk, edition.pk]), headers={"HX-Request": "true"})


def test_edition_status_poll_carries_the_table_out_of_band(
    client, drafted, coordinator, django_capture_on_commit_callbacks
):
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    content = _poll(client, drafted, edition).content.decode()
    status, table = content.split('<div id="editions-table"', 1)
    assert (f'id="edition-status-{edition.pk}"' in status, table.startswith(' hx-swap-oob="true">')) == (True, True)
    assert ("Queued" in table, "Download<span" in table) == (True, False)


def test_edition_status_poll_shows_finished_edition_with_download_link(
    client, drafted, coordinator, renders, django_capture_on_commit_callbacks
):
    older = _rendered(drafted, coordinator, django_capture_on_commit_callbacks)
    section_save(
        actor=coordinator,
        section=drafted.sections.first(),
        content="<p>Changed.</p>",
        base_version=drafted.sections.first().version,
    )
    edition = _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    running = _poll(client, drafted, edition).content.decode().split('<div id="editions-table"', 1)[1]
    task_render_edition.run(edition_id=edition.pk)
    edition.refresh_from_db()
    done = _poll(client, drafted, edition).content.decode()
    table = done.split('<div id="editions-table"', 1)[1]
    link = reverse("reviews:edition-download", args=[drafted.pk, edition.pk])
    assert (
        running.count("Download<span"),
        table.count("Download<span"),
        f'href="{link}"' in table,
        edition.sha256 in table,
    ) == (
        1,
        2,
        True,
        True,
    )
    assert older.pk != edition.pk and "hx-get" not in done


def test_editions_page_table_has_the_swap_target_without_oob(
    client, drafted, coordinator, django_capture_on_commit_callbacks
):
    _queued(drafted, coordinator, django_capture_on_commit_callbacks)
    client.force_login(coordinator)
    content = client.get(_editions_url(drafted)).content.decode()
    assert ('<div id="editions-table">' in content, "hx-swap-oob" in content) == (True, False)


@pytest.mark.parametrize("count", [1, 10], ids=["one", "ten"])
def test_edition_status_poll_query_budget(client, drafted, coordinator, count, django_assert_num_queries):
    editions = [
        EditionFactory(
            review=drafted,
            format="pdf",
            content_hash=f"{index:064d}",
            status=EditionStatus.DONE,
            requested_by=coordinator,
            is_final=True,
            sha256="a" * 64,
            size=10,
            page_count=2,
        )
        for index in range(count)
    ]
    client.force_login(coordinator)
    _poll(client, drafted, editions[-1])
    with django_assert_num_queries(7):
        response = _poll(client, drafted, editions[-1])
    assert response.content.decode().count("Download<span") == count
