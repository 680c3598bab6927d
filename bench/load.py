"""Pages of a big review under load: `python -m bench.run load` (also part of `make bench`).

1. A big review: `manage.py seed_scale --json` (60 ministries, 200 sections, 5,000 revisions,
   5,000 comments, 1,020 reports; BENCH_SCALE="--ministries 10 ..." to change it) in a
   database of its own: SQLite in var/bench/load/ (deleted first), or the database of
   DATABASE_URL when it is PostgreSQL (seed_scale adds a new country there and touches
   nothing else: use a database made for the benchmark).
2. gunicorn with the production settings (DEBUG off, a random SECRET_KEY, ALLOWED_HOSTS
   127.0.0.1, collected static files; with REDIS_URL, Celery's broker there and the shared
   cache, CACHE_URL, in the next Redis database, as compose.yaml sets them) and 4 workers
   (BENCH_WORKERS), requests marked `X-Forwarded-Proto: https` as the proxy does.
3. Each person signs in through the login form (the session cookie the browser would
   keep). Then, page after page, 16 clients (BENCH_CLIENTS) ask for the same page for 10
   seconds (BENCH_PAGE_SECONDS), each waiting for its answer before asking again, with
   `Accept-Encoding: gzip` as browsers do; those seconds are cut in 3 turns (BENCH_ROUNDS),
   each after as long a turn of the login page, so that each page is judged against the
   login page measured beside it, not minutes earlier on a machine whose speed drifts.

The load generator is in this file: threads of the standard library's http.client, one
connection per request (gunicorn's sync workers close it anyway). Locust (with gevent,
Flask and about 20 packages) would measure the same thing with more to install; what
matters here is each page against `/healthz` of the same server in the same run, and
both are measured the same way. The client's own cost (about 0.1 ms of CPU a request)
counts against `/healthz` most, so the ratios it prints are if anything on the low side.

Each row: requests/s, its ratio to `/healthz` (the mean of its measure before and after
the pages) and to the login page measured in turns with it (the issue's reference: a light
page through the whole stack, session and template included), median and 95th percentile
latency, and the size of the gzip'd answer (and unzipped). The issue's goals, against the login page: staff
pages >= 0.25x and <= 300 KB, public pages >= 0.5x and <= 100 KB.
"""

import gzip
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

# (label, key in seed_scale's urls, role; None for the public, "public" pages have the public goal)
PAGES = [
    ("Login page", "login", None),
    ("Report tracker", "tracker", "coordinator"),
    ("Role matrix, edit form", "matrix_edit", "coordinator"),
    ("Role matrix", "matrix", "coordinator"),
    ("Outline", "outline", "editor"),
    ("Section editor", "section_edit", "editor"),
    ("Public round page", "public_round", None),
    ("Moderation queue", "moderation", "moderator"),
    ("Dashboard", "dashboard", "coordinator"),
    ("Data: Goal tiles", "goal_tiles", "statistician"),
    ("Data: inventory", "inventory", "statistician"),
    ("Data: an indicator", "indicator", "statistician"),
    ("Follow-up: commitments", "commitments", "coordinator"),
    ("Follow-up: roadmap", "roadmap", "coordinator"),
    ("Follow-up: side by side", "side_by_side", "editor"),
    ("Follow-up: chapter", "chapter", "coordinator"),
    ("Data: a Goal", "goal", "statistician"),
    ("Round detail", "round_detail", "coordinator"),
    ("Uptake board", "uptake", "editor"),
    ("Inclusiveness", "inclusiveness", "coordinator"),
    ("Portal home", "portal_home", None),
    ('Public "you said, we did"', "public_outcomes", None),
    ("Public data: Goal tiles", "public_data", None),
    ("Public data: a Goal", "public_data_goal", None),
    ("Public data: an indicator", "public_data_indicator", None),
]
GOALS = {"public": (0.5, 100 * 1000), "staff": (0.25, 300 * 1000)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with the production settings."""

    def __init__(self, env: dict, workers: int, log: Path):
        self.port = _free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [GUNICORN, "vnr_portal.wsgi", "--workers", str(workers), "--bind", self.host, "--timeout", "120"],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped (see {log})")
            try:
                if self.request("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in 60 s (see {log})")

    def request(self, path, *, method="GET", cookies=None, body=None, headers=None, gzip_ok=True):
        connection = http.client.HTTPConnection(self.host, timeout=120)
        try:
            sent = {"X-Forwarded-Proto": "https", "Host": self.host}
            if gzip_ok:
                sent["Accept-Encoding"] = "gzip"
            if cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            sent.update(headers or {})
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _cookies(headers) -> dict:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            found[key.strip()] = rest.split(";", 1)[0]
    return found


def sign_in(server: Server, username: str, password: str) -> dict:
    """Sign in through the login form; the cookies a browser would keep."""
    status, headers, body = server.request("/accounts/login/", gzip_ok=False)
    cookies = _cookies(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    status, headers, _body = server.request(
        "/accounts/login/",
        method="POST",
        cookies=cookies,
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://{server.host}/accounts/login/",
            "Origin": f"https://{server.host}",
        },
        gzip_ok=False,
    )
    cookies |= _cookies(headers)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"{username} could not sign in (the login form answered {status})")
    return cookies


def load(server: Server, path: str, cookies: dict | None, *, clients: int, seconds: float) -> dict:
    """`clients` threads asking for `path` for `seconds`: rate, latencies, errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        mine, wrong = [], []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                status, _headers, _body = server.request(path, cookies=cookies)
            except OSError as error:
                wrong.append(type(error).__name__)
                continue
            if status == 200:
                mine.append(time.perf_counter() - started)
            else:
                wrong.append(str(status))
        with lock:
            latencies.extend(mine)
            errors.extend(wrong)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return _figures([(latencies, errors, time.perf_counter() - began)])


def _figures(parts: list[tuple[list[float], list[str], float]]) -> dict:
    """Rate, median and 95th percentile of one or more measures (latencies, errors, seconds)."""
    latencies = sorted(latency for part_latencies, _errors, _seconds in parts for latency in part_latencies)
    errors = [error for _latencies, part_errors, _seconds in parts for error in part_errors]
    elapsed = sum(seconds for _latencies, _errors, seconds in parts)
    return {
        "rate": len(latencies) / elapsed,
        "requests": len(latencies),
        "median": statistics.median(latencies) if latencies else float("nan"),
        "p95": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] if latencies else float("nan"),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "latencies": latencies,
        "errors_seen": errors,
        "seconds": elapsed,
    }


