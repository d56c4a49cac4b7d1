"""Thin Prefect tasks over the plain functions in tasks/: one task per stage and batch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar, cast

from prefect import Task, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import task_run
from prefect.utilities.annotations import quote
from sqlalchemy.engine import Engine

import newsmon.tasks.alerts
import newsmon.tasks.compare
import newsmon.tasks.dedupe
import newsmon.tasks.figures
from newsmon.config.settings import Alerts, Feed, FetchSettings, MetricRule, Topic
from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import utcnow
from newsmon.tasks.dedupe import Story, story_profile
from newsmon.tasks.figures import Vocabulary
from newsmon.tasks.ingest import (
    Document,
    FeedJob,
    FeedPoll,
    PageJob,
    due_feeds,
    keep_validators,
    opml_feeds,
    plan_pages,
    poll_feed,
    read_pages,
    read_seeds,
)
from newsmon.tasks.ingest import record_polls as record_feed_polls
from newsmon.tasks.runtime import lease, progress
from newsmon.tasks.runtime.workers import process_pool


class TransientFeedError(RuntimeError):
    """A feed failed in a way worth retrying within this run (timeout, 5xx)."""


T = TypeVar("T")


def unwalked(value: T) -> T:
    """A task argument Prefect passes as is, instead of walking its thousands of items
    looking for futures (that walk costs more than the stage's own work)."""
    return cast(T, quote(value))


# Stages write to the database and must run every time: never reuse a cached result.
stage = task(cache_policy=NO_CACHE)


# The lease is the run's bookkeeping, not a stage: plain calls, not tasks (each task costs
# a rerun with nothing new ~45 ms; see benchmarks/rerun.py).
@contextmanager
def run_lease(database_url: str, owner: str, max_minutes: float) -> Iterator[bool]:
    """Hold the run lease for the block, renewed while it works; yields False (holding
    nothing) when another run is still working. Taking over a dead run's lease is logged."""
    engine = get_engine(database_url)
    if not claim_run(engine, owner):
        yield False
        return
    try:
        with lease.heartbeat(engine, owner, max_minutes):
            yield True
    finally:
        lease.release(engine, owner)


def claim_run(engine: Engine, owner: str) -> bool:
    """Take the run lease; False when another run holds it. Say so in the run's log, and
    when it takes over the lease of a run that died."""
    before = lease.holder(engine)
    taken = lease.claim(engine, owner)
    note = lease.abandoned(before, owner, utcnow()) if taken else None
    if note:
        get_run_logger().warning(note)
    if not taken and before is not None:
        until = f"{before.expires_at:%H:%M:%S} UTC"
        get_run_logger().warning(f"the run lease is held by {before.owner} until {until}")
    return taken


@stage
def ingest_seeds(folder: Path) -> list[Document]:
    """Read the seed articles, oldest first."""
    return read_seeds(folder)


@stage
def plan_feeds(database_url: str, feeds: list[Feed], opml: Path | None) -> list[FeedJob]:
    """The configured feeds (and the OPML file's) that are due for a poll."""
    with transaction(get_engine(database_url)) as session:
        return due_feeds(session, feeds=feeds + opml_feeds(opml), now=utcnow())


@task(cache_policy=NO_CACHE)
def poll(job: FeedJob, fetch: FetchSettings) -> FeedPoll:
    """Poll one feed; a timeout or 5xx is retried, the last failure is returned as a value."""
    result = poll_feed(job, fetch)
    if result.transient and task_run.run_count <= fetch.retries:
        raise TransientFeedError(f"feed {job.name}: {result.error}")
    progress.advanced(progress.POLLING)
    return result


def polling(fetch: FetchSettings) -> Task[[FeedJob, FetchSettings], FeedPoll]:
    """The poll task with the config's retries (declared on the network task only)."""
    return poll.with_options(retries=fetch.retries, retry_delay_seconds=fetch.retry_delay_seconds)


@stage
def record_polls(
    database_url: str, polls: list[FeedPoll], refetch_days: float
) -> tuple[list[PageJob], list[str]]:
    """Record each feed's health; return the pages to read and the feed errors."""
    now = utcnow()
    with transaction(get_engine(database_url)) as session:
        errors = record_feed_polls(session, polls=polls, now=now)
        return plan_pages(session, polls=polls, now=now, refetch_days=refetch_days), errors


@stage
def read_articles(jobs: list[PageJob], fetch: FetchSettings) -> list[Document]:
    """Download and extract the articles' pages (extraction on every core)."""
    return read_pages(jobs, fetch, process_pool(fetch.workers, len(jobs)))


@stage
def dedupe(
    database_url: str,
    documents: list[Document],
    topic: Topic,
    vocabulary: Path | None,
    polls: list[FeedPoll],
) -> Counter[str]:
    """Store new and updated articles once; count copies, off-topic items and failures.
    The feeds' validators are kept in the same transaction as their items."""
    with transaction(get_engine(database_url)) as session:
        profile = None  # only feed items are judged: no profile to build without them
        if any(doc.source_kind == "feed" for doc in documents):
            aliases = Vocabulary.load(vocabulary).aliases() if vocabulary else {}
            profile = story_profile(session, Story.of(topic, aliases), documents)
        counts = newsmon.tasks.dedupe.dedupe(session, documents, profile)
        keep_validators(session, polls=polls, documents=documents)
        return counts


@stage
def extract_figures(database_url: str, vocabulary: Path | None, workers: int) -> tuple[int, int]:
    """Extract the key figures of every article not yet analysed."""
    words = Vocabulary.load(vocabulary) if vocabulary else None
    with transaction(get_engine(database_url)) as session:
        return newsmon.tasks.figures.extract_figures(session, words, workers=workers)


@stage
def compare_figures(
    database_url: str, metrics: dict[str, MetricRule], outbox: Alerts
) -> tuple[Counter[str], int]:
    """Compare new figures with their history; queue alerts for what changed."""
    targets = [target.name for target in outbox.targets]
    with transaction(get_engine(database_url)) as session:
        return newsmon.tasks.compare.compare_figures(
            session,
            rules=metrics,
            kinds=outbox.kinds,
            targets=targets,
            only_tracked=outbox.only_tracked,
        )


@stage
def send_alerts(database_url: str, outbox: Alerts, flow_run_url: str | None) -> Counter[str]:
    """Deliver due alerts from the outbox."""
    return newsmon.tasks.alerts.send_alerts(get_engine(database_url), outbox, flow_run_url)
