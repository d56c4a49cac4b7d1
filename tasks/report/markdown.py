"""A monitor run as Markdown and table rows, safe to show whatever the articles contain.

Everything here is pure: the inputs are the dicts of `newsmon.views` (figures, changes,
alerts) plus feed and skipped-item dicts, and the outputs are strings and rows. Text from
articles is untrusted: titles can carry Markdown, HTML, `|`, backticks and newlines, and
links can be `javascript:`. Every value goes through `escape_text` or `safe_url`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

Item = Mapping[str, Any]

# Markdown punctuation that can start emphasis, code, links, tables or headings;
# `<`, `>` and `&` become HTML entities instead (a backslash before `&` would show the entity).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
WHITESPACE = re.compile(r"\s+")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")
LINK_SCHEMES = ("http", "https")
# Characters kept as they are when a URL is re-quoted for a Markdown link target.
URL_SAFE = "/:?#[]@!$&'*+,;=%-._~"
MAX_TEXT = 160
MAX_ROWS = 50
NOT_SHOWN_KINDS = ("confirmed", "historical", "ignored")


def plain(value: Any, limit: int = MAX_TEXT) -> str:
    """Any value as one line of text: no control characters, whitespace collapsed, clipped."""
    text = "" if value is None else str(value)
    text = WHITESPACE.sub(" ", CONTROL_CHARS.sub("", text)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def escape_text(value: Any, limit: int = MAX_TEXT) -> str:
    """A value as inert Markdown text: one line, punctuation backslashed, HTML entities."""
    return html.escape(MARKDOWN_SPECIAL.sub(r"\\\1", plain(value, limit)), quote=False)


def safe_url(value: Any) -> str | None:
    """An http(s) URL re-quoted for a Markdown link target, or None for anything else."""
    url = plain(value, limit=2000)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return quote(url, safe=URL_SAFE).replace("(", "%28").replace(")", "%29")


def link(text: Any, url: Any) -> str:
    """A Markdown link with escaped text; just the text when the URL is not http(s)."""
    label = escape_text(text) or "link"
    target = safe_url(url)
    return f"[{label}]({target})" if target else label


def number(value: Any) -> str:
    """A value with thousands separators, without a useless .0; `-` for none."""
    if value is None:
        return "-"
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return plain(value)
    return f"{amount:,.0f}" if amount.is_integer() else f"{amount:,.2f}"


def md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table; cells must already be escaped."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def clipped(items: Sequence[Item]) -> tuple[list[Item], list[str]]:
    """At most MAX_ROWS items, and a note line for the ones left out."""
    more = len(items) - MAX_ROWS
    return list(items[:MAX_ROWS]), ([f"_…and {more} more._"] if more > 0 else [])


def shown_changes(changes: Iterable[Item]) -> list[Item]:
    """The changes worth a line: not confirmations, historical or ignored figures."""
    return [c for c in changes if c.get("kind") not in NOT_SHOWN_KINDS]


def change_cells(change: Item) -> list[str]:
    """One change as escaped table cells: kind, metric, old -> new, claimant, article."""
    unit = escape_text(change.get("unit"))
    values = f"{number(change.get('old_value'))} -> {number(change.get('new_value'))} {unit}"
    return [
        escape_text(change.get("kind")),
        escape_text(change.get("metric_label") or change.get("metric")),
        values.strip(),
        escape_text(change.get("claimant")) or "-",
        link(change.get("title") or change.get("article_url"), change.get("article_url")),
    ]


def changes_section(changes: Sequence[Item]) -> list[str]:
    """The changes as a table of old -> new, with claimant and article link."""
    shown, more = clipped(shown_changes(changes))
    if not shown:
        return ["## Changes", "", "No changes."]
    headers = ["kind", "metric", "old -> new", "claimant", "article"]
    return ["## Changes", "", *md_table(headers, [change_cells(c) for c in shown]), *more]


def figure_line(figure: Item) -> str:
    """One new figure as a list item."""
    label = escape_text(figure.get("metric_label") or figure.get("metric"))
    value = f"{number(figure.get('value'))} {escape_text(figure.get('unit'))}".strip()
    claimant = escape_text(figure.get("claimant")) or "unattributed"
    source = link(figure.get("title") or figure.get("article_url"), figure.get("article_url"))
    return f"- **{label}**: {value} ({escape_text(figure.get('qualifier'))}), {claimant}, {source}"


def figures_section(figures: Sequence[Item]) -> list[str]:
    """The figures found in this run."""
    shown, more = clipped(figures)
    body = [figure_line(f) for f in shown] or ["No new figures."]
    return ["## New figures", "", *body, *more]


def alerts_section(alerts: Sequence[Item]) -> list[str]:
    """Alerts sent and failed, with the failures' targets and errors."""
    sent = sum(1 for a in alerts if a.get("status") == "sent")
    failed = [a for a in alerts if a.get("status") == "failed"]
    lines = ["## Alerts", "", f"{sent} sent, {len(failed)} failed."]
    shown, more = clipped(failed)
    rows = [[escape_text(a.get("target")), escape_text(a.get("attempts")),
             escape_text(a.get("last_error")) or "-"] for a in shown]  # fmt: skip
    return lines + (["", *md_table(["target", "attempts", "error"], rows), *more] if rows else [])


