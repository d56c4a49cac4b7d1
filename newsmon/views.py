"""Stored rows shaped for people and for JSON: figures, changes, alerts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from newsmon.db import queries
from newsmon.db.models import Alert, Article, Change, Correction, Figure, Metric, Source
from newsmon.tasks.figures.corrections import Standing
from newsmon.tasks.ingest.feedhealth import health


def iso_date(moment: datetime | None) -> str | None:
    """A publication time as an ISO date."""
    return moment.date().isoformat() if moment else None


def figure_view(figure: Figure, metric: Metric, article: Article) -> dict[str, Any]:
    """One figure as a JSON object."""
    return {
        "article_url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "published": iso_date(article.published),
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "metric": metric.key,
        "metric_label": metric.label,
        "counted": figure.counted,
        "owner": figure.owner,
        "event": figure.event,
        "refers_to": figure.refers_to,
        "text": figure.text,
        "sentence": figure.sentence,
        "start": figure.start,
        "end": figure.end,
        "claimant": figure.claimant,
        "score": figure.score,
        # its identity: where or whose (and where that was read), what, which slice
        "place": figure.owner,
        "place_from": figure.place_from,
        "measure": figure.measure,
        "variant": figure.variant,
        "scope": figure.scope,
        "horizon": figure.horizon,
        "other_event": figure.other_event,
        "match": figure.match,
        "id": figure.id,
        "corrected": by_hand(figure),
    }


def by_hand(figure: Figure) -> bool:
    """Whether a correction, not the registry, put the figure under its metric."""
    return figure.filed_metric_id is not None and figure.filed_metric_id != figure.metric_id


def change_view(
    change: Change,
    metric: Metric,
    figure: Figure,
    article: Article,
    before: Figure | None = None,
    before_article: Article | None = None,
) -> dict[str, Any]:
    """One change as a JSON object, with where its old value came from."""
    return {
        "id": change.id,
        "metric": metric.key,
        "metric_label": metric.label,
        "kind": change.kind,
        "old_value": change.old_value,
        "new_value": change.new_value,
        "direction": change.direction,
        "delta_abs": change.delta_abs,
        "delta_rel": change.delta_rel,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "claimant": figure.claimant,
        "published": iso_date(change.published),
        "article_url": article.url,
        "title": article.title,
        "outlet": article.outlet,
        "text": figure.text,
        "sentence": figure.sentence,
        "old_article_url": before_article.url if before_article else None,
        "old_published": iso_date(before_article.published) if before_article else None,
        "old_claimant": before.claimant if before else None,
        "corrected": change.correction_id is not None or by_hand(figure),
    }


def alert_view(
    alert: Alert, change: Change | None = None, metric: Metric | None = None
) -> dict[str, Any]:
    """One outbox entry as a JSON object (targets are names, never URLs), with what it is
    about when its change is given."""
    about = {
        "metric": metric.key if metric else None,
        "metric_label": metric.label if metric else None,
        "kind": change.kind if change else None,
        "old_value": change.old_value if change else None,
        "new_value": change.new_value if change else None,
    }
    return about | {
        "id": alert.id,
        "change_id": alert.change_id,
        "target": alert.target,
        "status": alert.status,
        "attempts": alert.attempts,
        "last_error": alert.last_error,
        "next_attempt_at": stamp(alert.next_attempt_at),
        "sent_at": stamp(alert.sent_at),
    }


def stamp(moment: datetime | None) -> str | None:
    """A time as ISO 8601 to the second."""
    return moment.isoformat(timespec="seconds") if moment else None


def feed_view(source: Source, articles: int) -> dict[str, Any]:
    """One feed and its health as a JSON object."""
    return {
        "name": source.name,
        "url": source.url,
        "health": health(source),
        "last_attempt_at": stamp(source.last_attempt_at),
        "last_success_at": stamp(source.last_success_at),
        "consecutive_failures": source.consecutive_failures,
        "next_attempt_at": stamp(source.next_attempt_at),
        "last_error": source.last_error,
        "articles": articles,
    }


def article_view(article: Article) -> dict[str, Any]:
    """A stored article (without its text) as a JSON object."""
    keys = (
        *("id", "url", "title", "outlet", "status", "version"),
        *("relevance", "relevance_names", "skip_reason", "error"),
    )
    view = {key: getattr(article, key) for key in keys}
    view |= {"published": iso_date(article.published), "fetched_at": stamp(article.fetched_at)}
    return view | {"duplicate_of": article.duplicate_of_id, "from_feed": article.from_feed}


def feeds_view(session: Session) -> list[dict[str, Any]]:
    """Every feed with its health and article count."""
    counts = queries.articles_per_source(session)
    return [feed_view(s, counts.get(s.id or 0, 0)) for s in queries.sources(session, kind="feed")]


def run_views(session: Session, since: datetime) -> dict[str, list[dict[str, Any]]]:
    """What a run did since `since`: changes, figures, alerts, feeds and skipped items."""
    rows = queries.list_changes(session, since=since)
    corrections = [{"kind": c.kind} for c in queries.live_corrections(session)]
    return {
        "corrections": corrections,
        "changes": [change_view(*row) for row in rows],
        "figures": [figure_view(row[2], row[1], row[3]) for row in rows],
        "alerts": [alert_view(a) for a in queries.alerts_touched_since(session, since=since)],
        "feeds": feeds_view(session),
        "skipped": [article_view(a) for a in queries.skipped_since(session, since=since)],
    }


MIN_COLUMN = 8  # a column is never cut narrower than this to fit a terminal


def fitted(widths: list[int], width: int | None) -> list[int]:
    """Column widths that fit `width` characters (two between columns), taking from the
    widest column first; as they are when no width is given or nothing can fit."""
    widths = list(widths)
    while width is not None and sum(widths) + 2 * (len(widths) - 1) > width:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def cell(value: object, width: int) -> str:
    """A cell padded to `width`, or cut to it with an ellipsis."""
    text = str(value)
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"


def table(rows: Sequence[Sequence[str]], headers: Sequence[str], width: int | None = None) -> str:
    """A plain-text table, columns padded to their widest cell, cut to fit `width` when given
    (the terminal's): numbers never split across lines."""
    widths = [
        max(len(str(value)) for value in column) for column in zip(headers, *rows, strict=False)
    ]
    widths = fitted(widths, width)
    lines = [headers, ["-" * w for w in widths], *rows]
    return "\n".join(
        "  ".join(cell(c, w) for c, w in zip(r, widths, strict=False)).rstrip() for r in lines
    )


def metric_view(
    metric: Metric, count: int, latest: tuple[Figure, Article] | None, keys: dict[int, str]
) -> dict[str, Any]:
    """One metric as a JSON object: identity, size, latest value and standing."""
    figure, article = latest if latest else (None, None)
    status = Standing(metric.label, metric.merged_into_id, metric.muted, metric.tracked).status
    return {
        "key": metric.key, "label": metric.label, "auto_label": metric.auto_label or metric.label,
        "status": status, "merged_into": keys.get(metric.merged_into_id or 0),
        "place": metric.place, "measure": figure.measure if figure else None,
        "variant": figure.variant if figure else None, "scope": figure.scope if figure else None,
        "unit": metric.unit, "figures": count,
        "latest_value": figure.value if figure else None,
        "latest_claimant": figure.claimant if figure else None,
        "latest_published": iso_date(article.published) if article else None,
        "latest_url": article.url if article else None,
    }  # fmt: skip


def describe(correction: Correction, keys: dict[int, str]) -> str:
    """A correction in a few words: "merge world.deaths into any.deaths"."""
    metric, other = (
        keys.get(correction.metric_id or 0, "?"),
        keys.get(correction.other_id or 0, "?"),
    )
    kind = correction.kind
    if kind == "merge":
        return f"merge {other} into {metric}"
    if kind == "split":
        return f"split {metric} where {correction.where!r} into {other}"
    if kind == "move":
        return f"move figure {correction.figure_id} from {metric} to {other}"
    if kind == "rename":
        return f"rename {metric} to {correction.label!r}"
    return f"{kind} {metric}"


def correction_view(correction: Correction, keys: dict[int, str]) -> dict[str, Any]:
    """One correction as a JSON object: what, who, when, why, and whether it is in force."""
    return {
        "id": correction.id, "kind": correction.kind, "what": describe(correction, keys),
        "metric": keys.get(correction.metric_id or 0), "other": keys.get(correction.other_id or 0),
        "figure_id": correction.figure_id, "where": correction.where, "label": correction.label,
        "author": correction.author, "note": correction.note,
        "created_at": stamp(correction.created_at), "in_force": correction.undone_at is None,
        "undone_at": stamp(correction.undone_at), "undone_by": correction.undone_by,
    }  # fmt: skip
