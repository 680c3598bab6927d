"""`make bench`: time the framework load, a Celery round trip, the main pages, the
revision diff (bench/diffing.py), the import of 100,000 indicator observations
(bench/evidence.py; with a PostgreSQL DATABASE_URL also against a PostgreSQL COPY of the
same rows, in a throwaway database on that server) and the rendering of a ~150-page
report through the Celery worker (bench/publishing.py).

`python -m bench.run publishing` runs only the report benchmark (after the framework load);
`python -m bench.run diffing` only the diff, `evidence` only the import, `load` only the
pages of a big review under load through gunicorn (bench/load.py: `seed_scale`, production
settings, 16 clients, each page against `/healthz`), `cpu` only the CPU each of those pages
costs in the process (bench/cpu.py: the test client, production settings, each page against
the login page); names combine.

Everything runs against a throwaway SQLite database under var/bench/ (deleted first), so
the figures are comparable from run to run and the development database is untouched.
Prints a table; asserts nothing.
"""

import datetime
import functools
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
REQUEST_ROUNDS = 20
# A page slower than this is timed fewer times, to keep the whole run short.
SLOW_PAGE_SECONDS, SLOW_PAGE_ROUNDS = 0.5, 5
MINISTRIES = 40


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bench_framework() -> list[tuple[str, str]]:
    from django.core.management import call_command

    first = _timed(lambda: call_command("load_sdg_framework", stdout=io.StringIO()))
    again = _timed(lambda: call_command("load_sdg_framework", stdout=io.StringIO()))
    return [
        ("load_sdg_framework, empty database", _ms(first)),
        ("load_sdg_framework, run again (no change)", _ms(again)),
    ]


def bench_celery(label: str, redis_url: str) -> tuple[str, str]:
    env = {**os.environ, "REDIS_URL": redis_url} if redis_url else dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-m", "bench.celery_roundtrip"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return (f"Celery round trip, {label}", f"failed: {reason} (see {os.environ['BENCH_WORKER_LOG']})")
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    return (
        f"Celery round trip, {label}",
        f"{figures['median_ms']:.1f} ms (median of {figures['rounds']}; min {figures['min_ms']:.1f}, "
        f"max {figures['max_ms']:.1f})",
    )


def _arrange_review():
    """A coordinator, ten reviews on their dashboard, one with 40 ministries x 17 goals."""
    from django.contrib.auth import get_user_model

    from indicators.models import Goal
    from reviews.models import Country, GoalAssignment, GoalRole, Ministry
    from reviews.workspace.services.reviews import review_create

    user = get_user_model().objects.create_user("bench-coordinator", "bench@example.org", "bench")
    reviews = [
        review_create(
            actor=user,
            country=Country.objects.create(name=f"Country {n:02}", iso3=f"B{n:02}"),
            title=f"Second VNR of country {n:02}",
            hlpf_year=2027,
            languages=["en"],
        )
        for n in range(10)
    ]
    review = reviews[0]
    ministries = Ministry.objects.bulk_create(
        Ministry(review=review, name=f"Ministry {n:02}", acronym=f"M{n:02}") for n in range(MINISTRIES)
    )
    # Each goal: one lead, two co-leads, and every third ministry an associate.
    cells = []
    for goal in Goal.objects.all():
        for index, ministry in enumerate(ministries):
            offset = (index - goal.number) % MINISTRIES
            role = {0: GoalRole.LEAD, 1: GoalRole.CO_LEAD, 2: GoalRole.CO_LEAD}.get(offset)
            if role is None and offset % 3 == 0:
                role = GoalRole.ASSOCIATE
            if role is not None:
                cells.append(GoalAssignment(review=review, ministry=ministry, goal=goal, role=role))
    GoalAssignment.objects.bulk_create(cells)
    return user, review, len(cells)


