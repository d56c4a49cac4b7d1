"""Metrics, figures and changes: what extraction files and comparison reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import and_, func, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from newsmon.db.models import (
    Article,
    Change,
    Figure,
    Metric,
)
from newsmon.db.queries.common import _where_in, add_rows

# A change with its metric, figure and article, and the earlier figure and article it was
# compared with (none for a new metric).
ChangeRow = tuple[Change, Metric, Figure, Article, Figure | None, Article | None]


def current() -> Any:
    """The condition of a change still in force (not retired by a correction)."""
    return col(Change.retired_at).is_(None)


def metric_ids(session: Session, *, keys: Iterable[str]) -> dict[str, int]:
    """The id of each stored metric with one of these keys, by key."""
    return dict(_where_in(session, select(Metric.key, Metric.id), Metric.key, keys))


MetricSpec = tuple[str, str, str, str | None, str | None]  # key, label, unit, base, place


def get_or_create_metrics(session: Session, *, specs: Iterable[MetricSpec]) -> dict[str, int]:
    """The id of each (key, label, unit, base, place), created in order if missing (first
    spec of a key wins)."""
    first: dict[str, MetricSpec] = {}
    for spec in specs:
        first.setdefault(spec[0], spec)
    ids = metric_ids(session, keys=first)
    new = [
        {
            "key": key,
            "label": label,
            "auto_label": label,
            "unit": unit,
            "base": base,
            "place": place,
        }
        for key, (_, label, unit, base, place) in first.items()
        if key not in ids
    ]
    add_rows(session, model=Metric, rows=new)
    return ids | metric_ids(session, keys=[key for key in first if key not in ids])


def metrics_by_base(session: Session, *, bases: Iterable[str]) -> list[tuple[Metric, int]]:
    """The stored metrics of these bases, each with how many figures it holds."""
    query = (
        select(Metric, func.count(col(Figure.id)))
        .outerjoin(Figure, col(Figure.metric_id) == Metric.id)
        .group_by(col(Metric.id))
    )
    return list(_where_in(session, query, Metric.base, bases))


def metric_owners(session: Session, *, metric_ids: Iterable[int]) -> dict[int, set[str]]:
    """The places (owners) of the figures each of these metrics holds, by metric id."""
    query = select(Figure.metric_id, Figure.owner).where(col(Figure.owner).is_not(None))
    found: dict[int, set[str]] = {}
    for metric_id, owner in _where_in(session, query.distinct(), Figure.metric_id, metric_ids):
        found.setdefault(metric_id, set()).add(owner)
    return found


def metrics_of(session: Session, *, metric_ids: Iterable[int]) -> dict[int, Metric]:
    """Each of these metrics, by id."""
    return {m.id or 0: m for m in _where_in(session, select(Metric), Metric.id, metric_ids)}


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


def figures_to_compare(session: Session) -> Sequence[tuple[Figure, Article]]:
    """Figures not yet compared with their history, in publication order."""
    query = (
        select(Figure, Article)
        .join(Article, col(Figure.article_id) == Article.id)
        .outerjoin(Change, and_(col(Change.figure_id) == Figure.id, current()))
        .where(col(Change.id).is_(None))
        .order_by(col(Article.published).asc().nulls_last(), col(Article.id), col(Figure.start))
    )
    return session.exec(query).all()


def _compared_figures() -> Select[Figure, Article]:
    """Figures already compared, with their articles, in publication order."""
    return (
        select(Figure, Article)
        .join(Article, col(Figure.article_id) == Article.id)
        .join(Change, and_(col(Change.figure_id) == Figure.id, current()))
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


def list_figures(session: Session) -> Sequence[tuple[Figure, Metric, Article]]:
    """Every stored figure, in publication order."""
    query = (
        select(Figure, Metric, Article)
        .join(Metric, col(Figure.metric_id) == Metric.id)
        .join(Article, col(Figure.article_id) == Article.id)
        .order_by(col(Article.published).asc().nulls_last(), col(Article.id), col(Figure.start))
    )
    return session.exec(query).all()


def _changes(in_force: bool = True) -> Any:
    """Changes with their metric, figure and article, and the earlier figure and article."""
    before, before_article = aliased(Figure), aliased(Article)
    query = (
        sa_select(Change, Metric, Figure, Article, before, before_article)
        .join(Metric, col(Change.metric_id) == Metric.id)
        .join(Figure, col(Change.figure_id) == Figure.id)
        .join(Article, col(Figure.article_id) == Article.id)
        .outerjoin(before, col(Change.previous_figure_id) == before.id)
        .outerjoin(before_article, col(before.article_id) == before_article.id)
    )
    return query.where(current()) if in_force else query


def list_changes(
    session: Session,
    *,
    kinds: Sequence[str] | None = None,
    metric_id: int | None = None,
    since: datetime | None = None,
) -> Sequence[ChangeRow]:
    """Changes (of the given kinds, of one metric, recorded since), in publication order."""
    query = _changes()
    if kinds:
        query = query.where(col(Change.kind).in_(kinds))
    if metric_id is not None:
        query = query.where(Change.metric_id == metric_id)
    if since is not None:
        query = query.where(col(Change.created_at) >= since)
    order = (col(Article.published).asc().nulls_last(), col(Article.id), col(Figure.start))
    return cast(Sequence[ChangeRow], session.execute(query.order_by(*order)).tuples().all())


def change_context(session: Session, *, change_id: int) -> ChangeRow:
    """A change with its metric, figure and article, and the earlier figure and article."""
    query = _changes(in_force=False).where(Change.id == change_id)  # an alert's, even retired
    return cast(ChangeRow, session.execute(query).tuples().one())


def move_figures(session: Session, *, from_id: int, to: Article) -> None:
    """Give one article's figures (and so their changes and alerts) to another one.

    Each figure is found again in the new article's text: a copy may differ in spacing.
    """
    figures = session.exec(select(Figure).where(Figure.article_id == from_id)).all()
    text = to.text or ""
    for figure in figures:
        figure.article_id = to.id or 0
        at = text.find(figure.sentence)
        start = text.find(figure.text, max(at, 0)) if at >= 0 else -1
        if start >= 0:
            figure.start, figure.end = start, start + len(figure.text)
    ids = [figure.id for figure in figures]
    if ids:
        session.execute(
            update(Change).where(col(Change.figure_id).in_(ids)).values(published=to.published)
        )


def figures_of_articles(
    session: Session, *, article_ids: Iterable[int]
) -> Sequence[tuple[Figure, Article]]:
    """The figures of these articles, with them, in text order."""
    query = select(Figure, Article).join(Article, col(Figure.article_id) == Article.id)
    found = _where_in(session, query, Figure.article_id, article_ids)
    return sorted(found, key=lambda row: (row[1].id, row[0].start))
