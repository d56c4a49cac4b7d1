"""parse_feed and read_opml, including feeds fetched from a local site."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmon.config.settings import FetchSettings
from newsmon.tasks.ingest.feeds import FeedEntry, html_to_text, newest, parse_feed
from newsmon.tasks.ingest.http import FetchLimits, fetch, make_client
from newsmon.tasks.ingest.opml import FeedRef, read_opml
from newsmon.tasks.ingest.web import FeedJob, poll_feed
from tests.support.site import LocalSite

LIMITS = FetchLimits(allow_hosts=frozenset({"127.0.0.1"}))
RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World &amp; News</title>
<item><title>Troops &lt;b&gt;sent&lt;/b&gt;</title><link>/world/1</link>
<guid isPermaLink="false">item-1</guid><author>ann@example.com (Ann)</author>
<pubDate>Thu, 20 Jun 2024 10:30:00 +0200</pubDate>
<description>&lt;p&gt;First &amp;amp; second.&lt;/p&gt;&lt;p&gt;Third&lt;script&gt;x()
&lt;/script&gt;&lt;/p&gt;</description>
</item>
<item><title>No date</title><link>https://example.com/2</link></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title>
<entry><title>A</title><id>tag:example.com,2024:a</id><link href="https://example.com/a"/>
<updated>2024-11-01T12:00:00Z</updated>
<content type="html">&lt;p&gt;Body &lt;em&gt;text&lt;/em&gt;&lt;/p&gt;</content>
<summary>Short</summary></entry></feed>"""
JSON_FEED = (
    b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": '
    b'[{"id": "1", "url": "https://example.com/j1", "title": "J1", "content_text": "Hello",'
    b' "date_published": "2024-10-08T08:00:00+00:00"}]}'
)
LATIN1 = '<?xml version="1.0"?><rss version="2.0"><channel><title>Caf\xe9</title>'
LATIN1 += "<item><title>Ol\xe9</title><link>https://example.com/o</link></item></channel></rss>"
OPML = b"""<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
<outline text="World"><outline text="BBC" title="BBC World" type="rss"
  xmlUrl="https://feeds.bbci.co.uk/news/world/rss.xml"/>
  <outline text="Asia"><outline text="Yonhap" type="rss" xmlUrl="https://en.yna.co.kr/rss"/></outline>
</outline>
<outline text="Dup" type="rss" xmlUrl="https://en.yna.co.kr/rss"/>
<outline text="Just a link" type="link" url="https://example.com"/>
<outline text="Top-level" xmlurl="https://example.com/feed.atom"/>
</body></opml>"""


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with make_client(LIMITS) as c:
        yield c


def test_rss_entries_are_plain_text_with_utc_dates() -> None:
    feed = parse_feed(RSS, headers={"Content-Type": "application/rss+xml"}, url="https://ex.com/f")
    assert feed.error is None and not feed.bozo and feed.title == "World & News"
    first, second = feed.entries
    assert first.title == "Troops sent" and first.link == "https://ex.com/world/1"
    assert first.summary == "First & second.\n\nThird" and first.id == "item-1"
    assert first.published == datetime(2024, 6, 20, 8, 30, tzinfo=UTC)
    assert first.author and "Ann" in first.author
    assert second.published is None and second.id == "https://example.com/2"


def test_atom_content_and_json_feed() -> None:
    atom = parse_feed(ATOM, headers={}, url="https://example.com/atom")
    entry = atom.entries[0]
    assert entry.content == "Body text" and entry.summary == "Short"
    assert entry.published == datetime(2024, 11, 1, 12, tzinfo=UTC)
    assert entry.id == "tag:example.com,2024:a"
    json_feed = parse_feed(JSON_FEED, headers={"Content-Type": "application/feed+json"}, url="")
    assert [e.link for e in json_feed.entries] == ["https://example.com/j1"]
    assert json_feed.entries[0].content == "Hello" and json_feed.title == "J"
    assert json_feed.entries[0].published == datetime(2024, 10, 8, 8, tzinfo=UTC)
    no_items = parse_feed(b'{"items": 3}', headers={}, url="")
    assert no_items.error == "not a JSON Feed (no items list)"
    broken = parse_feed(b"{nope", headers={}, url="")
    assert broken.error and broken.error.startswith("invalid JSON: Expecting property name")