def _arrange_consultation(review, coordinator, comments: int = 1000):
    """An open public round of `review` on a 20-paragraph section, `comments` comments by 50 people."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from reviews.models import Membership
    from stakeholders.models import ConsultationRound, Contribution, ContributorProfile, Portal, RoundDocument

    Portal.objects.create(review=review, is_published=True, introduction="<p>How to take part.</p>")
    Membership.objects.create(review=review, user=coordinator, role="moderator")
    now = timezone.now()
    round_ = ConsultationRound.objects.create(
        review=review,
        title="Consultation",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
        published_at=now,
        languages=["en"],
    )
    document = RoundDocument.objects.create(
        round=round_,
        language="en",
        title="Goal 3",
        frozen_at=now,
        content="".join(f"<p>Paragraph {n} of the draft on health.</p>" for n in range(20)),
    )
    people = [get_user_model().objects.create_user(f"citizen{n}", f"citizen{n}@example.org") for n in range(50)]
    ContributorProfile.objects.bulk_create(
        ContributorProfile(user=person, display_name=f"Citizen {n}", email_verified_at=now)
        for n, person in enumerate(people)
    )
    Contribution.objects.bulk_create(
        Contribution(
            round=round_,
            document=document,
            paragraph=n % 20,
            author=people[n % 50],
            language="en",
            body=f"Comment {n}: the draft should say more about rural clinics.",
        )
        for n in range(comments)
    )
    return round_


def bench_pages() -> list[tuple[str, str]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    user, review, cells = _arrange_review()
    round_ = _arrange_consultation(review, user)
    client, public = Client(), Client()
    client.force_login(user)
    pages = [
        ("Dashboard (10 reviews)", "reviews:dashboard", {}, client),
        ("Review page", "reviews:review-detail", {"pk": review.pk}, client),
        (
            f"Role matrix ({MINISTRIES} ministries x 17 goals, {cells} roles)",
            "reviews:matrix",
            {"pk": review.pk},
            client,
        ),
        ("Role matrix, edit form", "reviews:matrix-edit", {"pk": review.pk}, client),
        (
            "public round page, anonymous (1,000 comments)",
            "stakeholders:portal-round",
            {"pk": review.pk, "round_pk": round_.pk},
            public,
        ),
        ("moderation queue (1,000 comments)", "stakeholders:moderation", {"pk": review.pk}, client),
    ]
    rows = []
    for label, name, kwargs, client in pages:
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            rows.append((label, f"not measured: no page named {name}"))
            continue
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            first = time.perf_counter() - started
        query_count = len(queries)  # now: later requests reset the connection's query log
        if response.status_code != 200:
            rows.append((label, f"not measured: {url} answered {response.status_code}"))
            continue
        rounds = REQUEST_ROUNDS if first < SLOW_PAGE_SECONDS else SLOW_PAGE_ROUNDS
        timings = [_timed(functools.partial(client.get, url)) for _ in range(rounds)]
        rows.append(
            (
                f"GET {label}",
                f"{_ms(statistics.median(timings))} (median of {rounds}), {query_count} queries, "
                f"{len(response.content) // 1024} KiB",
            )
        )
    return rows


def bench_evidence_postgresql(database_url: str) -> list[tuple[str, str]]:
    label = "import_indicators vs PostgreSQL COPY, 100,000 observations"
    if not database_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        return [(label, "not measured: DATABASE_URL is not PostgreSQL")]
    env = {**os.environ, "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "-m", "bench.evidence"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=900
    )
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines:
        reason = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return [(label, f"failed: {reason}")]
    figures = json.loads(lines[-1])
    if "error" in figures:
        return [(label, f"not measured: {figures['error']}")]
    return [
        (
            "import_indicators, 100,000 observations, PostgreSQL",
            f"{figures['import_s']:.2f} s, {figures['rows'] / figures['import_s']:,.0f} rows/s, "
            f"{figures['import_cpu_s']:.2f} s CPU in Python",
        ),
        (
            "PostgreSQL COPY of the same rows (same columns and indexes), median of 3",
            f"{figures['copy_s']:.2f} s, {figures['copied'] / figures['copy_s']:,.0f} rows/s",
        ),
        ("import / COPY (goal <= 5x)", f"{figures['import_s'] / figures['copy_s']:.1f}x"),
    ]


def main() -> None:
    # Before Django reads its settings: a private database, broker folder and result folder;
    # Redis only for the round trip that names it; a PostgreSQL server only for the
    # evidence benchmark's own throwaway database.
    redis_url = os.environ.pop("REDIS_URL", "")
    database_url = os.environ.get("DATABASE_URL", "")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="vnr_portal.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}",
        CELERY_BROKER_DIR=str(BENCH_DIR / "broker"),
        BENCH_RESULTS_DIR=str(BENCH_DIR / "results"),
        BENCH_WORKER_LOG=str(BENCH_DIR / "worker.log"),
        MEDIA_ROOT=str(BENCH_DIR / "media"),
        LOG_LEVEL="WARNING",
    )
    shutil.rmtree(BENCH_DIR, ignore_errors=True)
    (BENCH_DIR / "results").mkdir(parents=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test Client in (ALLOWED_HOSTS), keeps e-mail local
    call_command("migrate", verbosity=0)

    only = set(sys.argv[1:])
    rows = bench_framework()
    if not only or "celery" in only:
        rows.append(bench_celery("filesystem broker (polling 0.05 s)", ""))
        if redis_url:
            rows.append(bench_celery("Redis", redis_url))
        else:
            rows.append(("Celery round trip, Redis", "not measured: REDIS_URL is not set"))
    if not only or "pages" in only:
        rows += bench_pages()
    if not only or "diffing" in only:
        from bench.diffing import bench_diffing

        rows += bench_diffing()
    if not only or "evidence" in only:
        from bench.evidence import bench_import

        rows += bench_import(BENCH_DIR)
        rows += bench_evidence_postgresql(database_url)
    if not only or "load" in only:
        from bench.load import bench_load

        rows += bench_load(BENCH_DIR, database_url, redis_url)
    if not only or "cpu" in only:
        from bench.cpu import bench_cpu

        rows += bench_cpu(BENCH_DIR)
    if not only or "publishing" in only:
        from bench.publishing import bench_publishing

        rows += bench_publishing(BENCH_DIR)

    width = max(len(label) for label, _ in rows)
    print(f"\nVNR Portal benchmarks (Python {sys.version.split()[0]}; SQLite and DEBUG=1 but for the load rows)\n")
    print(f"{'What':<{width}}  Figure")
    print(f"{'-' * width}  {'-' * 40}")
    for label, figure in rows:
        print(f"{label:<{width}}  {figure}")


if __name__ == "__main__":
    main()
