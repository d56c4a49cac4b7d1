"""Helpers every query module shares: chunked IN lists, bulk inserts, first-spec-wins."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlmodel import Session, SQLModel, col

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


def add_rows(session: Session, *, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows (column values; defaults fill the rest) in order, in one executemany."""
    if rows:  # a Core insert: the ORM's would split the rows by which values are None
        session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
