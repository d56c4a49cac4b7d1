"""Cleaning text before it is stored: what PostgreSQL refuses is gone, short fields capped."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.tasks.ingest.clean import FIELD_LIMITS, clean_document, clean_text
from newsmon.tasks.ingest.documents import Document

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.one_of(st.none(), st.integers(min_value=2, max_value=50)))
def test_cleaned_text_is_storable_bounded_and_stable(text: str, limit: int | None) -> None:
    cleaned = clean_text(text, limit)
    cleaned.encode("utf-8")  # no lone surrogate
    assert not any((ord(c) < 32 and c not in "\t\n\r") or c == "\x7f" for c in cleaned)
    assert limit is None or len(cleaned) <= limit
    assert clean_text(cleaned, limit) == cleaned


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("3,000 troops\x00 were sent", "3,000 troops were sent"),
        ("line\r\nnext\ttab", "line\r\nnext\ttab"),
        ("bell\x07 and escape\x1b[31m", "bell and escape[31m"),
        ("half a pair \ud83d here", "half a pair ? here"),
        ("Kyiv – 40 °C", "Kyiv – 40 °C"),
    ],
)
def test_what_cleaning_removes_and_keeps(text: str, cleaned: str) -> None:
    assert clean_text(text) == cleaned


def test_a_document_keeps_its_text_whole_and_its_title_capped() -> None:
    title, text = "T" * 10_000 + "\x00", "x" * 100_000
    doc = Document("https://a.example/1", "https://a.example/1", "wire", "feed", text, title)
    cleaned = clean_document(doc)
    assert cleaned.text == text and len(cleaned.title or "") == FIELD_LIMITS["title"]
    assert (cleaned.title or "").endswith("…")
    assert clean_document(cleaned) is cleaned  # nothing left to change: the same object
