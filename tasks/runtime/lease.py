"""One run at a time across processes and hosts: a lease row in the shared database.

A lease lasts LEASE_SECONDS and its holder renews it every HEARTBEAT_SECONDS while it
works, so a run killed with `kill -9` (or a host that dies) blocks the next run for under a
minute, not for the longest run's length. The next run takes the expired lease over and
says so.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from newsmon.db import queries
from newsmon.db.engine import transaction
from newsmon.db.models import Lease, utcnow

# Every flow that ingests or delivers shares this lease: a monitor run, the digest flow,
# `newsmon alerts send` and corrections never work on the same items at once.
RUN_LEASE = "monitor"
LEASE_SECONDS = 60.0
HEARTBEAT_SECONDS = 15.0
log = logging.getLogger(__name__)


def holder(engine: Engine) -> Lease | None:
    """Who holds the run lease (or last held it, when it has expired), if anyone."""
    with transaction(engine) as session:
        return session.get(Lease, RUN_LEASE)


def claim(engine: Engine, owner: str, seconds: float = LEASE_SECONDS) -> bool:
    """Take the run lease for `seconds`; False when another owner holds it unexpired."""
    until = utcnow() + timedelta(seconds=seconds)
    with transaction(engine) as session:
        return queries.acquire_lease(session, name=RUN_LEASE, owner=owner, until=until)


def release(engine: Engine, owner: str) -> None:
    """Give the run lease back."""
    with transaction(engine) as session:
        queries.release_lease(session, name=RUN_LEASE, owner=owner)


def abandoned(before: Lease | None, owner: str, now: datetime) -> str | None:
    """What to say when `owner` took over a lease its earlier holder never gave back."""
    if before is None or before.owner == owner or before.expires_at > now:
        return None
    expired = f"{before.expires_at:%Y-%m-%d %H:%M:%S} UTC"
    return f"run {before.owner} died holding the run lease (expired {expired}); taking over"


# The heartbeats of this process, so a signal handler can stop them before it gives the
# lease back (a beat after that would take it again).
_beating: dict[str, tuple[threading.Event, threading.Thread]] = {}


def stop_heartbeats(timeout: float = 2.0) -> None:
    """Stop every heartbeat of this process, waiting up to `timeout` for a beat in flight."""
    for stop, thread in list(_beating.values()):
        stop.set()
        thread.join(timeout)


@contextmanager
def heartbeat(engine: Engine, owner: str, max_minutes: float) -> Iterator[None]:
    """Renew `owner`'s lease every HEARTBEAT_SECONDS for the block, for at most
    `max_minutes` (a run stuck longer than that lets the lease expire)."""
    stop = threading.Event()
    deadline = time.monotonic() + max_minutes * 60

    def beat() -> None:
        while not stop.wait(HEARTBEAT_SECONDS) and time.monotonic() < deadline:
            try:
                kept = claim(engine, owner)
            except SQLAlchemyError:  # the database is away for a moment: try at the next beat
                continue
            if not kept:  # it expired (a stall) and another run took it: say so, stop beating
                log.warning("run %s lost the run lease to another run", owner)
                return

    thread = threading.Thread(target=beat, name=f"lease-{owner}", daemon=True)
    _beating[owner] = (stop, thread)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        _beating.pop(owner, None)


@contextmanager
def exclusive(
    engine: Engine, owner: str, wait_seconds: float = 0.0, max_minutes: float = 60.0
) -> Iterator[bool]:
    """Hold the run lease for the block (renewed while it runs), waiting up to `wait_seconds`
    for it; yields whether it was taken. Two corrections made at once both land."""
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    taken = claim(engine, owner)
    while not taken and time.monotonic() < deadline:
        time.sleep(0.2)
        taken = claim(engine, owner)
    if not taken:
        yield False
        return
    try:
        with heartbeat(engine, owner, max_minutes):
            yield True
    finally:
        release(engine, owner)
