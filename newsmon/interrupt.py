"""Ctrl-C and SIGTERM during `newsmon run`: stop within seconds, with one line, exit 130/143.

Python's own KeyboardInterrupt waits for the stage's worker threads, which may sit in a
network read for minutes. Instead the first signal:

* marks the flow run Cancelled on the Prefect server, so the UI does not show it running;
* hands its logs to the server (at most a couple of seconds);
* gives the run lease back, so the next run proceeds at once;
* exits with 128 + the signal number.

Nothing half-written is kept: every stage writes in one transaction, which the database
rolls back when the process ends without committing; the next run picks up what this one
had not stored.
"""

from __future__ import annotations

import atexit
import contextlib
import contextvars
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

from sqlalchemy.exc import SQLAlchemyError

from newsmon.config.settings import Settings
from newsmon.tasks.runtime import signals

# Seconds the clean-up may take in all: under the 5 s a user waits.
CLEAN_UP_SECONDS = 4.0
STEP_SECONDS = 1.5  # for the log hand-over


def attempt(step: Callable[[], object]) -> None:
    """Run one clean-up step; on the way out, a server or database that is away changes
    nothing, so its error is dropped."""
    with contextlib.suppress(Exception):
        step()


def within(seconds: float, work: Callable[[], object]) -> None:
    """Run `work` in a thread for at most `seconds`; what it does not finish is dropped.
    The thread sees this one's context: Prefect keeps the API address in a context var."""
    context = contextvars.copy_context()
    thread = threading.Thread(target=context.run, args=(work,), daemon=True)
    thread.start()
    thread.join(seconds)


def cancel_flow_run(run_id: str) -> None:
    """Mark the flow run Cancelled on the server."""
    from prefect.client.orchestration import get_client
    from prefect.states import Cancelled

    with get_client(sync_client=True) as client:
        client.set_flow_run_state(run_id, Cancelled(message="interrupted by a signal"), force=True)


def flush_logs() -> None:
    """Send the run's buffered log lines to the server."""
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=STEP_SECONDS)


def give_back_lease(settings: Settings, owner: str) -> None:
    """Release the run lease `owner` holds."""
    from newsmon.db.engine import get_engine
    from newsmon.tasks.runtime import lease

    with contextlib.suppress(SQLAlchemyError):
        lease.release(get_engine(settings.database_url), owner)


def clean_up(settings: Settings, owner: str | None) -> None:
    """Stop the heartbeat, give the lease back, cancel the flow run, hand over its logs,
    then what the process would do at exit (Prefect stops a temporary server it started)."""
    from newsmon.tasks.runtime import lease

    lease.stop_heartbeats()  # before the release: a later beat would take the lease again
    if owner:
        attempt(lambda: give_back_lease(settings, owner))
        attempt(lambda: cancel_flow_run(owner))
        attempt(flush_logs)
    attempt(atexit._run_exitfuncs)


@contextmanager
def stoppable(settings: Settings, running: Callable[[], str | None],
              echo: Callable[[str], None]) -> Iterator[None]:  # fmt: skip
    """For the block, SIGINT and SIGTERM stop the run at once (see the module docstring).
    `running` says which flow run (and lease owner) is in progress, if any yet."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        echo(f"interrupted ({name}): stopping; nothing half-written is kept")
        owner = running()
        within(CLEAN_UP_SECONDS, lambda: clean_up(settings, owner))
        os._exit(128 + signum)  # the stage threads are not waited for

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    signals.register(stop)
    try:
        yield
    finally:
        signals.register(None)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
