"""The project's Celery app plus a trivial task and a result backend, for the round trip.

Imported by both sides of the benchmark: the worker (`celery -A bench.celery_app`) and
the process that sends the task, so both agree on the task and where results go.

The ping goes to a queue of its own, which only the benchmark's worker consumes
(`-Q bench-ping`): with REDIS_URL shared with a running portal, a portal worker busy with a
render never picks it up, and the ping never waits behind a render.
"""

import os

from vnr_portal.celery import app

# The project ignores results; the benchmark needs them to see the task come back.
app.conf.result_backend = os.environ.get("REDIS_URL") or f"file://{os.environ['BENCH_RESULTS_DIR']}"
PING_QUEUE = "bench-ping"
app.conf.task_routes = {"bench.ping": {"queue": PING_QUEUE}}


@app.task(name="bench.ping", ignore_result=False)
def ping() -> str:
    return "pong"
