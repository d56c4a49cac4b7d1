"""Storing documents: same URL, same text, updated articles and failures, on real SQLite."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from config.settings import Settings
from db.engine import get_engine, transaction
from db.models import Article
from tasks.dedup import store_documents
from tasks.documents import Document
from tasks.neardup import text_hash

STORY = "Roughly 13,000 North Korean soldiers have been sent to Russia, officials said."


def doc(url: str, text: str | None = STORY, error: str | None = None) -> Document:
    return Document(
        url=url, canonical_url=url, source="web", source_kind="feed", text=text, error=error
    )


def store(settings: Settings, *docs: Document) -> dict[str, int]:
    with transaction(get_engine(settings.database_url)) as session:
        return dict(store_documents(session, docs))


def articles(settings: Settings) -> list[Article]:
    with transaction(get_engine(settings.database_url)) as session:
        return list(session.exec(select(Article).order_by(Article.id)).all())


def test_same_url_same_text_is_stored_once(settings: Settings) -> None:
    assert store(settings, doc("https://a.example/1")) == {"new": 1}
    assert store(settings, doc("https://a.example/1")) == {"unchanged": 1}
    assert len(articles(settings)) == 1


def test_same_text_under_another_url_is_a_duplicate_of_the_first(settings: Settings) -> None:
    store(settings, doc("https://a.example/1"))
    spaced = STORY.replace(" ", "  ").upper()
    assert store(settings, doc("https://b.example/copy", spaced)) == {"duplicate": 1}
    first, copy = articles(settings)
    assert copy.status == "duplicate" and copy.duplicate_of_id == first.id


def test_changed_text_at_same_url_is_a_new_version(settings: Settings) -> None:
    store(settings, doc("https://a.example/1"))
    edited = STORY.replace("13,000", "14,000")
    assert store(settings, doc("https://a.example/1", edited)) == {"updated": 1}
    first, second = articles(settings)
    assert (second.version, second.previous_version_id, second.status) == (2, first.id, "pending")


def test_failure_is_recorded_once_and_recovered_later(settings: Settings) -> None:
    broken = doc("https://a.example/1", text=None, error="HTTP 404")
    assert store(settings, broken) == {"failed": 1}
    assert store(settings, replace(broken, error="timeout")) == {"failed": 1}
    [row] = articles(settings)
    assert (row.status, row.error, row.attempts) == ("failed", "timeout", 2)
    assert store(settings, doc("https://a.example/1")) == {"new": 1}
    [row] = articles(settings)
    assert (row.status, row.error, row.text) == ("pending", None, STORY)


def test_failure_to_reread_keeps_the_stored_text(settings: Settings) -> None:
    store(settings, doc("https://a.example/1"))
    assert store(settings, doc("https://a.example/1", text=None, error="HTTP 500")) == {"failed": 1}
    [row] = articles(settings)
    assert row.text == STORY and row.status == "pending"


@given(
    st.lists(st.text(min_size=1).map(str.strip).filter(bool)), st.text(alphabet=" \t\n", min_size=1)
)
def test_text_hash_ignores_whitespace_and_case(words: list[str], gap: str) -> None:
    text = " ".join(words)
    assert text_hash(text) == text_hash(gap + gap.join(words) + gap)
    assert text_hash(text) == text_hash(text.casefold())


def test_text_hash_tells_different_texts_apart() -> None:
    assert text_hash(STORY) != text_hash(STORY.replace("13,000", "13,001"))
