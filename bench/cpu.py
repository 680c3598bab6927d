"""CPU per request, in the process: `python -m bench.cpu` (also `make bench BENCH=cpu`).

What each page of the big review costs Django itself, without gunicorn, the network or the
load generator: the test client asks for each page with the production settings (DEBUG
off, gzip), after three requests that fill the per-process caches, and the process's CPU
time of each request is taken (`time.process_time`, which another job on the machine
slows far less than it slows the wall clock). Each row gives the median of BENCH_CPU_ROUNDS
(30) requests and its ratio to the login page's: login CPU / page CPU, the same ratio as
the load benchmark's requests/s (bench/load.py) when the server is CPU-bound.

With no argument it makes the big review first (`seed_scale`, as bench/load.py does: a
SQLite file in var/bench/cpu/, deleted first; BENCH_SCALE changes the size). To measure
again without seeding again, give the database and seed_scale's JSON that a run left:

    python -m bench.cpu --database-url sqlite:////abs/db.sqlite3 --scale-json scale.json [page ...]

where the pages are keys of seed_scale's `urls` (all of them by default).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from bench.load import BASE_DIR, GOALS, PAGES, PYTHON, production_env, seed_big_review

WARM_UP = 3


def _measure(data: dict, keys: list[str], rounds: int) -> list[dict]:
    """In this process, whose environment has the production settings."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    roles = {key: role for _label, key, role in PAGES}
    labels = {key: label for label, key, _role in PAGES}
    urls = data["urls"] | {"login": "/accounts/login/"}
    clients = {}

    def client_for(role):
        if role not in clients:
            clients[role] = Client(HTTP_ACCEPT_ENCODING="gzip")
            if role:
                clients[role].force_login(get_user_model().objects.get(username=data["users"][role]))
        return clients[role]

    measured = []
    for key in ["login", *[key for key in keys if key != "login"]]:
        client = client_for(roles.get(key))
        for _ in range(WARM_UP):
            response = client.get(urls[key], secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{key} ({urls[key]}) answered {response.status_code}")
        times = []
        for _ in range(rounds):
            started = time.process_time()
            client.get(urls[key], secure=True)
            times.append(time.process_time() - started)
        measured.append(
            {
                "key": key,
                "label": labels.get(key, key),
                "role": roles.get(key),
                "median_ms": statistics.median(times) * 1000,
                "min_ms": min(times) * 1000,
                "bytes": len(response.content),
            }
        )
    return measured


def rows(measured: list[dict]) -> list[tuple[str, str]]:
    login = measured[0]["median_ms"]
    found = []
    for page in measured:
        ratio = login / page["median_ms"] if page["median_ms"] else 0
        least, most = GOALS["staff" if page["role"] else "public"]
        met = "ok" if ratio >= least and page["bytes"] <= most else f"goal {least}x, {most // 1000} KB"
        found.append(
            (
                f"CPU {page['label']} ({page['role'] or 'anonymous'})",
                f"{page['median_ms']:.1f} ms (min {page['min_ms']:.1f}) = {ratio:.2f}x login; "
                f"{page['bytes'] / 1024:.1f} KiB gzip'd; {met}",
            )
        )
    return found


def bench_cpu(bench_dir: Path, keys: list[str] | None = None) -> list[tuple[str, str]]:
    """Seed the big review in a SQLite file of its own, then measure in a process with the
    production settings."""
    folder = bench_dir / "cpu"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    env = production_env(folder)
    data = seed_big_review(env, "SQLite")
    (folder / "scale.json").write_text(json.dumps(data), encoding="utf-8")
    command = [PYTHON, "-m", "bench.cpu", "--json", "--database-url", env["DATABASE_URL"]]
    command += ["--scale-json", str(folder / "scale.json")]
    result = subprocess.run([*command, *(keys or [])], cwd=BASE_DIR, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        return [("CPU per request", f"failed: {(result.stderr.strip().splitlines() or ['no output'])[-1]}")]
    counts = data["counts"]
    setting = (
        f"test client in one process, SQLite, DEBUG off, median of {os.environ.get('BENCH_CPU_ROUNDS', '30')}; "
        f"{counts['ministries']} ministries, {counts['sections']} sections, {counts['comments']:,} comments"
    )
    return [("CPU per request, in the process", setting), *[tuple(row) for row in json.loads(result.stdout)]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a database seed_scale filled (default: seed one)")
    parser.add_argument("--scale-json", type=Path, help="seed_scale's JSON for that database")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("pages", nargs="*", help="keys of seed_scale's urls (default: all)")
    options = parser.parse_args()
    if not options.database_url:
        for label, figure in bench_cpu(BASE_DIR / "var" / "bench", options.pages):
            print(f"{label:<60}  {figure}")
        return
    data = json.loads(options.scale_json.read_text(encoding="utf-8").strip().splitlines()[-1])
    if os.environ.get("DEBUG") != "0":
        # Called by hand: the production settings, static files collected (again: the code may
        # have changed since) beside the JSON.
        folder = options.scale_json.resolve().parent / "cpu-static"
        os.environ.update(production_env(folder, options.database_url) | {"STATIC_ROOT": str(folder)})
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=BASE_DIR, check=True)
    # The test client's host. Not setup_test_environment(): its template instrumentation
    # (a copy of the context per template rendered) would be measured too.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    rounds = int(os.environ.get("BENCH_CPU_ROUNDS", "30"))
    found = rows(_measure(data, options.pages or list(data["urls"]), rounds))
    if options.json:
        print(json.dumps(found))
    else:
        for label, figure in found:
            print(f"{label:<60}  {figure}")


if __name__ == "__main__":
    main()