def paired_load(server: Server, path: str, cookies, reference: str, *, clients: int, seconds: float, rounds: int):
    """`path` and the `reference` page in turn, `rounds` times, each for `seconds` / `rounds`:
    the page's figures and the reference's rate measured beside it. The machine's speed
    drifts (other jobs, its temperature) over a run of minutes; a ratio of two measures
    taken seconds apart drifts far less than one to a reference taken at the start."""
    page, beside = [], []
    for _ in range(rounds):
        figures = load(server, reference, None, clients=clients, seconds=seconds / rounds)
        beside.append((figures["latencies"], figures["errors_seen"], figures["seconds"]))
        figures = load(server, path, cookies, clients=clients, seconds=seconds / rounds)
        page.append((figures["latencies"], figures["errors_seen"], figures["seconds"]))
    return _figures(page), _figures(beside)["rate"]


def _sizes(server: Server, path: str, cookies) -> tuple[int, int, str]:
    status, headers, body = server.request(path, cookies=cookies)
    encoding = {k.lower(): v for k, v in headers}.get("content-encoding", "")
    plain = gzip.decompress(body) if encoding == "gzip" else body
    return len(body), len(plain), encoding or "none"


def _run(command: list[str], env: dict, what: str) -> str:
    result = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{what} failed: {(result.stderr.strip().splitlines() or ['no output'])[-1]}")
    return result.stdout


# The settings a benchmark's process takes from production_env, never from the caller's.
_SET_HERE = {"DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "REDIS_URL", "CACHE_URL", "MEDIA_ROOT", "VAR_DIR"}


def production_env(folder: Path, database_url: str = "", redis_url: str = "") -> dict:
    """The environment of a process with the production settings, its files in `folder`
    (a SQLite database there unless `database_url` is given)."""
    env = {key: value for key, value in os.environ.items() if key not in _SET_HERE} | {
        "DJANGO_SETTINGS_MODULE": "vnr_portal.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "VAR_DIR": str(folder),
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'db.sqlite3'}",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "https://127.0.0.1",
    }
    if redis_url:
        # As in production (compose.yaml): Celery's broker and, in the next database, the
        # cache every web process shares (and sessions with it, vnr_portal/settings.py).
        url = urllib.parse.urlsplit(redis_url)
        number = int(url.path.strip("/") or 0)
        env["REDIS_URL"] = redis_url
        env["CACHE_URL"] = urllib.parse.urlunsplit(url._replace(path=f"/{number + 1}"))
    return env


