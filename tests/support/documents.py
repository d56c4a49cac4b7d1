"""Documents for the dedup tests: a story, its copies and edits, stored alone or in batches."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from newsmon.db.engine import transaction
from newsmon.db.models import Article, ArticleBand
from newsmon.tasks.dedupe.relevance import TopicProfile
from newsmon.tasks.dedupe.store import dedupe
from newsmon.tasks.ingest.documents import Document
from tests.support.texts import STORY_PARAGRAPHS

STORY = "Roughly 13,000 North Korean soldiers have been sent to Russia, officials said."
PARAGRAPHS = STORY_PARAGRAPHS[:4]
ARTICLE = "\n\n".join(PARAGRAPHS)
NEAR_COPY = ARTICLE.replace("Analysts say", "Experts believe")  # a syndicated, lightly edited copy
EDITED = ARTICLE.replace("11,000", "12,000")
EDITED_AGAIN = ARTICLE.replace("11,000", "13,000")
OTHER = (
    "Ukraine says North Korea has lost about 3,000 troops in the Kursk region, according to its "
    "military intelligence, which tracks the casualties week by week.\n\nThe soldiers, deployed "
    "by Pyongyang after Kim Jong Un signed a defence pact with Vladimir Putin, have struggled "
    "with drones and the language barrier.\n\nSeoul's spy agency said the units were pulled "
    "back from the front line for several weeks after the losses, before returning to fight "
    "alongside Russian troops. Russia and North Korea have both declined to comment."
)
SPORT = (
    "Arsenal beat Chelsea 3-1 on Sunday, with the home side's forwards running riot in a derby "
    "that had fans on their feet from the first whistle to the last."
)


def doc(url: str, text: str | None = STORY, error: str | None = None) -> Document:
    return Document(
        url=url, canonical_url=url, source="web", source_kind="feed", text=text, error=error
    )


def snapshot(session: Session) -> tuple[list[tuple[Any, ...]], set[tuple[Any, ...]]]:
    """Every article as stored, and every LSH band row."""
    session.flush()
    fields = ("id", "canonical_url", "version", "status", "duplicate_of_id", "previous_version_id")
    more = (
        "relevance",
        "relevance_names",
        "skip_reason",
        "attempts",
        "text",
        "text_hash",
        "minhash",
        "error",
        "source_id",
    )
    rows = session.exec(select(Article).order_by(col(Article.id))).all()
    articles = [tuple(getattr(row, name) for name in fields + more) for row in rows]
    bands = set(session.exec(select(ArticleBand.article_id, ArticleBand.band)).all())
    return articles, bands


def store_in(engine: Engine, docs: Sequence[Document], *, batch: bool, profile: Any = None) -> Any:
    """Store the documents as one batch or one at a time; the outcomes and what was stored."""
    with transaction(engine) as session:
        if batch:
            outcomes = dedupe(session, docs, profile)
        else:
            outcomes = sum((dedupe(session, [d], profile) for d in docs), Counter())
        return outcomes, snapshot(session)


EARLIER = [doc("https://a.example/1", ARTICLE), doc("https://a.example/gone", None)]
BATCH = [
    doc("https://b.example/copy", "  " + ARTICLE.upper()),  # an exact copy of a stored article
    doc("https://a.example/2", OTHER),  # new
    doc("https://c.example/2", OTHER),  # an exact copy of the one before
    doc("https://d.example/2", OTHER.replace("agency said", "agency stated")),  # a near-copy
    doc("https://a.example/2", OTHER.replace("3,000", "4,000")),  # a second version
    doc("https://a.example/2", OTHER.replace("3,000", "5,000")),  # and a third
    doc("https://a.example/1", EDITED),  # a stored article edited
    doc("https://a.example/gone", EDITED_AGAIN),  # a failed page read at last
    doc("https://e.example/3", EDITED_AGAIN),  # a copy of that text
    doc("https://f.example/4", None),  # a failure
    doc("https://f.example/4", None),  # the same failure again
    doc("https://f.example/4", SPORT),  # then the page, off-topic
    doc("https://a.example/2", OTHER.replace("3,000", "5,000")),  # unchanged
    doc("https://g.example/5", SPORT),  # off-topic (feed items are scored)
    doc("https://h.example/6", SPORT + " Tickets are sold out."),
]


def stored_in_steps(engine: Engine, *, batch: bool) -> Any:
    profile = TopicProfile.build("North Korean troops in Russia", ["North Korea", "troops"])
    store_in(engine, EARLIER, batch=False, profile=profile)
    return store_in(engine, BATCH, batch=batch, profile=profile)
