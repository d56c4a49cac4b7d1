"""Store ingested documents once: same URL, same text, near-copies, updates, off-topic items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from sqlmodel import Session

from newsmon.db import queries
from newsmon.db.models import Article, ArticleBand, utcnow
from newsmon.tasks.dedupe.neardup import (
    Fingerprint,
    band_keys,
    fingerprint,
    is_near_duplicate,
    text_hash,
)
from newsmon.tasks.dedupe.relevance import TopicProfile
from newsmon.tasks.ingest.documents import Document

RECOVERED_FIELDS = (
    *("text", "text_hash", "minhash", "error", "title", "outlet", "author", "published"),
    *("from_feed", "etag", "last_modified", "status", "fetched_at"),
)


def _new_article(doc: Document, source_id: int, **fields: object) -> Article:
    return Article(
        source_id=source_id,
        url=doc.url,
        canonical_url=doc.canonical_url,
        title=doc.title,
        outlet=doc.outlet,
        author=doc.author,
        published=doc.published,
        text=doc.text,
        error=doc.error,
        from_feed=doc.from_feed,
        etag=doc.etag,
        last_modified=doc.last_modified,
        **fields,  # type: ignore[arg-type]
    )


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


def _older(article: Article, other: Article) -> bool:
    """Whether `article` was stored before `other` (a batch's new articles have no id yet)."""
    return article.id is not None and (other.id is None or article.id < other.id)


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
        if first is None or _older(article, first):
            firsts[article.status] = article

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


def _id(session: Session, article: Article) -> int:
    """An article's id; one stored earlier in the batch gets it from a flush."""
    if article.id is None:
        session.flush()
    assert article.id is not None
    return article.id


def _record_failure(
    session: Session, known: Known, doc: Document, latest: Article | None, source_id: int
) -> str:
    if latest is None:
        known.store(session, _new_article(doc, source_id, status="failed"))
    elif latest.status == "failed":
        latest.attempts += 1
        latest.error = doc.error
        latest.fetched_at = utcnow()
    # A failure to re-read an article already stored loses nothing: keep what we have.
    return "failed"


def _recover(session: Session, known: Known, latest: Article, fresh: Article) -> str:
    for name in RECOVERED_FIELDS:
        setattr(latest, name, getattr(fresh, name))
    latest.attempts += 1
    # Now pending: the original of a later copy of its text, if stored before the others
    # with that text, which its id (given by a flush if it came in this batch) tells.
    _id(session, latest)
    known.note_text(latest)
    return "new"


def _store_version(
    session: Session, known: Known, latest: Article, article: Article, reading: Reading
) -> str:
    """Store changed text at a known URL: the recovery of a failure, or a new version."""
    if latest.status == "failed":
        return _recover(session, known, latest, article)
    article.version, article.previous_version_id = latest.version + 1, _id(session, latest)
    known.store(session, article, reading.bands)
    return "updated"


def judge_relevance(article: Article, profile: TopicProfile | None) -> None:
    """Score a web article against the topic; under the threshold it is skipped, not analysed."""
    if profile is not None:
        article.relevance = profile.score(article.text or "")
        article.status = "skipped" if article.relevance < profile.threshold else "pending"


def topic_profile(
    docs: Iterable[Document], keywords: Iterable[str], threshold: float
) -> TopicProfile:
    """The topic as the seed documents and the config's keywords describe it."""
    seeds = [doc.text for doc in docs if doc.source_kind == "seed" and doc.text]
    return TopicProfile.build(seeds, keywords, threshold=threshold)


def _store_new(
    session: Session, known: Known, article: Article, reading: Reading, profile: TopicProfile | None
) -> str:
    """Store an article under a URL not seen before: a copy, off-topic, or new."""
    original = known.original(reading)
    if original is not None:
        article.status, article.duplicate_of_id = "duplicate", _id(session, original)
        known.store(session, article)
        return "duplicate"
    judge_relevance(article, profile)
    known.store(session, article, reading.bands)
    return "skipped" if article.status == "skipped" else "new"


def store_document(
    session: Session,
    known: Known,
    doc: Document,
    reading: Reading | None,
    *,
    source_id: int,
    profile: TopicProfile | None = None,
) -> str:
    """Store one document; returns new | unchanged | updated | duplicate | skipped | failed."""
    latest = known.latest.get(doc.canonical_url)
    if reading is None:
        return _record_failure(session, known, doc, latest, source_id)
    if latest is not None and latest.status != "failed" and latest.text_hash == reading.text_hash:
        return "unchanged"
    article = _new_article(doc, source_id, status="pending", text_hash=reading.text_hash)
    article.minhash = reading.fingerprint.to_str()
    profile = profile if doc.source_kind == "feed" else None
    if latest is None:
        return _store_new(session, known, article, reading, profile)
    if latest.status != "failed":
        judge_relevance(article, profile)
    return _store_version(session, known, latest, article, reading)


def source_ids(session: Session, docs: Iterable[Document]) -> dict[str, int]:
    """The id of each document's source, registered with the kind of its first document."""
    specs = ((doc.source, doc.source_kind, None) for doc in docs)
    sources = queries.get_or_create_sources(session, specs=specs)
    return {name: source.id or 0 for name, source in sources.items()}


def dedupe(
    session: Session, docs: Iterable[Document], profile: TopicProfile | None = None
) -> Counter[str]:
    """Store a batch of documents; counts each outcome.

    Each document is checked as if the batch were stored one by one, against the stored
    articles and the batch's earlier ones, with a few queries for the whole batch.
    """
    docs = list(docs)
    sources = source_ids(session, docs)
    readings = [read(doc) for doc in docs]
    known = load_known(session, docs, readings)
    outcomes = Counter(
        store_document(session, known, doc, reading, source_id=sources[doc.source], profile=profile)
        for doc, reading in zip(docs, readings, strict=True)
    )
    session.flush()  # the new articles' ids, for their bands
    rows = [{"article_id": a.id, "band": band} for a, bands in known.new_bands for band in bands]
    queries.add_rows(session, model=ArticleBand, rows=rows)
    return outcomes


def rescore_skipped(session: Session, profile: TopicProfile) -> int:
    """Score skipped articles again (after a topic or threshold change); returns how many return."""
    skipped = queries.list_articles(session, statuses=["skipped"])
    for article in skipped:
        judge_relevance(article, profile)
    return sum(article.status == "pending" for article in skipped)
