"""Worker processes for CPU-bound work (page and figure extraction), one pool per process."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

# Below this many items, starting worker processes costs more than it saves.
MIN_ITEMS_FOR_POOL = 8
# Imported (and exercised) once by the fork server; every worker forked from it starts warm.
PRELOAD = ["newsmon.tasks.runtime.preload"]
T = TypeVar("T")


def run_now(function: Callable[..., T], *args: Any) -> Future[T]:
    """Call `function` here and now, as a finished future."""
    future: Future[T] = Future()
    future.set_result(function(*args))
    return future


def preload_modules() -> list[str]:
    """What the fork server imports once: the extraction code, and the main module.

    Python runs the main module again in every worker (so that functions defined there
    can be unpickled); when it is a module (`python -m prefect.engine`, as Prefect runs
    scheduled flows), its imports are then already loaded: ~1 s saved per worker.
    """
    spec = getattr(sys.modules["__main__"], "__spec__", None)
    main = getattr(spec, "name", None)
    return PRELOAD + ([main] if main and not main.endswith("__main__") else [])


def ready_signal() -> None:
    """Nothing: a first job that proves a worker process is up."""


class Workers:
    """A process pool that starts in the background; until it is up, work runs in the caller."""

    def __init__(self, count: int) -> None:
        # forkserver: Prefect runs threads and an event loop here, which fork would copy.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(preload_modules())
        self.pool = ProcessPoolExecutor(count, mp_context=context)
        self.ready = threading.Event()
        self.broken = False  # a worker died, or never started: this pool takes no more work
        # Forking waits until the fork server has loaded its preload (about half a second):
        # do it on a thread, so the caller extracts the first pages itself meanwhile.
        self.starter = threading.Thread(target=self._start, args=(count,), daemon=True)
        self.starter.start()

    def _start(self, count: int) -> None:
        try:
            done, _ = wait([self.pool.submit(ready_signal) for _ in range(count)])
        except (BrokenProcessPool, OSError, EOFError, RuntimeError):
            done = set()  # e.g. the fork server died importing its preload
        if done and not any(future.cancelled() or future.exception() for future in done):
            self.ready.set()
        else:
            self._break()

    def _break(self) -> None:
        """Take no more work: a worker died, or the workers never started."""
        self.ready.clear()
        self.broken = True

    def _notice_crash(self, future: Future[Any]) -> None:
        if not future.cancelled() and isinstance(future.exception(), BrokenProcessPool):
            self._break()

    def submit(self, function: Callable[..., T], *args: Any) -> Future[T]:
        """Run `function` on a worker, or here and now while the workers are not up."""
        if self.ready.is_set():
            try:
                future = self.pool.submit(function, *args)
            except BrokenProcessPool:
                self._break()
            else:
                future.add_done_callback(self._notice_crash)
                return future
        return run_now(function, *args)

    def map(self, function: Callable[..., T], *iterables: Iterable[Any]) -> Iterator[T]:
        """`function` over the items in order; an item whose worker died is done here."""
        jobs = [(args, self.submit(function, *args)) for args in zip(*iterables, strict=False)]
        for args, future in jobs:
            try:
                yield future.result()
            except BrokenProcessPool:
                yield function(*args)


_workers: dict[int, Workers] = {}


def worker_count(configured: int) -> int:
    """Processes to use: the configured number, or one per core."""
    return configured if configured > 0 else (os.cpu_count() or 1)


def process_pool(configured: int, items: int) -> Workers | None:
    """The process's shared workers for `items` pieces of work, or None to work here."""
    count = worker_count(configured)
    if count < 2 or items < MIN_ITEMS_FOR_POOL:
        return None
    if count in _workers and _workers[count].broken:
        _workers.pop(count).pool.shutdown(wait=False, cancel_futures=True)
    if count not in _workers:
        _workers[count] = Workers(count)
    return _workers[count]


@atexit.register
def shutdown_pools() -> None:
    """Stop the worker processes."""
    for workers in _workers.values():
        workers.starter.join(timeout=10)  # stopping a pool while it forks upsets its workers
        workers.pool.shutdown(cancel_futures=True)
    _workers.clear()
