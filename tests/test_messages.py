"""Alert rendering: titles, number formats, bodies and escaping."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmon.tasks.alerts.messages import (
    ChangeMessageInput,
    HistoryEntry,
    Message,
    render,
    render_digest,
)
from newsmon.tasks.compare.kinds import is_loud
from newsmon.tasks.formatting import format_value
from newsmon.tasks.markup import escape_markdown

TROOPS = ChangeMessageInput(
    metric_label="North Korean troops in Russia",
    kind="changed",
    direction="down",
    old_value=13000,
    new_value=12000,
    unit="count",
    qualifier="at_most",
    claimant="US, South Korea and Ukrainian intelligence",
    sentence="North Korea has sent up to 12,000 troops to Russia.",
    article_url="https://example.org/news/nk-troops",
    article_title="North Korea confirms troops in Kursk",
    published=date(2025, 4, 28),
    alert_id="alert-7f3a",
    history=[
        HistoryEntry(date(2024, 10, 15), 3000, "approx", "BBC", "https://example.org/bbc"),
        HistoryEntry(date(2024, 11, 1), 13000, "approx", None, "https://example.org/b"),
    ],
    flow_run_url="http://127.0.0.1:4200/runs/flow-run/abc",
)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (13000, "count", "13,000"),
        (1_280_000, "count", "1.28 million"),
        (1_300_000, "count", "1.3 million"),
        (5_000_000, "count", "5 million"),
        (18, "percent", "18%"),
        (2.5, "percent", "2.5%"),
        (380_000, "EUR", "€380,000"),
        (1_500_000_000, "USD", "$1.5 billion"),
        (42, "CHF", "42 CHF"),
        (7, "tonnes", "7 tonnes"),
    ],
)
def test_format_value(value: float, unit: str, expected: str) -> None:
    assert format_value(value, unit) == expected


def test_change_title_for_the_seed_example() -> None:
    assert render(TROOPS).title == "North Korean troops in Russia: 13,000 -> 12,000 (-7.7%)"


def test_new_title() -> None:
    item = replace(TROOPS, kind="new", old_value=None, new_value=3000, history=[])
    assert render(item).title == "New figure — North Korean troops in Russia: 3,000"


def test_conflict_and_refined_titles() -> None:
    conflict = replace(TROOPS, kind="conflict", old_value=4000, new_value=5000)
    assert render(conflict).title.startswith("Conflicting figures — ")
    assert render(conflict).title.endswith("4,000 -> 5,000 (+25.0%)")
    refined = replace(TROOPS, kind="refined", old_value=1_300_000, new_value=1_280_000)
    assert render(refined).title.endswith("1.3 million -> 1.28 million (-1.5%)")


def test_large_drop_is_flagged_loudly() -> None:
    item = replace(TROOPS, old_value=1_280_000, new_value=600_000)
    assert render(item).title.startswith("Major change — ")


def test_percent_change_in_points() -> None:
    item = replace(TROOPS, unit="percent", old_value=18, new_value=20)
    assert render(item).title.endswith("18% -> 20% (+2 pp)")


def test_body_carries_every_fact() -> None:
    message = render(TROOPS)
    for body in (message.body_text, message.body_html):
        assert "up to 12,000" in body
        assert "according to US, South Korea and Ukrainian intelligence" in body
        assert "North Korea has sent up to 12,000 troops to Russia." in body
        assert "https://example.org/news/nk-troops" in body
        assert "about 3,000" in body and "BBC" in body and "about 13,000" in body
        assert "http://127.0.0.1:4200/runs/flow-run/abc" in body
        assert "alert-7f3a" in body
    assert "**Alert id:** alert-7f3a" in message.body_markdown
    assert "(https://example.org/news/nk-troops)" in message.body_markdown


def test_flow_run_link_is_optional() -> None:
    message = render(replace(TROOPS, flow_run_url=None))
    assert "Flow run" not in message.body_text


HOSTILE = "<script>alert(1)</script> **md** [x](javascript:y)"


def test_html_body_escapes_markup() -> None:
    item = replace(TROOPS, metric_label=HOSTILE, sentence=HOSTILE, article_title=HOSTILE)
    body = render(item).body_html
    assert "<script>" not in body
    assert "&lt;script&gt;" in body


def test_markdown_body_escapes_markup() -> None:
    item = replace(TROOPS, metric_label=HOSTILE, sentence=HOSTILE, article_title=HOSTILE)
    body = render(item).body_markdown
    assert "**md**" not in body
    assert "\\*\\*md\\*\\*" in body
    assert "](javascript" not in body


def test_non_http_links_are_not_anchors() -> None:
    body = render(replace(TROOPS, article_url="javascript:alert(1)")).body_html
    assert 'href="javascript' not in body


def test_title_is_one_line() -> None:
    title = render(replace(TROOPS, metric_label="troops\nin\r\nRussia")).title
    assert "\n" not in title and "\r" not in title


def test_digest_combines_messages() -> None:
    first, second = render(TROOPS), render(replace(TROOPS, kind="new", old_value=None))
    digest = render_digest([first, second])
    assert digest.title.startswith("2 key-figure updates: ")
    assert first.title in digest.title and second.title in digest.title
    assert first.body_text in digest.body_text and second.body_html in digest.body_html
    assert render_digest([]) == Message("0 key-figure updates", "", "", "")


@given(st.text())
def test_escaped_markdown_has_no_unescaped_specials(text: str) -> None:
    escaped = escape_markdown(text)
    stripped = escaped.replace("\\\\", "").replace("\\*", "").replace("\\_", "")
    assert "*" not in stripped and "_" not in stripped


def test_title_drops_invisible_and_bidi_characters() -> None:
    # U+202E reverses what follows on screen; U+200B hides a break inside a word.
    label = "troops\u202e deployed\u200b in\u2066 Russia"
    title = render(replace(TROOPS, metric_label=label)).title
    assert not any(ch in title for ch in "\u202e\u200b\u2066")
    assert title.startswith("troops deployed in Russia: ")


@pytest.mark.parametrize(
    ("kind", "old", "new", "loud"),
    [
        ("changed", 1_280_000, 600_000, True),  # more than halved
        ("changed", 100, 150, True),  # exactly half again
        ("changed", 100, 149, False),
        ("conflict", 4000, 9000, False),  # a conflict has its own prefix
        ("changed", None, 5, False),
        ("changed", 0, 5, False),
    ],
)
def test_loud_rule(kind: str, old: float | None, new: float, loud: bool) -> None:
    assert is_loud(kind, old, new) is loud
