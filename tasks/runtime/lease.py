"""One run at a time across processes and hosts: a lease row in the shared database."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy.engine import Engine

from newsmon.db import queries
from newsmon.db.engine import transaction
from newsmon.db.models import utcnow

# Every flow that ingests or delivers shares this lease: a monitor run, the digest flow
# and `newsmon alerts send` never work on the same items at once.
RUN_LEASE = "monitor"


def claim(engine: Engine, owner: str, minutes: float) -> bool:
    """Take the run lease for `minutes`; False when another owner holds it."""
    until = utcnow() + timedelta(minutes=minutes)
    with transaction(engine) as session:
        return queries.acquire_lease(session, name=RUN_LEASE, owner=owner, until=until)


def release(engine: Engine, owner: str) -> None:
    """Give the run lease back."""
    with transaction(engine) as session:
        queries.release_lease(session, name=RUN_LEASE, owner=owner)


@contextmanager
def exclusive(
    engine: Engine, owner: str, minutes: float, wait_seconds: float = 0.0
) -> Iterator[bool]:
    """Hold the run lease for the block, waiting up to `wait_seconds` for it; yields whether
    it was taken. Two corrections made at once both land: the second waits its turn."""
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    taken = claim(engine, owner, minutes)
    while not taken and time.monotonic() < deadline:
        time.sleep(0.2)
        taken = claim(engine, owner, minutes)
    try:
        yield taken
    finally:
        if taken:
            release(engine, owner)
