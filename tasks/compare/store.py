"""Compare new figures with their metric's stored history and queue alerts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from newsmon.config.settings import MetricRule, metric_rule
from newsmon.db import queries
from newsmon.db.models import Article, Change, Figure, Metric
from newsmon.tasks.compare.edits import against_previous_version
from newsmon.tasks.compare.guards import guard
from newsmon.tasks.compare.verdicts import Observation, Verdict, classify


def observation(figure: Figure, article: Article) -> Observation:
    """A stored figure as the comparison sees it."""
    return Observation(
        value=figure.value,
        low=figure.low,
        high=figure.high,
        qualifier=figure.qualifier,
        unit=figure.unit,
        published=article.published or article.fetched_at,
        claimant=figure.claimant,
        article_url=article.url,
        sentence=figure.sentence,
        figure_id=figure.id,
    )


def passes_rules(verdict: Verdict, rule: MetricRule, kinds: Sequence[str]) -> bool:
    """Whether a verdict is alerted under the alerted kinds, the metric's mute and thresholds."""
    if not verdict.alert or rule.mute or verdict.kind not in kinds:
        return False
    if verdict.kind != "changed":
        return True
    big_abs = abs(verdict.delta_abs or 0.0) >= rule.min_abs
    big_rel = abs(verdict.delta_rel or 0.0) >= rule.min_rel
    return big_abs and big_rel


def rule_for(rules: dict[str, MetricRule], metric: Metric, only_tracked: bool) -> MetricRule:
    """The metric's rule, muted when the analyst muted or merged it away, or when only
    tracked metrics alert and nobody tracks it."""
    rule = metric_rule(rules, metric.key)
    if metric.muted or metric.merged_into_id is not None or (only_tracked and not metric.tracked):
        return rule.model_copy(update={"mute": True})
    return rule


def change_row(figure: Figure, verdict: Verdict, published: datetime | None) -> dict[str, Any]:
    """The database row (column values) recording a verdict on a figure."""
    assert figure.id is not None
    previous = verdict.previous
    return {
        "metric_id": figure.metric_id,
        "figure_id": figure.id,
        "previous_figure_id": previous.figure_id if previous else None,
        "kind": verdict.kind,
        "old_value": previous.value if previous else None,
        "new_value": figure.value,
        "direction": verdict.direction,
        "delta_abs": verdict.delta_abs,
        "delta_rel": verdict.delta_rel,
        "published": published,
    }


Versions = dict[int, list[tuple[int, Observation]]]  # article id -> (metric id, observation)


def judge_metric(
    rows: Sequence[tuple[Figure, Article]],
    history: list[Observation],
    rule: MetricRule,
    versions: Versions,
) -> list[tuple[dict[str, Any], Verdict]]:
    """One metric's new figures judged in order, each against the history before it (an
    edited article's against its previous version first)."""
    judged = []
    for figure, article in rows:
        new = observation(figure, article)
        earlier = versions.get(article.previous_version_id or 0, [])
        verdict = against_previous_version(new, figure.metric_id, earlier, rule.tolerance)
        verdict = verdict or classify(new, history, tolerance=rule.tolerance)
        verdict = guard(verdict, match=figure.match, measure=figure.measure, scope=figure.scope)
        judged.append((change_row(figure, verdict, article.published), verdict))
        history.append(new)
    return judged


def previous_versions(session: Session, rows: Sequence[tuple[Figure, Article]]) -> Versions:
    """The figures of the previous versions of the edited articles among `rows`."""
    ids = {article.previous_version_id for _, article in rows if article.previous_version_id}
    versions: Versions = defaultdict(list)
    for figure, article in queries.figures_of_articles(session, article_ids=ids):
        versions[article.id or 0].append((figure.metric_id, observation(figure, article)))
    return versions


def new_figures_by_metric(session: Session) -> dict[int, list[tuple[Figure, Article]]]:
    """The figures not yet compared, by metric, each metric's in publication order."""
    by_metric: dict[int, list[tuple[Figure, Article]]] = defaultdict(list)
    for figure, article in queries.figures_to_compare(session):
        by_metric[figure.metric_id].append((figure, article))
    return by_metric


def judge_all(
    session: Session,
    by_metric: dict[int, list[tuple[Figure, Article]]],
    rules: dict[str, MetricRule],
    kinds: Sequence[str],
    only_tracked: bool = False,
) -> tuple[list[dict[str, Any]], list[int]]:
    """The change rows of every metric's new figures, and the ids of the figures to alert."""
    histories = queries.metric_histories(session, metric_ids=by_metric)
    versions = previous_versions(session, [row for rows in by_metric.values() for row in rows])
    metrics = queries.metrics_of(session, metric_ids=by_metric)
    changes, alerted = [], []
    for metric_id, rows in by_metric.items():
        rule = rule_for(rules, metrics[metric_id], only_tracked)
        history = [observation(figure, article) for figure, article in histories[metric_id]]
        for change, verdict in judge_metric(rows, history, rule, versions):
            changes.append(change)
            if passes_rules(verdict, rule, kinds):
                alerted.append(change["figure_id"])
    return changes, alerted


def compare_figures(
    session: Session,
    *,
    rules: dict[str, MetricRule],
    kinds: Sequence[str],
    targets: Sequence[str],
    only_tracked: bool = False,
) -> tuple[Counter[str], int]:
    """Compare every figure not yet compared; queue an alert per target for each change of
    the alerted `kinds` that the metric's rule lets through; returns (kinds, alerts queued)."""
    by_metric = new_figures_by_metric(session)
    changes, alerted = judge_all(session, by_metric, rules, kinds, only_tracked)
    batch = queries.next_batch(session)
    for change in changes:
        change["batch"] = batch
    queries.add_rows(session, model=Change, rows=changes)
    queued = queries.enqueue_alerts(session, figure_ids=alerted, targets=targets)
    return Counter(change["kind"] for change in changes), queued
