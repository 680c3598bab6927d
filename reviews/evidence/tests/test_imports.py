"""The import page: who may import, what uploads are refused at the field, the task that
imports with its progress and summary, the job page and its poll, recording the data."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.evidence.models import Observation, Series
from indicators.evidence.services.imports import ImportFile
from indicators.services import framework_load
from reviews.core.models import AuditEntry
from reviews.evidence.models import ImportJob, ImportJobStatus
from reviews.evidence.services import imports as services

pytestmark = [pytest.mark.django_db, pytest.mark.integration, pytest.mark.usefixtures("media")]

UK_SAMPLE = Path(__file__).resolve().parents[3] / "indicators" / "evidence" / "tests" / "data" / "opensdg-uk-sample"
GOOD = "Year,Sex,Value\r\n2015,,10\r\n2016,,11\r\n2015,Female,9\r\n2016,Female,10.5\r\n"
BAD_ROW = "Year,Value\n2015,10\n2016,ten\n2017,12\n"


@pytest.fixture
def framework(db):
    return framework_load()


def _url(review, name="evidence-import", **kwargs):
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk, **kwargs})


def _upload(name, content, content_type="text/csv"):
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    return SimpleUploadedFile(name, data, content_type=content_type)


def _zip(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def post_files(client, review, django_capture_on_commit_callbacks):
    """Posts the upload form as `user` (the task runs eagerly on commit)."""

    def post(user, *uploads, skip=False):
        client.force_login(user)
        data = {"files": list(uploads)}
        if skip:
            data["skip_invalid_rows"] = "on"
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(_url(review), data)

    return post


# --- Permissions -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["statistician", "coordinator"])
def test_statistician_and_coordinator_see_the_import_page(client, review, role, request):
    client.force_login(request.getfixturevalue(role))
    response = client.get(_url(review))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Import indicator data" in content
    assert "At most 50 MB per file and in all." in content


@pytest.mark.parametrize("role", ["editor", "reviewer", "focal_a", "council_member", "outsider", "other_member"])
def test_other_roles_may_not_import(client, review, role, request, framework):
    user = request.getfixturevalue(role)
    client.force_login(user)
    assert client.get(_url(review)).status_code == 403
    response = client.post(_url(review), {"files": [_upload("indicator_3-1-1.csv", GOOD)]})
    assert response.status_code == 403
    assert (ImportJob.objects.count(), Series.objects.count()) == (0, 0)


def test_anonymous_is_sent_to_login(client, review):
    response = client.get(_url(review))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_past_review_record_is_not_importable(client, first_review):
    from reviews.tests.factories import MembershipFactory, UserFactory

    statistician = UserFactory(username="record_statistician")
    MembershipFactory(review=first_review, user=statistician, role="statistician")
    client.force_login(statistician)
    assert client.get(_url(first_review)).status_code == 403


# --- A good import -----------------------------------------------------------------------


def test_statistician_imports_a_csv_and_sees_the_summary(client, review, statistician, post_files, framework):
    response = post_files(statistician, _upload("indicator_3-1-1.csv", GOOD))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(review, "evidence-import-job", job_pk=job.pk)
    assert (job.status, job.files_done, job.files_total, job.created_by) == (
        ImportJobStatus.DONE,
        1,
        1,
        statistician,
    )
    assert job.summary["observations_imported"] == 4 and job.summary["rows_rejected"] == 0
    assert Observation.objects.count() == 4
    assert Series.objects.get().country == "AUR"
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="import-progress"' in page and 'value="1"' in page
    assert "1 of 1 file" in page
    assert 'id="summary-imported">4<' in page
    assert "No problem was found." in page
    assert "hx-trigger" not in page  # done: no more polling
    # The upload is kept only while the job runs.
    assert not any(Path(client_path).exists() for client_path in _stored_paths(job))
    actions = list(AuditEntry.objects.filter(review=review).values_list("action", flat=True).order_by("pk"))
    assert actions == ["evidence.import_queued", "evidence.import"]
    done = AuditEntry.objects.get(action="evidence.import")
    assert done.actor == statistician and done.data["files"] == ["indicator_3-1-1.csv"]
    assert done.data["observations_imported"] == 4


def _stored_paths(job):
    from django.core.files.storage import default_storage

    return [default_storage.path(item["path"]) for item in job.files]


def test_upload_is_stored_privately_before_the_task_runs(
    client, review, statistician, framework, django_capture_on_commit_callbacks, media
):
    client.force_login(statistician)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(_url(review), {"files": [_upload("indicator_3-1-1.csv", GOOD)]})
    job = ImportJob.objects.get()
    assert len(callbacks) == 1 and job.status == ImportJobStatus.QUEUED
    stored = Path(_stored_paths(job)[0])
    assert stored.read_bytes() == GOOD.encode()
    assert stored.is_relative_to(media / services.STORAGE_FOLDER)
    page = client.get(_url(review, "evidence-import-job", job_pk=job.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Refresh" in page
    assert "0 of 1 file" in page


def test_several_files_and_a_national_indicator(client, review, statistician, post_files, framework):
    post_files(
        statistician,
        _upload("indicator_3-1-1.csv", GOOD),
        _upload("indicator_8-3-1-1.csv", "Year,Value\n2015,1\n2016,2\n"),
    )
    job = ImportJob.objects.get()
    assert job.summary["files"] == 2 and job.summary["national_indicators"] == ["8.3.1.1"]
    page = client.get(_url(review, "evidence-import-job", job_pk=job.pk)).content.decode()
    assert "8.3.1.1" in page and "2 of 2 files" in page


def test_bad_row_without_the_checkbox_writes_nothing_and_shows_the_row(
    client, review, statistician, post_files, framework
):
    post_files(statistician, _upload("indicator_3-1-1.csv", BAD_ROW))
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE
    assert Observation.objects.count() == 0
    page = client.get(_url(review, "evidence-import-job", job_pk=job.pk)).content.decode()
    assert 'id="import-errors"' in page
    assert "<td><bdi>indicator_3-1-1.csv</bdi></td><td>3</td><td><bdi>Value</bdi></td>" in page


def test_bad_row_with_the_checkbox_imports_the_good_rows(client, review, statistician, post_files, framework):
    post_files(statistician, _upload("indicator_3-1-1.csv", BAD_ROW), skip=True)
    job = ImportJob.objects.get()
    assert job.skip_invalid_rows and job.summary["rows_rejected"] == 1
    assert sorted(Observation.objects.values_list("year", flat=True)) == [2015, 2017]
    assert job.summary["errors"][0]["line"] == 3


def test_a_zip_of_an_open_sdg_site_is_imported(client, review, coordinator, post_files, framework):
    files = {
        "site/data/indicator_3-1-1.csv": (UK_SAMPLE / "data" / "indicator_3-1-1.csv").read_bytes(),
        "site/data/indicator_1-1-1.csv": (UK_SAMPLE / "data" / "indicator_1-1-1.csv").read_bytes(),
        "site/meta/3-1-1.md": (UK_SAMPLE / "meta" / "3-1-1.md").read_bytes(),
        "site/README.md": b"# not metadata",
        "site/README.txt": b"not data",
        "__MACOSX/site/data/._indicator_1-1-1.csv": b"\x00\x05",
    }
    post_files(coordinator, _upload("site.zip", _zip(files), "application/zip"))
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE, job.error
    assert (job.summary["files"], job.summary["metadata_files"], job.summary["errors"]) == (2, 1, [])
    assert set(Series.objects.values_list("indicator_code", flat=True)) == {"1.1.1", "3.1.1"}
    assert job.files_total == 3  # the progress bar counts the metadata file too
    assert {one.source_organisation for one in Series.objects.filter(indicator_code="3.1.1")} == {
        "National Perinatal Epidemiology Unit (NPEU)"
    }


# --- Bad uploads: refused at the field, nothing stored -------------------------------------


def _refused(client, review, user, *uploads):
    client.force_login(user)
    response = client.post(_url(review), {"files": list(uploads)})
    assert response.status_code == 400
    assert ImportJob.objects.count() == 0
    return response.content.decode()


def test_wrong_type_is_refused(client, review, statistician):
    page = _refused(client, review, statistician, _upload("photo.png", b"\x89PNG\r\n\x1a\n", "image/png"))
    assert "photo.png: choose Open SDG or long CSV" in page


def test_no_file_is_refused(client, review, statistician):
    client.force_login(statistician)
    response = client.post(_url(review), {})
    assert response.status_code == 400 and "Choose at least one file." in response.content.decode()


def test_too_big_is_refused_with_the_limit(client, review, statistician, settings):
    settings.EVIDENCE_IMPORT_MAX_BYTES = 1024 * 1024
    page = _refused(client, review, statistician, _upload("indicator_1-1-1.csv", "Year,Value\n" + "2015,1\n" * 200_000))
    assert "a file can be at most 1 MB" in page


def test_many_files_that_add_up_too_much_are_refused(client, review, statistician, settings):
    settings.EVIDENCE_IMPORT_MAX_BYTES = 1024 * 1024
    half = "Year,Value\n" + "2015,1\n" * 100_000
    page = _refused(client, review, statistician, _upload("indicator_1-1-1.csv", half), _upload("b.csv", half))
    assert "The files add up to" in page


def test_not_a_zip_is_refused(client, review, statistician):
    page = _refused(client, review, statistician, _upload("data.zip", b"Year,Value\n2015,1\n", "application/zip"))
    assert "is not a zip or Excel file" in page


def test_damaged_zip_is_refused(client, review, statistician):
    page = _refused(client, review, statistician, _upload("data.zip", b"PK\x03\x04garbage" * 10, "application/zip"))
    assert "The zip is damaged and cannot be read." in page


def test_zip_with_an_unsafe_path_is_refused(client, review, statistician):
    data = _zip({"../../etc/indicator_1-1-1.csv": "Year,Value\n2015,1\n"})
    page = _refused(client, review, statistician, _upload("data.zip", data, "application/zip"))
    assert "unsafe path" in page


def test_zip_without_data_is_refused(client, review, statistician):
    page = _refused(client, review, statistician, _upload("data.zip", _zip({"a.txt": "x"}), "application/zip"))
    assert "holds no .csv, .xlsx or .xml file" in page


def test_zip_bomb_is_refused(client, review, statistician, settings):
    settings.EVIDENCE_IMPORT_MAX_BYTES = 1024 * 1024
    data = _zip({f"data/indicator_1-1-{n}.csv": b"0" * (1024 * 1024 - 1) for n in range(1, 6)})
    assert len(data) < 100_000
    page = _refused(client, review, statistician, _upload("data.zip", data, "application/zip"))
    assert "unpacks to more than 4 MB" in page


def test_xml_with_a_doctype_is_refused(client, review, statistician):
    xml = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><message>&lol;</message>'
    page = _refused(client, review, statistician, _upload("data.xml", xml, "application/xml"))
    assert "document type declaration" in page


def test_xml_with_a_doctype_inside_a_zip_is_refused(client, review, statistician):
    xml = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><message>&lol;</message>'
    page = _refused(client, review, statistician, _upload("data.zip", _zip({"sdmx.xml": xml}), "application/zip"))
    assert "document type declaration" in page


def test_binary_csv_is_refused(client, review, statistician):
    page = _refused(client, review, statistician, _upload("indicator_1-1-1.csv", b"Year,Value\x00\x01\n"))
    assert "is not a text (CSV) file" in page


def test_damaged_xlsx_is_refused(client, review, statistician):
    page = _refused(client, review, statistician, _upload("data.xlsx", b"PK\x03\x04broken" * 5))
    assert "data.xlsx" in page and "damaged" in page


# --- The task -----------------------------------------------------------------------------


def _job(review, user, *files, media=None):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    stored = []
    for name, content in files:
        path = default_storage.save(f"{services.STORAGE_FOLDER}/{review.pk}/t/{name}", ContentFile(content))
        stored.append({"name": name, "path": path, "size": len(content)})
    return ImportJob.objects.create(review=review, created_by=user, files=stored, files_total=len(stored))


def test_task_runs_twice_safely(review, statistician, framework, django_capture_on_commit_callbacks):
    from reviews.evidence.tasks import task_import_evidence

    job = _job(review, statistician, ("indicator_3-1-1.csv", GOOD.encode()))
    with django_capture_on_commit_callbacks(execute=True):
        task_import_evidence.apply(kwargs={"job_id": job.pk}).get()
        task_import_evidence.apply(kwargs={"job_id": job.pk}).get()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE
    assert Observation.objects.count() == 4
    assert AuditEntry.objects.filter(action="evidence.import").count() == 1
    assert services.import_job_run(job_id=job.pk) is None
    assert services.import_job_run(job_id=987654) is None


def test_unexpected_error_fails_the_job_with_a_readable_reason(
    client, review, statistician, framework, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "evidence_import", broken)
    job = _job(review, statistician, ("indicator_3-1-1.csv", GOOD.encode()))
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.error.startswith("The import stopped on an unexpected error.")
    assert "disk on fire" not in job.error
    client.force_login(statistician)
    page = client.get(_url(review, "evidence-import-job", job_pk=job.pk)).content.decode()
    assert "The import stopped on an unexpected error." in page and "hx-trigger" not in page
    assert AuditEntry.objects.filter(action="evidence.import_failed", actor=statistician).count() == 1


def test_progress_is_written_per_file_but_throttled(review, statistician, monkeypatch):
    job = _job(review, statistician)
    clock = iter([100.0, 100.1, 100.2, 100.7, 100.8])
    monkeypatch.setattr(services.time, "monotonic", lambda: next(clock))
    progress = services._Progress(job.pk)
    seen = []
    for done, name in enumerate(["a.csv", "b.csv", "c.csv", "d.csv", "e.csv"], start=1):
        progress(done, 5, name)
        job.refresh_from_db()
        seen.append((job.files_done, job.current_file))
    # The first, the one 0.5 s after it, and the last.
    assert seen == [(1, "a.csv"), (1, "a.csv"), (1, "a.csv"), (4, "d.csv"), (5, "e.csv")]


def test_progress_callback_gets_every_file_of_the_run(review, statistician, framework, monkeypatch):
    job = _job(
        review,
        statistician,
        ("indicator_3-1-1.csv", GOOD.encode()),
        ("indicator_1-1-1.csv", b"Year,Value\n2015,1\n"),
    )
    calls = []
    real = services._Progress.__call__

    def spy(self, done, total, name):
        calls.append((done, total, name))
        real(self, done, total, name)

    monkeypatch.setattr(services._Progress, "__call__", spy)
    services.import_job_run(job_id=job.pk)
    assert calls == [(1, 2, "indicator_3-1-1.csv"), (2, 2, "indicator_1-1-1.csv")]
    job.refresh_from_db()
    assert (job.files_done, job.files_total) == (2, 2)


def test_zip_members_are_read_lazily(tmp_path):
    path = tmp_path / "a.zip"
    path.write_bytes(_zip({"data/indicator_1-1-1.csv": "Year,Value\n2015,1\n"}))
    member = services._ZipMember(name="data/indicator_1-1-1.csv", archive=path, member="data/indicator_1-1-1.csv")
    assert isinstance(member, ImportFile)
    assert member.read() == b"Year,Value\n2015,1\n"
    path.write_bytes(b"gone")
    with pytest.raises(OSError):
        member.read()


# --- The job page and bad ids --------------------------------------------------------------


def test_job_page_poll_answers_the_fragment(client, review, statistician):
    job = _job(review, statistician)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, files_done=3, files_total=17, current_file="indicator_3-1-1.csv"
    )
    client.force_login(statistician)
    response = client.get(_url(review, "evidence-import-job", job_pk=job.pk), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="import-job-status"')
    assert "<html" not in content
    assert "3 of 17 files: <bdi>indicator_3-1-1.csv</bdi>" in content
    assert 'max="17" value="3"' in content


@pytest.mark.parametrize("role", ["editor", "reviewer", "focal_a", "outsider"])
def test_job_page_is_for_the_importers(client, review, statistician, role, request):
    job = _job(review, statistician)
    client.force_login(request.getfixturevalue(role))
    assert client.get(_url(review, "evidence-import-job", job_pk=job.pk)).status_code == 403


def test_bad_ids_are_404(client, review, other_review, statistician, other_member):
    other_job = _job(other_review, other_member)
    client.force_login(statistician)
    assert client.get(_url(review, "evidence-import-job", job_pk=other_job.pk)).status_code == 404
    assert client.get(_url(review, "evidence-import-job", job_pk=999999)).status_code == 404
    assert client.get(reverse("reviews:evidence-import", kwargs={"pk": 999999})).status_code == 404
    assert client.get(f"/reviews/{review.pk}/data/import/abc/").status_code == 404


@pytest.mark.parametrize("errors", [1, 900])
def test_job_page_query_budget(client, review, statistician, errors, django_assert_num_queries):
    job = _job(review, statistician)
    summary = {
        "files": 1,
        "observations_imported": 0,
        "errors": [{"file": "a.csv", "line": n, "column": "Value", "reason": "bad"} for n in range(errors)],
        "errors_total": errors,
    }
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.DONE, summary=summary)
    client.force_login(statistician)
    url = _url(review, "evidence-import-job", job_pk=job.pk)
    client.get(url)
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.content.decode().count("<td>bad</td>") == errors


@pytest.mark.parametrize("jobs", [1, 12])
def test_import_page_query_budget(client, review, statistician, jobs, django_assert_num_queries):
    for _ in range(jobs):
        _job(review, statistician, ("a.csv", b"x"))
    client.force_login(statistician)
    client.get(_url(review))
    with django_assert_num_queries(5):
        response = client.get(_url(review))
    assert response.content.decode().count("evidence-imports") == 0
    assert response.content.decode().count(f"/data/import/{review.pk}") == 0
    assert response.content.decode().count("<td><bdi>a.csv</bdi></td>") == min(jobs, 10)


# --- Recording the data this review uses -------------------------------------------------


def test_record_the_data_then_replace_it_with_confirmation(client, review, statistician, post_files, framework):
    post_files(statistician, _upload("indicator_3-1-1.csv", GOOD))
    response = client.post(_url(review, "evidence-snapshot"), {"label": "Second VNR, 2027"})
    assert response.status_code == 302
    review.refresh_from_db()
    first = review.data_snapshot
    assert first.label == "Second VNR, 2027" and first.country == "AUR" and first.versions.count() == 1
    page = client.get(_url(review)).content.decode()
    assert "Recorded: <bdi>Second VNR, 2027</bdi>" in page
    response = client.post(_url(review, "evidence-snapshot"), {"label": "Again"})
    assert response.status_code == 400
    assert "Tick the box to replace the data recorded before." in response.content.decode()
    review.refresh_from_db()
    assert review.data_snapshot == first
    client.post(_url(review, "evidence-snapshot"), {"label": "Again", "replace": "on"})
    review.refresh_from_db()
    assert review.data_snapshot.label == "Again" and review.data_snapshot != first
    entries = AuditEntry.objects.filter(action="evidence.snapshot").order_by("pk")
    assert [entry.data["previous"] for entry in entries] == [None, first.pk]


@pytest.mark.parametrize("role", ["editor", "reviewer", "focal_a", "outsider"])
def test_only_importers_record_the_data(client, review, role, request):
    client.force_login(request.getfixturevalue(role))
    assert client.post(_url(review, "evidence-snapshot"), {"label": "X"}).status_code == 403
    review.refresh_from_db()
    assert review.data_snapshot is None


def test_record_needs_a_label(client, review, coordinator):
    client.force_login(coordinator)
    response = client.post(_url(review, "evidence-snapshot"), {"label": ""})
    assert response.status_code == 400
    review.refresh_from_db()
    assert review.data_snapshot is None


def test_a_job_that_stopped_moving_says_so_and_stops_polling(client, review, statistician):
    from django.utils import timezone

    job = _job(review, statistician)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING,
        files_done=2,
        files_total=5,
        updated_at=timezone.now() - timezone.timedelta(hours=1),
    )
    client.force_login(statistician)
    page = client.get(_url(review, "evidence-import-job", job_pk=job.pk)).content.decode()
    assert "This import has not moved for a quarter of an hour" in page
    assert "hx-trigger" not in page


def test_a_running_job_is_left_alone_unless_its_worker_was_lost(review, statistician, framework):
    from django.utils import timezone

    job = _job(review, statistician, ("indicator_3-1-1.csv", GOOD.encode()))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, updated_at=timezone.now())
    assert services.import_job_run(job_id=job.pk) is None
    assert Observation.objects.count() == 0
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timezone.timedelta(hours=1))
    assert services.import_job_run(job_id=job.pk).status == ImportJobStatus.DONE
    assert Observation.objects.count() == 4


def test_uploads_kept_on_disk_by_django_are_checked_and_imported(
    client, review, statistician, post_files, framework, settings
):
    """Beyond FILE_UPLOAD_MAX_MEMORY_SIZE Django streams an upload to a temporary file (a
    200 MB upload never sits in memory); the checks and the import read it from there."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 16
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < 50 * 1024 * 1024  # files are not counted in it
    data = _zip({"data/indicator_3-1-1.csv": GOOD})
    post_files(statistician, _upload("indicator_1-1-1.csv", "Year,Value\n2015,1\n"), _upload("d.zip", data))
    job = ImportJob.objects.get()
    assert job.status == ImportJobStatus.DONE and job.summary["observations_imported"] == 5


def test_default_settings_keep_large_uploads_out_of_memory():
    from django.conf import settings

    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024 < settings.EVIDENCE_IMPORT_MAX_BYTES
    assert settings.FILE_UPLOAD_HANDLERS[-1] == "django.core.files.uploadhandler.TemporaryFileUploadHandler"


def test_a_large_upload_on_disk_is_refused_at_the_field(client, review, statistician, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    settings.EVIDENCE_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    page = _refused(client, review, statistician, _upload("indicator_1-1-1.csv", b"0" * (3 * 1024 * 1024)))
    assert "indicator_1-1-1.csv is 3.0 MB: a file can be at most 2 MB." in page
