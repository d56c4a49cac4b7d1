"""The alert outbox: queueing, due alerts, delivery attempts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from newsmon.db.models import (
    Alert,
    Change,
    Metric,
    utcnow,
)
from newsmon.db.queries.common import _where_in, add_rows


def enqueue_alerts(session: Session, *, figure_ids: Sequence[int], targets: Sequence[str]) -> int:
    """One pending alert per target for the change of each of these figures; returns how many."""
    if not targets:
        return 0
    query = select(Change.figure_id, Change.id).where(col(Change.retired_at).is_(None))
    changes = dict(_where_in(session, query, Change.figure_id, figure_ids))
    had = select(Alert.change_id, Alert.target)  # a change is alerted once per target, ever
    known = set(_where_in(session, had, Alert.change_id, changes.values()))
    rows = [{"change_id": changes[fig], "target": to} for fig in figure_ids for to in targets
            if (changes[fig], to) not in known]  # fmt: skip
    add_rows(session, model=Alert, rows=rows)
    return len(rows)


def due_alerts(session: Session, *, now: datetime, max_attempts: int) -> Sequence[Alert]:
    """Alerts to (re)send now: pending, or failed and past their backoff."""
    query = select(Alert).where(
        col(Alert.status).in_(["pending", "failed"]),
        Alert.attempts < max_attempts,
        or_(col(Alert.next_attempt_at).is_(None), col(Alert.next_attempt_at) <= now),
    )
    return session.exec(query.order_by(col(Alert.created_at), col(Alert.id))).all()


def record_attempt(alert: Alert, *, ok: bool, error: str | None, retry_at: datetime | None) -> None:
    """Record one delivery attempt on an alert."""
    alert.attempts += 1
    alert.status = "sent" if ok else "failed"
    alert.last_error = None if ok else error
    alert.sent_at = utcnow() if ok else None
    alert.next_attempt_at = None if ok else retry_at


def list_alerts(
    session: Session, *, statuses: Sequence[str] | None = None
) -> Sequence[tuple[Alert, Change, Metric]]:
    """Alerts with the change each is about and its metric, newest first."""
    query = (
        select(Alert, Change, Metric)
        .join(Change, col(Alert.change_id) == Change.id)
        .join(Metric, col(Change.metric_id) == Metric.id)
    )
    if statuses:
        query = query.where(col(Alert.status).in_(statuses))
    return session.exec(query.order_by(col(Alert.created_at).desc())).all()


def last_sent(session: Session, *, target: str) -> datetime | None:
    """When an alert last reached `target`."""
    query = select(func.max(Alert.sent_at)).where(Alert.target == target)
    return session.exec(query).one()


def alerts_touched_since(session: Session, *, since: datetime) -> Sequence[Alert]:
    """Alerts queued, sent or tried since `since`, newest first."""
    moments = (Alert.created_at, Alert.sent_at, Alert.next_attempt_at)
    query = select(Alert).where(or_(*(col(moment) >= since for moment in moments)))
    return session.exec(query.order_by(col(Alert.created_at).desc())).all()


def reset_failed_alerts(session: Session) -> int:
    """Make every failed alert due again with a fresh attempt count; returns how many."""
    result = session.execute(
        update(Alert)
        .where(col(Alert.status) == "failed")
        .values(status="pending", attempts=0, next_attempt_at=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
