"""Queries: keyword-only functions over a session. The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.models import Alert, Article, ArticleBand, Change, Figure, Lease, Metric, Source, utcnow


def get_or_create_source(
    session: Session, *, name: str, kind: str, url: str | None = None
) -> Source:
    """The source called `name`, created on first sight."""
    source = session.exec(select(Source).where(Source.name == name)).first()
    if source is None:
        source = Source(name=name, kind=kind, url=url)
        session.add(source)
        session.flush()
    return source


def latest_version(session: Session, *, canonical_url: str) -> Article | None:
    """The newest stored version of the article at `canonical_url`."""
    query = select(Article).where(Article.canonical_url == canonical_url)
    return session.exec(query.order_by(col(Article.version).desc())).first()


def article_with_text(session: Session, *, text_hash: str) -> Article | None:
    """The first analysed article whose text has this hash."""
    query = select(Article).where(Article.text_hash == text_hash, Article.status == "analysed")
    pending = select(Article).where(Article.text_hash == text_hash, Article.status == "pending")
    return session.exec(query.order_by(col(Article.id))).first() or session.exec(pending).first()


def add(session: Session, row: Any) -> Any:
    """Insert a row and return it with its id."""
    session.add(row)
    session.flush()
    return row


def pending_articles(session: Session, *, limit: int | None = None) -> Sequence[Article]:
    """Articles stored but not yet analysed, oldest publication first."""
    query = select(Article).where(Article.status == "pending")
    query = query.order_by(col(Article.published).asc().nulls_last(), col(Article.id)).limit(limit)
    return session.exec(query).all()


def get_or_create_metric(session: Session, *, key: str, label: str, unit: str) -> Metric:
    """The metric with this key, created on first sight."""
    metric = session.exec(select(Metric).where(Metric.key == key)).first()
    return metric or add(session, Metric(key=key, label=label, unit=unit))


def metric_key(session: Session, *, metric_id: int) -> str:
    """The key of a metric."""
    return session.exec(select(Metric.key).where(Metric.id == metric_id)).one()


def figures_to_compare(session: Session) -> Sequence[tuple[Figure, Article]]:
    """Figures not yet compared with their history, in publication order."""
    query = (
        select(Figure, Article)
        .join(Article, col(Figure.article_id) == Article.id)
        .outerjoin(Change, col(Change.figure_id) == Figure.id)
        .where(col(Change.id).is_(None))
        .order_by(col(Article.published).asc().nulls_last(), col(Article.id), col(Figure.start))
    )
    return session.exec(query).all()


def metric_history(session: Session, *, metric_id: int) -> Sequence[tuple[Figure, Article]]:
    """The metric's figures already compared, in publication order."""
    query = (
        select(Figure, Article)
        .join(Article, col(Figure.article_id) == Article.id)
        .join(Change, col(Change.figure_id) == Figure.id)
        .where(Figure.metric_id == metric_id)
        .order_by(col(Article.published).asc().nulls_last(), col(Article.id), col(Figure.start))
    )
    return session.exec(query).all()


def enqueue_alerts(session: Session, *, change_id: int, targets: Sequence[str]) -> list[Alert]:
    """One pending alert per target for a change (the outbox)."""
    return [add(session, Alert(change_id=change_id, target=target)) for target in targets]


def due_alerts(session: Session, *, now: datetime, max_attempts: int) -> Sequence[Alert]:
    """Alerts to (re)send now: pending, or failed and past their backoff."""
    query = select(Alert).where(
        col(Alert.status).in_(["pending", "failed"]),
        Alert.attempts < max_attempts,
        or_(col(Alert.next_attempt_at).is_(None), col(Alert.next_attempt_at) <= now),
    )
    return session.exec(query.order_by(col(Alert.created_at), col(Alert.id))).all()


def change_context(session: Session, *, change_id: int) -> tuple[Change, Metric, Figure, Article]:
    """A change with its metric, figure and article."""
    query = (
        select(Change, Metric, Figure, Article)
        .join(Metric, col(Change.metric_id) == Metric.id)
        .join(Figure, col(Change.figure_id) == Figure.id)
        .join(Article, col(Figure.article_id) == Article.id)
        .where(Change.id == change_id)
    )
    return session.exec(query).one()


def list_figures(session: Session) -> Sequence[tuple[Figure, Metric, Article]]:
    """Every stored figure, in publication order."""
    query = (
        select(Figure, Metric, Article)
        .join(Metric, col(Figure.metric_id) == Metric.id)
        .join(Article, col(Figure.article_id) == Article.id)
        .order_by(col(Article.published).asc().nulls_last(), col(Article.id), col(Figure.start))
    )
    return session.exec(query).all()


def list_changes(
    session: Session,
    *,
    kinds: Sequence[str] | None = None,
    metric_id: int | None = None,
    since: datetime | None = None,
) -> Sequence[tuple[Change, Metric, Figure, Article]]:
    """Changes (of the given kinds, of one metric, recorded since), in publication order."""
    query = (
        select(Change, Metric, Figure, Article)
        .join(Metric, col(Change.metric_id) == Metric.id)
        .join(Figure, col(Change.figure_id) == Figure.id)
        .join(Article, col(Figure.article_id) == Article.id)
    )
    if kinds:
        query = query.where(col(Change.kind).in_(kinds))
    if metric_id is not None:
        query = query.where(Change.metric_id == metric_id)
    if since is not None:
        query = query.where(col(Change.created_at) >= since)
    order = (col(Article.published).asc().nulls_last(), col(Article.id), col(Figure.start))
    return session.exec(query.order_by(*order)).all()


