"""Ingest: seed files and feed items read into Documents, every failure a value.

`read_seeds` reads the seeds folder; `due_feeds` picks the feeds to poll, `poll_feed` fetches
one (conditional GET, SSRF guard, size and time limits), `record_polls` and `plan_pages`
keep each feed's health and choose the pages to (re)read, and `read_pages` downloads them
and extracts their text with trafilatura on worker processes. `keep_validators` keeps a
feed's ETag and Last-Modified in the transaction that stores its items (the dedupe stage's).
"""

from newsmon.tasks.ingest.documents import Document
from newsmon.tasks.ingest.feedsync import (
    due_feeds,
    keep_validators,
    opml_feeds,
    plan_pages,
    record_polls,
)
from newsmon.tasks.ingest.seeds import read_seeds
from newsmon.tasks.ingest.web import FeedJob, FeedPoll, PageJob, poll_feed, read_pages

__all__ = [
    "Document",
    "FeedJob",
    "FeedPoll",
    "PageJob",
    "due_feeds",
    "keep_validators",
    "opml_feeds",
    "plan_pages",
    "poll_feed",
    "read_pages",
    "read_seeds",
    "record_polls",
]
