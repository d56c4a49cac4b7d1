"""Sources, articles and their near-duplicate bands: what ingestion and dedup store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from newsmon.db.models import (
    Article,
    ArticleBand,
    Source,
)
from newsmon.db.queries.common import _first_of, _where_in


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


def sources(session: Session, *, kind: str | None = None) -> Sequence[Source]:
    """Sources (of one kind), by name."""
    query = select(Source).order_by(col(Source.name))
    return session.exec(query.where(Source.kind == kind) if kind else query).all()


def articles_per_source(session: Session) -> dict[int, int]:
    """How many article versions each source has given."""
    rows = session.exec(
        select(Article.source_id, func.count()).group_by(col(Article.source_id))
    ).all()
    return dict(rows)


def latest_versions(session: Session, *, canonical_urls: Iterable[str]) -> dict[str, Article]:
    """The newest stored version of each of these articles, by canonical URL."""
    query = select(Article).order_by(col(Article.version))  # the newest comes last and stays
    found = _where_in(session, query, Article.canonical_url, canonical_urls)
    return {article.canonical_url: article for article in found}


def articles_with_texts(session: Session, *, text_hashes: Iterable[str]) -> list[Article]:
    """Analysed and pending articles whose text has one of these hashes, oldest first."""
    query = select(Article).where(col(Article.status).in_(["analysed", "pending"]))
    found = _where_in(session, query, Article.text_hash, text_hashes)
    return sorted(found, key=lambda article: article.id)


def banded_articles(session: Session, *, bands: Iterable[str]) -> list[tuple[str, Article]]:
    """(band, article) for each stored article indexed under these LSH bands, oldest first."""
    query = select(ArticleBand.band, Article).join(Article)
    found = _where_in(session, query, ArticleBand.band, bands)
    return sorted(found, key=lambda row: row[1].id)


def pending_articles(session: Session, *, limit: int | None = None) -> Sequence[Article]:
    """Articles stored but not yet analysed, oldest publication first."""
    query = select(Article).where(Article.status == "pending")
    query = query.order_by(col(Article.published).asc().nulls_last(), col(Article.id)).limit(limit)
    return session.exec(query).all()


def list_articles(session: Session, *, statuses: Sequence[str] | None = None) -> Sequence[Article]:
    """Stored articles (in the given statuses), in the order they were stored."""
    query = select(Article)
    if statuses:
        query = query.where(col(Article.status).in_(statuses))
    return session.exec(query.order_by(col(Article.id))).all()


def skipped_since(session: Session, *, since: datetime) -> Sequence[Article]:
    """Articles stored as off-topic since `since`."""
    query = select(Article).where(Article.status == "skipped", col(Article.fetched_at) >= since)
    return session.exec(query.order_by(col(Article.id))).all()


def accepted_articles(session: Session, *, limit: int) -> Sequence[Article]:
    """The newest articles that are part of the story (analysed or pending), newest first."""
    query = select(Article).where(col(Article.status).in_(["analysed", "pending"]))
    query = query.order_by(col(Article.published).desc().nulls_last(), col(Article.id).desc())
    return session.exec(query.limit(limit)).all()


def repoint_duplicates(session: Session, *, from_id: int, to_id: int) -> None:
    """Make the duplicates of one article duplicates of another (an older original)."""
    session.execute(
        update(Article).where(col(Article.duplicate_of_id) == from_id).values(duplicate_of_id=to_id)
    )
