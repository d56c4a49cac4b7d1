"""A real local HTTP test site on 127.0.0.1 (port 0) with registrable routes and nasty routes.

Usage::

    with LocalSite() as site:
        site.add("/feed.xml", b"<rss>...</rss>", content_type="application/rss+xml")
        url = site.url("/feed.xml")          # http://127.0.0.1:<port>/feed.xml
        site.set_body("/feed.xml", b"...")   # change a page between polls (new ETag)
        site.add_handler("/dyn", lambda req: SiteResponse(200, {}, b"hi"))
        site.hits("/feed.xml")               # how many requests the path received

Static routes answer conditional GETs: each gets an ETag (hash of its body) and a 304 when
``If-None-Match`` matches (or ``If-Modified-Since`` equals a configured ``last_modified``).
Unknown paths give 404. Built-in nasty routes: ``/nasty/404``,
``/nasty/slow`` (sleeps ``slow_seconds``), ``/nasty/huge`` (50 MB streamed, no length),
``/nasty/huge-declared`` (Content-Length 50 MB), ``/nasty/gzip-bomb`` (inflates to 128 MB),
``/nasty/gzip-members`` (the same as 128 concatenated gzip members),
``/nasty/loop-a`` <-> ``/nasty/loop-b`` (redirect loop), ``/nasty/redirect?to=URL``,
``/nasty/pdf``, ``/nasty/invalid-feed``, ``/nasty/429`` (Retry-After: 120),
``/nasty/503-date`` (Retry-After as an HTTP date), ``/nasty/etag`` (ETag "v1", 304 on match),
``/nasty/trickle`` (one byte every 0.2 s).

A pytest fixture in a test module::

    @pytest.fixture(scope="module")
    def site() -> Iterator[LocalSite]:
        with LocalSite() as s:
            yield s
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qs, urlsplit

MB = 1024 * 1024
HUGE_SIZE = 50 * MB
BOMB_SIZE = 128 * MB
CHUNK = 64 * 1024
PDF_BODY = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
INVALID_FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken &amp feed'


@dataclass(frozen=True)
class SiteRequest:
    """What a handler sees of a request."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


