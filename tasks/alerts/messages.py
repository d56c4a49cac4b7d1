"""Render an alert about a changed key figure as plain text, Markdown and HTML."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from newsmon.tasks.compare.kinds import is_loud
from newsmon.tasks.formatting import PERCENT_UNITS, format_value
from newsmon.tasks.markup import escape_html, escape_markdown, html_link, markdown_link, plain

QUALIFIER_WORDS = {
    "approx": "about",
    "at_most": "up to",
    "at_least": "more than",
    "projection": "projected",
    "range": "between",
    "previous": "previously",
    "vague": "roughly",
    "negated": "not",
    "hypothetical": "hypothetically",
}
KIND_PREFIXES = {
    "new": "New figure — ",
    "refined": "Refined figure — ",
    "conflict": "Conflicting figures — ",
    "confirmed": "Confirmed — ",
    "historical": "Earlier figure — ",
}
LOUD_PREFIX = "Major change — "
DIGEST_TITLES = 3  # alert titles quoted in a digest title


class HistoryEntry(NamedTuple):
    """An earlier value of the metric and where it was published."""

    published: datetime | date | None
    value: float
    qualifier: str
    source: str | None
    url: str | None


@dataclass(frozen=True)
class ChangeMessageInput:
    """Everything needed to describe one change of one metric."""

    metric_label: str
    kind: str
    direction: str | None
    old_value: float | None
    new_value: float
    unit: str
    qualifier: str
    claimant: str | None
    sentence: str
    article_url: str
    article_title: str
    published: datetime | date | None
    alert_id: str
    history: Sequence[HistoryEntry] = field(default_factory=list)
    flow_run_url: str | None = None
    compared_with: HistoryEntry | None = None  # the earlier value this change is measured from


@dataclass(frozen=True)
class Message:
    """A rendered alert: one title and the same body in three formats."""

    title: str
    body_text: str
    body_markdown: str
    body_html: str


def qualified(value: float, qualifier: str, unit: str) -> str:
    """Return the value with its qualifier in words ("up to 12,000")."""
    words = QUALIFIER_WORDS.get(qualifier)
    text = format_value(value, unit)
    return f"{words} {text}" if words else text


def _change(old: float, new: float, unit: str) -> str:
    """Describe the size of a change: "-7.7%", or "+2 pp" for percentage units."""
    if unit.lower() in PERCENT_UNITS:
        return f"{new - old:+,.1f} pp".replace(".0 pp", " pp")
    if not old:
        return ""
    return f"{(new - old) / abs(old):+.1%}"


def render_title(item: ChangeMessageInput) -> str:
    """Return the one-line plain-text title of an alert."""
    label, new = plain(item.metric_label), format_value(item.new_value, item.unit)
    loud = is_loud(item.kind, item.old_value, item.new_value)
    prefix = LOUD_PREFIX if loud else KIND_PREFIXES.get(item.kind, "")
    if item.old_value is None or item.kind == "new":
        return f"{prefix}{label}: {new}"
    old, change = (
        format_value(item.old_value, item.unit),
        _change(item.old_value, item.new_value, item.unit),
    )
    return f"{prefix}{label}: {old} -> {new}" + (f" ({change})" if change else "")


def _when(published: datetime | date | None) -> str:
    """Format a publication date, or "date unknown"."""
    return published.strftime("%Y-%m-%d") if published else "date unknown"


Fact = tuple[str, str, str | None]  # (label, text, link)


def _claim(item: ChangeMessageInput) -> str:
    """Return the new value in words with its claimant."""
    claim = qualified(item.new_value, item.qualifier, item.unit)
    return claim + (f", according to {plain(item.claimant)}" if item.claimant else "")


def _history_facts(item: ChangeMessageInput) -> list[Fact]:
    """Return one fact per earlier value, with its source and link."""
    facts: list[Fact] = []
    for entry in item.history:
        text = qualified(entry.value, entry.qualifier, item.unit)
        text += f" — {plain(entry.source)}" if entry.source else ""
        facts.append((f"Earlier ({_when(entry.published)})", text, entry.url))
    return facts


def _baseline_fact(item: ChangeMessageInput) -> list[Fact]:
    """The earlier value the change is measured from, with who said it and where."""
    entry = item.compared_with
    if entry is None or item.kind == "new":
        return []
    text = f"{qualified(entry.value, entry.qualifier, item.unit)} ({_when(entry.published)})"
    text += f" — {plain(entry.source)}" if entry.source else ""
    return [("Compared with", text, entry.url)]


def _facts(item: ChangeMessageInput) -> list[Fact]:
    """Return the alert as (label, text, link) lines shared by all formats."""
    source = f"{plain(item.article_title)} ({_when(item.published)})"
    facts: list[Fact] = [
        ("New value", _claim(item), None),
        ("Quote", f"“{plain(item.sentence)}”", None),
        ("Source", source, item.article_url),
        *_baseline_fact(item),
        *_history_facts(item),
    ]
    if item.flow_run_url:
        facts.append(("Flow run", item.flow_run_url, item.flow_run_url))
    return [*facts, ("Alert id", item.alert_id, None)]


def _html_line(label: str, text: str, link: str | None) -> str:
    """Return one escaped HTML list item; only http(s) links become anchors."""
    body = html_link(text, link) if link else escape_html(text)
    return f"<li><b>{escape_html(label)}:</b> {body}</li>"


def _text_body(facts: list[Fact]) -> str:
    """Render the plain-text body."""
    lines = []
    for label, text, link in facts:
        suffix = f" <{link}>" if link and link != text else ""
        lines.append(f"{label}: {text}{suffix}")
    return "\n".join(lines)


def _markdown_body(facts: list[Fact]) -> str:
    """Render the Markdown body (all free text escaped)."""
    lines = []
    for label, text, link in facts:
        shown = markdown_link(text, link) if link else escape_markdown(text)
        lines.append(f"- **{escape_markdown(label)}:** {shown}")
    return "\n".join(lines)


def _html_body(facts: list[Fact]) -> str:
    """Render the HTML body (all free text escaped)."""
    items = "\n".join(_html_line(label, text, link) for label, text, link in facts)
    return f"<ul>\n{items}\n</ul>"


def render(item: ChangeMessageInput) -> Message:
    """Render one alert: a plain title and a body (without the title) in three formats."""
    title, facts = render_title(item), _facts(item)
    return Message(title, _text_body(facts), _markdown_body(facts), _html_body(facts))


def heading(title: str, body_format: str) -> str:
    """Return `title` as a heading line in "text", "markdown" or "html" format, escaped."""
    if body_format == "html":
        return f"<h3>{escape_html(title)}</h3>"
    if body_format == "markdown":
        return f"**{escape_markdown(title)}**"
    return title


def _digest_title(messages: Sequence[Message]) -> str:
    """Return a one-line summary title for several alerts."""
    count = len(messages)
    title = f"{count} key-figure update{'s' if count != 1 else ''}"
    if count:
        title += ": " + "; ".join(message.title for message in messages[:DIGEST_TITLES])
    return title + (" …" if count > DIGEST_TITLES else "")


def render_digest(messages: Sequence[Message]) -> Message:
    """Combine several rendered alerts into one digest message, one section each."""
    text = [f"{heading(m.title, 'text')}\n{m.body_text}" for m in messages]
    markdown = [f"{heading(m.title, 'markdown')}\n\n{m.body_markdown}" for m in messages]
    html_parts = [f"{heading(m.title, 'html')}\n{m.body_html}" for m in messages]
    return Message(
        _digest_title(messages),
        "\n\n".join(text),
        "\n\n---\n\n".join(markdown),
        "\n<hr>\n".join(html_parts),
    )
