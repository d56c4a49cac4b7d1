"""A monitor run as Markdown and table rows, safe to show whatever the articles contain.

Everything here is pure: the inputs are the dicts of `newsmon.views` (figures, changes,
alerts) plus feed and skipped-item dicts, and the outputs are strings and rows. Text from
articles is untrusted: titles can carry Markdown, HTML, `|`, backticks and newlines, and
links can be `javascript:`. Every value goes through `newsmon.tasks.markup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from newsmon.tasks.compare.kinds import is_quiet
from newsmon.tasks.formatting import format_number
from newsmon.tasks.markup import escape_markdown, markdown_link, plain, safe_url

Item = Mapping[str, Any]

MAX_TEXT = 160
MAX_ROWS = 50


def escape_text(value: Any, limit: int = MAX_TEXT) -> str:
    """A value as inert Markdown text on one line, clipped to `limit` characters."""
    return escape_markdown(value, limit)


def link(text: Any, url: Any) -> str:
    """A Markdown link with escaped text, clipped; inert text when the URL is not http(s)."""
    return markdown_link(text, url, MAX_TEXT)


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
    return [c for c in changes if not is_quiet(str(c.get("kind")))]


def change_cells(change: Item) -> list[str]:
    """One change as escaped table cells: kind, metric, old -> new, claimant, article."""
    unit = escape_text(change.get("unit"))
    old, new = format_number(change.get("old_value")), format_number(change.get("new_value"))
    values = f"{old} -> {new} {unit}"
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
    value = f"{format_number(figure.get('value'))} {escape_text(figure.get('unit'))}".strip()
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
        f"{escape_text(s.get('skip_reason') or s.get('error') or s.get('status') or 'skipped')}"
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
            "published": plain(c.get("published"), MAX_TEXT) or "-",
            "kind": plain(c.get("kind"), MAX_TEXT),
            "metric": plain(c.get("metric_label") or c.get("metric"), MAX_TEXT),
            "old": format_number(c.get("old_value")),
            "new": format_number(c.get("new_value")),
            "unit": plain(c.get("unit"), MAX_TEXT),
            "claimant": plain(c.get("claimant"), MAX_TEXT) or "-",
            "title": plain(c.get("title"), MAX_TEXT),
            "url": safe_url(c.get("article_url")) or "",
        }
        for c in shown_changes(changes)
    ]
