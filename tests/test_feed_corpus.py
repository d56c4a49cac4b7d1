"""Real-world feed corpora served from 127.0.0.1, fetched with newsmon.tasks.ingest.http and parsed.

* feedparser's own suite (~2,100 files, headers from their ``Header:`` lines): no crash,
  bozo feeds are recorded (flag + reason) rather than fatal.
* rss-parser's captured feeds: item count, titles and links match its expected outputs.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

from newsmon.tasks.ingest.feeds import ParsedFeed, html_to_text, parse_feed
from newsmon.tasks.ingest.http import FetchLimits, fetch, make_client
from tests.support.shared import CORPORA
from tests.support.site import LocalSite

FEEDPARSER = CORPORA / "feedparser" / "tests"
RSS_PARSER = CORPORA / "real_feeds" / "rss-parser" / "test"
HEADER_LINE = re.compile(rb"^\s*Header:\s*([A-Za-z-]+):[ \t]*(.*?)\s*$", re.M)
OPENING_COMMENT = re.compile(rb"<!--(.*?)-->", re.S)
EXPECT_NOT_BOZO = re.compile(rb"^\s*Expect:\s*not bozo\b", re.M)
EXPECT_BOZO = re.compile(rb"^\s*Expect:\s*bozo\b", re.M)
LIMITS = FetchLimits(allow_hosts=frozenset({"127.0.0.1"}), read_timeout=10.0, deadline=20.0)

pytestmark = [pytest.mark.corpus, pytest.mark.slow]


@dataclass(frozen=True)
class Outcome:
    """What one corpus file produced."""

    path: Path
    fetch_error: str | None
    feed: ParsedFeed | None
    expect_not_bozo: bool
    expect_bozo: bool


def file_headers(data: bytes, suffix: str) -> dict[str, str]:
    """Headers from the opening comment's ``Header:`` lines (default type by extension)."""
    default = "application/json" if suffix == ".json" else "application/xml"
    headers = {"Content-Type": default}
    comment = OPENING_COMMENT.search(data[:4096])
    for name, value in HEADER_LINE.findall(comment.group(1) if comment else b""):
        key = name.decode("latin-1").title()
        headers[key] = value.decode("latin-1")
    return headers


def corpus_files() -> list[Path]:
    return sorted(p for p in FEEDPARSER.rglob("*") if p.is_file()) if FEEDPARSER.is_dir() else []


def group_of(path: Path) -> str:
    return str(path.relative_to(FEEDPARSER).parent)


GROUPS = sorted({group_of(p) for p in corpus_files()})


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with make_client(LIMITS) as c:
        yield c


@pytest.fixture(scope="module")
def outcomes(site: LocalSite, client: httpx.Client) -> dict[str, list[Outcome]]:
    """Serve every corpus file from one server, fetch and parse each once."""
    result: dict[str, list[Outcome]] = {}
    for path in corpus_files():
        data = path.read_bytes()
        url = site.add(
            "/fp/" + path.relative_to(FEEDPARSER).as_posix(),
            data,
            content_type=None,
            headers=file_headers(data, path.suffix),
        )
        fetched = fetch(url, client=client, limits=LIMITS)
        feed = None
        if fetched.error is None:
            feed = parse_feed(fetched.body, headers=fetched.headers, url=fetched.url)
        head = data[:4096]
        outcome = Outcome(
            path,
            fetched.error,
            feed,
            bool(EXPECT_NOT_BOZO.search(head)),
            bool(EXPECT_BOZO.search(head)),
        )
        result.setdefault(group_of(path), []).append(outcome)
    return result


@pytest.mark.parametrize("group", GROUPS)
def test_feedparser_group(outcomes: dict[str, list[Outcome]], group: str) -> None:
    """Every file is fetched and parsed; bozo feeds carry a reason; no crash."""
    items = outcomes[group]
    assert items, group
    fetch_errors = [(o.path.name, o.fetch_error) for o in items if o.fetch_error]
    assert not fetch_errors, fetch_errors[:5]
    for o in items:
        assert o.feed is not None
        assert not o.feed.bozo or o.feed.bozo_reason, o.path
    wrongly_bozo = [o.path.name for o in items if o.expect_not_bozo and o.feed and o.feed.bozo]
    assert not wrongly_bozo, wrongly_bozo[:10]
    missed_bozo = [o.path.name for o in items if o.expect_bozo and o.feed and not o.feed.bozo]
    assert not missed_bozo, missed_bozo[:10]


def test_feedparser_corpus_totals(outcomes: dict[str, list[Outcome]]) -> None:
    """Totals over the whole suite (printed with -s)."""
    every = [o for items in outcomes.values() for o in items]
    feeds = [o.feed for o in every if o.feed is not None]
    with_entries = sum(1 for f in feeds if f.entries)
    bozo = sum(1 for f in feeds if f.bozo)
    errors = sum(1 for f in feeds if f.error)
    print(
        f"\nfeedparser corpus: {len(every)} files, {len(feeds)} read, "
        f"{with_entries} with entries, {bozo} bozo, {errors} with no usable feed"
    )
    assert len(feeds) == len(every) == len(corpus_files())
    assert with_entries > 1000


def rss_parser_pairs() -> list[tuple[Path, Path]]:
    if not RSS_PARSER.is_dir():
        return []
    inputs = {p.stem: p for p in (RSS_PARSER / "input").iterdir()}
    return [(inputs[o.stem], o) for o in sorted((RSS_PARSER / "output").glob("*.json"))]


def load_expected(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    try:
        data = json.loads(raw)
    except UnicodeDecodeError:
        data = json.loads(raw.decode("latin-1"))
    items: list[dict[str, str]] = data["feed"].get("items", [])
    return items


def title_matches(expected: str, got: str) -> bool:
    """Equal after HTML-to-text; U+FFFD in the expectation (a mis-decode) matches any char."""
    want = html_to_text(expected)
    if "\ufffd" not in want:
        return want == got
    pattern = ".+?".join(re.escape(part) for part in want.split("\ufffd"))
    return re.fullmatch(pattern, got) is not None


@pytest.mark.parametrize(("source", "expected"), rss_parser_pairs(), ids=lambda p: p.stem)
def test_rss_parser_outputs(
    site: LocalSite, client: httpx.Client, source: Path, expected: Path
) -> None:
    """Item count, titles and links equal rss-parser's expected output."""
    url = site.add_file("/rss-parser/" + source.name, source, {"Content-Type": "application/xml"})
    fetched = fetch(url, client=client, limits=LIMITS)
    assert fetched.error is None
    feed = parse_feed(fetched.body, headers=fetched.headers, url=fetched.url)
    items = load_expected(expected)
    assert feed.error is None and len(feed.entries) == len(items)
    for entry, item in zip(feed.entries, items, strict=True):
        assert title_matches(item.get("title") or "", entry.title), entry
        link = (item.get("link") or "").strip()
        assert entry.link == (urljoin(fetched.url, link) if link.startswith("/") else link)
