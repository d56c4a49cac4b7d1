"""Corrections made and undone: replayed over every figure, the touched metrics recomputed.

`replay_corrections` brings the stored state (each figure's metric, each metric's label and
standing, the changes in force) to what the corrections in force say. A change whose
statement is unchanged keeps its row; one that differs is retired (its unsent alerts are
cancelled) and replaced by its recomputed row, or by an earlier retired row saying the same,
so undoing a correction brings back the very rows it retired.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from newsmon.config.settings import Config
from newsmon.db import queries
from newsmon.db.models import Change, Figure, utcnow
from newsmon.tasks.compare.kinds import is_quiet
from newsmon.tasks.curate.recompute import Judged, content, judge_anew
from newsmon.tasks.figures.corrections import assigned, standings


@dataclass
class Outcome:
    """What replaying the corrections changed: figures moved, metrics, changes, alerts."""

    moved: int = 0
    metrics: list[dict[str, Any]] = field(default_factory=list)  # label or standing changed
    appeared: list[dict[str, Any]] = field(default_factory=list)
    disappeared: list[dict[str, Any]] = field(default_factory=list)
    alertable: list[int] = field(default_factory=list)  # figure ids whose new change alerts
    queued: int = 0


def restand_metrics(session: Session, outcome: Outcome) -> None:
    """Give every metric the label and standing the corrections say."""
    metrics = queries.all_metrics(session)
    steps = queries.live_corrections(session)
    wanted = standings({m.id or 0: m.auto_label or m.label for m in metrics}, steps)
    keys = {m.id or 0: m.key for m in metrics}
    for metric in metrics:
        now = wanted[metric.id or 0]
        if (metric.label, metric.merged_into_id, metric.muted, metric.tracked) != (
            now.label, now.merged_into, now.muted, now.tracked
        ):  # fmt: skip
            metric.label, metric.merged_into_id = now.label, now.merged_into
            metric.muted, metric.tracked = now.muted, now.tracked
            outcome.metrics.append({"key": metric.key, "label": now.label, "status": now.status,
                                    "merged_into": keys.get(now.merged_into or 0)})  # fmt: skip


def refile_figures(session: Session, outcome: Outcome) -> set[int]:
    """File every figure where the corrections say; the metrics that lost or gained one."""
    steps = queries.live_corrections(session)
    moves: dict[int, list[int]] = defaultdict(list)
    touched: set[int] = set()
    splits = any(step.kind == "split" for step in steps)  # only a split reads the fields
    for figure, _ in queries.all_figures(session):
        filed = figure.filed_metric_id or figure.metric_id
        fields = figure.model_dump() if splits else {}
        target = assigned(filed, figure.id, fields, steps)
        if target != figure.metric_id:
            moves[target].append(figure.id or 0)
            touched |= {figure.metric_id, target}
    for target, ids in moves.items():
        queries.set_figure_metric(session, figure_ids=ids, metric_id=target)
    session.expire_all()  # the bulk updates bypassed the loaded figures
    outcome.moved = sum(len(ids) for ids in moves.values())
    return touched


def change_item(
    row: Change | dict[str, Any], figure: Figure, labels: dict[int, str]
) -> dict[str, Any]:
    """A change (stored or recomputed) as a line of the outcome."""
    values = row if isinstance(row, dict) else row.model_dump()
    return {
        "figure_id": figure.id, "metric_id": values["metric_id"],
        "metric_label": labels.get(values["metric_id"], "?"), "kind": values["kind"],
        "old_value": values["old_value"], "new_value": values["new_value"],
        "published": values["published"], "claimant": figure.claimant, "text": figure.text,
    }  # fmt: skip


def store_judged(session: Session, judged: dict[int, Judged], correction_id: int | None,
                 outcome: Outcome) -> None:  # fmt: skip
    """Put the recomputed changes in force where they differ from the stored ones."""
    current = queries.current_changes(session, figure_ids=judged)
    differing = [fid for fid, new in judged.items()
                 if fid not in current or content(current[fid]) != content(new.row)]  # fmt: skip
    retired = queries.retired_changes(session, figure_ids=differing)
    labels = {m.id or 0: m.label for m in queries.all_metrics(session)}
    gone = [current[fid] for fid in differing if fid in current]
    queries.retire_changes(session, change_ids=[c.id or 0 for c in gone], when=utcnow())
    for change in gone:
        outcome.disappeared.append(change_item(change, judged[change.figure_id].figure, labels))
    fresh = []
    for fid in differing:
        new = judged[fid]
        same = [c for c in retired.get(fid, []) if content(c) == content(new.row)]
        if same:
            queries.revive_change(session, change=same[-1])  # what it said before, back
        else:
            fresh.append(new.row | {"correction_id": correction_id})
        outcome.appeared.append(change_item(new.row, new.figure, labels))
        outcome.alertable += [fid] if new.alerted else []
    session.flush()
    queries.add_rows(session, model=Change, rows=fresh)


def replay_corrections(session: Session, config: Config, correction_id: int | None) -> Outcome:
    """Bring figures, metrics and changes to what the corrections in force say."""
    outcome = Outcome()
    restand_metrics(session, outcome)
    touched = refile_figures(session, outcome)
    alerts = config.alerts
    judged = judge_anew(session, touched, config.metrics, alerts.kinds, alerts.only_tracked)
    store_judged(session, judged, correction_id, outcome)
    silence_muted(session, alerts.only_tracked)
    return outcome


def silence_muted(session: Session, only_tracked: bool) -> None:
    """Cancel the unsent alerts of the metrics that must not alert (muted, or untracked)."""
    quiet = [m.id or 0 for m in queries.all_metrics(session)
             if m.muted or (only_tracked and not m.tracked)]  # fmt: skip
    changes = queries.changes_of_metrics(session, metric_ids=quiet)
    queries.cancel_alerts(session, change_ids=changes, why=queries.MUTED)


def alert_anew(session: Session, outcome: Outcome, targets: Sequence[str]) -> int:
    """Queue alerts for the corrected changes that alert, unless the same was already told."""
    told = {
        (c.figure_id, c.kind, c.old_value, c.new_value) for c, _ in queries.told_changes(session)
    }
    by_figure = {item["figure_id"]: item for item in outcome.appeared}
    fresh = [fid for fid in outcome.alertable if not is_quiet(by_figure[fid]["kind"])
             and (fid, by_figure[fid]["kind"], by_figure[fid]["old_value"],
                  by_figure[fid]["new_value"]) not in told]  # fmt: skip
    return queries.enqueue_alerts(session, figure_ids=fresh, targets=targets)
