"""Article extraction from HTML pages with trafilatura, and a feed-entry fallback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura
from lxml import etree
from trafilatura.settings import Document

# Named exception to stage order: page workers fingerprint the text they extract, for
# dedupe, while it is in their memory (a second pass would cost ~1 ms per page).
from newsmon.tasks.dedupe.neardup import Fingerprint
from newsmon.tasks.ingest.feeds import FeedEntry

BINARY_MARKERS = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
MAX_CONTROL_SHARE = 0.01
MIN_TEXT_CHARS = 1


@dataclass(frozen=True)
class Page:
    """An extracted article; ``error`` says why there is no text, ``from_feed`` marks a fallback."""

    url: str
    text: str
    title: str | None = None
    author: str | None = None
    date: datetime | None = None
    sitename: str | None = None
    error: str | None = None
    from_feed: bool = False
    fingerprint: Fingerprint | None = None  # near-duplicate fingerprint of `text`


def extract_page(html: bytes | str, *, url: str, fast: bool = False) -> Page:
    """Main text and metadata of an HTML page; never raises (``fast`` skips fallbacks)."""
    problem = _not_html(html)
    if problem:
        return Page(url=url, text="", error=problem)
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, fast=fast, with_metadata=True, include_comments=False
        )
    except (ValueError, TypeError, UnicodeError, RecursionError, etree.LxmlError) as exc:
        return Page(url=url, text="", error=f"extraction failed: {type(exc).__name__}: {exc}")
    text = (doc.text or "").strip() if isinstance(doc, Document) else ""
    if not isinstance(doc, Document) or len(text) < MIN_TEXT_CHARS:
        return Page(url=url, text="", error="no article text found")
    return Page(
        url=url,
        text=text,
        title=doc.title or None,
        author=doc.author or None,
        date=parse_date(doc.date),
        sitename=doc.sitename or None,
    )


def _not_html(html: bytes | str) -> str | None:
    """Why the input is clearly not an HTML page (empty, binary, control bytes), or None."""
    head = html[:4096].encode("utf-8", "replace") if isinstance(html, str) else html[:4096]
    if not head.strip():
        return "empty document"
    if head.lstrip().startswith(BINARY_MARKERS):
        return "not HTML: binary content"
    if len(CONTROL_BYTES.findall(head)) > MAX_CONTROL_SHARE * len(head):
        return "not HTML: binary or garbage bytes"
    return None


def parse_date(value: str | None) -> datetime | None:
    """An ISO date/datetime string from trafilatura as an aware UTC datetime."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def page_from_entry(entry: FeedEntry, *, url: str | None = None) -> Page:
    """A Page built from a feed entry's content or summary, marked ``from_feed=True``."""
    text = entry.content or entry.summary
    return Page(
        url=url or entry.link,
        text=text,
        title=entry.title or None,
        author=entry.author,
        date=entry.published,
        error=None if text else "feed entry has no text",
        from_feed=True,
    )
