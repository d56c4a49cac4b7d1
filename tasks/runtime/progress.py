"""How far the long stages have gone, told to whoever listens (the CLI's progress bar).

Stages call `started` and `advanced` whether or not anyone listens; with no listener each
costs a lock and a dict update. Listeners are called on the stage's own thread (feed polls
run on several), one at a time under the lock, so they must be quick and must not report
progress themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

POLLING = "polling feeds"
READING = "reading pages"
EXTRACTING = "extracting figures"
# stage name, items done so far in this stage, items in the stage
Listener = Callable[[str, int, int], None]
T = TypeVar("T")

_listeners: list[Listener] = []
_lock = threading.RLock()
_done: dict[str, tuple[int, int]] = {}


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Call `listener(stage, done, total)` on every step of a long stage while active."""
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)


def started(stage: str, total: int) -> None:
    """A stage of `total` items begins."""
    with _lock:
        _done[stage] = (0, total)
        _tell(stage, 0, total)


def advanced(stage: str, step: int = 1) -> None:
    """`step` more items of `stage` are done."""
    with _lock:  # told in the order counted: a bar never steps back
        done, total = _done.get(stage, (0, 0))
        _done[stage] = (done + step, total)
        _tell(stage, done + step, total)


def counted(stage: str, items: Iterable[T], total: int) -> Iterator[T]:
    """`items` as they come, each one told as done."""
    started(stage, total)
    for item in items:
        yield item
        advanced(stage)


def _tell(stage: str, done: int, total: int) -> None:
    for listener in _listeners:
        listener(stage, done, total)
