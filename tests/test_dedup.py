"""Storing documents: same URL, same text, updated articles and failures, alone or in batches."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel, col, create_engine, select

from newsmon.config.settings import Settings
from newsmon.db import queries
from newsmon.db.engine import get_engine, open_database, transaction
from newsmon.db.models import Article
from newsmon.tasks.dedupe.neardup import fingerprint, text_hash
from newsmon.tasks.dedupe.store import dedupe
from newsmon.tasks.ingest.documents import Document
from tests.support.documents import (
    ARTICLE,
    EDITED,
    NEAR_COPY,
    OTHER,
    SPORT,
    STORY,
    doc,
    store_in,
    stored_in_steps,
)


def store(settings: Settings, *docs: Document) -> dict[str, int]:
    with transaction(get_engine(settings.database_url)) as session:
        return dict(dedupe(session, docs))


def articles(settings: Settings) -> list[Article]:
    with transaction(get_engine(settings.database_url)) as session:
        return list(session.exec(select(Article).order_by(col(Article.id))).all())


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


def memory_engine() -> Engine:
    engine = create_engine("sqlite://", poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    return engine


def test_a_batch_stores_what_one_document_at_a_time_stores(tmp_path: Path) -> None:
    batch = stored_in_steps(open_database(f"sqlite:///{tmp_path / 'batch.db'}"), batch=True)
    single = stored_in_steps(open_database(f"sqlite:///{tmp_path / 'one.db'}"), batch=False)
    assert batch == single
    outcomes, (articles, _) = batch
    expected = {"duplicate": 5, "new": 3, "updated": 3, "failed": 2, "unchanged": 1, "skipped": 1}
    assert outcomes == expected
    assert [row[1:6] for row in articles] == [
        ("https://a.example/1", 1, "pending", None, None),
        ("https://a.example/gone", 1, "pending", None, None),  # failed first, then read
        ("https://b.example/copy", 1, "duplicate", 1, None),
        ("https://a.example/2", 1, "pending", None, None),
        ("https://c.example/2", 1, "duplicate", 4, None),
        ("https://d.example/2", 1, "duplicate", 4, None),
        ("https://a.example/2", 2, "pending", None, 4),
        ("https://a.example/2", 3, "pending", None, 7),
        ("https://a.example/1", 2, "pending", None, 1),
        ("https://e.example/3", 1, "duplicate", 2, None),
        ("https://f.example/4", 1, "pending", None, None),  # recovered pages are not scored
        ("https://g.example/5", 1, "duplicate", 11, None),
        ("https://h.example/6", 1, "skipped", None, None),
    ]
    assert articles[10][9] == 3  # attempts: two failures, then the page


def test_a_page_failed_then_read_in_one_batch_stays_the_original_of_its_text(
    tmp_path: Path,
) -> None:
    # Its failed row came first, so it keeps the lower id: later copies point at it.
    docs = [
        doc("https://a.example/gone", None),
        doc("https://b.example/1", ARTICLE),
        doc("https://a.example/gone", ARTICLE),
        doc("https://c.example/copy", ARTICLE),
    ]
    batch = store_in(open_database(f"sqlite:///{tmp_path / 'batch.db'}"), docs, batch=True)
    single = store_in(open_database(f"sqlite:///{tmp_path / 'one.db'}"), docs, batch=False)
    assert batch == single
    _, (rows, _) = batch
    assert rows[-1][1:5] == ("https://c.example/copy", 1, "duplicate", 1)


def test_a_fingerprint_from_the_extraction_worker_is_used(settings: Settings) -> None:
    given = fingerprint(OTHER)  # not the text's: shows that it is not computed again
    page = replace(doc("https://a.example/1", ARTICLE), fingerprint=given)
    assert store(settings, page) == {"new": 1}
    [row] = articles(settings)
    assert row.minhash == given.to_str()


def test_long_batches_ask_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = stored_in_steps(open_database(f"sqlite:///{tmp_path / 'a.db'}"), batch=True)
    monkeypatch.setattr(queries, "CHUNK", 2)
    assert stored_in_steps(open_database(f"sqlite:///{tmp_path / 'b.db'}"), batch=True) == expected


TEXTS = [ARTICLE, ARTICLE.upper(), NEAR_COPY, EDITED, OTHER, SPORT, None]
docs_strategy = st.lists(
    st.builds(doc, st.sampled_from(["u1", "u2", "u3"]), st.sampled_from(TEXTS)), max_size=8
)


@hypothesis.settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs_strategy, docs_strategy)
def test_any_batch_stores_what_one_document_at_a_time_stores(
    earlier: list[Document], batch: list[Document]
) -> None:
    results = []
    for one_by_one in (True, False):
        engine = memory_engine()
        store_in(engine, earlier, batch=False)
        results.append(store_in(engine, batch, batch=not one_by_one))
    assert results[0] == results[1]
