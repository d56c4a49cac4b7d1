"""The monitor flow over a real local web site: feeds, pages, copies, edits and nasty input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import select
from typer.testing import CliRunner

from newsmon.cli import app
from newsmon.config.settings import Settings
from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import Article
from newsmon.flows.monitor import run_monitor
from tests.support.config import write_config
from tests.support.receivers import JsonReceiver, json_receiver
from tests.support.site import LocalSite, SiteRequest, SiteResponse
from tests.support.texts import STORY_PARAGRAPHS

pytestmark = pytest.mark.usefixtures("prefect_harness")

STORY = STORY_PARAGRAPHS
COPY = [*STORY[:4], STORY[4].replace("urged allies", "called on partners")]
CASUALTIES = [
    "North Korean troops fighting for Russia in the Kursk region have suffered around "
    "{n} casualties, according to Ukraine's military intelligence.",
    "The North Korean soldiers, deployed by Pyongyang after Kim Jong Un signed a defence pact "
    "with Vladimir Putin, have struggled with drones and the language barrier.",
    "Seoul's spy agency said the North Korean units were pulled back from the front line "
    "for several weeks after the losses, before returning to fight alongside Russian troops.",
    "Russia and North Korea have both declined to comment on the deployment of the troops.",
]
OFF_TOPIC = [
    "Arsenal beat Chelsea 3-1 on Sunday, with the home side's forwards running riot in a "
    "derby that had fans on their feet from the first whistle to the last.",
    "The manager praised his players' discipline and said the squad was ready for the "
    "European fixtures, which begin next week with a trip to Germany.",
    "Ticket prices for the next home match were raised by 5% in the summer, the club said, "
    "and season ticket holders will keep their seats in the North Stand.",
]
SUMMARY_404 = (
    "South Korea's intelligence service says North Korea has sent thousands more troops to "
    "Russia, with Pyongyang's soldiers now deployed in the Kursk region against Ukraine."
)


def page(title: str, paragraphs: list[str], site: str) -> bytes:
    """An article page with its outlet's navigation and footer around the text."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{escape(title)} | {site}</title>"
        f'<meta property="og:site_name" content="{site}"><meta name="author" content="Staff">'
        f"</head><body><nav><a href='/'>{site} home</a> <a href='/world'>World</a>"
        f" <a href='/sport'>Sport</a></nav><article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>Copyright {site}. All rights reserved. Contact the newsroom.</footer>"
        "</body></html>"
    ).encode()


