"""Corrections checked and recorded: every mistake is a one-line CorrectionError."""

from __future__ import annotations

from sqlmodel import Session

from newsmon.db import queries
from newsmon.db.models import Correction, Figure, Metric, utcnow
from newsmon.tasks.figures.corrections import WhereError, conditions
from newsmon.tasks.figures.metrics import slug

# What a metric already is when a correction would change nothing.
NOW = {"mute": "muted", "unmute": "not muted", "track": "tracked", "untrack": "not tracked"}


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why, in one line."""


def find_metric(session: Session, text: str) -> Metric:
    """The one metric whose key is `text`, or whose key or label alone contains it."""
    found = queries.find_metrics(session, text=text)
    if len(found) != 1:
        names = ", ".join(m.key for m in found[:8]) + (", ..." if len(found) > 8 else "")
        raise CorrectionError(f"{text!r} matches {len(found)} metrics ({names or 'none'})")
    return found[0]


def live_metric(session: Session, text: str) -> Metric:
    """A metric that still holds its own series (not merged into another)."""
    metric = find_metric(session, text)
    if metric.merged_into_id is not None:
        into = session.get(Metric, metric.merged_into_id)
        raise CorrectionError(f"{metric.key} is merged into {into.key if into else '?'}; use that")
    return metric


def merge(session: Session, into: str, other: str) -> Correction:
    """A correction filing `other`'s figures, now and to come, under `into`."""
    a, b = live_metric(session, into), live_metric(session, other)
    if a.id == b.id:
        raise CorrectionError(f"cannot merge {a.key} with itself")
    return Correction(kind="merge", metric_id=a.id, other_id=b.id, author="")


def unique_key(session: Session, base: str) -> str:
    """`base`, or `base.2`, `base.3`... whichever no metric has."""
    key, n = base, 1
    while queries.metric_ids(session, keys=[key]):
        n += 1
        key = f"{base}.{n}"
    return key


def split(session: Session, metric: str, where: str, label: str | None) -> Correction:
    """A correction moving `metric`'s figures that match `where` into a new metric."""
    source = live_metric(session, metric)
    try:
        conditions(where)
    except WhereError as exc:
        raise CorrectionError(str(exc)) from exc
    if not where.strip():
        raise CorrectionError("--where is empty: say which figures to split off")
    for done in queries.live_corrections(session):
        if done.kind == "split" and done.metric_id == source.id and done.where == where.strip():
            raise CorrectionError(
                f"{source.key} is already split where {where.strip()!r} (#{done.id})"
            )
    name = label or f"{source.label} ({where.strip()})"
    key = unique_key(session, f"{source.key}.{slug(label or where) or 'split'}")
    new = Metric(key=key, label=name, auto_label=name, unit=source.unit)
    session.add(new)
    session.flush()
    return Correction(kind="split", metric_id=source.id, other_id=new.id, where=where.strip(),
                      label=name, author="")  # fmt: skip


def move(session: Session, figure_id: int, metric: str) -> Correction:
    """A correction filing one figure under `metric`."""
    figure = session.get(Figure, figure_id)
    if figure is None:
        raise CorrectionError(f"no figure with id {figure_id} (see `newsmon figures --json`)")
    target = live_metric(session, metric)
    if figure.metric_id == target.id:
        raise CorrectionError(f"figure {figure_id} is already under {target.key}")
    return Correction(kind="move", metric_id=figure.metric_id, other_id=target.id,
                      figure_id=figure_id, author="")  # fmt: skip


def about(session: Session, kind: str, metric: str, label: str | None = None) -> Correction:
    """A rename, mute, unmute, track or untrack of one metric."""
    target = find_metric(session, metric)
    if kind == "rename" and not (label or "").strip():
        raise CorrectionError("the new label is empty")
    already = {
        "mute": target.muted,
        "unmute": not target.muted,
        "track": target.tracked,
        "untrack": not target.tracked,
        "rename": target.label == (label or "").strip(),
    }
    if already[kind]:
        state = NOW.get(kind) or f"labelled {target.label!r}"
        raise CorrectionError(f"{target.key} is already {state}")
    return Correction(kind=kind, metric_id=target.id, label=(label or "").strip() or None,
                      author="")  # fmt: skip


def record(session: Session, correction: Correction, author: str, note: str | None) -> Correction:
    """Store a correction with who made it and why."""
    correction.author, correction.note = author, note
    return queries.add_correction(session, correction=correction)


def undo(session: Session, correction_id: int | None, author: str) -> Correction:
    """Mark a correction (by default the latest in force) undone."""
    live = queries.live_corrections(session)
    if correction_id is None:
        if not live:
            raise CorrectionError("no correction in force to undo")
        found: Correction | None = live[-1]
    else:
        found = queries.get_correction(session, correction_id=correction_id)
    if found is None:
        raise CorrectionError(f"no correction #{correction_id} (see `newsmon metrics log`)")
    if found.undone_at is not None:
        raise CorrectionError(f"correction #{found.id} was already undone by {found.undone_by}")
    found.undone_at, found.undone_by = utcnow(), author
    return found
