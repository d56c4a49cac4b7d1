"""Corrections of the grouping, and the versioned changes a correction recomputes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from newsmon.db.models import Alert, Article, Change, Correction, Figure, Metric
from newsmon.db.queries.common import _where_in

# The alert statuses that mean a change was (or is being) told to someone.
TOLD = ("pending", "sent", "failed")


def add_correction(session: Session, *, correction: Correction) -> Correction:
    """Record a correction; it has its id on return."""
    session.add(correction)
    session.flush()
    return correction


def live_corrections(session: Session) -> Sequence[Correction]:
    """The corrections in force (not undone), oldest first: the order they replay in."""
    query = select(Correction).where(col(Correction.undone_at).is_(None))
    return session.exec(query.order_by(col(Correction.id))).all()


def list_corrections(session: Session, *, metric_id: int | None = None) -> Sequence[Correction]:
    """Every correction, undone ones included, oldest first; those naming one metric."""
    query = select(Correction)
    if metric_id is not None:
        named = (
            col(Correction.metric_id).in_([metric_id]),
            col(Correction.other_id).in_([metric_id]),
        )
        query = query.where(or_(*named))
    return session.exec(query.order_by(col(Correction.id))).all()


def get_correction(session: Session, *, correction_id: int) -> Correction | None:
    """One correction by id."""
    return session.get(Correction, correction_id)


def all_figures(session: Session) -> Sequence[tuple[Figure, Article]]:
    """Every figure with its article (a correction replays over all of them)."""
    query = select(Figure, Article).join(Article, col(Figure.article_id) == Article.id)
    return session.exec(query.order_by(col(Figure.id))).all()


def figures_of_metrics(
    session: Session, *, metric_ids: Iterable[int]
) -> list[tuple[Figure, Article]]:
    """The figures of these metrics, with their articles."""
    query = select(Figure, Article).join(Article, col(Figure.article_id) == Article.id)
    return list(_where_in(session, query, Figure.metric_id, metric_ids))


def all_metrics(session: Session) -> Sequence[Metric]:
    """Every metric, by id."""
    return session.exec(select(Metric).order_by(col(Metric.id))).all()


def metric_counts(session: Session) -> dict[int, int]:
    """How many figures each metric holds, by metric id."""
    query = select(Figure.metric_id, func.count(col(Figure.id))).group_by(col(Figure.metric_id))
    return dict(session.exec(query).all())


def latest_figures(session: Session) -> dict[int, tuple[Figure, Article]]:
    """Each metric's latest figure (by publication) with its article, by metric id."""
    query = (
        select(Figure, Article)
        .join(Article, col(Figure.article_id) == Article.id)
        .order_by(col(Article.published).asc().nulls_first(), col(Article.id), col(Figure.start))
    )
    return {figure.metric_id: (figure, article) for figure, article in session.exec(query)}


def current_changes(session: Session, *, figure_ids: Iterable[int]) -> dict[int, Change]:
    """The change in force of each of these figures, by figure id."""
    query = select(Change).where(col(Change.retired_at).is_(None))
    return {c.figure_id: c for c in _where_in(session, query, Change.figure_id, figure_ids)}


def retired_changes(session: Session, *, figure_ids: Iterable[int]) -> dict[int, list[Change]]:
    """The retired changes of each of these figures, oldest first, by figure id."""
    query = select(Change).where(col(Change.retired_at).is_not(None)).order_by(col(Change.id))
    found: dict[int, list[Change]] = {}
    for change in _where_in(session, query, Change.figure_id, figure_ids):
        found.setdefault(change.figure_id, []).append(change)
    return found


def first_batches(session: Session, *, figure_ids: Iterable[int]) -> dict[int, int]:
    """The comparison pass that first judged each of these figures, by figure id."""
    query = select(Change.figure_id, func.min(Change.batch)).group_by(col(Change.figure_id))
    return dict(_where_in(session, query, Change.figure_id, figure_ids))


def next_batch(session: Session) -> int:
    """The number of the next comparison pass."""
    return int(session.exec(select(func.max(Change.batch))).one() or 0) + 1


# Why an unsent alert was cancelled: its change was retired, or its metric muted.
RETIRED = "its change was recomputed by a correction"
MUTED = "its metric was muted"


def cancel_alerts(session: Session, *, change_ids: Sequence[int], why: str) -> None:
    """Cancel the unsent alerts of these changes."""
    for part in range(0, len(change_ids), 500):
        session.execute(
            update(Alert)
            .where(col(Alert.change_id).in_(change_ids[part : part + 500]))
            .where(col(Alert.status).in_(["pending", "failed"]))
            .values(status="cancelled", last_error=why)
        )


def retire_changes(session: Session, *, change_ids: Sequence[int], when: datetime) -> int:
    """Take these changes out of force; their unsent alerts are cancelled. Returns how many."""
    for part in range(0, len(change_ids), 500):
        ids = change_ids[part : part + 500]
        session.execute(update(Change).where(col(Change.id).in_(ids)).values(retired_at=when))
    cancel_alerts(session, change_ids=change_ids, why=RETIRED)
    return len(change_ids)


def revive_change(session: Session, *, change: Change) -> None:
    """Put a retired change back in force, with the alerts its retirement cancelled."""
    change.retired_at = None
    session.execute(
        update(Alert)
        .where(col(Alert.change_id) == change.id, col(Alert.status) == "cancelled")
        .where(col(Alert.last_error) == RETIRED)
        .values(status="pending", last_error=None)
    )


def changes_of_metrics(session: Session, *, metric_ids: Iterable[int]) -> list[int]:
    """The ids of the changes in force of these metrics."""
    query = select(Change.id).where(col(Change.retired_at).is_(None))
    return [int(i) for i in _where_in(session, query, Change.metric_id, metric_ids)]


def told_changes(session: Session) -> Sequence[tuple[Change, str]]:
    """Every change an alert was queued or sent for (retired ones too), with the alert status."""
    query = (
        select(Change, Alert.status)
        .join(Alert, col(Alert.change_id) == Change.id)
        .where(col(Alert.status).in_(TOLD))
    )
    return session.exec(query.order_by(col(Change.id))).all()


def set_figure_metric(session: Session, *, figure_ids: Sequence[int], metric_id: int) -> None:
    """File these figures under one metric (their changes follow when recomputed)."""
    for part in range(0, len(figure_ids), 500):
        ids = figure_ids[part : part + 500]
        session.execute(update(Figure).where(col(Figure.id).in_(ids)).values(metric_id=metric_id))
