"""Guarded HTTP fetching: timeouts, deadline, size/bomb limits, redirects, SSRF, conditional GET.

``fetch`` never raises for network or server misbehaviour: every failure is a ``FetchResult``
whose ``error`` is a human-readable reason. Every hop (redirects included) passes the address
policy of `netguard`, and the request goes to the vetted address itself (the Host header
and TLS server name keep the host name), so DNS cannot change between check and connect.
Bodies are read raw and decoded here in bounded steps: neither a huge body nor a gzip bomb is
ever held in memory beyond ``max_bytes``.
"""

from __future__ import annotations

import functools
import ipaddress
import ssl
import time
import zlib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import certifi
import httpx

from newsmon.tasks.ingest.deadline import DEADLINE, deadline_transport
from newsmon.tasks.ingest.netguard import vet

MB = 1024 * 1024
FEED_TYPES = ("xml", "rss", "atom", "json", "text/")
PAGE_TYPES = ("text/html", "application/xhtml", "text/plain")
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
RETRY_CODES = frozenset({429, 503})
RAW_SLICE = 16 * 1024
OUT_STEP = 256 * 1024
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class FetchLimits:
    """Limits and policy for one fetch (all times in seconds)."""

    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    deadline: float = 30.0
    max_bytes: int = 10 * MB
    max_ratio: float = 100.0
    ratio_floor: int = 1 * MB
    max_redirects: int = 5
    accept_types: tuple[str, ...] = FEED_TYPES
    allow_hosts: frozenset[str] = frozenset()
    allow_networks: tuple[str, ...] = ()
    user_agent: str = "newsmon/0.1 (news monitor)"

    def __post_init__(self) -> None:
        """Fail fast on a malformed allow-list entry (a config error, not a fetch error)."""
        for network in self.allow_networks:
            ipaddress.ip_network(network, strict=False)


@dataclass
class FetchResult:
    """Outcome of a fetch; ``error`` is None on success (including a 304)."""

    url: str
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    retry_after: float | None = None
    error: str | None = None
    elapsed: float = 0.0


