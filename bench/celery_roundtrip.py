"""Round-trip latency of a trivial task through a real worker on the broker the
environment configures (REDIS_URL set: Redis; unset: kombu's filesystem broker).

Run by bench.run in a process of its own; prints one line of JSON with the timings in ms.
"""

import json
import os
import statistics
import subprocess
import sys
import time

ROUNDS = 20


def main() -> None:
    import django

    django.setup()
    from bench.celery_app import PING_QUEUE, ping

    # Its own worker on its own queue: never behind a render of a portal worker on the same broker.
    command = [
        *[sys.executable, "-m", "celery", "-A", "bench.celery_app", "--quiet", "worker", "--pool", "solo"],
        *["--queues", PING_QUEUE],
    ]
    with open(os.environ["BENCH_WORKER_LOG"], "ab") as log:
        worker = subprocess.Popen([*command, "--loglevel", "warning"], stdout=log, stderr=subprocess.STDOUT)
        try:
            started = time.perf_counter()
            ping.delay().get(timeout=120, interval=0.005)  # also waits for the worker to be ready
            startup = time.perf_counter() - started
            timings = []
            for _ in range(ROUNDS):
                started = time.perf_counter()
                ping.delay().get(timeout=30, interval=0.005)
                timings.append((time.perf_counter() - started) * 1000)
        finally:
            worker.terminate()
            worker.wait(timeout=60)
    print(
        json.dumps(
            {
                "median_ms": statistics.median(timings),
                "min_ms": min(timings),
                "max_ms": max(timings),
                "rounds": ROUNDS,
                "first_task_s": startup,
            }
        )
    )


if __name__ == "__main__":
    main()
