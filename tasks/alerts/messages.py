"""Render an alert about a changed key figure as plain text, Markdown and HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple
from urllib.parse import quote

MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]+")
SAFE_LINK_RE = re.compile(r"^https?://", re.IGNORECASE)
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
CURRENCY_CODE_RE = re.compile(r"^[A-Z]{3}$")
PERCENT_UNITS = frozenset({"percent", "%", "pct"})
COUNT_UNITS = frozenset({"count", "", "people", "persons"})
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
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
LOUD_RELATIVE_CHANGE = 0.5
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


@dataclass(frozen=True)
class Message:
    """A rendered alert: one title and the same body in three formats."""

    title: str
    body_text: str
    body_markdown: str
    body_html: str


def _number(value: float) -> str:
    """Format a bare number: 13,000 / 1.28 million / 2.5."""
    for scale, word in SCALES:
        if abs(value) >= scale:
            return f"{value / scale:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_value(value: float, unit: str) -> str:
    """Format a value with its unit: "13,000", "18%", "€380,000", "1.2 million km"."""
    number = _number(value)
    if unit.lower() in PERCENT_UNITS:
        return f"{number}%"
    symbol = CURRENCY_SYMBOLS.get(unit.upper())
    if symbol:
        return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
    if CURRENCY_CODE_RE.match(unit) or unit.lower() not in COUNT_UNITS:
        return f"{number} {unit}"
    return number


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


def _one_line(text: str) -> str:
    """Collapse control characters (newlines included) into single spaces."""
    return CONTROL_RE.sub(" ", text).strip()


def _is_loud(item: ChangeMessageInput) -> bool:
    """Tell whether a change is large enough to be flagged loudly."""
    if item.kind != "changed" or not item.old_value:
        return False
    return abs(item.new_value - item.old_value) / abs(item.old_value) >= LOUD_RELATIVE_CHANGE


def render_title(item: ChangeMessageInput) -> str:
    """Return the one-line plain-text title of an alert."""
    label, new = _one_line(item.metric_label), format_value(item.new_value, item.unit)
    prefix = LOUD_PREFIX if _is_loud(item) else KIND_PREFIXES.get(item.kind, "")
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
    return claim + (f", according to {_one_line(item.claimant)}" if item.claimant else "")


def _history_facts(item: ChangeMessageInput) -> list[Fact]:
    """Return one fact per earlier value, with its source and link."""
    facts: list[Fact] = []
    for entry in item.history:
        text = qualified(entry.value, entry.qualifier, item.unit)
        text += f" — {_one_line(entry.source)}" if entry.source else ""
        facts.append((f"Earlier ({_when(entry.published)})", text, entry.url))
    return facts


def _facts(item: ChangeMessageInput) -> list[Fact]:
    """Return the alert as (label, text, link) lines shared by all formats."""
    source = f"{_one_line(item.article_title)} ({_when(item.published)})"
    facts: list[Fact] = [
        ("New value", _claim(item), None),
        ("Quote", f"“{_one_line(item.sentence)}”", None),
        ("Source", source, item.article_url),
        *_history_facts(item),
    ]
    if item.flow_run_url:
        facts.append(("Flow run", item.flow_run_url, item.flow_run_url))
    return [*facts, ("Alert id", item.alert_id, None)]


def escape_markdown(text: str) -> str:
    """Backslash-escape every Markdown-special character in `text`."""
    return MARKDOWN_SPECIAL_RE.sub(r"\\\1", text)


def _markdown_link(text: str, url: str) -> str:
    """Return a Markdown link whose URL cannot break out of its parentheses."""
    if not SAFE_LINK_RE.match(url):
        return f"{escape_markdown(text)} ({escape_markdown(url)})"
    safe_url = quote(url, safe=":/?#@!$&'*+,;=%~-._")
    return f"[{escape_markdown(text)}]({safe_url})"


def _html_line(label: str, text: str, link: str | None) -> str:
    """Return one escaped HTML list item; only http(s) links become anchors."""
    body = html.escape(text)
    if link and SAFE_LINK_RE.match(link):
        body = f'<a href="{html.escape(link, quote=True)}">{body}</a>'
    elif link:
        body += f" ({html.escape(link)})"
    return f"<li><b>{html.escape(label)}:</b> {body}</li>"


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
        shown = _markdown_link(text, link) if link else escape_markdown(text)
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
        return f"<h3>{html.escape(title)}</h3>"
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