def seed_big_review(env: dict, database: str) -> dict:
    """migrate, the framework, collected static files and `seed_scale --json` (BENCH_SCALE);
    seed_scale's JSON."""
    manage = [PYTHON, "manage.py"]
    started = time.perf_counter()
    if "CACHE_URL" in env:
        # A shared cache outlives the run: nothing of an earlier big review may be read from it.
        _run([*manage, "shell", "-c", "from django.core.cache import cache; cache.clear()"], env, "cache.clear")
    _run([*manage, "migrate", "--no-input", "-v0"], env, "migrate")
    _run([*manage, "load_sdg_framework"], env, "load_sdg_framework")
    _run([*manage, "collectstatic", "--no-input", "-v0"], env, "collectstatic")
    seeded_at = time.perf_counter()
    scale = shlex.split(os.environ.get("BENCH_SCALE", ""))
    data = json.loads(_run([*manage, "seed_scale", "--json", *scale], env, "seed_scale").strip().splitlines()[-1])
    data["seed_seconds"] = time.perf_counter() - seeded_at
    print(
        f"seed_scale: {data['seed_seconds']:.1f} s ({database}; setup before it {seeded_at - started:.1f} s): "
        + ", ".join(f"{n:,} {name}" for name, n in data["counts"].items()),
        file=sys.stderr,
    )
    return data


def bench_load(bench_dir: Path, database_url: str = "", redis_url: str = "") -> list[tuple[str, str]]:
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    clients = int(os.environ.get("BENCH_CLIENTS", "16"))
    seconds = float(os.environ.get("BENCH_PAGE_SECONDS", "10"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    folder = bench_dir / "load"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    postgresql = database_url.startswith(("postgres://", "postgresql://", "pgsql://"))
    env = production_env(folder, database_url if postgresql else "", redis_url)
    database = "PostgreSQL" if postgresql else "SQLite"
    data = seed_big_review(env, database)
    seed_seconds, counts = data["seed_seconds"], data["counts"]

    server = Server(env, workers, folder / "gunicorn.log")
    try:
        sessions = {
            role: sign_in(server, data["users"][role], data["password"])
            for role in sorted({role for _label, _key, role in PAGES if role})
        }
        urls = data["urls"] | {"login": "/accounts/login/"}
        before = load(server, "/healthz", None, clients=clients, seconds=seconds)
        measured = []
        for label, key, role in PAGES:
            cookies = sessions.get(role)
            sent, plain, encoding = _sizes(server, urls[key], cookies)
            if key == "login":
                figures = load(server, urls[key], cookies, clients=clients, seconds=seconds)
                login_rate = figures["rate"]
            else:
                figures, login_rate = paired_load(
                    server, urls[key], cookies, urls["login"], clients=clients, seconds=seconds, rounds=rounds
                )
            measured.append((label, urls[key], role, sent, plain, encoding, figures, login_rate))
            print(f"  {label}: {figures['rate']:.1f}/s, login beside it {login_rate:.1f}/s", file=sys.stderr)
        after = load(server, "/healthz", None, clients=clients, seconds=seconds)
    finally:
        server.stop()

    baseline = (before["rate"] + after["rate"]) / 2
    setting = (
        f"gunicorn {workers} workers, {clients} clients, {seconds:g} s a page in {rounds} turns with the login page, "
        f"{database}{', Redis (broker, cache and sessions)' if redis_url else ''}, DEBUG off; "
        f"{counts['ministries']} ministries, "
        f"{counts['sections']} sections, {counts['revisions']:,} revisions, {counts['reports']:,} reports, "
        f"{counts['comments']:,} comments"
    )
    rows = [
        ("Pages of a big review under load", setting),
        ("seed_scale at that size", f"{seed_seconds:.1f} s"),
        (
            "GET /healthz (the trivial view: before / after / mean)",
            f"{before['rate']:.0f} / {after['rate']:.0f} / {baseline:.0f} requests/s, median "
            f"{before['median'] * 1000:.1f} ms",
        ),
    ]
    # The goals are ratios to the login page of the same server, measured in turns
    # with each page (`paired_load`).
    for label, _url, role, sent, plain, encoding, figures, login_rate in measured:
        kind = "staff" if role else "public"
        ratio = figures["rate"] / baseline if baseline else 0
        to_login = figures["rate"] / login_rate if login_rate else 0
        least, most = GOALS[kind]
        met = "ok" if to_login >= least and sent <= most else f"goal {least}x, {most // 1000} KB"
        errors = f", {figures['errors']} errors {figures['error_kinds']}" if figures["errors"] else ""
        rows.append(
            (
                f"GET {label} ({role or 'anonymous'})",
                f"{figures['rate']:.1f}/s = {ratio:.3f}x /healthz = {to_login:.2f}x login "
                f"({login_rate:.0f}/s beside it); median "
                f"{figures['median'] * 1000:.0f} ms, p95 {figures['p95'] * 1000:.0f} ms; {sent / 1024:.1f} KiB "
                f"{encoding} ({plain / 1024:.0f} KiB unzipped); {met}{errors}",
            )
        )
    return rows
