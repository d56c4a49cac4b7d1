"""Comparison guards: a change is alerted only when its two values can be compared.

Identity already keeps scopes apart (a total is compared with a total, a monthly rate with
a monthly rate, a forecast with a forecast, an increment with an increment). Two cases are
still held as `uncertain`: recorded and shown, not alerted:

* a figure the registry filed without being sure of its metric (match under UNCERTAIN);
* a running total (deaths, cases: measures.py marks them cumulative) falling by half or
  more at once, which breaks the series' own pattern and is likelier a misread figure than
  a revision. Real downward revisions are smaller (a toll revised from 115 to 97, -16%).
"""

from __future__ import annotations

from newsmon.tasks.compare.verdicts import Verdict
from newsmon.tasks.figures.measures import MEASURES
from newsmon.tasks.figures.registry import UNCERTAIN

CUMULATIVE = frozenset(m.name for m in MEASURES if m.cumulative)
ALERTED_BREAK = ("changed", "conflict", "refined")
COLLAPSE = -0.5  # a running total losing half its value at once


def uncertain(verdict: Verdict) -> Verdict:
    """The same comparison, held back from alerts."""
    return Verdict("uncertain", verdict.previous, verdict.direction, verdict.delta_abs,
                   verdict.delta_rel, False)  # fmt: skip


def guard(
    verdict: Verdict, *, match: float | None, measure: str | None, scope: str | None
) -> Verdict:
    """The verdict, or `uncertain` when the comparison should not be trusted."""
    if not verdict.alert:
        return verdict
    if match is not None and match < UNCERTAIN and verdict.kind != "new":
        return uncertain(verdict)
    collapse = verdict.delta_rel is not None and verdict.delta_rel <= COLLAPSE
    running = measure in CUMULATIVE and (scope or "total") == "total"
    if running and collapse and verdict.kind in ALERTED_BREAK:
        return uncertain(verdict)
    return verdict
