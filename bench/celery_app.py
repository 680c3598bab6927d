"""The project's Celery app plus a trivial task and a result backend, for the round trip.

Imported by both sides of the benchmark: the worker (`celery -A bench.celery_app`) and
the process that sends the task, so both agree on the task and where results go.
"""

import os

from vnr_portal.celery import app

# The project ignores results; the benchmark needs them to see the task come back.
app.conf.result_backend = os.environ.get("REDIS_URL") or f"file://{os.environ['BENCH_RESULTS_DIR']}"


@app.task(name="bench.ping", ignore_result=False)
def ping() -> str:
    return "pong"
