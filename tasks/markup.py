"""Untrusted text made safe to show: one line, no markup, http(s) links only.

Article titles, sentences and claimants come from the web. They can carry Markdown, HTML,
`|`, backticks, newlines, zero-width and bidi control characters, and links can be
`javascript:`. Alerts (text, Markdown, HTML bodies) and the run report (Markdown, table
artifacts) both pass every such value through this module and nothing else.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote, urlsplit

# Markdown punctuation that can start emphasis, code, links, tables or headings;
# `<`, `>` and `&` become HTML entities instead (a backslash before `&` would show the entity).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
WHITESPACE = re.compile(r"\s+")
# C0 controls and DEL, zero-width characters, line/paragraph separators and bidi controls:
# invisible, but able to reorder or hide what a reader sees.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
LINK_SCHEMES = ("http", "https")
# Characters kept as they are when a URL is re-quoted for a link target.
URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"
MAX_URL = 2000


def plain(value: Any, limit: int | None = None) -> str:
    """Any value as one line of text: no control characters, whitespace collapsed, clipped."""
    text = "" if value is None else str(value)
    text = WHITESPACE.sub(" ", CONTROL_CHARS.sub("", text)).strip()
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def escape_markdown(value: Any, limit: int | None = None) -> str:
    """A value as inert Markdown text: one line, punctuation backslashed, HTML entities."""
    return html.escape(MARKDOWN_SPECIAL.sub(r"\\\1", plain(value, limit)), quote=False)


def escape_html(value: Any, limit: int | None = None) -> str:
    """A value as inert HTML text, on one line."""
    return html.escape(plain(value, limit))


def safe_url(value: Any) -> str | None:
    """An http(s) URL re-quoted for a link target, or None for anything else."""
    url = plain(value, limit=MAX_URL)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return quote(url, safe=URL_SAFE).replace("(", "%28").replace(")", "%29")


def markdown_link(text: Any, url: Any, limit: int | None = None) -> str:
    """A Markdown link with escaped text; for a URL that is not http(s), text and URL inert."""
    label = escape_markdown(text, limit) or "link"
    target = safe_url(url)
    if target:
        return f"[{label}]({target})"
    shown = escape_markdown(url, MAX_URL)
    return f"{label} ({shown})" if shown and shown != label else label


def html_link(text: Any, url: Any) -> str:
    """An HTML anchor with escaped text; for a URL that is not http(s), text and URL inert."""
    label, target = escape_html(text), safe_url(url)
    if target:
        return f'<a href="{html.escape(target, quote=True)}">{label}</a>'
    shown = escape_html(url, MAX_URL)
    return f"{label} ({shown})" if shown and shown != label else label
