"""Which feeds to poll, what their polls did to their health, which pages to (re)read."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import ValidationError
from sqlmodel import Session

from newsmon.config.settings import ConfigError, Feed
from newsmon.db import queries
from newsmon.db.models import Article, Source
from newsmon.tasks.ingest.documents import Document
from newsmon.tasks.ingest.feedhealth import is_due, record_failure, record_success
from newsmon.tasks.ingest.feeds import FeedEntry
from newsmon.tasks.ingest.opml import read_opml
from newsmon.tasks.ingest.urls import canonical_url
from newsmon.tasks.ingest.web import FeedJob, FeedPoll, PageJob, entries_of

log = logging.getLogger(__name__)


def opml_feeds(path: Path | None) -> list[Feed]:
    """The feeds listed in an OPML file (none when no file is configured)."""
    if path is None:
        return []
    try:
        refs = read_opml(path.read_bytes())
    except OSError as exc:
        raise ConfigError(f"cannot read OPML file {path}: {exc.strerror or exc}") from exc
    feeds = []
    for ref in refs:
        try:
            feeds.append(Feed(name=ref.title or ref.url, url=ref.url))
        except ValidationError as exc:  # one bad entry (feed://, a relative URL) is skipped
            log.warning(
                "OPML %s: %s", path.name, exc.errors()[0]["msg"].removeprefix("Value error, ")
            )
    return feeds


def due_feeds(session: Session, *, feeds: Sequence[Feed], now: datetime) -> list[FeedJob]:
    """Register the configured feeds and return those due for a poll."""
    # A name listed twice is registered with its first URL.
    specs = ((feed.name, "feed", feed.url) for feed in feeds)
    known = queries.get_or_create_sources(session, specs=specs)
    jobs = []
    for feed in feeds:
        source = known[feed.name]
        if source.url != feed.url:  # the config moved the feed: forget the old validators
            source.url, source.etag, source.last_modified = feed.url, None, None
        if is_due(source, now):
            jobs.append(FeedJob(feed.name, feed.url, source.etag, source.last_modified))
    return jobs


def record_poll(source: Source, poll: FeedPoll, now: datetime) -> None:
    """Update one feed's health from its poll."""
    if poll.error:
        record_failure(source, now=now, error=poll.error, retry_after=poll.retry_after)
    else:
        record_success(source, now=now)
        source.last_error = poll.warning


def record_polls(session: Session, *, polls: Sequence[FeedPoll], now: datetime) -> list[str]:
    """Record every poll on its feed's health; returns the errors, one line each."""
    specs = ((poll.job.name, "feed", None) for poll in polls)
    known = queries.get_or_create_sources(session, specs=specs)
    for poll in polls:
        record_poll(known[poll.job.name], poll, now)
    return [f"feed {poll.job.name}: {poll.error or poll.skipped}" for poll in polls
            if poll.error or poll.skipped]  # fmt: skip


def keep_validators(
    session: Session, *, polls: Sequence[FeedPoll], documents: Sequence[Document] = ()
) -> None:
    """Keep each polled feed's ETag and Last-Modified for its next conditional poll.

    Only in the transaction that stores the feed's items: kept any earlier, a run that dies
    before storing them would be told "304 Not Modified" next time, and never read them. A
    feed with a page that could not be read keeps none, so that it is polled in full next
    time and the page retried (a feed with a dead link is never polled conditionally).
    """
    failing = {doc.source for doc in documents if doc.failed}
    kept = [poll for poll in polls if not poll.error]
    known = queries.get_or_create_sources(session, specs=((p.job.name, "feed", None) for p in kept))
    for poll in kept:
        retry = poll.job.name in failing
        source = known[poll.job.name]
        source.etag = None if retry else poll.etag
        source.last_modified = None if retry else poll.last_modified


def wants_reading(stored: Article | None, entry: FeedEntry, now: datetime, days: float) -> bool:
    """Read a page that is new, failed, only known from its feed, or may have been edited."""
    # Re-read while first seen less than `days` ago, whatever the dateline says (a story
    # replayed or backfilled has old datelines but fresh edits), and whenever the feed
    # signals a change: a new update time, title or summary.
    if stored is None or stored.status == "failed" or stored.from_feed:
        return True
    if stored.status == "skipped":
        return False
    first_seen = stored.first_seen_at or stored.fetched_at
    recent = first_seen >= now - timedelta(days=days)
    signalled = stored.feed_signature not in (None, entry.signature())
    return recent or signalled


def plan_pages(
    session: Session, *, polls: Sequence[FeedPoll], now: datetime, refetch_days: float
) -> list[PageJob]:
    """The pages to read from these polls, with validators for the ones already stored."""
    entries = {canonical_url(entry.link): (feed, entry) for feed, entry in entries_of(polls)}
    stored = queries.latest_versions(session, canonical_urls=list(entries))
    jobs = []
    for url, (feed, entry) in entries.items():
        known = stored.get(url)
        if wants_reading(known, entry, now, refetch_days):
            usable = known is not None and known.status != "failed" and not known.from_feed
            etag, modified = (known.etag, known.last_modified) if known and usable else (None, None)
            jobs.append(PageJob(feed, entry, etag, modified, stored=usable))
    return jobs
