"""One process pool per process for CPU-bound work: page and figure extraction."""

from __future__ import annotations

import atexit
import importlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# Below this many items, starting worker processes costs more than it saves.
MIN_ITEMS_FOR_POOL = 8
_pools: dict[int, ProcessPoolExecutor] = {}


def worker_count(configured: int) -> int:
    """Processes to use: the configured number, or one per core."""
    return configured if configured > 0 else (os.cpu_count() or 1)


def process_pool(configured: int, items: int) -> ProcessPoolExecutor | None:
    """A shared pool for `items` pieces of work, or None to work in this process."""
    workers = worker_count(configured)
    if workers < 2 or items < MIN_ITEMS_FOR_POOL:
        return None
    if workers not in _pools:
        # forkserver: Prefect runs threads and an event loop here, which fork would copy.
        context = multiprocessing.get_context("forkserver")
        pool = _pools[workers] = ProcessPoolExecutor(workers, mp_context=context)
        for _ in range(workers):  # start the workers now, while the caller downloads
            pool.submit(warm_up)
    return _pools[workers]


def warm_up() -> None:
    """Import the extraction code in a worker (trafilatura takes a second to import)."""
    importlib.import_module("tasks.web")
    importlib.import_module("tasks.figures")


@atexit.register
def shutdown_pools() -> None:
    """Stop the worker processes."""
    for pool in _pools.values():
        pool.shutdown(cancel_futures=True)
    _pools.clear()
