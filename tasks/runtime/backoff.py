"""How long to wait after repeated failures: shared by feeds and alert delivery."""

from __future__ import annotations

from datetime import timedelta

# Capped so that a feed or a channel that comes back is noticed within hours.
MAX_BACKOFF = timedelta(hours=6)


def doubling(failures: int, base: timedelta, cap: timedelta = MAX_BACKOFF) -> timedelta:
    """`base` after the first failure, doubled after each further one, at most `cap`."""
    return min(base * 2 ** max(failures - 1, 0), cap)
