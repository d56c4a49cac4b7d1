"""Store ingested documents once: same URL, same text, near-copies, updates, off-topic items.

A batch is stored in publication order, so the first report of a text is the earliest
published one. When a copy read earlier turns out to be younger than the article it
copies (a feed listing the syndicated copy first, an original arriving late), the two
swap: the original takes the copy's figures and alerts, and the copy becomes its duplicate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlmodel import Session

from newsmon.db import queries
from newsmon.db.models import Article, ArticleBand, utcnow
from newsmon.tasks.dedupe.known import (
    FAR_FUTURE,
    Known,
    Reading,
    aware,
    earlier,
    load_known,
    read,
)
from newsmon.tasks.dedupe.relevance import TopicProfile
from newsmon.tasks.dedupe.topic import judge_relevance
from newsmon.tasks.ingest.clean import clean_document
from newsmon.tasks.ingest.documents import Document

RECOVERED_FIELDS = (
    *("text", "text_hash", "minhash", "error", "title", "outlet", "author", "published"),
    *("from_feed", "etag", "last_modified", "status", "fetched_at", "feed_signature"),
    *("relevance", "relevance_names", "skip_reason"),
)
# Statuses that mean "part of the story": an original taking over a copy keeps them.
ACCEPTED = ("analysed", "pending")


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
        feed_signature=doc.feed_signature,
        first_seen_at=utcnow(),
        **fields,  # type: ignore[arg-type]
    )


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
    # Now pending: the original of a later copy of its text, if published before the others
    # with that text (its id, given by a flush if it came in this batch, breaks ties).
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
    article.first_seen_at = latest.first_seen_at or latest.fetched_at
    known.store(session, article, reading.bands)
    return "updated"


def _root(session: Session, article: Article) -> Article:
    """The original a duplicate leads to (an original that was since swapped for an older one)."""
    seen = set()
    while article.status == "duplicate" and article.duplicate_of_id and article.id not in seen:
        seen.add(article.id)
        found = session.get(Article, article.duplicate_of_id)
        if found is None:
            break
        article = found
    return article


def _take_over(
    session: Session, known: Known, original: Article, copy: Article, reading: Reading
) -> str:
    """An earlier-published original replaces the copy stored before it as the first report."""
    original.status = copy.status if copy.status in ACCEPTED else "pending"
    original.relevance, original.relevance_names = copy.relevance, copy.relevance_names
    known.store(session, original, reading.bands)
    original_id = _id(session, original)
    queries.repoint_duplicates(session, from_id=_id(session, copy), to_id=original_id)
    if copy.status == "analysed":  # its figures, changes and alerts now belong to the original
        queries.move_figures(session, from_id=_id(session, copy), to=original)
    copy.status, copy.duplicate_of_id = "duplicate", original_id
    known.replace(copy, original)
    return "new"


def _store_new(
    session: Session, known: Known, article: Article, reading: Reading, profile: TopicProfile | None
) -> str:
    """Store an article under a URL not seen before: a copy, off-topic, or new."""
    original = known.original(reading)
    if original is not None:
        original = _root(session, original)
        if original.status in ACCEPTED and earlier(article, original):
            return _take_over(session, known, article, original, reading)
        article.status, article.duplicate_of_id = "duplicate", _id(session, original)
        known.store(session, article)
        return "duplicate"
    if profile is not None:
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
        latest.feed_signature = doc.feed_signature or latest.feed_signature
        return "unchanged"
    article = _new_article(doc, source_id, status="pending", text_hash=reading.text_hash)
    article.minhash = reading.fingerprint.to_str()
    profile = profile if doc.source_kind == "feed" else None
    if latest is None:
        return _store_new(session, known, article, reading, profile)
    if latest.status != "failed" and profile is not None:
        judge_relevance(article, profile)
    return _store_version(session, known, latest, article, reading)


def source_ids(session: Session, docs: Iterable[Document]) -> dict[str, int]:
    """The id of each document's source, registered with the kind of its first document."""
    specs = ((doc.source, doc.source_kind, None) for doc in docs)
    sources = queries.get_or_create_sources(session, specs=specs)
    return {name: source.id or 0 for name, source in sources.items()}


def in_publication_order(docs: Iterable[Document]) -> list[Document]:
    """The documents oldest first (undated last; the order they came in among equals)."""
    return sorted(docs, key=lambda doc: aware(doc.published or FAR_FUTURE))


def dedupe(
    session: Session, docs: Iterable[Document], profile: TopicProfile | None = None
) -> Counter[str]:
    """Store a batch of documents, oldest first; counts each outcome.

    Each document is checked as if the batch were stored one by one, against the stored
    articles and the batch's earlier ones, with a few queries for the whole batch.
    """
    docs = in_publication_order(clean_document(doc) for doc in docs)  # fit for any database
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
