"""The monitor flow: ingest -> dedupe -> extract figures -> compare -> alert."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger, unmapped
from prefect.runtime import flow_run

from config.settings import load_settings
from flows.reporting import report_run, start_progress, update_progress
from flows.stages import (
    claim_run,
    compare_figures,
    deduplicate,
    extract_figures,
    ingest_seeds,
    plan_feeds,
    polling,
    read_articles,
    record_polls,
    release_run,
    send_alerts,
)
from tasks.summary import RunSummary


def run_link() -> str | None:
    """This flow run's page in the Prefect UI, when a UI address is known."""
    url = flow_run.ui_url
    return url if url and url.startswith("http") else None


@flow(name="monitor", log_prints=False)
def monitor(config_path: str | None = None) -> RunSummary:
    """One pass over the seeds and feeds: store what is new, flag and alert what changed."""
    settings = load_settings(Path(config_path) if config_path else None)
    summary, since, progress = RunSummary(), datetime.now(UTC), start_progress()
    owner = str(flow_run.id or uuid.uuid4())
    if not claim_run(settings, owner):
        get_run_logger().warning("another monitor run is in progress; this one does nothing")
        summary.overlapped = True
        return summary
    try:
        documents = ingest_seeds(settings.seeds_folder)
        polls = (
            polling(settings).map(plan_feeds(settings), unmapped(settings.config.fetch)).result()
        )
        pages, feed_errors = record_polls(settings, polls)
        documents += read_articles(settings, pages)
        summary.errors += feed_errors + [
            f"{doc.url}: {doc.error}" for doc in documents if doc.error
        ]
        update_progress(progress, 20)
        summary.articles = deduplicate(settings, documents)
        update_progress(progress, 40)
        summary.analysed, summary.figures = extract_figures(settings)
        update_progress(progress, 60)
        summary.changes, summary.alerts_queued = compare_figures(settings)
        update_progress(progress, 80)
        summary.alerts = send_alerts(settings, run_link())
    finally:
        release_run(settings, owner)
    logger = get_run_logger()
    for line in summary.lines():
        logger.info(line)
    for line in summary.error_lines():
        logger.warning(line)
    report_run(settings, summary, since)
    update_progress(progress, 100)
    return summary
