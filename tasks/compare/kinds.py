"""The kinds of change a comparison records, and which of them a reader hears about."""

from __future__ import annotations

# Stored with the history, but never alerted, evented or listed as a change: the same value
# again, an old article arriving late, a negated or hypothetical mention.
QUIET_KINDS = frozenset({"confirmed", "historical", "ignored"})
# Listed with the changes, but held back from alerts and events: a comparison the guards
# doubt (an unsure filing, a running total collapsing).
HELD_KINDS = frozenset({"uncertain"})
# A change by at least half of the earlier value is flagged loudly ("Major change").
LOUD_RELATIVE_CHANGE = 0.5


def is_quiet(kind: str) -> bool:
    """Whether changes of this kind stay out of alerts, events and change lists."""
    return kind in QUIET_KINDS


def is_evented(kind: str) -> bool:
    """Whether changes of this kind become Prefect events for automations."""
    return kind not in QUIET_KINDS and kind not in HELD_KINDS


def is_loud(kind: str, old: float | None, new: float) -> bool:
    """Whether a change is large enough to be flagged loudly: a value changed by half or more."""
    if kind != "changed" or not old:
        return False
    return abs(new - old) / abs(old) >= LOUD_RELATIVE_CHANGE