def list_alerts(session: Session, *, statuses: Sequence[str] | None = None) -> Sequence[Alert]:
    """Alerts, newest first."""
    query = select(Alert)
    if statuses:
        query = query.where(col(Alert.status).in_(statuses))
    return session.exec(query.order_by(col(Alert.created_at).desc())).all()


def list_articles(session: Session, *, statuses: Sequence[str] | None = None) -> Sequence[Article]:
    """Stored articles (in the given statuses), in the order they were stored."""
    query = select(Article)
    if statuses:
        query = query.where(col(Article.status).in_(statuses))
    return session.exec(query.order_by(col(Article.id))).all()


def record_attempt(alert: Alert, *, ok: bool, error: str | None, retry_at: datetime | None) -> None:
    """Record one delivery attempt on an alert."""
    alert.attempts += 1
    alert.status = "sent" if ok else "failed"
    alert.last_error = None if ok else error
    alert.sent_at = utcnow() if ok else None
    alert.next_attempt_at = None if ok else retry_at


def acquire_lease(session: Session, *, name: str, owner: str, until: datetime) -> bool:
    """Take the lease `name` for `owner` unless another owner holds it unexpired."""
    now = utcnow()
    taken = session.execute(
        update(Lease)
        .where(col(Lease.name) == name, or_(col(Lease.expires_at) < now, col(Lease.owner) == owner))
        .values(owner=owner, expires_at=until)
    )
    if taken.rowcount:  # type: ignore[attr-defined]
        return True
    if session.get(Lease, name) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(Lease(name=name, owner=owner, expires_at=until))
    except IntegrityError:  # another host inserted it first
        return False
    return True


def release_lease(session: Session, *, name: str, owner: str) -> None:
    """Give the lease back if `owner` still holds it."""
    session.execute(delete(Lease).where(col(Lease.name) == name, col(Lease.owner) == owner))


def sources(session: Session, *, kind: str | None = None) -> Sequence[Source]:
    """Sources (of one kind), by name."""
    query = select(Source).order_by(col(Source.name))
    return session.exec(query.where(Source.kind == kind) if kind else query).all()


def latest_versions(session: Session, *, canonical_urls: Sequence[str]) -> dict[str, Article]:
    """The newest stored version of each of these articles, by canonical URL."""
    query = select(Article).where(col(Article.canonical_url).in_(canonical_urls))
    newest: dict[str, Article] = {}
    for article in session.exec(query.order_by(col(Article.version))).all():
        newest[article.canonical_url] = article
    return newest


def near_duplicate_candidates(session: Session, *, bands: Sequence[str]) -> Sequence[Article]:
    """Stored originals sharing at least one LSH band with a fingerprint, oldest first."""
    query = (
        select(Article)
        .join(ArticleBand, col(ArticleBand.article_id) == Article.id)
        .where(col(ArticleBand.band).in_(bands))
        .distinct()
        .order_by(col(Article.id))
    )
    return session.exec(query).all()


def add_bands(session: Session, *, article_id: int, bands: Sequence[str]) -> None:
    """Index an article's LSH bands (one multi-row insert: there are 32 per article)."""
    rows = [{"article_id": article_id, "band": band} for band in set(bands)]
    if rows:
        session.execute(insert(ArticleBand), rows)


def articles_per_source(session: Session) -> dict[int, int]:
    """How many article versions each source has given."""
    rows = session.exec(
        select(Article.source_id, func.count()).group_by(col(Article.source_id))
    ).all()
    return dict(rows)


def find_metrics(session: Session, *, text: str) -> Sequence[Metric]:
    """The metric whose key is `text`, else those whose key or label contains it."""
    exact = session.exec(select(Metric).where(Metric.key == text)).first()
    if exact is not None:
        return [exact]
    pattern = f"%{text.lower()}%"
    query = select(Metric).where(
        or_(func.lower(Metric.key).like(pattern), func.lower(Metric.label).like(pattern))
    )
    return session.exec(query.order_by(col(Metric.key))).all()


def last_sent(session: Session, *, target: str) -> datetime | None:
    """When an alert last reached `target`."""
    query = select(func.max(Alert.sent_at)).where(Alert.target == target)
    return session.exec(query).one()


def alerts_touched_since(session: Session, *, since: datetime) -> Sequence[Alert]:
    """Alerts queued, sent or tried since `since`, newest first."""
    moments = (Alert.created_at, Alert.sent_at, Alert.next_attempt_at)
    query = select(Alert).where(or_(*(col(moment) >= since for moment in moments)))
    return session.exec(query.order_by(col(Alert.created_at).desc())).all()


def skipped_since(session: Session, *, since: datetime) -> Sequence[Article]:
    """Articles stored as off-topic since `since`."""
    query = select(Article).where(Article.status == "skipped", col(Article.fetched_at) >= since)
    return session.exec(query.order_by(col(Article.id))).all()


def reset_failed_alerts(session: Session) -> int:
    """Make every failed alert due again with a fresh attempt count; returns how many."""
    result = session.execute(
        update(Alert)
        .where(col(Alert.status) == "failed")
        .values(status="pending", attempts=0, next_attempt_at=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
