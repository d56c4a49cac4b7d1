"""newsmon.tasks.ingest.urls.canonical_url: examples and a Hypothesis idempotence property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.tasks.ingest.urls import canonical_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (
            "HTTPS://WWW.Example.com:443/a/b/?utm_source=x&b=2&a=1&fbclid=zz#frag",
            "https://example.com/a/b?a=1&b=2",
        ),
        ("https://example.com/s?gclid=1&mc_cid=3&mc_eid=4&q=x", "https://example.com/s?q=x"),
        ("http://example.com/path/amp/?amp=1", "http://example.com/path"),
        ("https://example.com/story?outputType=amp&id=7", "https://example.com/story?id=7"),
        ("https://m.example.com/news/story.amp", "https://example.com/news/story"),
        ("https://mobile.example.com/news/story", "https://example.com/news/story"),
        ("https://amp.theguardian.com/world/x", "https://theguardian.com/world/x"),
        ("https://www.bbc.co.uk/news/world-1.amp.html", "https://bbc.co.uk/news/world-1.html"),
        ("https://example.com/amp/news/x/", "https://example.com/news/x"),
        ("http://example.com", "http://example.com/"),
        ("http://example.com/", "http://example.com/"),
        ("http://Example.com:8080/x/", "http://example.com:8080/x"),
        ("https://m.com/x", "https://m.com/x"),
        ("seed://000_e8e7.txt", "seed://000_e8e7.txt"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_examples(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_variants_collapse_to_one_key() -> None:
    variants = [
        "https://www.news.example/world/2024/06/20/putin-kim-pact",
        "https://news.example/world/2024/06/20/putin-kim-pact/",
        "https://m.news.example/world/2024/06/20/putin-kim-pact?utm_medium=social",
        "https://amp.news.example/world/2024/06/20/putin-kim-pact?amp=1#comments",
        "https://news.example/amp/world/2024/06/20/putin-kim-pact",
        "HTTPS://NEWS.EXAMPLE/world/2024/06/20/putin-kim-pact.amp?fbclid=abc",
    ]
    assert len({canonical_url(v) for v in variants}) == 1


def test_different_articles_stay_different() -> None:
    a = canonical_url("https://example.com/story?id=1")
    b = canonical_url("https://example.com/story?id=2")
    assert a != b
    assert canonical_url("https://example.com/a") != canonical_url("https://example.com/b")


SEGMENT = st.text(alphabet="abcAB019-_.~%:@!$&'()*+,;=é ", min_size=0, max_size=8)
KEY = st.one_of(
    st.sampled_from(["utm_source", "fbclid", "amp", "id", "q", "page", "outputType", "ref"]),
    st.text(alphabet="abcXYZ_-.", min_size=1, max_size=6),
)
VALUE = st.text(alphabet="abc123 %&=+/?é", max_size=6)


@st.composite
def web_urls(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "HtTpS"]))
    prefix = draw(st.sampled_from(["", "www.", "m.", "amp.", "mobile.", "WWW.m."]))
    host = draw(st.sampled_from(["example.com", "News.Example.co.uk", "a.b", "127.0.0.1"]))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "/".join(draw(st.lists(SEGMENT, max_size=5)))
    query = "&".join(f"{k}={v}" for k, v in draw(st.lists(st.tuples(KEY, VALUE), max_size=4)))
    fragment = draw(st.sampled_from(["", "#top", "#a=b&utm_x=1"]))
    slash = draw(st.sampled_from(["", "/"]))
    return f"{scheme}://{prefix}{host}{port}/{path}{slash}{'?' if query else ''}{query}{fragment}"


@settings(max_examples=400, deadline=None)
@given(web_urls())
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_canonical_url_never_raises_and_is_idempotent_on_any_text(text: str) -> None:
    once = canonical_url(text)
    assert canonical_url(once) == once


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["http://", "HTTPS://"]),
    st.text(alphabet="[]:%@.0123456789abcdefz-", max_size=16),
    st.text(alphabet="/?#=[]:%", max_size=6),
)
def test_canonical_url_never_raises_on_broken_hosts(scheme: str, host: str, rest: str) -> None:
    once = canonical_url(scheme + host + rest)  # "http://[::1/x", "https://[zz]/", ...
    assert canonical_url(once) == once


@settings(max_examples=200, deadline=None)
@given(web_urls())
def test_canonical_url_has_no_tracking_or_fragment(url: str) -> None:
    result = canonical_url(url)
    assert "#" not in result and "utm_" not in result.split("?", 1)[-1].lower()
    assert result == result.strip() and result.split("://", 1)[0] in ("http", "https")
