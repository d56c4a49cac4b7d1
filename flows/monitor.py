"""The monitor flow: ingest -> dedupe -> extract figures -> compare -> alert."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger, unmapped
from prefect.context import SyncClientContext
from prefect.runtime import flow_run

from newsmon.config.settings import Settings, load_settings
from newsmon.flows.reporting import report_run, start_progress, update_progress
from newsmon.flows.stages import (
    compare_figures,
    dedupe,
    extract_figures,
    ingest_seeds,
    plan_feeds,
    polling,
    read_articles,
    record_polls,
    run_lease,
    send_alerts,
    unwalked,
)
from newsmon.tasks.ingest import Document, FeedPoll
from newsmon.tasks.report.summary import RunSummary
from newsmon.tasks.runtime import progress, signals

# The flow run (and run lease owner) this process is in, for a signal handler to clean up.
RUNNING: dict[str, str] = {}


def run_link() -> str | None:
    """This flow run's page in the Prefect UI, when a UI address is known."""
    url = flow_run.ui_url
    return url if url and url.startswith("http") else None


def ingest(settings: Settings) -> tuple[list[Document], list[FeedPoll], list[str]]:
    """The seeds, and the new and edited articles of the feeds due; the polls (their
    validators are kept with the articles), and the errors met."""
    config, database = settings.config, settings.database_url
    documents = ingest_seeds(settings.seeds_folder)
    jobs = plan_feeds(database, config.feeds, settings.opml_path)
    progress.started(progress.POLLING, len(jobs))
    polls = polling(config.fetch).map(jobs, unmapped(config.fetch)).result()
    pages, errors = record_polls(database, unwalked(polls), config.fetch.refetch_days)
    if pages:  # nothing new in the feeds: no task to show in the UI
        documents += read_articles(unwalked(pages), config.fetch)
    errors += [f"{doc.url}: {doc.error}" for doc in documents if doc.error]
    return documents, polls, errors


async def run_stages(settings: Settings) -> RunSummary:
    """ingest -> dedupe -> extract figures -> compare -> alert, with the run's progress."""
    config, database = settings.config, settings.database_url
    summary, artifact = RunSummary(targets=len(config.alerts.targets)), await start_progress()
    documents, polls, summary.errors = ingest(settings)
    await update_progress(artifact, 20)
    vocabulary, workers = settings.vocabulary_path, config.fetch.workers
    summary.articles = dedupe(
        database, unwalked(documents), config.topic, vocabulary, unwalked(polls)
    )
    await update_progress(artifact, 40)
    summary.analysed, summary.figures = extract_figures(database, vocabulary, workers)
    await update_progress(artifact, 60)
    summary.changes, summary.alerts_queued = compare_figures(
        database, config.metrics, config.alerts
    )
    await update_progress(artifact, 80)
    summary.alerts = send_alerts(database, config.alerts, run_link())
    await update_progress(artifact, 100)
    return summary


def log_summary(summary: RunSummary) -> None:
    """The run's counts in its log; each error as a warning."""
    logger = get_run_logger()
    for line in summary.lines():
        logger.info(line)
    for line in summary.error_lines():
        logger.warning(line)


@flow(name="monitor", log_prints=False)
async def monitor(config_path: str | None = None) -> RunSummary:
    """One pass over the seeds and feeds: store what is new, flag and alert what changed."""
    # async although the stages are sync tasks: Prefect's sync engine holds every finished
    # run up to a second more, joining a heartbeat thread that sleeps in 1 s steps.
    signals.reclaim_sigterm()  # from `newsmon run`: its handler stops within seconds
    settings = load_settings(Path(config_path) if config_path else None)
    owner, since = str(flow_run.id or uuid.uuid4()), datetime.now(UTC)
    RUNNING["owner"] = owner  # for the signal handler, from the start to the very end
    try:
        return await run_monitored(settings, owner, since)
    finally:
        RUNNING.pop("owner", None)


async def run_monitored(settings: Settings, owner: str, since: datetime) -> RunSummary:
    """The run under its lease, then its report."""
    # One API client for all the sync tasks; each would otherwise open its own (~30 ms).
    with SyncClientContext.get_or_create():
        with run_lease(settings.database_url, owner, settings.config.max_run_minutes) as taken:
            if not taken:
                get_run_logger().warning(
                    "another monitor run is in progress; this one does nothing"
                )
                return RunSummary(overlapped=True)
            summary = await run_stages(settings)
        report_run(settings, summary, since)  # it adds the corrections in force to the counts
        log_summary(summary)
    return summary


def run_monitor(config_path: str | None = None) -> RunSummary:
    """Run the monitor flow once from synchronous code (the CLI, tests, benchmarks)."""
    return asyncio.run(monitor(config_path=config_path))
