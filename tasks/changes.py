"""Compare new figures with their metric's stored history and queue alerts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from config.settings import MetricRule, Settings
from db import queries
from db.models import Article, Change, Figure
from tasks.compare import Observation, Verdict, classify


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


def change_row(figure: Figure, verdict: Verdict, published: datetime | None) -> Change:
    """The database row recording a verdict on a figure."""
    assert figure.id is not None
    previous = verdict.previous
    return Change(
        metric_id=figure.metric_id,
        figure_id=figure.id,
        previous_figure_id=previous.figure_id if previous else None,
        kind=verdict.kind,
        old_value=previous.value if previous else None,
        new_value=figure.value,
        direction=verdict.direction,
        delta_abs=verdict.delta_abs,
        delta_rel=verdict.delta_rel,
        published=published,
    )


def compare_metric(
    session: Session,
    rows: Sequence[tuple[Figure, Article]],
    settings: Settings,
    targets: Sequence[str],
) -> tuple[Counter[str], int]:
    """Judge one metric's new figures in order, each against the history before it."""
    metric_id = rows[0][0].metric_id
    history = [observation(f, a) for f, a in queries.metric_history(session, metric_id=metric_id)]
    rule = settings.metric_rule(queries.metric_key(session, metric_id=metric_id))
    kinds: Counter[str] = Counter()
    queued = 0
    for figure, article in rows:
        new = observation(figure, article)
        verdict = classify(new, history, tolerance=rule.tolerance)
        change = change_row(figure, verdict, article.published)
        session.add(change)
        if targets and passes_rules(verdict, rule, settings.config.alerts.kinds):
            session.flush()  # the alerts need the change's id
            assert change.id is not None
            queued += len(queries.enqueue_alerts(session, change_id=change.id, targets=targets))
        kinds[verdict.kind] += 1
        history.append(new)
    return kinds, queued


def compare_new_figures(session: Session, settings: Settings) -> tuple[Counter[str], int]:
    """Compare every figure not yet compared; returns (kinds counted, alerts queued)."""
    targets = [target.name for target in settings.config.alerts.targets]
    by_metric: dict[int, list[tuple[Figure, Article]]] = defaultdict(list)
    for figure, article in queries.figures_to_compare(session):  # in publication order
        by_metric[figure.metric_id].append((figure, article))
    kinds: Counter[str] = Counter()
    queued = 0
    for rows in by_metric.values():
        metric_kinds, metric_queued = compare_metric(session, rows, settings, targets)
        kinds += metric_kinds
        queued += metric_queued
    return kinds, queued
