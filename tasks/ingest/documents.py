"""The unit every ingester hands to deduplication: one article, or why it failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Named exception to stage order: the fingerprint page workers compute for dedupe, a
    # type only (at run time dedupe imports this module, so importing it back would cycle).
    from newsmon.tasks.dedupe.neardup import Fingerprint


@dataclass(frozen=True)
class Document:
    """An article as read from a seed file or the web, before deduplication."""

    url: str
    canonical_url: str
    source: str
    source_kind: str  # "seed" | "feed"
    text: str | None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: datetime | None = None
    error: str | None = None  # why it failed, or a note (the page failed, the feed had text)
    from_feed: bool = False  # text is the feed's summary because the page failed
    etag: str | None = None  # validators of the page, for the next conditional fetch
    last_modified: str | None = None
    fingerprint: Fingerprint | None = None  # of `text`, when a worker process computed it
    feed_signature: str | None = None  # what the feed said of it (FeedEntry.signature)

    @property
    def failed(self) -> bool:
        """No text could be read: the document records a failure."""
        return self.text is None
