"""A correction as one transaction (rolled back for a dry run), and the replay of every change.

`correct` makes, records and replays one correction (or an undo) in a single transaction;
without `keep` the transaction is rolled back, so a dry run shows exactly what applying
would do. `replay` recomputes every change with the config's current rules and compares
what would alert with what was alerted; it writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from newsmon.config.settings import Config
from newsmon.db import queries
from newsmon.db.engine import transaction
from newsmon.db.models import Correction
from newsmon.tasks.curate.make import record
from newsmon.tasks.curate.recompute import judge_anew
from newsmon.tasks.curate.store import Outcome, alert_anew, replay_corrections
from newsmon.views import correction_view


@dataclass
class Report:
    """A correction (as newsmon.views shows it) and what it did, or in a dry run would do."""

    correction: dict[str, Any]
    outcome: Outcome
    applied: bool


class _DryRun(Exception):
    """Carries a dry run's report out of the transaction it rolls back."""

    def __init__(self, report: Report) -> None:
        super().__init__("dry run")
        self.report = report


def metric_keys(session: Session) -> dict[int, str]:
    """Every metric's key, by id."""
    return {m.id or 0: m.key for m in queries.all_metrics(session)}


def correct(
    engine: Engine,
    config: Config,
    make: Callable[[Session], Correction],
    *,
    author: str,
    note: str | None = None,
    keep: bool = False,
    alert: bool = False,
) -> Report:
    """Make a correction (or undo one) and replay the corrections; stored only with `keep`.

    `make` returns a new correction to record, or an existing one it marked undone. With
    `alert`, the corrected changes that alert and were never told are queued.
    """
    try:
        with transaction(engine) as session:
            correction = make(session)
            if correction.id is None:
                record(session, correction, author, note)
            outcome = replay_corrections(session, config, correction.id)
            if alert:
                targets = [target.name for target in config.alerts.targets]
                outcome.queued = alert_anew(session, outcome, targets)
            report = Report(correction_view(correction, metric_keys(session)), outcome, keep)
            if not keep:
                raise _DryRun(report)
        return report
    except _DryRun as dry:
        return dry.report


@dataclass
class Replay:
    """What would alert under the current rules, against what was alerted."""

    gone: list[dict[str, Any]] = field(default_factory=list)  # alerted, would not be now
    new: list[dict[str, Any]] = field(default_factory=list)  # would be alerted, never was
    kept: int = 0  # alerted then, and would be now


def statement(figure_id: int, kind: str, old: float | None, new: float) -> tuple[Any, ...]:
    """What an alert about a figure says."""
    return (figure_id, kind, old, new)


def replay(engine: Engine, config: Config) -> Replay:
    """Recompute every change with the current rules; compare with what was alerted."""
    result = Replay()
    with transaction(engine) as session:
        labels = {m.id or 0: m.label for m in queries.all_metrics(session)}
        judged = judge_anew(session, labels, config.metrics, config.alerts.kinds,
                            config.alerts.only_tracked)  # fmt: skip
        told = {statement(c.figure_id, c.kind, c.old_value, c.new_value): c
                for c, _ in queries.told_changes(session)}  # fmt: skip
        would = {statement(fid, j.row["kind"], j.row["old_value"], j.row["new_value"]): j.row
                 for fid, j in judged.items() if j.alerted}  # fmt: skip
        for said, change in told.items():
            if said not in would:
                result.gone.append(item(change.metric_id, said, change.published, labels))
        for said, row in would.items():
            if said in told:
                result.kept += 1
            else:
                result.new.append(item(row["metric_id"], said, row["published"], labels))
    return result


def item(
    metric_id: int, said: tuple[Any, ...], published: Any, labels: dict[int, str]
) -> dict[str, Any]:
    """One line of a replay: the figure, its metric, what the alert says."""
    figure_id, kind, old, new = said
    when = published.date().isoformat() if published else None
    return {"figure_id": figure_id, "metric_label": labels.get(metric_id, "?"), "kind": kind,
            "old_value": old, "new_value": new, "published": when}  # fmt: skip
