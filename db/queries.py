"""Queries: keyword-only functions over a session. The caller owns the transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import Select

from db.models import Alert, Article, ArticleBand, Change, Figure, Lease, Metric, Source, utcnow

# Items per IN list: SQLite builds before 3.32 allow only 999 bound parameters per statement.
CHUNK = 500
A = TypeVar("A")
B = TypeVar("B")


def _where_in(session: Session, query: Any, column: Any, items: Iterable[Any]) -> list[Any]:
    """The rows of `query` whose `column` is one of `items`, asking CHUNK items at a time."""
    unique = list(dict.fromkeys(items))
    parts = (unique[start : start + CHUNK] for start in range(0, len(unique), CHUNK))
    return [row for part in parts for row in session.exec(query.where(col(column).in_(part)))]


def _first_of(specs: Iterable[tuple[str, A, B]]) -> dict[str, tuple[A, B]]:
    """Each name (a spec's first item) with the rest of its first spec, in order."""
    first: dict[str, tuple[A, B]] = {}
    for name, a, b in specs:
        first.setdefault(name, (a, b))
    return first


def get_or_create_sources(
    session: Session, *, specs: Iterable[tuple[str, str, str | None]]
) -> dict[str, Source]:
    """The source of each (name, kind, url), created in order if missing (first spec wins)."""
    first = _first_of(specs)
    found = {row.name: row for row in _where_in(session, select(Source), Source.name, first)}
    new = [Source(name=n, kind=k, url=u) for n, (k, u) in first.items() if n not in found]
    session.add_all(new)
    session.flush()
    return found | {source.name: source for source in new}


def articles_with_texts(session: Session, *, text_hashes: Iterable[str]) -> list[Article]:
    """Analysed and pending articles whose text has one of these hashes, oldest first."""
    query = select(Article).where(col(Article.status).in_(["analysed", "pending"]))
    found = _where_in(session, query, Article.text_hash, text_hashes)
    return sorted(found, key=lambda article: article.id)


def pending_articles(session: Session, *, limit: int | None = None) -> Sequence[Article]:
    """Articles stored but not yet analysed, oldest publication first."""
    query = select(Article).where(Article.status == "pending")
    query = query.order_by(col(Article.published).asc().nulls_last(), col(Article.id)).limit(limit)
    return session.exec(query).all()


def add_rows(session: Session, *, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows (column values; defaults fill the rest) in order, in one executemany."""
    if rows:  # a Core insert: the ORM's would split the rows by which values are None
        session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]


def metric_ids(session: Session, *, keys: Iterable[str]) -> dict[str, int]:
    """The id of each stored metric with one of these keys, by key."""
    return dict(_where_in(session, select(Metric.key, Metric.id), Metric.key, keys))


def get_or_create_metrics(
    session: Session, *, specs: Iterable[tuple[str, str, str]]
) -> dict[str, int]:
    """The id of each (key, label, unit), created in order if missing (first spec wins)."""
    first = _first_of(specs)
    ids = metric_ids(session, keys=first)
    new = [{"key": k, "label": label, "unit": u} for k, (label, u) in first.items() if k not in ids]
    add_rows(session, model=Metric, rows=new)
    return ids | metric_ids(session, keys=[row["key"] for row in new])


def metric_keys(session: Session, *, metric_ids: Iterable[int]) -> dict[int, str]:
    """The key of each of these metrics, by id."""
    return dict(_where_in(session, select(Metric.id, Metric.key), Metric.id, metric_ids))


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


def _compared_figures() -> Select[Figure, Article]:
    """Figures already compared, with their articles, in publication order."""
    return (
        select(Figure, Article)
        .join(Article, col(Figure.article_id) == Article.id)
        .join(Change, col(Change.figure_id) == Figure.id)
        .order_by(col(Article.published).asc().nulls_last(), col(Article.id), col(Figure.start))
    )


def metric_histories(
    session: Session, *, metric_ids: Iterable[int]
) -> dict[int, list[tuple[Figure, Article]]]:
    """Each metric's figures already compared, in publication order, by metric id."""
    histories: dict[int, list[tuple[Figure, Article]]] = defaultdict(list)
    for figure, article in _where_in(session, _compared_figures(), Figure.metric_id, metric_ids):
        histories[figure.metric_id].append((figure, article))
    return histories


def enqueue_alerts(session: Session, *, figure_ids: Sequence[int], targets: Sequence[str]) -> int:
    """One pending alert per target for the change of each of these figures; returns how many."""
    if not targets:
        return 0
    query = select(Change.figure_id, Change.id)
    changes = dict(_where_in(session, query, Change.figure_id, figure_ids))
    rows = [{"change_id": changes[fig], "target": to} for fig in figure_ids for to in targets]
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


def latest_versions(session: Session, *, canonical_urls: Iterable[str]) -> dict[str, Article]:
    """The newest stored version of each of these articles, by canonical URL."""
    query = select(Article).order_by(col(Article.version))  # the newest comes last and stays
    found = _where_in(session, query, Article.canonical_url, canonical_urls)
    return {article.canonical_url: article for article in found}


def banded_articles(session: Session, *, bands: Iterable[str]) -> list[tuple[str, Article]]:
    """(band, article) for each stored article indexed under these LSH bands, oldest first."""
    query = select(ArticleBand.band, Article).join(Article)
    found = _where_in(session, query, ArticleBand.band, bands)
    return sorted(found, key=lambda row: row[1].id)


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
