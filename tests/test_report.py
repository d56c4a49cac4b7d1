"""The run report rendering: content, and escaping of whatever the articles carry."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from newsmon.flows.reporting import change_event, event_name
from newsmon.tasks.report.markdown import (
    MAX_ROWS,
    change_rows,
    escape_text,
    link,
    run_markdown,
    safe_url,
)

URL = "https://news.example/kursk?id=1"
HOSTILE_TITLE = "<script>alert(1)</script> | [x](javascript:alert(2)) `rm` **bold**\n# heading"
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def change(**overrides: Any) -> dict[str, Any]:
    """A change dict shaped like newsmon.views.change_view."""
    base = {
        "id": 7, "metric": "kp-troops-in-russia", "metric_label": "North Korea troops deployed",
        "kind": "changed", "old_value": 3000.0, "new_value": 13000.0, "direction": "up",
        "delta_abs": 10000.0, "delta_rel": 3.33, "unit": "count", "qualifier": "about",
        "claimant": "South Korea's intelligence services", "published": "2024-12-01",
        "article_url": URL, "title": "Kim sends more troops", "sentence": "About 13,000 ...",
    }  # fmt: skip
    return base | overrides


def figure(**overrides: Any) -> dict[str, Any]:
    """A figure dict shaped like newsmon.views.figure_view (the keys the report reads)."""
    base = {
        "article_url": URL, "title": "Kim sends more troops", "value": 13000.0, "unit": "count",
        "qualifier": "about", "metric": "kp-troops-in-russia",
        "metric_label": "North Korea troops deployed", "claimant": "NIS",
    }  # fmt: skip
    return base | overrides


def report(**lists: list[dict[str, Any]]) -> str:
    """The Markdown for the given lists (others empty)."""
    names = ("changes", "figures", "alerts", "feeds", "skipped")
    return run_markdown(["articles: 1 new"], *(lists.get(name, []) for name in names))


def table_rows(markdown: str, word: str) -> list[str]:
    """The Markdown table lines that mention `word`."""
    return [line for line in markdown.splitlines() if line.startswith("|") and word in line]


def test_summary_shows_old_to_new_with_claimant_and_link() -> None:
    markdown = report(changes=[change()], figures=[figure()])
    [row] = table_rows(markdown, "troops deployed")
    assert "3,000 -> 13,000 count" in row and "South Korea's intelligence services" in row
    assert f"[Kim sends more troops]({URL})" in row
    assert "- **North Korea troops deployed**: 13,000 count (about), NIS" in markdown


def test_confirmations_are_left_out_of_the_changes() -> None:
    markdown = report(changes=[change(kind="confirmed"), change(kind="historical")])
    assert "No changes." in markdown
    assert change_rows([change(kind="confirmed")]) == []


def test_alerts_feeds_and_skipped_items_have_sections() -> None:
    alerts: list[dict[str, Any]] = [
        {"target": "slack", "status": "sent", "attempts": 1, "last_error": None},
        {"target": "mail", "status": "failed", "attempts": 3, "last_error": "SMTP 550 | denied"},
    ]
    feeds: list[dict[str, Any]] = [
        {"name": "BBC", "url": "https://bbc.example/rss", "last_success_at": "2024-12-01T10:00:00",
         "consecutive_failures": 0, "last_error": None},
        {"name": "Down", "url": "https://down.example/rss", "last_success_at": None,
         "consecutive_failures": 4, "last_error": "HTTP 503"},
    ]  # fmt: skip
    skipped = [{"url": "https://x.example/a", "title": "Cats", "relevance": 0.02}]
    markdown = report(alerts=alerts, feeds=feeds, skipped=skipped)
    assert "1 sent, 1 failed." in markdown
    assert "SMTP 550 \\| denied" in table_rows(markdown, "mail")[0]
    assert "| failing | never | 4 | HTTP 503 |" in table_rows(markdown, "Down")[0]
    assert "ok" in table_rows(markdown, "BBC")[0]
    assert "- [Cats](https://x.example/a): skipped (relevance 0.02)" in markdown


def test_hostile_title_and_claimant_are_inert() -> None:
    nasty = change(title=HOSTILE_TITLE, claimant="<img src=x onerror=alert(1)>")
    markdown = report(changes=[nasty], figures=[figure(title=HOSTILE_TITLE)])
    assert "<script>" not in markdown and "<img" not in markdown
    assert "&lt;script&gt;" in markdown and "\\`rm\\`" in markdown and "\\*\\*bold" in markdown
    assert "\n# heading" not in markdown  # the title's newline did not start a heading
    [row] = table_rows(markdown, "troops deployed")
    assert len(UNESCAPED_PIPE.findall(row)) == 6  # 5 cells: the title's `|` is escaped
    assert "](javascript:" not in markdown


def test_only_http_links_become_links() -> None:
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>", "//x.org", "x"):
        assert safe_url(bad) is None, bad
        assert "](" not in link("title", bad)
    assert link("t", "https://a.example/p (1)") == "[t](https://a.example/p%20%281%29)"
    assert link("t", "https://a.example/\nx)") == "[t](https://a.example/%20x%29)"


def test_long_lists_are_clipped() -> None:
    markdown = report(figures=[figure(value=float(n)) for n in range(MAX_ROWS + 5)])
    assert markdown.count("- **North Korea") == MAX_ROWS and "…and 5 more." in markdown


def test_change_rows_are_plain_one_line_text() -> None:
    [row] = change_rows([change(title="a\nb  |c", article_url="javascript:x")])
    assert row["title"] == "a b |c" and row["url"] == ""
    assert (row["old"], row["new"], row["kind"]) == ("3,000", "13,000", "changed")


def test_change_event_names_kind_and_carries_the_payload() -> None:
    event = change_event(change(claimant="<b>NIS</b>\n", article_url="javascript:x"))
    assert event["event"] == "newsmon.figure.changed"
    assert event["resource"]["prefect.resource.id"] == "newsmon.metric.kp-troops-in-russia"
    payload = event["payload"]
    assert (payload["old_value"], payload["new_value"]) == (3000.0, 13000.0)
    assert payload["unit"] == "count" and payload["metric"] == "kp-troops-in-russia"
    assert payload["claimant"] == "<b>NIS</b>" and payload["article_url"] is None
    assert payload["label"] == "North Korea troops deployed" and payload["kind"] == "changed"
    assert event_name("Conflict!") == "newsmon.figure.conflict"


@given(st.text())
def test_escaped_text_is_one_line_without_markup(text: str) -> None:
    escaped = escape_text(text, limit=10_000)
    assert "\n" not in escaped and "\r" not in escaped
    assert "<" not in escaped and ">" not in escaped
    assert not UNESCAPED_PIPE.search(escaped) and not re.search(r"(?<!\\)[`\[\]]", escaped)


def test_a_run_without_alert_targets_says_nothing_can_be_sent() -> None:
    from newsmon.tasks.report.summary import RunSummary

    assert RunSummary(targets=0).lines()[-1].startswith("alerts: none, no alert target is set")
    assert RunSummary(targets=2).lines()[-1] == "alerts: 0 sent, 0 failed (0 queued this run)"
