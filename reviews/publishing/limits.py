"""A cap on the memory one render may take, so that a hostile document fails instead of the machine.

The worker's own limits (CELERY_WORKER_MAX_MEMORY_PER_CHILD) only replace a process after
its task; this one stops the render itself. It limits the address space (RLIMIT_AS) to
what the process uses now plus a budget: an allocation past it raises MemoryError, which
the render reports as a readable failure, and the previous limit is restored afterwards.
Linux only; elsewhere, or with a budget of 0, nothing is limited.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

MIB = 1024 * 1024


def _address_space_bytes() -> int:
    # The first field of /proc/self/statm: the process's whole address space, in pages.
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def address_space_limit(budget_mb: int) -> Iterator[None]:
    """Let the code inside add at most `budget_mb` MiB of address space to this process.

    The limit is the process's, so other threads share the budget while it lasts; the
    render runs in a worker process of its own (or the solo pool's one thread).
    """
    if budget_mb <= 0 or not sys.platform.startswith("linux"):
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space_bytes() + budget_mb * MIB
    for existing in (soft, hard):
        if existing != resource.RLIM_INFINITY:
            limit = min(limit, existing)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
