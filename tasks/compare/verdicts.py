"""Decide whether a new observation of a key figure changes what we knew.

Each observation is turned into an interval of values it is consistent with
("about 13,000" -> [12,500, 13,500]; "up to 1.3 million" -> [1.04 m, 1.3 m]).
The new observation is compared with the latest earlier one (by publication date):

* values equal within the tolerance          -> "confirmed"  (no alert)
* intervals overlap, values differ           -> "refined"    (quiet alert)
* intervals disjoint, other claimant, recent -> "conflict"   (alert)
* intervals disjoint                          -> "changed"    (alert)

An observation published before the latest known one is "historical" (no alert),
the first comparable one is "new" (alert), and negated/hypothetical/non-finite
ones are "ignored". Pure functions only: no database, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

IGNORED_QUALIFIERS = frozenset({"negated", "hypothetical"})
# Statements about an earlier value ("up from 3,000"): context, never a new value.
PAST_QUALIFIERS = frozenset({"previous"})
AT_MOST_FLOOR = 0.8  # "up to X" reads as "close to, but not above, X"
AT_LEAST_CEILING = 1.25  # "more than X" reads as "X or somewhat above"
VAGUE_SPAN = (0.5, 10.0)  # "thousands": anywhere from half to ten times the value
MAX_WINDOW_DAYS = 36_500


@dataclass(frozen=True)
class Observation:
    """One stated value of a metric, as extracted from one article sentence."""

    value: float
    low: float | None
    high: float | None
    qualifier: str
    unit: str
    published: datetime | date
    claimant: str | None
    article_url: str
    sentence: str
    figure_id: int | None = None


@dataclass(frozen=True)
class Verdict:
    """How a new observation relates to the metric's history, and whether to alert."""

    kind: str  # new | changed | refined | conflict | confirmed | historical | ignored
    previous: Observation | None
    direction: str | None  # up | down | None
    delta_abs: float | None
    delta_rel: float | None
    alert: bool


def moment(when: datetime | date) -> datetime:
    """Return a naive UTC datetime for a date or (aware or naive) datetime."""
    if not isinstance(when, datetime):
        return datetime(when.year, when.month, when.day)
    if when.tzinfo is not None:
        return when.astimezone(UTC).replace(tzinfo=None)
    return when


def rounding_halfwidth(value: float) -> float:
    """Return half the unit of the last significant digit ("13,000" -> 500)."""
    try:
        exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    except (InvalidOperation, ValueError):
        return 0.0
    return 0.5 * 10.0 ** int(exponent) if isinstance(exponent, int) else 0.0


def _bounded_interval(obs: Observation, slack: float) -> tuple[float, float] | None:
    """Return the interval of a bounded qualifier (range/at_most/at_least/vague), else None."""
    value = obs.value
    if obs.qualifier == "range" and obs.low is not None and obs.high is not None:
        return min(obs.low, obs.high) - slack, max(obs.low, obs.high) + slack
    if obs.qualifier == "at_most":
        return min(value * AT_MOST_FLOOR, value) - slack, value + slack
    if obs.qualifier == "at_least":
        return value - slack, max(value * AT_LEAST_CEILING, value) + slack
    if obs.qualifier == "vague":
        low, high = value * VAGUE_SPAN[0], value * VAGUE_SPAN[1]
        return min(low, high, value), max(low, high, value)
    return None


def interval(obs: Observation, tolerance: float = 0.0) -> tuple[float, float]:
    """Return the [low, high] range of values `obs` is consistent with."""
    slack = abs(obs.value) * tolerance
    bounded = _bounded_interval(obs, slack)
    if bounded is not None:
        return bounded
    fuzz = slack if obs.qualifier == "exact" else max(rounding_halfwidth(obs.value), slack)
    return obs.value - fuzz, obs.value + fuzz  # exact, approx, projection, unknown


def _comparable(obs: Observation) -> bool:
    """Tell whether `obs` can take part in a comparison at all."""
    return (
        obs.qualifier not in IGNORED_QUALIFIERS
        and obs.qualifier not in PAST_QUALIFIERS
        and math.isfinite(obs.value)
    )


def _verdict(kind: str, previous: Observation | None, alert: bool) -> Verdict:
    """Build a verdict that carries no delta."""
    return Verdict(kind, previous, None, None, None, alert)


def _delta_verdict(kind: str, new: Observation, previous: Observation, alert: bool) -> Verdict:
    """Build a verdict with direction and absolute/relative deltas from `previous`."""
    delta = new.value - previous.value
    direction = "up" if delta > 0 else "down" if delta < 0 else None
    relative = delta / abs(previous.value) if previous.value else None
    return Verdict(kind, previous, direction, delta, relative, alert)


def _same_value(a: float, b: float, tolerance: float) -> bool:
    """Tell whether two values are equal within the relative `tolerance`."""
    return a == b or abs(a - b) <= tolerance * max(abs(a), abs(b))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Tell whether two closed intervals share a value."""
    return a[0] <= b[1] and b[0] <= a[1]


def _is_conflict(new: Observation, previous: Observation, window_days: int) -> bool:
    """Tell whether a different named claimant contradicts a recent previous value."""
    if not new.claimant or not previous.claimant:
        return False
    if new.claimant.strip().casefold() == previous.claimant.strip().casefold():
        return False
    gap = abs(moment(new.published) - moment(previous.published))
    return gap <= timedelta(days=min(max(window_days, 0), MAX_WINDOW_DAYS))


def latest(history: Sequence[Observation], unit: str) -> Observation | None:
    """Return the most recently published comparable observation in `unit`."""
    usable = [obs for obs in history if _comparable(obs) and obs.unit == unit]
    ordered = sorted(usable, key=lambda obs: moment(obs.published))  # stable: ingest order
    return ordered[-1] if ordered else None


def _against(new: Observation, previous: Observation, tolerance: float, window: int) -> Verdict:
    """Compare `new` with the `previous` observation it follows."""
    if _same_value(new.value, previous.value, tolerance):
        return _delta_verdict("confirmed", new, previous, False)
    if _overlap(interval(new, tolerance), interval(previous, tolerance)):
        return _delta_verdict("refined", new, previous, True)
    if _is_conflict(new, previous, window):
        return _delta_verdict("conflict", new, previous, True)
    return _delta_verdict("changed", new, previous, True)


def classify(
    new: Observation,
    history: Sequence[Observation],
    *,
    tolerance: float = 0.0,
    conflict_window_days: int = 7,
) -> Verdict:
    """Classify `new` against the metric's `history` (which must not contain `new`)."""
    if new.qualifier in IGNORED_QUALIFIERS or not math.isfinite(new.value):
        return _verdict("ignored", None, False)
    previous = latest(history, new.unit)
    if new.qualifier in PAST_QUALIFIERS:
        return _verdict("historical", previous, False)
    if previous is None:
        return _verdict("new", None, True)
    if moment(new.published) < moment(previous.published):
        return _verdict("historical", previous, False)
    tolerance = max(tolerance, 0.0) if math.isfinite(tolerance) else 0.0
    return _against(new, previous, tolerance, conflict_window_days)
