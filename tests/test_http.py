"""fetch against a real local HTTP server: nasty routes give error values."""

from __future__ import annotations

import contextlib
import dataclasses
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from newsmon.tasks.ingest.http import (
    PAGE_TYPES,
    FetchLimits,
    FetchResult,
    fetch,
    make_client,
    parse_retry_after,
)
from newsmon.tasks.ingest.web import is_transient
from tests.support.site import HUGE_SIZE, LocalSite

LIMITS = FetchLimits(
    connect_timeout=2.0,
    read_timeout=0.5,
    deadline=5.0,
    allow_hosts=frozenset({"127.0.0.1"}),
    accept_types=PAGE_TYPES,
)


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    with LocalSite(slow_seconds=3.0) as s:
        yield s


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with make_client(LIMITS) as c:
        yield c


def test_ok_page(site: LocalSite, client: httpx.Client) -> None:
    site.add("/hello", "<p>hello</p>")
    result = fetch(site.url("/hello"), client=client, limits=LIMITS)
    assert result.error is None and result.status == 200
    assert result.status == 200 and result.body == b"<p>hello</p>"
    assert result.etag and result.headers["content-type"].startswith("text/html")


def test_404_is_an_error_value(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/404"), client=client, limits=LIMITS)
    assert result.status == 404 and result.error == "HTTP 404 Not Found"


def test_unknown_path_404(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/no/such/page"), client=client, limits=LIMITS)
    assert result.status == 404 and result.error == "HTTP 404 Not Found"


def test_slow_route_times_out(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/slow"), client=client, limits=LIMITS)
    assert result.error == "timeout after 0.5s"
    assert result.elapsed < 2.5


def test_trickle_hits_overall_deadline(site: LocalSite, client: httpx.Client) -> None:
    limits = dataclasses.replace(LIMITS, deadline=1.0)
    result = fetch(site.url("/nasty/trickle"), client=client, limits=limits)
    assert result.error == "deadline of 1.0s exceeded"
    assert result.elapsed < 2.0


@contextmanager
def header_trickler() -> Iterator[str]:
    """A real server on 127.0.0.1 that sends its status line, then one header byte every
    0.1 s for 10 s: each read is quick, only the whole is slow."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = server.accept()
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                for _ in range(100):
                    if stop.wait(0.1):
                        return
                    conn.sendall(b"a")
                conn.sendall(b"\r\nContent-Length: 2\r\n\r\nok")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/"
    finally:
        stop.set()
        server.close()
        thread.join(timeout=5)


def test_trickled_headers_hit_the_overall_deadline(client: httpx.Client) -> None:
    limits = dataclasses.replace(LIMITS, deadline=1.0)
    with header_trickler() as url:
        result = fetch(url, client=client, limits=limits)
    assert result.error == "deadline of 1.0s exceeded" and result.status == 0
    assert result.elapsed < 2.0


def test_huge_streamed_page_is_refused_without_reading_it(
    site: LocalSite, client: httpx.Client
) -> None:
    result = fetch(site.url("/nasty/huge"), client=client, limits=LIMITS)
    assert result.error == "body larger than 10 MB"
    assert result.body == b""
    assert site.bytes_sent["/nasty/huge"] < HUGE_SIZE // 2


def test_huge_declared_page_is_refused_from_headers(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/huge-declared"), client=client, limits=LIMITS)
    assert result.error is not None and result.error.startswith("body larger than 10 MB")
    assert site.bytes_sent["/nasty/huge-declared"] < HUGE_SIZE // 2


def test_gzip_bomb_is_stopped_by_ratio(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/gzip-bomb"), client=client, limits=LIMITS)
    assert result.error is not None and "compression ratio" in result.error
    assert result.body == b""


def test_gzip_bomb_is_stopped_by_size_without_ratio_cap(
    site: LocalSite, client: httpx.Client
) -> None:
    limits = dataclasses.replace(LIMITS, max_ratio=1e9, max_bytes=2_000_000)
    result = fetch(site.url("/nasty/gzip-bomb"), client=client, limits=limits)
    assert result.error == "body larger than 2 MB"


def test_multi_member_gzip_bomb_is_stopped(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/gzip-members"), client=client, limits=LIMITS)
    assert result.error is not None and "compression ratio" in result.error


def test_multi_member_gzip_is_fully_decoded(site: LocalSite, client: httpx.Client) -> None:
    import gzip

    site.add("/members", gzip.compress(b"<p>one</p>") + gzip.compress(b"<p>two</p>"),
             headers={"Content-Encoding": "gzip"})  # fmt: skip
    assert fetch(site.url("/members"), client=client, limits=LIMITS).body == b"<p>one</p><p>two</p>"


def test_trailing_junk_after_gzip_is_ignored(site: LocalSite, client: httpx.Client) -> None:
    import gzip

    site.add("/junk", gzip.compress(b"<p>ok</p>") + b"\n\n", headers={"Content-Encoding": "gzip"})
    assert fetch(site.url("/junk"), client=client, limits=LIMITS).body == b"<p>ok</p>"


def test_corrupt_gzip_is_an_error_value(site: LocalSite, client: httpx.Client) -> None:
    site.add(
        "/corrupt", b"\x1f\x8b\x08\x00garbage-not-deflate", headers={"Content-Encoding": "gzip"}
    )
    result = fetch(site.url("/corrupt"), client=client, limits=LIMITS)
    assert result.error is not None and result.error.startswith("undecodable body")


def test_unknown_encoding_is_refused(site: LocalSite, client: httpx.Client) -> None:
    site.add("/br", b"xx", headers={"Content-Encoding": "br"})
    result = fetch(site.url("/br"), client=client, limits=LIMITS)
    assert result.error == "unsupported content-encoding 'br'"


def test_gzip_page_is_decoded(site: LocalSite, client: httpx.Client) -> None:
    import gzip

    text = b"<p>" + b"news " * 1000 + b"</p>"
    site.add("/gz", gzip.compress(text), headers={"Content-Encoding": "gzip"})
    result = fetch(site.url("/gz"), client=client, limits=LIMITS)
    assert result.error is None and result.body == text


def test_redirect_loop(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/loop-a"), client=client, limits=LIMITS)
    assert result.error is not None and result.error.startswith("redirect loop")


def test_redirect_is_followed(site: LocalSite, client: httpx.Client) -> None:
    site.add("/target", "<p>target</p>")
    result = fetch(site.url("/nasty/redirect?to=/target"), client=client, limits=LIMITS)
    assert result.error is None and result.url == site.url("/target")


def test_too_many_redirects(site: LocalSite, client: httpx.Client) -> None:
    for i in range(8):
        site.add(f"/hop{i}", status=302, headers={"Location": f"/hop{i + 1}"})
    result = fetch(site.url("/hop0"), client=client, limits=LIMITS)
    assert result.error == "too many redirects (more than 5)"


def test_pdf_is_refused(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/pdf"), client=client, limits=LIMITS)
    assert result.error == "content-type application/pdf not accepted"
    assert result.status == 200 and result.url == site.url("/nasty/pdf") and result.body == b""


def test_bad_allow_network_fails_at_construction() -> None:
    with pytest.raises(ValueError):
        FetchLimits(allow_networks=("not-a-network",))


def test_feed_types_accept_xml_but_not_html_pages(site: LocalSite, client: httpx.Client) -> None:
    feed_limits = dataclasses.replace(LIMITS, accept_types=FetchLimits().accept_types)
    invalid = fetch(site.url("/nasty/invalid-feed"), client=client, limits=feed_limits)
    assert invalid.error is None and invalid.body.startswith(b"<?xml")
    pdf = fetch(site.url("/nasty/pdf"), client=client, limits=feed_limits)
    assert pdf.error == "content-type application/pdf not accepted"


def test_conditional_get_with_etag(site: LocalSite, client: httpx.Client) -> None:
    first = fetch(site.url("/nasty/etag"), client=client, limits=LIMITS)
    assert first.etag == '"v1"'
    second = fetch(site.url("/nasty/etag"), client=client, limits=LIMITS, etag=first.etag)
    assert second.not_modified and second.status == 304 and second.error is None
    assert second.etag == '"v1"' and second.body == b""


def test_changed_body_changes_etag(site: LocalSite, client: httpx.Client) -> None:
    site.add("/poll", "<p>one</p>")
    first = fetch(site.url("/poll"), client=client, limits=LIMITS)
    site.set_body("/poll", "<p>two</p>")
    second = fetch(site.url("/poll"), client=client, limits=LIMITS, etag=first.etag)
    assert not second.not_modified and second.body == b"<p>two</p>"


def test_conditional_get_with_last_modified(site: LocalSite, client: httpx.Client) -> None:
    stamp = "Mon, 03 Apr 2023 01:02:03 GMT"
    site.add("/lm", "<p>x</p>", last_modified=stamp)
    first = fetch(site.url("/lm"), client=client, limits=LIMITS)
    assert first.last_modified == stamp
    second = fetch(site.url("/lm"), client=client, limits=LIMITS, last_modified=stamp)
    assert second.not_modified and second.last_modified == stamp


def test_429_retry_after_seconds(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/429"), client=client, limits=LIMITS)
    assert result.status == 429 and result.retry_after == 120.0
    assert result.error == "HTTP 429 Too Many Requests; retry after 120s"


def test_503_retry_after_http_date(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/nasty/503-date"), client=client, limits=LIMITS)
    assert result.status == 503 and result.retry_after is not None
    assert 80 <= result.retry_after <= 91
    assert result.error == f"HTTP 503 Service Unavailable; retry after {result.retry_after:.0f}s"


def test_parse_retry_after_garbage() -> None:
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_loopback_refused_by_default(site: LocalSite, client: httpx.Client) -> None:
    result = fetch(site.url("/hello"), client=client, limits=FetchLimits())
    assert result.error == "refused: 127.0.0.1 is a loopback address"
    assert result.status == 0


def test_loopback_allowed_by_network(site: LocalSite, client: httpx.Client) -> None:
    site.add("/net", "<p>net</p>")
    limits = FetchLimits(allow_networks=("127.0.0.0/8",), accept_types=PAGE_TYPES)
    assert fetch(site.url("/net"), client=client, limits=limits).error is None


def test_metadata_address_refused(client: httpx.Client) -> None:
    limits = FetchLimits(allow_networks=("169.254.0.0/16",))
    result = fetch("http://169.254.169.254/latest/meta-data/", client=client, limits=limits)
    assert result.error == "refused: 169.254.169.254 is a cloud-metadata address"
    v6 = fetch("http://[fd00:ec2::254]/", client=client, limits=FetchLimits())
    assert v6.error == "refused: fd00:ec2::254 is a cloud-metadata address"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/", "private"),
        ("http://169.254.1.1/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
    ],
)
def test_private_addresses_refused(client: httpx.Client, url: str, kind: str) -> None:
    result = fetch(url, client=client, limits=FetchLimits())
    assert result.error is not None and result.error.endswith(f" {kind} address")


def test_an_allowed_host_and_port_opens_that_port_only(
    site: LocalSite, client: httpx.Client
) -> None:
    site.add("/mine", "<p>mine</p>")
    limits = dataclasses.replace(LIMITS, allow_hosts=frozenset({f"127.0.0.1:{site.port}"}))
    assert fetch(site.url("/mine"), client=client, limits=limits).error is None
    with LocalSite() as other:
        other.add("/theirs", "<p>theirs</p>")
        direct = fetch(other.url("/theirs"), client=client, limits=limits)
        redirected = fetch(site.url(f"/nasty/redirect?to={other.url('/theirs')}"),
                           client=client, limits=limits)  # fmt: skip
    assert direct.error == "refused: 127.0.0.1 is a loopback address"
    assert redirected.error == "refused: 127.0.0.1 is a loopback address" and not redirected.body


def test_redirect_to_loopback_host_refused(site: LocalSite, client: httpx.Client) -> None:
    target = f"http://localhost:{site.port}/hello"
    result = fetch(site.url(f"/nasty/redirect?to={target}"), client=client, limits=LIMITS)
    assert result.error and result.error.startswith("refused: localhost resolves to")
    assert "loopback address" in result.error


def test_vetted_address_is_used_with_original_host_header(
    site: LocalSite, client: httpx.Client
) -> None:
    """'localhost' is vetted against allow_networks, then contacted at the vetted IP."""
    site.add("/pinned", "<p>pinned</p>")
    limits = FetchLimits(allow_networks=("127.0.0.0/8", "::1/128"), accept_types=PAGE_TYPES)
    url = f"http://localhost:{site.port}/pinned"
    result = fetch(url, client=client, limits=limits)
    assert result.error is None and result.body == b"<p>pinned</p>" and result.url == url
    assert site.requests[-1].headers["host"] == f"localhost:{site.port}"


def test_vet_picks_an_address_and_refuses_private_ones() -> None:
    from newsmon.tasks.ingest.netguard import vet

    allowed = FetchLimits(allow_networks=("127.0.0.0/8", "::1/128"))
    assert vet("http://localhost:8080/x", allowed).address in ("127.0.0.1", "::1")
    assert vet("http://127.0.0.1/", FetchLimits()).refusal is not None
    assert (
        vet("http://127.0.0.1/", FetchLimits(allow_hosts=frozenset({"127.0.0.1"}))).address is None
    )
    assert vet("http://no-such-host.invalid/", FetchLimits()).refusal is not None


def test_bad_scheme_refused(client: httpx.Client) -> None:
    assert fetch("file:///etc/passwd", client=client).error == "refused: scheme 'file' not allowed"
    assert fetch("ftp://example.com/x", client=client).error == "refused: scheme 'ftp' not allowed"


def test_connection_refused_is_a_value(client: httpx.Client) -> None:
    with LocalSite() as gone:
        url = gone.url("/x")
    result = fetch(url, client=client, limits=LIMITS)
    assert result.error is not None and result.error.startswith("request failed")


@pytest.mark.parametrize(
    ("error", "status", "transient"),
    [
        ("deadline of 1.0s exceeded", 0, True),  # a stall cut off by the deadline
        ("timeout after 0.5s", 0, True),
        ("HTTP 404 Not Found", 404, False),
        ("HTTP 503 Service Unavailable", 503, True),
    ],
)
def test_which_failures_are_retried_within_the_run(
    error: str, status: int, transient: bool
) -> None:
    assert is_transient(FetchResult(url="u", status=status, error=error)) is transient
