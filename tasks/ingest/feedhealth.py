"""Feed health: last success, consecutive failures, and when to try again."""

from __future__ import annotations

from datetime import datetime, timedelta

from newsmon.db.models import Source
from newsmon.tasks.runtime.backoff import doubling

# First retry after a failure, doubled each time (newsmon.tasks.runtime.backoff). A feed is never
# disabled: it is only tried less often.
BASE_BACKOFF = timedelta(minutes=5)


def backoff(failures: int, retry_after: float | None = None) -> timedelta:
    """How long to wait after `failures` consecutive failures (at least Retry-After)."""
    return max(doubling(failures, BASE_BACKOFF), timedelta(seconds=retry_after or 0))


def record_success(source: Source, *, now: datetime) -> None:
    """A poll worked: reset the failure count (its validators wait for its items)."""
    source.last_attempt_at = source.last_success_at = now
    source.consecutive_failures = 0
    source.last_error = None
    source.next_attempt_at = None


def record_failure(source: Source, *, now: datetime, error: str, retry_after: float | None) -> None:
    """A poll failed: count it, keep the reason, and back off."""
    source.last_attempt_at = now
    source.consecutive_failures += 1
    source.last_error = error
    source.next_attempt_at = now + backoff(source.consecutive_failures, retry_after)


def is_due(source: Source, now: datetime) -> bool:
    """Whether a feed should be polled now."""
    return source.next_attempt_at is None or source.next_attempt_at <= now


def health(source: Source) -> str:
    """A one-word state a person can scan: ok, failing, or never polled."""
    if source.last_attempt_at is None:
        return "never polled"
    return "ok" if source.consecutive_failures == 0 else "failing"
