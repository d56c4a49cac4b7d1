"""Store ingested documents once: same URL, same text, or a new version of an article."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable

from sqlmodel import Session

from db import queries
from db.models import Article, utcnow
from tasks.documents import Document

WHITESPACE = re.compile(r"\s+")


def text_hash(text: str) -> str:
    """A hash of the text that ignores case and whitespace differences."""
    normal = WHITESPACE.sub(" ", text).strip().casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


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


RECOVERED_FIELDS = ("text", "text_hash", "error", "title", "outlet", "author", "published",
                    "from_feed", "etag", "last_modified", "status", "fetched_at")  # fmt: skip


def _recover(latest: Article, doc: Document, digest: str) -> str:
    fresh = _new_article(doc, latest.source_id, status="pending", text_hash=digest)
    for name in RECOVERED_FIELDS:
        setattr(latest, name, getattr(fresh, name))
    latest.attempts += 1
    return "new"


def store_document(session: Session, doc: Document) -> str:
    """Store one document; returns new | unchanged | updated | duplicate | failed."""
    source = queries.get_or_create_source(session, name=doc.source, kind=doc.source_kind)
    assert source.id is not None
    latest = queries.latest_version(session, canonical_url=doc.canonical_url)
    if doc.failed:
        return _record_failure(session, doc, latest, source.id)
    digest = text_hash(doc.text)
    if latest is not None and latest.status == "failed":
        return _recover(latest, doc, digest)
    if latest is not None and latest.text_hash == digest:
        return "unchanged"
    if latest is not None:
        version = {"version": latest.version + 1, "previous_version_id": latest.id}
        queries.add(
            session, _new_article(doc, source.id, status="pending", text_hash=digest, **version)
        )
        return "updated"
    original = queries.article_with_text(session, text_hash=digest)
    status = "duplicate" if original else "pending"
    duplicate_of = original.id if original else None
    article = _new_article(
        doc, source.id, status=status, text_hash=digest, duplicate_of_id=duplicate_of
    )
    queries.add(session, article)
    return "duplicate" if original else "new"


def store_documents(session: Session, docs: Iterable[Document]) -> Counter[str]:
    """Store a batch of documents; counts each outcome."""
    return Counter(store_document(session, doc) for doc in docs)
