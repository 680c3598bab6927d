"""The review's indicator data through the API: progress assessments as the data pages show
them (permission both ways, a fixed number of queries with 10 and 1,000 series), and imports
of observations as a task with a status address, with the import page's checks and errors
(the UK's Open SDG files in /work/shared/data/opensdg-uk-sample/, Celery eager)."""

import datetime
import io
import itertools
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from indicators.evidence.models import Observation, Series
from indicators.services import framework_load
from reviews.core.models import AuditEntry
from reviews.evidence.models import ImportJob
from reviews.evidence.services.overrides import progress_override_record
from reviews.evidence.tests.pages_data import HEADER, import_csv, small_data
from reviews.tests.factories import ImportJobFactory
from vnr_portal.accounts.services import api_token_create
from vnr_portal.common.caching import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

SAMPLE = Path("/work/shared/data/opensdg-uk-sample")
needs_sample = pytest.mark.skipif(not SAMPLE.is_dir(), reason="the Open SDG sample is not on this machine")


NAMES = itertools.count()


def token_of(user, scope="write"):
    expires = timezone.localdate() + datetime.timedelta(days=10)
    return api_token_create(user=user, name=f"t-{scope}-{next(NAMES)}", scope=scope, expires_on=expires)[1]


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}


# --- Assessments ------------------------------------------------------------------------------


@pytest.fixture
def assessed(review, goals, statistician):
    framework_load()
    series = small_data("AUR", target=60.0)
    progress_override_record(
        actor=statistician,
        review=review,
        series=series,
        baseline_year=2015,
        category="acceleration_needed",
        reason="The 2019 figure is provisional.",
    )
    return series


def test_assessments_with_the_override_beside_the_computed_category(client, coordinator, review, assessed):
    response = client.get(reverse("api:review-assessments", args=[review.pk]), **auth(token_of(coordinator, "read")))
    assert response.status_code == 200, response.json()
    [row] = response.json()["results"]
    assert row["series"] == assessed.pk and row["indicator_code"] == "1.2.1"
    assert row["since_2015"]["category"] != "acceleration_needed"
    assert row["category"] == "acceleration_needed"
    assert row["override_2015"]["reason"] == "The 2019 figure is provisional."
    assert row["override_2015"]["computed_category"] == row["since_2015"]["category"]
    # The second VNR follows the first VNR of 2019: assessed since then too.
    assert row["since_first_vnr"]["baseline_year"] == 2019
    assert row["category_since_first_vnr"] == row["since_first_vnr"]["category"]


def test_goal_aggregates(client, coordinator, review, assessed):
    response = client.get(
        reverse("api:review-goal-assessments", args=[review.pk]), **auth(token_of(coordinator, "read"))
    )
    assert response.status_code == 200
    [goal] = response.json()
    assert goal["goal"] == 1
    assert goal["since_2015"]["count"] == 1 and goal["since_2015"]["category"]
    # Figures only up to 2019, the first VNR's year: nothing to assess since then.
    assert goal["since_first_vnr"]["category"] == "insufficient_data"


@pytest.mark.parametrize("name", ["review-assessments", "review-goal-assessments"])
def test_assessments_for_members_only(client, review, assessed, focal_a, outsider, other_member, name):
    url = reverse(f"api:{name}", args=[review.pk])
    assert client.get(url, **auth(token_of(focal_a, "read"))).status_code == 200
    for user in (outsider, other_member):
        response = client.get(url, **auth(token_of(user)))
        assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert client.get(url).status_code == 401


def _many_series(count: int) -> None:
    """`count` series of indicator 1.2.1 in one Open SDG file, two years each, all assessed."""
    lines = [HEADER]
    for number in range(count):
        for index, year in enumerate((2015, 2020)):
            lines.append(f"{year},Series {number:04d},Percentage (%),,,,{10 + number % 7 + index}\n")
    import_csv("AUR", "1.2.1", "".join(lines))
    Series.objects.filter(country="AUR").update(polarity="higher")


