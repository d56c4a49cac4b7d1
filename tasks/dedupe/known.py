"""What a batch's documents are checked against: the stored articles they may repeat.

`load_known` reads, in a few queries for the whole batch, the latest version of each URL,
the articles with the same text, and the near-copy candidates sharing an LSH band. The batch
adds each article it stores, because a later document may be a version or copy of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from sqlmodel import Session

from newsmon.db import queries
from newsmon.db.models import Article
from newsmon.tasks.dedupe.neardup import (
    Fingerprint,
    band_keys,
    fingerprint,
    is_near_duplicate,
    text_hash,
)
from newsmon.tasks.ingest.documents import Document


class Reading:
    """A document's text as deduplication reads it: its hash, then if needed its fingerprint.

    An unchanged page (most re-reads) needs only the hash; fingerprinting costs ~1 ms, so
    it is done here only when no worker process did it while extracting the page.
    """

    def __init__(self, text: str, fingerprint: Fingerprint | None = None) -> None:
        self.text, self.text_hash, self._fingerprint = text, text_hash(text), fingerprint

    @property
    def fingerprint(self) -> Fingerprint:
        """The MinHash fingerprint of the text."""
        if self._fingerprint is None:
            self._fingerprint = fingerprint(self.text)
        return self._fingerprint

    @cached_property
    def bands(self) -> list[str]:
        """The LSH band keys of the fingerprint."""
        return band_keys(self.fingerprint)


def read(doc: Document) -> Reading | None:
    """How deduplication reads a document (None when it failed)."""
    return None if doc.failed else Reading(doc.text or "", doc.fingerprint)


FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


def aware(when: datetime) -> datetime:
    """A datetime in UTC (SQLite may hand back naive ones, which are UTC)."""
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def published_key(article: Article) -> tuple[datetime, int]:
    """Publication order: undated last, then storing order (a batch's new articles last)."""
    return aware(article.published or FAR_FUTURE), article.id or 1 << 62


def earlier(article: Article, other: Article) -> bool:
    """Whether `article` was published (or, on the same date, stored) before `other`."""
    return published_key(article) < published_key(other)


@dataclass
class Known:
    """The articles a batch's documents are checked against, kept current as it stores.

    Loaded in a few queries for the whole batch; each article the batch stores joins it,
    because a later document may be another version, a copy or a near-copy of it.
    """

    latest: dict[str, Article]  # the newest version of each canonical URL
    texts: dict[str, dict[str, Article]] = field(default_factory=dict)  # hash -> status -> first
    banded: list[Article] = field(default_factory=list)  # indexed by LSH band, oldest first
    bands: dict[str, list[int]] = field(default_factory=dict)  # band -> positions in `banded`
    new_bands: list[tuple[Article, list[str]]] = field(default_factory=list)  # to insert

    def note_text(self, article: Article) -> None:
        """Count an analysed or pending article as the original of its text if it is the first."""
        if article.text_hash is None or article.status not in ("analysed", "pending"):
            return
        firsts = self.texts.setdefault(article.text_hash, {})
        first = firsts.get(article.status)
        if first is None or earlier(article, first):
            firsts[article.status] = article

    def replace(self, copy: Article, original: Article) -> None:
        """The earlier-published `original` takes the place of `copy` as first of its text."""
        for firsts in self.texts.values():
            for status in [s for s, first in firsts.items() if first is copy]:
                del firsts[status]
        self.note_text(original)

    def index(self, article: Article, bands: Iterable[str]) -> None:
        """Make an article a near-duplicate candidate under these bands."""
        # Callers index one article's bands together (the query returns them sorted by
        # article), so a repeat of the last article is the only repeat there can be.
        if not self.banded or self.banded[-1] is not article:
            self.banded.append(article)
        for band in bands:
            self.bands.setdefault(band, []).append(len(self.banded) - 1)

    def original(self, reading: Reading) -> Article | None:
        """The article a text copies: the first with the same text, else the oldest near-copy."""
        firsts = self.texts.get(reading.text_hash, {})
        return firsts.get("analysed") or firsts.get("pending") or self._near_original(reading)

    def _near_original(self, reading: Reading) -> Article | None:
        for position in sorted({p for band in reading.bands for p in self.bands.get(band, [])}):
            candidate = self.banded[position]
            if candidate.minhash and is_near_duplicate(
                reading.fingerprint, Fingerprint.from_str(candidate.minhash)
            ):
                return candidate
        return None

    def store(self, session: Session, article: Article, bands: list[str] | None = None) -> None:
        """Add a new article, and with its LSH `bands` make it a near-duplicate candidate too."""
        session.add(article)
        self.latest[article.canonical_url] = article
        self.note_text(article)
        if bands is not None:
            self.index(article, bands)
            self.new_bands.append((article, bands))


def load_known(
    session: Session, docs: Sequence[Document], readings: Sequence[Reading | None]
) -> Known:
    """The latest version of each URL of the batch, and the possible originals of new URLs."""
    known = Known(queries.latest_versions(session, canonical_urls=[d.canonical_url for d in docs]))
    unseen = [
        reading
        for doc, reading in zip(docs, readings, strict=True)
        if reading and doc.canonical_url not in known.latest
    ]
    for article in queries.articles_with_texts(session, text_hashes=[r.text_hash for r in unseen]):
        known.note_text(article)
    bands = [band for reading in unseen for band in reading.bands]
    for band, article in queries.banded_articles(session, bands=bands):
        known.index(article, [band])
    return known