class FetchError(Exception):
    """Internal: why a fetch failed, turned into ``FetchResult.error``."""


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The TLS settings all clients share (loading the CA bundle costs ~25 ms per client)."""
    return ssl.create_default_context(cafile=certifi.where())


def make_client(limits: FetchLimits | None = None) -> httpx.Client:
    """An httpx client configured for ``fetch`` (no auto-redirects, no proxy env, no brotli)."""
    lim = limits or FetchLimits()
    timeout = httpx.Timeout(
        connect=lim.connect_timeout,
        read=lim.read_timeout,
        write=lim.read_timeout,
        pool=lim.connect_timeout,
    )
    headers = {"User-Agent": lim.user_agent, "Accept-Encoding": "gzip, deflate"}
    return httpx.Client(
        timeout=timeout,
        headers=headers,
        follow_redirects=False,
        trust_env=False,
        transport=deadline_transport(tls_context()),
    )


def fetch(
    url: str,
    *,
    client: httpx.Client,
    etag: str | None = None,
    last_modified: str | None = None,
    limits: FetchLimits | None = None,
) -> FetchResult:
    """GET ``url`` within ``limits``; every failure comes back as ``FetchResult.error``."""
    lim = limits or FetchLimits()
    started = time.monotonic()
    result = FetchResult(url=url)
    token = DEADLINE.set(started + lim.deadline)  # connect, headers and body, all hops
    try:
        result = _fetch(url, client, _conditional_headers(etag, last_modified), lim, started)
    except FetchError as exc:
        result.error = str(exc)
    except httpx.TimeoutException as exc:
        result.error = _timeout_reason(exc, lim, started)
    except httpx.HTTPError as exc:
        result.error = f"request failed: {type(exc).__name__}: {exc}"
    finally:
        DEADLINE.reset(token)
    if result.not_modified:
        result.etag = result.etag or etag
        result.last_modified = result.last_modified or last_modified
    result.elapsed = time.monotonic() - started
    return result


def _timeout_reason(exc: httpx.TimeoutException, lim: FetchLimits, started: float) -> str:
    """Which limit a timeout was: the overall deadline, the connect or the read timeout."""
    if time.monotonic() - started >= lim.deadline:
        return f"deadline of {lim.deadline}s exceeded"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connect timeout after {lim.connect_timeout}s"
    return f"timeout after {lim.read_timeout}s"


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _fetch(
    url: str, client: httpx.Client, headers: dict[str, str], lim: FetchLimits, started: float
) -> FetchResult:
    seen: set[str] = set()
    for _ in range(lim.max_redirects + 1):
        if url in seen:
            raise FetchError(f"redirect loop at {url}")
        seen.add(url)
        verdict = vet(url, lim)
        if verdict.refusal:
            raise FetchError(verdict.refusal)
        wire_url, extra, extensions = _pinned(httpx.URL(url), verdict.address)
        request = client.build_request("GET", wire_url, headers={**headers, **extra})
        request.extensions.update(extensions)
        with closing(client.send(request, stream=True)) as response:
            location = response.headers.get("location")
            if response.status_code in REDIRECT_CODES and location:
                url = str(httpx.URL(url).join(location))
                continue
            return _read(response, lim, started, url)
    raise FetchError(f"too many redirects (more than {lim.max_redirects})")


def _pinned(
    url: httpx.URL, address: str | None
) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """Send to the vetted address (no second DNS lookup), keeping Host and TLS SNI/cert name."""
    if address is None or url.host == address:
        return url, {}, {}
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    return url.copy_with(host=address), {"Host": url.netloc.decode("ascii")}, extensions


def _read(response: httpx.Response, lim: FetchLimits, started: float, url: str) -> FetchResult:
    result = _head_result(response, url)
    if response.status_code == 304:
        result.not_modified = True
    elif response.status_code >= 300:
        result.error = _status_error(response, result)
    else:
        try:
            _check_type(response.headers.get("content-type", ""), lim)
            _check_declared_length(response.headers.get("content-length"), lim)
            result.body = _read_body(response, lim, started)
        except FetchError as exc:
            result.error = str(exc)
    return result


def _status_error(response: httpx.Response, result: FetchResult) -> str:
    """'HTTP 429 Too Many Requests; retry after 120s' (Retry-After on 429/503 only)."""
    error = f"HTTP {response.status_code} {response.reason_phrase}".strip()
    if response.status_code in RETRY_CODES:
        result.retry_after = parse_retry_after(response.headers.get("retry-after"))
    if result.retry_after is not None:
        error += f"; retry after {result.retry_after:.0f}s"
    return error


def _head_result(response: httpx.Response, url: str) -> FetchResult:
    headers = {k.lower(): v for k, v in response.headers.items()}
    return FetchResult(
        url=url,
        status=response.status_code,
        headers=headers,
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
    )


def _check_type(content_type: str, lim: FetchLimits) -> None:
    media = content_type.split(";", 1)[0].strip().lower()
    if media and not any(token in media for token in lim.accept_types):
        raise FetchError(f"content-type {media} not accepted")


def _check_declared_length(value: str | None, lim: FetchLimits) -> None:
    if value and value.strip().isdigit() and int(value) > lim.max_bytes:
        raise FetchError(f"body larger than {_size(lim.max_bytes)} (declared {_size(int(value))})")


def _read_body(response: httpx.Response, lim: FetchLimits, started: float) -> bytes:
    decoder = _Decoder(response.headers.get("content-encoding", ""))
    parts: list[bytes] = []
    raw = decoded = 0
    for chunk in _slices(response.iter_raw()):
        raw += len(chunk)
        for piece in decoder.decode(chunk):
            decoded += len(piece)
            parts.append(piece)
            _check_progress(raw, decoded, lim, started)
    return b"".join(parts)


def _check_progress(raw: int, decoded: int, lim: FetchLimits, started: float) -> None:
    if decoded > lim.max_bytes:
        raise FetchError(f"body larger than {_size(lim.max_bytes)}")
    if decoded > lim.ratio_floor and decoded > raw * lim.max_ratio:
        raise FetchError(f"compression ratio above {lim.max_ratio:.0f}:1 (decompression bomb?)")
    if time.monotonic() - started > lim.deadline:
        raise FetchError(f"deadline of {lim.deadline}s exceeded")


def _slices(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Re-cut network chunks into at most RAW_SLICE bytes so limits are checked often."""
    for chunk in chunks:
        for start in range(0, len(chunk), RAW_SLICE):
            yield chunk[start : start + RAW_SLICE]


class _Decoder:
    """Incremental Content-Encoding decoder that never inflates more than OUT_STEP at once."""

    def __init__(self, encoding: str) -> None:
        name = encoding.strip().lower()
        if name not in ("", "identity", "none", "gzip", "x-gzip", "deflate"):
            raise FetchError(f"unsupported content-encoding {name!r}")
        self._inflate = name not in ("", "identity", "none")
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)

    def decode(self, data: bytes) -> Iterator[bytes]:
        """Decode ``data`` in pieces of at most OUT_STEP bytes (gzip members in sequence)."""
        if not self._inflate:
            yield data
            return
        try:
            while data:
                yield self._z.decompress(data, OUT_STEP)
                while self._z.unconsumed_tail and not self._z.eof:
                    yield self._z.decompress(self._z.unconsumed_tail, OUT_STEP)
                data = self._next_member()
        except zlib.error as exc:
            raise FetchError(f"undecodable body: {exc}") from exc

    def _next_member(self) -> bytes:
        """Input left after a finished gzip member when another member follows, else b""."""
        rest = self._z.unused_data if self._z.eof else b""
        if not rest.startswith(GZIP_MAGIC):
            return b""  # trailing junk after the stream is ignored, as browsers do
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)
        return rest


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} bytes"