def feed_cells(feed: Item) -> list[str]:
    """One feed's health as escaped cells."""
    failing = bool(feed.get("last_error")) or int(feed.get("consecutive_failures") or 0) > 0
    return [
        link(feed.get("name") or feed.get("url"), feed.get("url")),
        escape_text(feed.get("health")) or ("failing" if failing else "ok"),
        escape_text(feed.get("last_success_at")) or "never",
        escape_text(feed.get("consecutive_failures") or 0),
        escape_text(feed.get("last_error")) or "-",
    ]


def feeds_section(feeds: Sequence[Item]) -> list[str]:
    """Each feed's health: last success, failures in a row, last error."""
    if not feeds:
        return ["## Feeds", "", "No feeds configured."]
    headers = ["feed", "health", "last success", "failures", "last error"]
    return ["## Feeds", "", *md_table(headers, [feed_cells(f) for f in feeds])]


def skipped_section(skipped: Sequence[Item]) -> list[str]:
    """Items stored but not analysed (not relevant enough, or unreadable)."""
    shown, more = clipped(skipped)
    body = [
        f"- {link(s.get('title') or s.get('url'), s.get('url'))}: "
        f"{escape_text(s.get('error') or s.get('status') or 'skipped')}"
        + (f" (relevance {float(s['relevance']):.2f})" if s.get("relevance") is not None else "")
        for s in shown
    ]
    return ["## Skipped items", "", *(body or ["None."]), *more]


def run_markdown(
    counts: list[str],
    changes: Sequence[Item],
    figures: Sequence[Item],
    alerts: Sequence[Item],
    feeds: Sequence[Item],
    skipped: Sequence[Item],
) -> str:
    """The whole run summary as Markdown: counts, then one section per concern."""
    sections = [
        ["# newsmon run", "", *(f"- {escape_text(line, limit=400)}" for line in counts)],
        changes_section(changes),
        figures_section(figures),
        alerts_section(alerts),
        feeds_section(feeds),
        skipped_section(skipped),
    ]
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


def change_rows(changes: Sequence[Item]) -> list[dict[str, str]]:
    """The changes as rows for a table artifact: plain one-line text, http(s) links only."""
    return [
        {
            "published": plain(c.get("published")) or "-",
            "kind": plain(c.get("kind")),
            "metric": plain(c.get("metric_label") or c.get("metric")),
            "old": number(c.get("old_value")),
            "new": number(c.get("new_value")),
            "unit": plain(c.get("unit")),
            "claimant": plain(c.get("claimant")) or "-",
            "title": plain(c.get("title")),
            "url": safe_url(c.get("article_url")) or "",
        }
        for c in shown_changes(changes)
    ]
