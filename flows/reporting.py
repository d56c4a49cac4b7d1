"""What a monitor run shows in the Prefect UI: progress, a summary, a table, and events.

Artifact keys are stable so the UI keeps each one's history across runs. Reporting never
fails a run: an unreachable API is logged as one warning line, without a traceback.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, cast
from uuid import UUID

import httpx
from prefect import get_run_logger, task
from prefect.artifacts import (
    acreate_progress_artifact,
    aupdate_progress_artifact,
    create_markdown_artifact,
    create_table_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.events import emit_event
from prefect.exceptions import MissingContextError

from newsmon.config.settings import Settings
from newsmon.db.engine import get_engine, transaction
from newsmon.flows.stages import unwalked
from newsmon.tasks.compare.kinds import is_evented
from newsmon.tasks.markup import plain, safe_url
from newsmon.tasks.report.markdown import MAX_TEXT, change_rows, run_markdown
from newsmon.tasks.report.summary import RunSummary
from newsmon.views import run_views

SUMMARY_KEY = "newsmon-run-summary"
CHANGES_KEY = "newsmon-changes"
PROGRESS_KEY = "newsmon-run-progress"
EVENT_PREFIX = "newsmon.figure"
RESOURCE_PREFIX = "newsmon.metric"
EVENT_NAME_PART = re.compile(r"[^a-z0-9_-]+")
RESOURCE_ID_PART = re.compile(r"[^A-Za-z0-9_.:-]+")
Item = Mapping[str, Any]
# What may go wrong talking to the Prefect API; reporting logs it and carries on.
API_ERRORS = (httpx.HTTPError, OSError, RuntimeError)

report_task = task(cache_policy=NO_CACHE, retries=0)


def warn(message: str) -> None:
    """One warning line in the run's log (or nowhere outside a run)."""
    with contextlib.suppress(MissingContextError):
        get_run_logger().warning(message)


async def start_progress() -> UUID | None:
    """A progress artifact at 0 % for this run, or None when the API refuses it."""
    try:
        made = await acreate_progress_artifact(
            0.0, key=PROGRESS_KEY, description="monitor run progress"
        )
        return cast(UUID, made)
    except API_ERRORS as exc:
        warn(f"progress artifact not created: {type(exc).__name__}: {exc}")
        return None


async def update_progress(artifact_id: UUID | None, percent: float) -> None:
    """Move the run's progress artifact to `percent` (0-100); nothing without one."""
    if artifact_id is None:
        return
    try:
        await aupdate_progress_artifact(artifact_id, max(0.0, min(100.0, percent)))
    except API_ERRORS as exc:
        warn(f"progress not updated: {type(exc).__name__}: {exc}")


@report_task
def publish_run_report(
    summary: RunSummary,
    changes: Sequence[Item],
    figures: Sequence[Item],
    alerts: Sequence[Item],
    feeds: Sequence[Item],
    skipped: Sequence[Item],
) -> UUID | None:
    """The run summary (Markdown) and the changes (table) as artifacts; the summary's id."""
    lines = summary.lines() + summary.error_lines()
    markdown = run_markdown(lines, changes, figures, alerts, feeds, skipped)
    try:
        rows = change_rows(changes)
        if rows:
            create_table_artifact(rows, key=CHANGES_KEY, description="figures that changed")
        made = create_markdown_artifact(markdown, key=SUMMARY_KEY, description="monitor run")
        return cast(UUID, made)
    except API_ERRORS as exc:
        warn(f"run report not published: {type(exc).__name__}: {exc}")
        return None


def event_name(kind: Any) -> str:
    """The event for a change kind: newsmon.figure.new, .changed, .refined, .conflict..."""
    return f"{EVENT_PREFIX}.{EVENT_NAME_PART.sub('-', str(kind).lower()).strip('-') or 'unknown'}"


def change_event(change: Item) -> dict[str, Any]:
    """The emit_event arguments for one change: name, metric resource, payload."""
    metric = RESOURCE_ID_PART.sub("-", str(change.get("metric") or "unknown"))
    payload_keys = ("metric", "metric_label", "kind", "old_value", "new_value", "unit")
    payload = {key: change.get(key) for key in payload_keys}
    payload |= {
        "label": plain(change.get("metric_label"), MAX_TEXT),
        "claimant": plain(change.get("claimant"), MAX_TEXT) or None,
        "title": plain(change.get("title"), MAX_TEXT) or None,
        "article_url": safe_url(change.get("article_url")),
        "published": change.get("published"),
        "change_id": change.get("id"),
    }
    resource = {
        "prefect.resource.id": f"{RESOURCE_PREFIX}.{metric}",
        "prefect.resource.name": plain(change.get("metric_label"), MAX_TEXT) or metric,
        "newsmon.kind": str(change.get("kind")),
    }
    return {"event": event_name(change.get("kind")), "resource": resource, "payload": payload}


@report_task
def emit_change_events(changes: Sequence[Item]) -> int:
    """One Prefect event per new, changed, refined or conflicting figure; how many."""
    sent = 0
    for change in changes:
        if not is_evented(str(change.get("kind"))):  # stored or held: nothing to automate on
            continue
        try:
            emit_event(**change_event(change))
        except API_ERRORS as exc:
            warn(f"event not emitted: {type(exc).__name__}: {exc}")
            return sent
        sent += 1
    get_run_logger().info(f"events: {sent} emitted")
    return sent


@report_task
def gather_report(settings: Settings, since: datetime) -> dict[str, list[dict[str, Any]]]:
    """This run's changes, figures, alerts, feeds and skipped items, as view dicts."""
    with transaction(get_engine(settings.database_url)) as session:
        return run_views(session, since)


def report_run(settings: Settings, summary: RunSummary, since: datetime) -> None:
    """At the end of a run: its report artifacts and one event per change since `since`."""
    found = gather_report(settings, since)
    summary.count_corrections(found.pop("corrections"), found["figures"])
    publish_run_report(summary, **{name: unwalked(rows) for name, rows in found.items()})
    if found["changes"]:
        emit_change_events(unwalked(found["changes"]))
