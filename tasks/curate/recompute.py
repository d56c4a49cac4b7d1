"""Metrics' changes recomputed from their stored figures, as the monitor would have judged them.

Each figure is judged in the order the monitor first compared it (its comparison pass,
then publication order within the pass) against the figures judged before it under the
same metric. An untouched metric comes out exactly as stored; a merged one as if it had
always been one series.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from newsmon.config.settings import MetricRule
from newsmon.db import queries
from newsmon.db.models import Article, Change, Figure
from newsmon.tasks.compare.store import judge_metric, passes_rules, previous_versions, rule_for
from newsmon.tasks.compare.verdicts import Verdict

# What makes two changes of a figure the same statement (ids and times aside).
CONTENT = ("metric_id", "kind", "previous_figure_id", "old_value", "new_value", "direction",
           "delta_abs", "delta_rel")  # fmt: skip


@dataclass(frozen=True)
class Judged:
    """A figure's recomputed change: the figure, its row, the verdict, and whether its rule
    alerts it."""

    figure: Figure
    row: dict[str, Any]
    verdict: Verdict
    alerted: bool


def content(change: Change | dict[str, Any]) -> tuple[Any, ...]:
    """A change's statement: what it compares and what it found."""
    values = change if isinstance(change, dict) else change.model_dump()
    return tuple(values[key] for key in CONTENT)


def order_key(batch: int, article: Article, figure: Figure) -> tuple[Any, ...]:
    """The monitor's order: comparison pass, then publication, article and position."""
    published = article.published or datetime.max
    return (batch, article.published is None, published, article.id or 0, figure.start,
            figure.id or 0)  # fmt: skip


def judge_anew(
    session: Session,
    metric_ids: Iterable[int],
    rules: dict[str, MetricRule],
    kinds: list[str],
    only_tracked: bool = False,
) -> dict[int, Judged]:
    """The recomputed change of every compared figure of these metrics, by figure id.

    Figures never compared yet are left for the next monitor run.
    """
    rows = queries.figures_of_metrics(session, metric_ids=metric_ids)
    batches = queries.first_batches(session, figure_ids=[f.id or 0 for f, _ in rows])
    compared = sorted(
        (row for row in rows if row[0].id in batches),
        key=lambda row: order_key(batches[row[0].id or 0], row[1], row[0]),
    )
    by_metric: dict[int, list[tuple[Figure, Article]]] = defaultdict(list)
    for figure, article in compared:
        by_metric[figure.metric_id].append((figure, article))
    versions = previous_versions(session, compared)
    metrics = queries.metrics_of(session, metric_ids=by_metric)
    judged: dict[int, Judged] = {}
    for metric_id, series in by_metric.items():
        rule = rule_for(rules, metrics[metric_id], only_tracked)
        verdicts = judge_metric(series, [], rule, versions)
        for (figure, _), (row, verdict) in zip(series, verdicts, strict=True):
            row["batch"] = batches[row["figure_id"]]
            alerted = passes_rules(verdict, rule, kinds)
            judged[row["figure_id"]] = Judged(figure, row, verdict, alerted)
    return judged
