"""Store ingested documents once: same URL, same text, near-copies, updates, off-topic items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlmodel import Session

from db import queries
from db.models import Article, utcnow
from tasks.documents import Document
from tasks.neardup import Fingerprint, band_keys, fingerprint, is_near_duplicate, text_hash
from tasks.relevance import TopicProfile

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


def _record_failure(session: Session, doc: Document, latest: Article | None, source_id: int) -> str:
    if latest is None:
        queries.add(session, _new_article(doc, source_id, status="failed"))
    elif latest.status == "failed":
        latest.attempts += 1
        latest.error = doc.error
        latest.fetched_at = utcnow()
    # A failure to re-read an article already stored loses nothing: keep what we have.
    return "failed"


def _recover(latest: Article, fresh: Article) -> str:
    for name in RECOVERED_FIELDS:
        setattr(latest, name, getattr(fresh, name))
    latest.attempts += 1
    return "new"


def _near_original(session: Session, fp: Fingerprint) -> Article | None:
    """The first stored article this fingerprint nearly duplicates."""
    for candidate in queries.near_duplicate_candidates(session, bands=band_keys(fp)):
        if candidate.minhash and is_near_duplicate(fp, Fingerprint.from_str(candidate.minhash)):
            return candidate
    return None


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
    session: Session, article: Article, fp: Fingerprint, profile: TopicProfile | None
) -> str:
    """Store an article under a URL not seen before: a copy, off-topic, or new."""
    original = queries.article_with_text(session, text_hash=article.text_hash or "")
    original = original or _near_original(session, fp)
    if original is not None:
        article.status, article.duplicate_of_id = "duplicate", original.id
        queries.add(session, article)
        return "duplicate"
    judge_relevance(article, profile)
    queries.add(session, article)
    queries.add_bands(session, article_id=article.id or 0, bands=band_keys(fp))
    return "skipped" if article.status == "skipped" else "new"


def store_document(
    session: Session, doc: Document, *, source_id: int, profile: TopicProfile | None = None
) -> str:
    """Store one document; returns new | unchanged | updated | duplicate | skipped | failed."""
    latest = queries.latest_version(session, canonical_url=doc.canonical_url)
    if doc.failed:
        return _record_failure(session, doc, latest, source_id)
    fp = fingerprint(doc.text or "")
    article = _new_article(doc, source_id, status="pending", text_hash=text_hash(doc.text or ""))
    article.minhash = fp.to_str()
    profile = profile if doc.source_kind == "feed" else None
    if latest is None:
        return _store_new(session, article, fp, profile)
    if latest.status == "failed":
        return _recover(latest, article)
    if latest.text_hash == article.text_hash:
        return "unchanged"
    article.version, article.previous_version_id = latest.version + 1, latest.id
    judge_relevance(article, profile)
    queries.add(session, article)
    queries.add_bands(session, article_id=article.id or 0, bands=band_keys(fp))
    return "updated"


def store_documents(
    session: Session, docs: Iterable[Document], profile: TopicProfile | None = None
) -> Counter[str]:
    """Store a batch of documents; counts each outcome."""
    sources: dict[str, int] = {}
    outcomes: Counter[str] = Counter()
    for doc in docs:
        if doc.source not in sources:
            source = queries.get_or_create_source(session, name=doc.source, kind=doc.source_kind)
            sources[doc.source] = source.id or 0
        outcomes[store_document(session, doc, source_id=sources[doc.source], profile=profile)] += 1
    return outcomes


def rescore_skipped(session: Session, profile: TopicProfile) -> int:
    """Score skipped articles again (after a topic or threshold change); returns how many return."""
    skipped = queries.list_articles(session, statuses=["skipped"])
    for article in skipped:
        judge_relevance(article, profile)
    return sum(article.status == "pending" for article in skipped)
