"""What the database holds, in counts: for `newsmon status`."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, col, select

from newsmon.db.models import Alert, Article, Change, Figure, Metric


def table_counts(session: Session) -> dict[str, int]:
    """How many articles, figures, metrics, changes in force and unsent alerts are stored."""
    unsent = col(Alert.status).in_(["pending", "failed"])
    queries = {
        "articles": select(func.count(col(Article.id))),
        "figures": select(func.count(col(Figure.id))),
        "metrics": select(func.count(col(Metric.id))),
        "changes": select(func.count(col(Change.id))).where(col(Change.retired_at).is_(None)),
        "unsent alerts": select(func.count(col(Alert.id))).where(unsent),
    }
    return {name: int(session.exec(query).one()) for name, query in queries.items()}