def feed(site: LocalSite, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS feed of (title, path, summary) items, all published now."""
    now = format_datetime(datetime.now(UTC))
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{site.url(p) if p.startswith('/') else p}</link>"
        f"<description>{escape(s)}</description><pubDate>{now}</pubDate></item>"
        for t, p, s in items
    )
    channel = f"<channel><title>World</title>{entries}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


ITEMS = [
    ("North Korea sends 11,000 troops", "/story", ""),
    ("Syndicated: North Korea troops", "/copy", ""),
    ("North Korean casualties mount", "/casualties", ""),
    ("Arsenal beat Chelsea", "/sport", ""),
    ("Gone article", "/nasty/404", SUMMARY_404),
    ("Slow article", "/nasty/slow", ""),
    ("Huge article", "/nasty/huge", ""),
    ("Bomb article", "/nasty/gzip-bomb", ""),
    ("Looping article", "/nasty/loop-a", ""),
    ("PDF article", "/nasty/pdf", ""),
]


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with LocalSite(slow_seconds=3.0) as s:
        s.add(
            "/story",
            page("North Korea sends 11,000 troops", STORY, "Daily Planet"),
            content_type="text/html",
        )
        s.add("/copy", page("North Korea troops", COPY, "The Echo"), content_type="text/html")
        s.add(
            "/casualties",
            page("Casualties mount", [CASUALTIES[0].format(n="3,000"), *CASUALTIES[1:]], "Wire"),
            content_type="text/html",
        )
        s.add(
            "/sport",
            page("Arsenal beat Chelsea", OFF_TOPIC, "Sports Daily"),
            content_type="text/html",
        )
        s.add("/feed.xml", feed(s, ITEMS), content_type="application/rss+xml")
        yield s


def web_config(tmp_path: Path, site: LocalSite, receiver: JsonReceiver) -> Settings:
    feeds = [
        {"name": "world", "url": site.url("/feed.xml")},
        {"name": "broken", "url": site.url("/nasty/invalid-feed")},
        {"name": "dead", "url": "http://127.0.0.1:9/feed.xml"},
    ]
    fetch = {"timeout": 1.0, "retries": 0, "allow_hosts": ["127.0.0.1"], "max_bytes": 5_000_000}
    alerts = {"targets": [{"name": "hook", "url": receiver.url}]}
    return write_config(tmp_path, feeds=feeds, fetch=fetch, alerts=alerts)


def cli_json(settings: Settings, *command: str) -> Any:
    result = CliRunner().invoke(app, [*command, "--config", str(settings.path), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def stored(settings: Settings) -> dict[str, Article]:
    with transaction(get_engine(settings.database_url)) as session:
        rows = session.exec(select(Article).where(Article.url.startswith("http"))).all()  # type: ignore[attr-defined]
        return {row.url.rsplit("/", 1)[-1]: row for row in rows}


def test_feeds_pages_copies_and_failures_on_a_real_site(tmp_path: Path, site: LocalSite) -> None:
    with json_receiver() as receiver:
        settings = web_config(tmp_path, site, receiver)
        first = run_monitor(config_path=str(settings.path))
    articles = stored(settings)
    assert first.articles["new"] == 5 + 3  # the seeds, the story, the casualties, the 404's summary
    assert articles["story"].status == articles["casualties"].status == "analysed"
    assert (
        articles["copy"].status == "duplicate"
        and articles["copy"].duplicate_of_id == articles["story"].id
    )
    assert articles["sport"].status == "skipped" and articles["sport"].relevance is not None
    assert articles["404"].from_feed and "HTTP 404" in (articles["404"].error or "")
    for name in ("slow", "huge", "gzip-bomb", "loop-a", "pdf"):
        assert articles[name].status == "failed" and articles[name].error, name
    assert "pdf" in (articles["pdf"].error or "").lower()
    health = {f["name"]: f for f in cli_json(settings, "feeds")}
    assert health["world"]["health"] == "ok" and health["world"]["articles"] == len(ITEMS)
    for name in ("broken", "dead"):
        assert health[name]["health"] == "failing" and health[name]["consecutive_failures"] == 1
        assert health[name]["last_error"] and health[name]["next_attempt_at"]
    assert any("feed dead" in error for error in first.errors)


def test_rerun_adds_nothing_and_an_edited_article_is_a_new_version(
    tmp_path: Path, site: LocalSite
) -> None:
    with json_receiver() as receiver:
        settings = web_config(tmp_path, site, receiver)
        run_monitor(config_path=str(settings.path))
        sent = len(receiver.payloads)
        again = run_monitor(config_path=str(settings.path))
        assert again.articles["new"] == again.articles["updated"] == again.figures == 0
        assert again.alerts_queued == 0 and len(receiver.payloads) == sent
        edited = [CASUALTIES[0].format(n="4,500"), *CASUALTIES[1:]]
        site.set_body("/casualties", page("Casualties mount", edited, "Wire"))
        site.set_body("/feed.xml", feed(site, ITEMS))  # the feed changes too (new pubDates)
        third = run_monitor(config_path=str(settings.path))
        payloads = receiver.wait_for(sent + third.alerts_queued)
    assert third.articles["updated"] == 1 and third.articles["new"] == 0
    changes = cli_json(settings, "changes")
    moved = [c for c in changes if c["old_value"] == 3000 and c["new_value"] == 4500]
    assert moved and moved[0]["kind"] == "changed"
    assert any("3,000 -> 4,500" in p["title"] for p in payloads[sent:])


def test_a_stored_page_failing_on_re_read_keeps_its_text_and_is_no_new_version(
    tmp_path: Path, site: LocalSite
) -> None:
    with json_receiver() as receiver:
        settings = web_config(tmp_path, site, receiver)
        run_monitor(config_path=str(settings.path))
        before = stored(settings)["story"]
        site.add_handler("/story", lambda request: SiteResponse(500, {}, b"down"))
        # New pubDates, so the story is re-read, and now a summary it could fall back on.
        summary = (ITEMS[0][0], ITEMS[0][1], "North Korea has sent troops to Russia.")
        site.set_body("/feed.xml", feed(site, [summary, *ITEMS[1:]]))
        again = run_monitor(config_path=str(settings.path))
    after = stored(settings)["story"]
    assert site.hits("/story") == 2
    assert again.articles["updated"] == 0 and again.figures == 0
    assert (after.id, after.version, after.text) == (before.id, 1, before.text)
    assert any(e.endswith("/story: HTTP 500 Internal Server Error") for e in again.errors)


def test_a_feed_failing_with_503_is_retried_within_the_run(tmp_path: Path, site: LocalSite) -> None:
    body = feed(site, ITEMS[:1])
    calls: list[int] = []

    def flaky(request: SiteRequest) -> SiteResponse:
        calls.append(1)
        if len(calls) == 1:
            return SiteResponse(503, {"Content-Type": "text/plain"}, b"busy")
        return SiteResponse(200, {"Content-Type": "application/rss+xml"}, body)

    site.add_handler("/flaky.xml", flaky)
    feeds = [{"name": "flaky", "url": site.url("/flaky.xml")}]
    fetch = {"timeout": 2.0, "retries": 1, "retry_delay_seconds": 0, "allow_hosts": ["127.0.0.1"]}
    settings = write_config(tmp_path, feeds=feeds, fetch=fetch)
    summary = run_monitor(config_path=str(settings.path))
    assert len(calls) == 2
    assert summary.articles["new"] == 5 + 1 and not any("flaky" in e for e in summary.errors)
    [health] = cli_json(settings, "feeds")
    assert health["health"] == "ok" and health["consecutive_failures"] == 0


def test_skipped_items_can_be_audited_and_rescored(tmp_path: Path, site: LocalSite) -> None:
    with json_receiver() as receiver:
        settings = web_config(tmp_path, site, receiver)
        run_monitor(config_path=str(settings.path))
        [skipped] = cli_json(settings, "articles", "--status", "skipped")
        assert skipped["url"].endswith("/sport") and skipped["relevance"] < 0.2
        raw = yaml.safe_load(settings.path.read_text())
        raw["topic"]["relevance"] = {"min_score": 0.0, "min_names": 0.0}
        settings.path.write_text(yaml.safe_dump(raw))
        result = CliRunner().invoke(app, ["rescore", "--config", str(settings.path)])
        assert result.exit_code == 0 and result.output.startswith("1 skipped article(s)")
        again = run_monitor(config_path=str(settings.path))
    assert again.analysed == 1
    assert cli_json(settings, "articles", "--status", "skipped") == []


def json_feed(site: LocalSite, items: list[tuple[str, str]]) -> bytes:
    """A JSON Feed of (title, url) items."""
    entries = [{"id": str(n), "title": t, "url": site.url(u) if u.startswith("/") else u}
               for n, (t, u) in enumerate(items)]  # fmt: skip
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": entries}).encode()


@pytest.mark.parametrize("kind", ["rss", "json"])
@pytest.mark.parametrize("link", ["http://[::1/x", "https://[zz]/a", "http://exa mple.com/a"])
def test_a_malformed_link_skips_only_its_item_and_says_so(
    tmp_path: Path, site: LocalSite, link: str, kind: str
) -> None:
    items = [("Broken link", link), (ITEMS[0][0], ITEMS[0][1])]
    body = feed(site, [(t, u, "") for t, u in items]) if kind == "rss" else json_feed(site, items)
    site.set_body("/feed.xml", body)
    with json_receiver() as receiver:
        settings = web_config(tmp_path, site, receiver)
        summary = run_monitor(config_path=str(settings.path))
    assert stored(settings)["story"].status == "analysed"
    assert summary.articles["new"] == 5 + 1
    said = "feed world: 1 item(s) skipped, without a usable http(s) link: 'Broken link'"
    assert said in summary.errors
    health = {f["name"]: f for f in cli_json(settings, "feeds")}
    assert (
        health["world"]["health"] == "ok" and "1 item(s) skipped" in health["world"]["last_error"]
    )
