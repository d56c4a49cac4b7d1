"""The worker processes: warm from the fork server, and work done here until they are up."""

from __future__ import annotations

import os
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

from newsmon.tasks.ingest.pages import Page
from newsmon.tasks.ingest.web import outcome
from newsmon.tasks.runtime.workers import MIN_ITEMS_FOR_POOL, Workers, process_pool


def preloaded() -> bool:
    """Whether this process already holds the warmed-up extraction code."""
    return "newsmon.tasks.runtime.preload" in sys.modules


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


def die() -> None:
    """Kill the worker process running this, as a crash in native code would."""
    os._exit(1)


def test_a_dead_worker_fails_its_job_and_the_rest_runs_here_then_on_a_fresh_pool() -> None:
    workers = process_pool(2, MIN_ITEMS_FOR_POOL)
    assert workers is not None and workers.ready.wait(timeout=60)
    with pytest.raises(BrokenProcessPool):
        workers.submit(die).result()
    assert workers.submit(os.getpid).result() == os.getpid()  # no lost work, no exception
    assert workers.broken
    fresh = process_pool(2, MIN_ITEMS_FOR_POOL)
    assert fresh is not None and fresh is not workers and fresh.ready.wait(timeout=60)
    assert fresh.submit(os.getpid).result() != os.getpid()


def test_a_page_whose_worker_died_is_a_failed_page_not_an_exception() -> None:
    died: Future[Page] = Future()
    died.set_exception(BrokenProcessPool("a worker died"))
    page = outcome(died, "https://example.org/a")
    assert page.text == "" and page.error == "extraction failed: a worker process died"