@pytest.mark.parametrize("count", [10, 1000])
def test_assessment_queries_do_not_grow_with_the_series(
    client, coordinator, review, goals, django_assert_num_queries, count
):
    framework_load()
    _many_series(count)
    client.force_login(coordinator)
    url = reverse("api:review-assessments", args=[review.pk]) + "?page_size=500"
    # Session and user (2), the review and its previous one (2), the page of series (1), the
    # headline figures, targets and overrides (3), the first VNR's snapshot (1).
    with django_assert_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(count, 500)
    with django_assert_num_queries(8):  # the assessments cached: no headline figures read
        assert client.get(url).status_code == 200
    page_cache.clear()  # the assessments computed again (the page above may hold every series)
    with django_assert_num_queries(9):
        response = client.get(reverse("api:review-goal-assessments", args=[review.pk]))
    assert response.json()[0]["since_2015"]["count"] == 1  # one indicator, however many series
    with django_assert_num_queries(8):
        assert client.get(reverse("api:review-goal-assessments", args=[review.pk])).status_code == 200


# --- Imports ------------------------------------------------------------------------------------


@pytest.fixture
def importing(media, eager_tasks, goals, django_capture_on_commit_callbacks):
    framework_load()
    return django_capture_on_commit_callbacks


def upload(client, review, files, token=None, *, run=None, **data):
    """POST the files; `run` (the `importing` fixture) runs the queued task, as a worker would."""
    url = reverse("api:review-imports", args=[review.pk])
    if run is None:
        return client.post(url, {"files": files, **data}, **auth(token))
    with run(execute=True):
        return client.post(url, {"files": files, **data}, **auth(token))


def sample(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SAMPLE / "data" / name).read_bytes(), content_type="text/csv")


@needs_sample
def test_a_statistician_imports_the_uk_files_and_follows_the_job(client, statistician, review, importing):
    token = token_of(statistician)
    files = [sample("indicator_1-1-1.csv"), sample("indicator_1-5-2.csv")]
    response = upload(client, review, files, token, run=importing)
    assert response.status_code == 202, response.json()
    job = ImportJob.objects.get(review=review)
    assert response["Location"] == f"/api/v1/reviews/{review.pk}/imports/{job.pk}/"
    status = client.get(response["Location"], **auth(token)).json()
    assert status["status"] == "done" and status["files"] == ["indicator_1-1-1.csv", "indicator_1-5-2.csv"]
    assert status["progress"] == {"files_done": 2, "files_total": 2, "current_file": ""}
    assert status["counts"]["observations_imported"] == Observation.objects.count() > 0
    assert status["counts"]["files"] == 2 and status["errors"] == [] and status["errors_total"] == 0
    assert AuditEntry.objects.filter(action="evidence.import", actor=statistician).exists()


@needs_sample
def test_a_zip_of_the_open_sdg_folder(client, coordinator, review, importing):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("indicator_1-1-1.csv", "indicator_10-1-1.csv"):
            archive.write(SAMPLE / "data" / name, f"data/{name}")
            code = name.removeprefix("indicator_").removesuffix(".csv")
            archive.write(SAMPLE / "meta" / f"{code}.md", f"meta/{code}.md")
    files = [SimpleUploadedFile("uk.zip", buffer.getvalue(), content_type="application/zip")]
    response = upload(client, review, files, token_of(coordinator), run=importing)
    assert response.status_code == 202, response.json()
    status = client.get(response["Location"], **auth(token_of(coordinator))).json()
    assert status["status"] == "done" and status["counts"]["files"] == 2
    assert status["counts"]["metadata_files"] == 2


def test_bad_rows_are_listed_by_row_and_nothing_is_saved(client, statistician, review, importing):
    text = HEADER + "2015,Poverty rate,Percentage (%),,,,40\n2016,Poverty rate,Percentage (%),,,,forty\n"
    files = [SimpleUploadedFile("indicator_1-2-1.csv", text.encode(), content_type="text/csv")]
    token = token_of(statistician)
    response = upload(client, review, files, token, run=importing)
    assert response.status_code == 202
    status = client.get(response["Location"], **auth(token)).json()
    assert status["status"] == "done"
    assert status["counts"]["files_rejected"] == 1 and status["counts"]["observations_imported"] == 0
    [error] = status["errors"]
    assert error["file"] == "indicator_1-2-1.csv" and error["line"] == 3 and error["column"] == "Value"
    assert not Observation.objects.exists()