@dataclass
class SiteResponse:
    """What a handler returns; ``body`` may be an iterable of chunks (streamed)."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | Iterable[bytes] = b""


Handler = Callable[[SiteRequest], SiteResponse]


@dataclass
class Route:
    """A static route: status, headers and body (ETag derived from the body)."""

    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: str | None = None

    @property
    def etag(self) -> str:
        """Strong ETag of the current body."""
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@cache
def gzip_bomb() -> bytes:
    """A small gzip stream that inflates to BOMB_SIZE zero bytes (built once, ~0.4 s)."""
    return gzip.compress(b"\0" * BOMB_SIZE, compresslevel=9)


@cache
def gzip_member_bomb() -> bytes:
    """BOMB_SIZE zero bytes as 128 concatenated 1 MB gzip members (a multi-member stream)."""
    return gzip.compress(b"\0" * MB, compresslevel=9) * (BOMB_SIZE // MB)


class LocalSite:
    """ThreadingHTTPServer on 127.0.0.1:0 in a daemon thread; use as a context manager."""

    def __init__(self, slow_seconds: float = 3.0) -> None:
        self.slow_seconds = slow_seconds
        self.routes: dict[str, Route | Handler] = {}
        self.requests: list[SiteRequest] = []
        self.bytes_sent: Counter[str] = Counter()
        self._hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._install_nasty()
        gzip_bomb()  # build now, not inside a request the client times out on

    @property
    def port(self) -> int:
        """The bound port."""
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:<port>"""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """Absolute URL of a path on this site."""
        return self.base_url + path

    def add(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        last_modified: str | None = None,
    ) -> str:
        """Register a static route and return its URL."""
        data = body.encode() if isinstance(body, str) else body
        hdrs = {"Content-Type": content_type} if content_type else {}
        hdrs.update(headers or {})
        self.routes[path] = Route(data, status, hdrs, last_modified)
        return self.url(path)

    def add_file(self, path: str, file: Path, headers: dict[str, str] | None = None) -> str:
        """Serve a file's bytes at ``path`` with the given headers (no default type)."""
        return self.add(path, file.read_bytes(), content_type=None, headers=headers)

    def add_handler(self, path: str, handler: Handler) -> str:
        """Register a callable route and return its URL."""
        self.routes[path] = handler
        return self.url(path)

    def set_body(self, path: str, body: bytes | str) -> None:
        """Change a static route's body (its ETag changes with it)."""
        route = self.routes[path]
        assert isinstance(route, Route), f"{path} is not a static route"
        route.body = body.encode() if isinstance(body, str) else body

    def hits(self, path: str) -> int:
        """How many requests a path received."""
        with self._lock:
            return self._hits[path]

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()

    def _record(self, request: SiteRequest) -> None:
        with self._lock:
            self._hits[request.path] += 1
            self.requests.append(request)

    def respond(self, request: SiteRequest) -> SiteResponse:
        """Answer a request from the route table (404 when unknown)."""
        self._record(request)
        route = self.routes.get(request.path)
        if route is None:
            return SiteResponse(404, {"Content-Type": "text/plain"}, b"not found")
        if isinstance(route, Route):
            return _static(route, request)
        return route(request)

    def _install_nasty(self) -> None:
        self.add("/nasty/404", b"gone", status=404, content_type="text/plain")
        self.add("/nasty/pdf", PDF_BODY, content_type="application/pdf")
        self.add("/nasty/invalid-feed", INVALID_FEED, content_type="application/rss+xml")
        self.add("/nasty/loop-a", status=302, headers={"Location": "/nasty/loop-b"})
        self.add("/nasty/loop-b", status=302, headers={"Location": "/nasty/loop-a"})
        self.add("/nasty/429", b"slow down", status=429, headers={"Retry-After": "120"})
        self.add("/nasty/etag", b"<p>v1</p>", headers={"ETag": '"v1"'})
        self.add_handler("/nasty/503-date", _retry_date)
        self.add_handler("/nasty/redirect", _redirect_to)
        self.add_handler("/nasty/slow", self._slow)
        self.add_handler("/nasty/huge", lambda r: self._huge(r, declared=False))
        self.add_handler("/nasty/huge-declared", lambda r: self._huge(r, declared=True))
        self.add_handler("/nasty/gzip-bomb", lambda r: _bomb(gzip_bomb()))
        self.add_handler("/nasty/gzip-members", lambda r: _bomb(gzip_member_bomb()))
        self.add_handler("/nasty/trickle", self._trickle)

    def _slow(self, request: SiteRequest) -> SiteResponse:
        self._stop.wait(self.slow_seconds)
        return SiteResponse(200, {"Content-Type": "text/html"}, b"<p>finally</p>")

    def _huge(self, request: SiteRequest, *, declared: bool) -> SiteResponse:
        headers = {"Content-Type": "text/html"}
        if declared:
            headers["Content-Length"] = str(HUGE_SIZE)
        chunks = (b"<p>" + b"x" * (CHUNK - 3) for _ in range(HUGE_SIZE // CHUNK))
        return SiteResponse(200, headers, chunks)

    def _trickle(self, request: SiteRequest) -> SiteResponse:
        def drip() -> Iterator[bytes]:
            for _ in range(100):
                if self._stop.wait(0.2):
                    return
                yield b"x"

        return SiteResponse(200, {"Content-Type": "text/html"}, drip())


def _static(route: Route, request: SiteRequest) -> SiteResponse:
    etag = route.headers.get("ETag", route.etag)
    headers = {**route.headers, "ETag": etag}
    if route.last_modified:
        headers["Last-Modified"] = route.last_modified
    inm = request.headers.get("if-none-match")
    ims = request.headers.get("if-modified-since")
    if (inm and inm == etag) or (ims and ims == route.last_modified):
        return SiteResponse(304, {"ETag": etag}, b"")
    return SiteResponse(route.status, headers, route.body)


def _retry_date(request: SiteRequest) -> SiteResponse:
    when = formatdate(time.time() + 90, usegmt=True)
    return SiteResponse(503, {"Retry-After": when, "Content-Type": "text/plain"}, b"busy")


def _redirect_to(request: SiteRequest) -> SiteResponse:
    target = request.query.get("to", ["/"])[0]
    return SiteResponse(302, {"Location": target}, b"")


def _bomb(body: bytes) -> SiteResponse:
    headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    return SiteResponse(200, headers, body)


def _make_handler(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            request = SiteRequest(parts.path, parse_qs(parts.query), headers)
            self._send(site.respond(request), parts.path)

        def do_HEAD(self) -> None:
            self.do_GET()

        def _send(self, response: SiteResponse, path: str) -> None:
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            if isinstance(response.body, bytes) and "Content-Length" not in response.headers:
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command == "HEAD":
                return
            chunks = [response.body] if isinstance(response.body, bytes) else response.body
            try:
                for chunk in chunks:
                    self.wfile.write(chunk)
                    self.wfile.flush()
                    site.bytes_sent[path] += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format: str, *args: object) -> None:
            return

    return _Handler