def test_charset_from_headers_is_used() -> None:
    body = LATIN1.encode("latin-1")
    feed = parse_feed(body, headers={"Content-Type": "text/xml; charset=iso-8859-1"}, url="")
    assert feed.title == "Café" and feed.entries[0].title == "Olé"


def test_garbage_is_an_error_value() -> None:
    reasons = {
        b"": "(no feed elements)",
        b"\x00\xff\xfe garbage": "(SAXParseException: <unknown>:2:0: not well-formed",
        b"<html><body><p>Not a feed</p></body></html>": "(NonXMLContentType: text/html is not",
    }
    for junk, reason in reasons.items():
        feed = parse_feed(junk, headers={"Content-Type": "text/html"}, url="https://e.com/")
        assert feed.error and feed.error.startswith(f"not a recognisable feed {reason}")
        assert feed.entries == []


def test_invalid_feed_over_http_is_bozo_not_fatal(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/invalid-feed"), client=client, limits=LIMITS)
    assert result.error is None
    feed = parse_feed(result.body, headers=result.headers, url=result.url)
    assert feed.bozo and feed.bozo_reason and "SAXParseException" in feed.bozo_reason
    assert feed.entries == [] and feed.version == "rss20"


def test_bozo_feed_with_entries_keeps_them(site: LocalSite, client: httpx.Client) -> None:
    broken = RSS.replace(b"</channel></rss>", b"<item><title>Unclosed &amp</title></item>")
    url = site.add("/broken.xml", broken, content_type="application/rss+xml")
    result = fetch(url, client=client, limits=LIMITS)
    feed = parse_feed(result.body, headers=result.headers, url=result.url)
    assert feed.bozo and feed.bozo_reason and feed.error is None and len(feed.entries) >= 2
    assert feed.entries[0].link == site.url("/world/1")


def test_feed_polling_with_etag(site: LocalSite, client: httpx.Client) -> None:
    url = site.add("/poll.xml", RSS, content_type="application/rss+xml")
    first = fetch(url, client=client, limits=LIMITS)
    again = fetch(url, client=client, limits=LIMITS, etag=first.etag)
    assert again.not_modified
    site.set_body("/poll.xml", RSS.replace(b"No date", b"Now dated"))
    changed = fetch(url, client=client, limits=LIMITS, etag=first.etag)
    titles = [e.title for e in parse_feed(changed.body, headers=changed.headers, url=url).entries]
    assert "Now dated" in titles


def test_html_to_text() -> None:
    assert html_to_text("a &lt; b &amp;&amp; <i>c</i>") == "a < b && c"
    assert html_to_text("<p>one</p><!-- x --><style>p{}</style><p>two</p>") == "one\n\ntwo"
    assert html_to_text("  plain   text ") == "plain text"


def test_read_opml_nested() -> None:
    refs = read_opml(OPML)
    assert refs == [
        FeedRef("BBC World", "https://feeds.bbci.co.uk/news/world/rss.xml", "World"),
        FeedRef("Yonhap", "https://en.yna.co.kr/rss", "World/Asia"),
        FeedRef("Top-level", "https://example.com/feed.atom", ""),
    ]


def test_read_opml_garbage() -> None:
    assert read_opml(b"") == [] and read_opml(b"\x00\x01 not xml") == []
    assert read_opml(b"<opml><body></body></opml>") == []


def test_an_opml_entry_that_is_not_a_web_feed_is_skipped(tmp_path: Path) -> None:
    from newsmon.tasks.ingest.feedsync import opml_feeds

    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><body>'
        '<outline type="rss" text="Good" xmlUrl="https://news.example/rss"/>'
        '<outline type="rss" text="Odd" xmlUrl="feed://news.example/odd"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    assert [feed.url for feed in opml_feeds(opml)] == ["https://news.example/rss"]


def entry(n: int, day: int | None) -> FeedEntry:
    """Item n, published on that day of May 2024 (or undated)."""
    when = datetime(2024, 5, day, tzinfo=UTC) if day else None
    return FeedEntry(f"https://example.com/{n}", f"item {n}", "", "", when, None, str(n))


@pytest.mark.parametrize(
    ("days", "cap", "kept"),
    [
        ([3, 1, 2], 5, [0, 1, 2]),  # under the cap: all, in the feed's order
        ([3, 1, 2], 2, [0, 2]),  # the newest two
        ([1, None, 9, None], 2, [2, 0]),  # undated items go last
        ([None, None, None], 2, [0, 1]),  # none dated: the feed's own order
    ],
)  # fmt: skip
def test_a_feed_over_the_cap_gives_its_newest_items(
    days: list[int | None], cap: int, kept: list[int]
) -> None:
    entries = [entry(n, day) for n, day in enumerate(days)]
    found, note = newest(entries, cap)
    assert [e.id for e in found] == [str(n) for n in kept]
    assert (note is None) == (len(days) <= cap)


def test_a_huge_feed_is_polled_for_its_newest_items_and_says_so(site: LocalSite) -> None:
    items = "".join(
        f"<item><title>Item {n}</title><link>https://example.com/{n}</link>"
        f"<pubDate>Mon, {1 + n % 28:02d} Jan 2024 08:00:00 +0000</pubDate></item>"
        for n in range(2_000)
    )
    body = f'<rss version="2.0"><channel><title>H</title>{items}</channel></rss>'.encode()
    url = site.add("/huge.xml", body, content_type="application/rss+xml")
    settings = FetchSettings(allow_hosts=["127.0.0.1"], max_items_per_feed=25)
    poll = poll_feed(FeedJob("huge", url), settings)
    assert poll.error is None and len(poll.entries) == 25
    assert {e.published.day for e in poll.entries if e.published} == {28}
    assert poll.skipped == (
        "1975 older item(s) left out: the feed lists 2000, and fetch.max_items_per_feed is 25"
    )


@given(st.lists(st.one_of(st.none(), st.integers(1, 28)), max_size=40), st.integers(1, 30))
def test_the_cap_keeps_the_newest_and_drops_only_older_ones(
    days: list[int | None], cap: int
) -> None:
    entries = [entry(n, day) for n, day in enumerate(days)]
    kept, note = newest(entries, cap)
    assert len(kept) == min(len(entries), cap) and {e.id for e in kept} <= {e.id for e in entries}
    dropped = [e for e in entries if e not in kept]
    newest_dropped = max((e.published for e in dropped if e.published), default=None)
    oldest_kept = min((e.published for e in kept if e.published), default=None)
    if newest_dropped and oldest_kept:
        assert newest_dropped <= oldest_kept
    assert (note is None) == (not dropped)


def test_a_json_feed_date_before_year_one_is_no_date() -> None:
    body = (
        b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1",'
        b' "url": "https://example.com/j1", "date_published": "0001-01-01T00:00:00+01:00"}]}'
    )
    parsed = parse_feed(body, headers={"content-type": "application/feed+json"}, url="u")
    assert parsed.error is None and parsed.entries[0].published is None


def test_the_cap_counts_only_items_with_a_usable_link(site: LocalSite) -> None:
    items = "<item><title>No link</title></item>" * 3 + "".join(
        f"<item><title>Item {n}</title><link>https://example.com/{n}</link></item>"
        for n in range(4)
    )
    body = f'<rss version="2.0"><channel><title>L</title>{items}</channel></rss>'.encode()
    url = site.add("/linked.xml", body, content_type="application/rss+xml")
    poll = poll_feed(
        FeedJob("l", url), FetchSettings(allow_hosts=["127.0.0.1"], max_items_per_feed=3)
    )
    assert [e.title for e in poll.entries] == ["Item 0", "Item 1", "Item 2"]
    assert poll.skipped is not None and poll.skipped.startswith("3 item(s) skipped, without")
    assert "1 older item(s) left out" in poll.skipped
