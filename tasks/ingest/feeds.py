"""Feed parsing: bytes + response headers -> ParsedFeed with plain-text entries (never raises)."""

from __future__ import annotations

import hashlib
import html
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from newsmon.tasks.ingest.clean import clean_strings

BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|br|div|li|ul|ol|h[1-6]|tr|blockquote|pre|hr)\b[^>]*>", re.I)
ANY_TAG = re.compile(r"<[^>]*>")
COMMENT_OR_SCRIPT = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
WEB_LINK = re.compile(r"https?://", re.I)
JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*\{")
SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class FeedEntry:
    """One feed item, reduced to plain text and a UTC datetime."""

    link: str
    title: str
    summary: str
    content: str
    published: datetime | None
    author: str | None
    id: str
    updated: datetime | None = None  # the feed's own "this item changed" time, when it gives one

    def signature(self) -> str:
        """A hash of what the feed says of the item (title, summary, update time)."""
        stamp = self.updated.isoformat() if self.updated else ""
        text = "\x1f".join((self.title, self.summary, stamp))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class ParsedFeed:
    """A parsed feed; ``bozo`` feeds with entries are usable, ``error`` means nothing usable."""

    title: str
    entries: list[FeedEntry] = field(default_factory=list)
    bozo: bool = False
    bozo_reason: str | None = None
    error: str | None = None
    version: str = ""


def web_link(text: str) -> str:
    """`text` when it is an absolute http(s) URL with a host; else "" (the item is skipped)."""
    link = text.strip()
    if not WEB_LINK.match(link) or not link.isprintable():  # no control or invisible chars
        return ""
    try:
        link.encode("utf-8")  # a lone surrogate cannot be sent, or stored
        parts = urlsplit(link)
        host, _port = parts.hostname, parts.port  # ":abc" raises too
    except (ValueError, UnicodeEncodeError):  # "http://[::1/x", "https://[zz]/", "\ud83d"
        return ""
    # A space in a path is common and fetchable (encoded); in a host it never is.
    return link if host and host.strip(".") and " " not in host else ""


def newest(entries: list[FeedEntry], cap: int) -> tuple[list[FeedEntry], str | None]:
    """The `cap` newest entries (by date, undated ones last, else in the feed's order), and
    what to say of the rest: a feed of 100,000 items must not cost 100,000 page reads."""
    if len(entries) <= cap:
        return entries, None
    oldest = datetime.min.replace(tzinfo=UTC)
    ranked = sorted(entries, key=lambda e: e.published or e.updated or oldest, reverse=True)
    note = (
        f"{len(entries) - cap} older item(s) left out: the feed lists {len(entries)}, and "
        f"fetch.max_items_per_feed is {cap}"
    )
    return ranked[:cap], note


def unlinked(entries: list[FeedEntry]) -> str | None:
    """What to say of the items skipped for want of a usable link, if any."""
    titles = [entry.title or "(untitled)" for entry in entries if not entry.link]
    if not titles:
        return None
    shown = ", ".join(repr(title[:60]) for title in titles[:3])
    more = f" and {len(titles) - 3} more" if len(titles) > 3 else ""
    return f"{len(titles)} item(s) skipped, without a usable http(s) link: {shown}{more}"


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment: block tags become newlines, entities are decoded."""
    if "<" not in markup and "&" not in markup:
        return SPACES.sub(" ", markup).strip()
    text = COMMENT_OR_SCRIPT.sub(" ", markup)
    text = ANY_TAG.sub("", BLOCK_TAG.sub("\n", text))
    lines = (SPACES.sub(" ", line).strip() for line in html.unescape(text).split("\n"))
    return BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def parse_feed(body: bytes, *, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """Parse feed bytes with feedparser, honouring the HTTP headers (charset, base URL)."""
    if JSON_START.match(body[:64]):
        return parse_json_feed(body)
    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.setdefault("content-location", url)
    try:
        parsed = feedparser.parse(body, response_headers=response_headers)
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError) as exc:
        return ParsedFeed(title="", error=f"feedparser failed: {type(exc).__name__}: {exc}")
    return _to_feed(parsed)


def _to_feed(parsed: Any) -> ParsedFeed:
    bozo = bool(parsed.get("bozo"))
    exc = parsed.get("bozo_exception")
    reason = f"{type(exc).__name__}: {exc}" if bozo and exc is not None else None
    entries = [_to_entry(raw) for raw in parsed.get("entries", [])]
    feed = parsed.get("feed", {})
    version = parsed.get("version") or ""
    result = ParsedFeed(html_to_text(feed.get("title", "")), entries, bozo, reason, None, version)
    if not entries and not version and (bozo or not feed):
        result.error = f"not a recognisable feed ({reason or 'no feed elements'})"
    return result


def _to_entry(raw: Any) -> FeedEntry:
    link = web_link(raw.get("link") or "")
    contents = [c.get("value", "") for c in raw.get("content", []) if isinstance(c, Mapping)]
    return clean_strings(
        FeedEntry(
            link=link,
            title=html_to_text(raw.get("title", "")),
            summary=html_to_text(raw.get("summary", "")),
            content="\n\n".join(html_to_text(c) for c in contents if c).strip(),
            published=entry_datetime(raw),
            author=raw.get("author") or None,
            id=(raw.get("id") or link or "").strip(),
            updated=_updated(raw),
        )
    )


def _updated(raw: Mapping[str, Any]) -> datetime | None:
    """The entry's update time, when the feed gives one apart from its publication time."""
    published = raw.get("published_parsed")
    if not raw.get("updated_parsed") or raw.get("updated_parsed") == published:
        return None
    return entry_datetime({"updated_parsed": raw.get("updated_parsed")})


def entry_datetime(raw: Mapping[str, Any]) -> datetime | None:
    """Published (or updated/created) time of an entry as an aware UTC datetime."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = raw.get(key)
        if isinstance(stamp, time.struct_time):
            try:
                return datetime(*stamp[:6], tzinfo=UTC)
            except (ValueError, OverflowError):
                continue
    return None


def parse_json_feed(body: bytes) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (which feedparser 6.0 does not read) into a ParsedFeed."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return ParsedFeed(
            title="", bozo=True, bozo_reason=f"invalid JSON: {exc}", error=f"invalid JSON: {exc}"
        )
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return ParsedFeed(title="", error="not a JSON Feed (no items list)")
    entries = [_json_entry(item) for item in data["items"] if isinstance(item, dict)]
    return ParsedFeed(html_to_text(str(data.get("title") or "")), entries, version="json")


def _json_entry(item: dict[str, Any]) -> FeedEntry:
    link = web_link(str(item.get("url") or item.get("external_url") or ""))
    content = item.get("content_text") or html_to_text(str(item.get("content_html") or ""))
    authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
    names = [a.get("name", "") for a in authors if isinstance(a, dict) and a.get("name")]
    return clean_strings(
        FeedEntry(
            link=link,
            title=html_to_text(str(item.get("title") or "")),
            summary=html_to_text(str(item.get("summary") or "")),
            content=str(content).strip(),
            published=_iso_datetime(item.get("date_published") or item.get("date_modified")),
            updated=_iso_datetime(item.get("date_modified"))
            if item.get("date_published")
            else None,
            author=", ".join(names) or None,
            id=str(item.get("id") or link),
        )
    )


def _iso_datetime(value: object) -> datetime | None:
    """An RFC 3339 timestamp as an aware UTC datetime (naive ones are taken as UTC)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # "0001-01-01T00:00:00+01:00" falls before year 1
        return None