def test_skipping_bad_rows_imports_the_good_ones(client, statistician, review, importing):
    text = HEADER + "2015,Poverty rate,Percentage (%),,,,40\n2016,Poverty rate,Percentage (%),,,,forty\n"
    files = [SimpleUploadedFile("indicator_1-2-1.csv", text.encode(), content_type="text/csv")]
    token = token_of(statistician)
    response = upload(client, review, files, token, run=importing, skip_invalid_rows="true")
    assert response.status_code == 202 and response.json()["skip_invalid_rows"] is True
    status = client.get(response["Location"], **auth(token)).json()
    assert status["counts"]["observations_imported"] == 1 and status["counts"]["rows_rejected"] == 1
    assert [error["line"] for error in status["errors"]] == [3]
    assert Observation.objects.get().value == 40


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("indicator_1-2-1.exe", b"MZ"),
        ("indicator_1-2-1.csv", b""),
        ("indicator_1-2-1.xlsx", b"not a zip"),
        ("data.xml", b'<!DOCTYPE x [<!ENTITY e "e">]><x/>'),
        ("data.zip", b"PK\x03\x04 damaged"),
    ],
)
def test_a_refused_file_is_a_400_and_nothing_is_queued(client, statistician, review, importing, name, content):
    response = upload(client, review, [SimpleUploadedFile(name, content)], token_of(statistician))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and response.json()["errors"]["files"]
    assert not ImportJob.objects.exists()


def test_no_file_and_wrong_content_type(client, statistician, review, importing):
    token = token_of(statistician)
    response = upload(client, review, [], token)
    assert response.status_code == 400 and "files" in response.json()["errors"]
    response = client.post(
        reverse("api:review-imports", args=[review.pk]), '{"files": []}', content_type="application/json", **auth(token)
    )
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
    assert not ImportJob.objects.exists()


def test_a_body_over_the_limit_is_a_413(client, statistician, review, importing, settings):
    settings.EVIDENCE_IMPORT_MAX_BYTES = 1024
    big = SimpleUploadedFile("indicator_1-2-1.csv", HEADER.encode() + b"2015,a,b,,,,1\n" * 100_000)
    response = upload(client, review, [big], token_of(statistician))
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not ImportJob.objects.exists()


def test_a_file_of_50_mb_is_refused(client, statistician, review, importing):
    big = SimpleUploadedFile("indicator_1-2-1.csv", b"Year,Value\n" + b"2015,1\n" * (52 * 1024 * 1024 // 7))
    response = upload(client, review, [big], token_of(statistician))
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("who", ["focal_a", "editor", "reviewer", "outsider", "other_member"])
def test_only_statisticians_and_coordinators_import(client, request, review, importing, who):
    user = request.getfixturevalue(who)
    files = [SimpleUploadedFile("indicator_1-2-1.csv", HEADER.encode() + b"2015,a,b,,,,1\n")]
    response = upload(client, review, files, token_of(user))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not ImportJob.objects.exists()


def test_a_read_only_token_and_anonymous_people_may_not_import(client, statistician, review, importing):
    files = [SimpleUploadedFile("indicator_1-2-1.csv", HEADER.encode() + b"2015,a,b,,,,1\n")]
    response = upload(client, review, files, token_of(statistician, "read"))
    assert response.status_code == 403 and "read-only" in response.json()["detail"]
    files[0].seek(0)
    assert upload(client, review, files).status_code == 401
    assert not ImportJob.objects.exists()


def test_the_status_of_a_job_for_its_review_only(client, statistician, focal_a, review, other_review, other_member):
    job = ImportJobFactory(review=review)
    url = reverse("api:review-import-job", args=[review.pk, job.pk])
    body = client.get(url, **auth(token_of(statistician, "read"))).json()
    assert body["status"] == "queued" and body["progress"]["files_total"] == 1 and body["counts"] == {}
    assert client.get(url, **auth(token_of(focal_a))).status_code == 403
    assert client.get(url).status_code == 401
    elsewhere = ImportJobFactory(review=other_review)
    url = reverse("api:review-import-job", args=[review.pk, elsewhere.pk])
    response = client.get(url, **auth(token_of(statistician)))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
