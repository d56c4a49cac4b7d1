"""Text fit to store anywhere: no NULs, C0 controls or lone surrogates, and bounded fields.

PostgreSQL refuses a NUL in text and a lone surrogate in UTF-8; one such character in one
item (raw, or decoded from "&#0;") would fail the whole batch. Titles and names are capped
because they travel on: into every alert about the article, and its webhook bodies.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from newsmon.tasks.ingest.documents import Document

T = TypeVar("T")

# C0 controls and DEL, except tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters kept of each short field; an article's text is bounded by fetch.max_bytes.
FIELD_LIMITS = {"title": 500, "outlet": 200, "author": 200, "error": 1_000}
CUT_MARK = "…"


def clean_text(text: str, limit: int | None = None) -> str:
    """`text` without control characters or lone surrogates, cut to `limit` characters."""
    text = CONTROL.sub("", text)
    if not text.isascii():  # a lone surrogate becomes "?"
        text = text.encode("utf-8", "replace").decode("utf-8")
    if limit is not None and len(text) > limit:
        text = text[: limit - len(CUT_MARK)].rstrip() + CUT_MARK
    return text


def clean_strings(item: T, limits: Mapping[str, int] | None = None) -> T:
    """A dataclass `item` with every text field cleaned (those in `limits` capped)."""
    limits = FIELD_LIMITS if limits is None else limits
    changes: dict[str, Any] = {}  # field name -> cleaned text
    for field in dataclasses.fields(item):  # type: ignore[arg-type]
        value = getattr(item, field.name)
        if isinstance(value, str):
            cleaned = clean_text(value, limits.get(field.name))
            if cleaned != value:
                changes[field.name] = cleaned
    return dataclasses.replace(item, **changes) if changes else item  # type: ignore[type-var]


def clean_document(doc: Document) -> Document:
    """The document with every text field cleaned and the short ones capped."""
    return clean_strings(doc)
