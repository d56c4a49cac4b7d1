"""The worker processes: warm from the fork server, and work done here until they are up."""

from __future__ import annotations

import os
import sys

from tasks.workers import MIN_ITEMS_FOR_POOL, Workers, process_pool


def preloaded() -> bool:
    """Whether this process already holds the warmed-up extraction code."""
    return "tasks.preload" in sys.modules


def test_jobs_run_here_until_the_workers_are_up_then_on_warm_workers() -> None:
    workers = Workers(2)
    try:
        # The fork server needs a good part of a second to load the extraction code.
        assert workers.submit(os.getpid).result() == os.getpid()
        assert workers.ready.wait(timeout=60)
        pids = {workers.submit(os.getpid).result() for _ in range(8)}
        assert os.getpid() not in pids and len(pids) <= 2
        assert workers.submit(preloaded).result()
        assert list(workers.map(abs, [-1, 2, -3])) == [1, 2, 3]
    finally:
        workers.pool.shutdown()


def test_small_batches_and_single_core_settings_work_in_this_process() -> None:
    assert process_pool(1, 1000) is None
    assert process_pool(2, MIN_ITEMS_FOR_POOL - 1) is None
