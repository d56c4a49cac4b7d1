"""Items that used to fail a whole run: each is stored cleaned, or fails alone with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import select

from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import Article, Figure
from newsmon.flows.monitor import run_monitor
from tests.support.config import write_config
from tests.support.site import LocalSite
from tests.test_web_flow import CASUALTIES

pytestmark = [pytest.mark.chaos, pytest.mark.usefixtures("prefect_harness")]
STORY = CASUALTIES[0].format(n="3,000")


def rss_with_nuls(site: LocalSite) -> bytes:
    """An RSS item with raw NULs in its title and summary, whose page is gone (HTTP 404):
    its text is the feed's summary. feedparser's lenient parser keeps the NULs."""
    item = (f"<item><title>Casualties\x00 mount</title><link>{site.url('/nasty/404')}</link>"
            f"<description>{STORY}\x00 Seoul agreed.</description></item>")  # fmt: skip
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{item}</channel></rss>'.encode()


def json_feed_with_nuls(site: LocalSite) -> bytes:
    """JSON Feed items with NULs and lone surrogates in their titles and texts, and one with
    a lone surrogate in its link (skipped, and said)."""
    text = CASUALTIES[0].format(n="4,000") + "\x00 \ud83d Seoul said so."
    items = [
        {"id": "1", "url": site.url("/nasty/404?json"), "title": "Casualties\x00 rise\udc00",
         "content_text": text},
        {"id": "2", "url": site.url("/page\ud83d"), "title": "Bad link", "content_text": text},
    ]  # fmt: skip
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items}).encode()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_nul_characters_in_items_are_cleaned_not_fatal(
    tmp_path: Path, request: pytest.FixtureRequest, database: str
) -> None:
    url = request.getfixturevalue("pg_url") if database == "postgresql" else None
    with LocalSite() as site:
        site.add("/rss", rss_with_nuls(site), content_type="application/rss+xml")
        site.add("/json", json_feed_with_nuls(site), content_type="application/feed+json")
        feeds = [
            {"name": "rss", "url": site.url("/rss")},
            {"name": "json", "url": site.url("/json")},
        ]
        extra = {"database_url": url} if url else {}
        fetch = {"allow_hosts": ["127.0.0.1"], "retries": 0}
        settings = write_config(tmp_path, feeds=feeds, fetch=fetch, **extra)
        summary = run_monitor(config_path=str(settings.path))
    with transaction(get_engine(settings.database_url)) as session:
        articles = [a for a in session.exec(select(Article)) if a.url.startswith("http")]
        values = {f.value for f in session.exec(select(Figure))}
    assert len(articles) == 2 and all(a.from_feed for a in articles), summary.errors
    assert {a.title for a in articles} == {"Casualties mount", "Casualties rise?"}
    assert "feed json: 1 item(s) skipped, without a usable http(s) link: 'Bad link'" in (
        summary.errors
    )
    assert all("\x00" not in (a.text or "") for a in articles)
    assert {3000, 4000} <= values
