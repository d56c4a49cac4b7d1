"""Thin Prefect tasks over the plain functions in tasks/: one task per stage and batch."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TypeVar, cast

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import task_run
from prefect.utilities.annotations import quote

from newsmon.config.settings import FetchSettings, Settings
from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import utcnow
from newsmon.tasks.alerts.outbox import deliver_due
from newsmon.tasks.compare.store import compare_new_figures
from newsmon.tasks.dedupe.store import store_documents, topic_profile
from newsmon.tasks.figures.store import analyse_pending
from newsmon.tasks.figures.vocabulary import Vocabulary
from newsmon.tasks.ingest import feedsync
from newsmon.tasks.ingest.documents import Document
from newsmon.tasks.ingest.feedsync import due_feeds, opml_feeds
from newsmon.tasks.ingest.seeds import read_seeds
from newsmon.tasks.ingest.web import FeedJob, FeedPoll, PageJob, poll_feed, read_pages
from newsmon.tasks.runtime import lease
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


@stage
def claim_run(settings: Settings, owner: str) -> bool:
    """Take the run lease; False when another run is still working."""
    return lease.claim(get_engine(settings.database_url), owner, settings.config.max_run_minutes)


@stage
def release_run(settings: Settings, owner: str) -> None:
    """Give the run lease back."""
    lease.release(get_engine(settings.database_url), owner)


@stage
def ingest_seeds(folder: Path) -> list[Document]:
    """Read the seed articles, oldest first."""
    return read_seeds(folder)


@stage
def plan_feeds(settings: Settings) -> list[FeedJob]:
    """The configured feeds (and the OPML file's) that are due for a poll."""
    feeds = settings.config.feeds + opml_feeds(settings.opml_path)
    with transaction(get_engine(settings.database_url)) as session:
        return due_feeds(session, feeds=feeds, now=utcnow())


@task(cache_policy=NO_CACHE)
def poll(job: FeedJob, fetch: FetchSettings) -> FeedPoll:
    """Poll one feed; a timeout or 5xx is retried, the last failure is returned as a value."""
    result = poll_feed(job, fetch)
    if result.transient and task_run.run_count <= fetch.retries:
        raise TransientFeedError(f"feed {job.name}: {result.error}")
    return result


def polling(settings: Settings) -> Task[[FeedJob, FetchSettings], FeedPoll]:
    """The poll task with the config's retries (declared on the network task only)."""
    fetch = settings.config.fetch
    return poll.with_options(retries=fetch.retries, retry_delay_seconds=fetch.retry_delay_seconds)


@stage
def record_polls(settings: Settings, polls: list[FeedPoll]) -> tuple[list[PageJob], list[str]]:
    """Record each feed's health; return the pages to read and the feed errors."""
    now, refetch_days = utcnow(), settings.config.fetch.refetch_days
    with transaction(get_engine(settings.database_url)) as session:
        errors = feedsync.record_polls(session, polls=polls, now=now)
        return feedsync.plan_pages(session, polls=polls, now=now, refetch_days=refetch_days), errors


@stage
def read_articles(settings: Settings, jobs: list[PageJob]) -> list[Document]:
    """Download and extract the articles' pages (extraction on every core)."""
    fetch = settings.config.fetch
    return read_pages(jobs, fetch, process_pool(fetch.workers, len(jobs)))


@stage
def deduplicate(settings: Settings, documents: list[Document]) -> Counter[str]:
    """Store new and updated articles once; count copies, off-topic items and failures."""
    topic = settings.config.topic
    profile = topic_profile(documents, topic.keywords, topic.relevance_threshold)
    with transaction(get_engine(settings.database_url)) as session:
        return store_documents(session, documents, profile)


@stage
def extract_figures(settings: Settings) -> tuple[int, int]:
    """Extract the key figures of every article not yet analysed."""
    path = settings.vocabulary_path
    vocabulary = Vocabulary.load(path) if path else None
    with transaction(get_engine(settings.database_url)) as session:
        return analyse_pending(session, vocabulary, workers=settings.config.fetch.workers)


@stage
def compare_figures(settings: Settings) -> tuple[Counter[str], int]:
    """Compare new figures with their history; queue alerts for what changed."""
    with transaction(get_engine(settings.database_url)) as session:
        return compare_new_figures(session, settings)


@stage
def send_alerts(settings: Settings, flow_run_url: str | None) -> Counter[str]:
    """Deliver due alerts from the outbox."""
    return deliver_due(get_engine(settings.database_url), settings, flow_run_url)
