"""Deliver queued alerts through apprise, each marked sent in its own transaction."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

import newsmon.tasks.alerts.local_targets  # noqa: F401  (registers console:// and logfile://)
from newsmon.config.settings import Alerts
from newsmon.db import queries
from newsmon.db.engine import transaction
from newsmon.db.models import Alert, Article, Figure, utcnow
from newsmon.tasks.alerts.messages import (
    ChangeMessageInput,
    HistoryEntry,
    Message,
    render,
    render_digest,
)
from newsmon.tasks.alerts.notify import DeliveryResult, deliver
from newsmon.tasks.runtime.backoff import doubling


@dataclass(frozen=True)
class Outgoing:
    alert_id: str
    target: str
    message: Message


def history_lines(session: Session, *, metric_id: int, figure_id: int) -> list[HistoryEntry]:
    """The metric's values stated before this figure, with their sources."""
    rows = queries.metric_histories(session, metric_ids=[metric_id])[metric_id]
    earlier = itertools.takewhile(lambda row: row[0].id != figure_id, rows)
    return [
        HistoryEntry(
            article.published, figure.value, figure.qualifier, source(figure, article), article.url
        )
        for figure, article in earlier
    ]


def source(figure: Figure, article: Article) -> str | None:
    """Who stated an earlier value, and where: "UK; BBC", "UK", or "BBC"."""
    if figure.claimant and article.outlet:
        return f"{figure.claimant}; {article.outlet}"
    return figure.claimant or article.outlet


def message_for(session: Session, alert: Alert, flow_run_url: str | None) -> Message:
    """The rendered message of one alert."""
    row = queries.change_context(session, change_id=alert.change_id)
    change, metric, figure, article, before, before_article = row
    assert figure.id is not None
    compared_with = None
    if before is not None and before_article is not None:
        compared_with = HistoryEntry(
            before_article.published,
            before.value,
            before.qualifier,
            source(before, before_article),
            before_article.url,
        )
    return render(
        ChangeMessageInput(
            metric_label=metric.label,
            kind=change.kind,
            direction=change.direction,
            old_value=change.old_value,
            new_value=change.new_value,
            unit=figure.unit,
            qualifier=figure.qualifier,
            claimant=figure.claimant,
            sentence=figure.sentence,
            article_url=article.url,
            article_title=article.title or article.url,
            published=article.published,
            history=history_lines(session, metric_id=change.metric_id, figure_id=figure.id),
            flow_run_url=flow_run_url,
            alert_id=alert.id,
            compared_with=compared_with,
        )
    )


DIGEST_PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}


def collect_due(engine: Engine, max_attempts: int, flow_run_url: str | None) -> list[Outgoing]:
    """The alerts due now, rendered."""
    with transaction(engine) as session:
        due = queries.due_alerts(session, now=utcnow(), max_attempts=max_attempts)
        return [Outgoing(a.id, a.target, message_for(session, a, flow_run_url)) for a in due]


def send(message: Message, target: str, urls: dict[str, str | None]) -> DeliveryResult:
    """Deliver a message to a target's URL, or say why it cannot be."""
    url = urls.get(target)
    if url:
        return deliver(message, url)
    reason = "target no longer configured" if target not in urls else "URL not set"
    return DeliveryResult(ok=False, error=reason, target=target)


def record(engine: Engine, alert_ids: list[str], result: DeliveryResult, base: float) -> None:
    """Mark alerts sent or failed, committed at once (at most one resend after a crash)."""
    now = utcnow()
    with transaction(engine) as session:
        for alert_id in alert_ids:
            alert = session.get(Alert, alert_id)
            assert alert is not None
            retry_at = now + doubling(alert.attempts + 1, timedelta(seconds=base))
            queries.record_attempt(alert, ok=result.ok, error=result.error, retry_at=retry_at)


def digest_due(engine: Engine, target: str, period: timedelta) -> bool:
    """Whether a digest target's period has passed since its last digest."""
    with transaction(engine) as session:
        last = queries.last_sent(session, target=target)
    return last is None or utcnow() - last >= period


def batches(
    engine: Engine, alerts: Alerts, due: list[Outgoing]
) -> list[tuple[str, list[Outgoing]]]:
    """Group due alerts into sends: one per alert, or one digest per digest target."""
    modes = {target.name: target.digest for target in alerts.targets}
    single = [(o.target, [o]) for o in due if modes.get(o.target, "immediate") == "immediate"]
    grouped = [
        (name, [o for o in due if o.target == name])
        for name, mode in modes.items()
        if mode in DIGEST_PERIODS and digest_due(engine, name, DIGEST_PERIODS[mode])
    ]
    return single + [(name, items) for name, items in grouped if items]


def send_alerts(engine: Engine, alerts: Alerts, flow_run_url: str | None = None) -> Counter[str]:
    """Send every due alert (digest targets: one summary per period); counts sent and failed."""
    urls = {target.name: target.resolve_url() for target in alerts.targets}
    due = collect_due(engine, alerts.max_attempts, flow_run_url)
    outcome: Counter[str] = Counter()
    for target, items in batches(engine, alerts, due):
        message = items[0].message if len(items) == 1 else render_digest([o.message for o in items])
        result = send(message, target, urls)
        record(engine, [o.alert_id for o in items], result, alerts.retry_base_seconds)
        outcome["sent" if result.ok else "failed"] += len(items)
    return outcome
