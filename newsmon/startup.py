"""The `newsmon` process's start and exit, without the garbage collector's long pauses.

A command imports some 3,000 modules (Prefect alone 2,000) and then exits. CPython's
collector walks every object it has seen, again and again while they are made and once
more at exit: measured by `benchmarks/rerun.py`, ~0.5 s of a rerun's imports and ~0.7 s
of its exit. Objects made at start-up live until exit anyway, so they are imported with
the collector off and then frozen (set aside from every later collection).
"""

from __future__ import annotations

import atexit
import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Only in a process that `main` started: tests and other callers keep Python's defaults.
_in_command = False


@contextmanager
def importing() -> Iterator[None]:
    """Import with the collector off; what was imported is then left out of collections."""
    if not _in_command:
        yield
        return
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def exit_without_final_collection() -> None:
    """At exit, after every other exit handler, freeze all objects: the OS frees them."""
    atexit.register(gc.freeze)  # the first registered handler runs last


def main() -> None:
    """The `newsmon` command: the CLI, imported and run without the collector's pauses."""
    global _in_command
    _in_command = True
    exit_without_final_collection()
    with importing():
        from newsmon.cli import app
    app()
