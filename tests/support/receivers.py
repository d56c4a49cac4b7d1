"""Real local notification receivers for tests: a JSON webhook and an SMTP server.

Usage::

    with json_receiver() as hook:
        deliver(message, hook.url)          # json://127.0.0.1:PORT/hook
        assert hook.wait_for(1)[0]["title"] == message.title
        hook.fail_with(500)                 # next requests get HTTP 500
        hook.down()                         # connection refused on the same port
        hook.up()                           # back on the same port

    with smtp_receiver() as mailbox:
        deliver(message, mailbox.url)       # mailto://newsmon:****@127.0.0.1:PORT?...
        assert mailbox.wait_for(1)[0]["subject"] == message.title

Both bind to 127.0.0.1 only and need no network access.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, Session

from newsmon.server import free_port

T = TypeVar("T")
HOST = "127.0.0.1"
SMTP_USER = "newsmon"
SMTP_PASSWORD = "smtp-s3cret-pass"  # accepted by the receiver; used to test redaction
MAIL_FROM = "newsmon@example.org"
MAIL_TO = "alerts@example.org"


def _wait(read: Callable[[], list[T]], count: int, timeout: float) -> list[T]:
    """Poll `read` until it returns at least `count` items or `timeout` passes."""
    deadline = time.monotonic() + timeout
    items = read()
    while len(items) < count and time.monotonic() < deadline:
        time.sleep(0.02)
        items = read()
    return items


class JsonReceiver:
    """A webhook on 127.0.0.1 that records JSON payloads; can fail or go down on demand."""

    def __init__(self, path: str = "/hook") -> None:
        self.path = path
        self.status = 200
        self.delay = 0.0  # seconds to hold each answer after recording (a slow channel)
        self._lock = threading.Lock()
        self._payloads: list[dict[str, Any]] = []
        self._headers: list[dict[str, str]] = []
        self._server: ThreadingHTTPServer | None = None
        self.port = 0
        self.up()

    @property
    def url(self) -> str:
        """The apprise URL that posts to this receiver."""
        return f"json://{HOST}:{self.port}{self.path}"

    @property
    def payloads(self) -> list[dict[str, Any]]:
        """A copy of every JSON payload received so far (also while failing)."""
        with self._lock:
            return list(self._payloads)

    @property
    def headers(self) -> list[dict[str, str]]:
        """A copy of the request headers received so far."""
        with self._lock:
            return list(self._headers)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Wait until `count` payloads arrived; return all payloads."""
        return _wait(lambda: self.payloads, count, timeout)

    def fail_with(self, status: int) -> None:
        """Answer every later request with HTTP `status` (200 restores success)."""
        self.status = status

    def record(self, payload: dict[str, Any], headers: dict[str, str]) -> None:
        """Store one received request (called from the server threads)."""
        with self._lock:
            self._payloads.append(payload)
            self._headers.append(headers)

    def up(self) -> None:
        """Start serving (again, on the same port once it has been chosen)."""
        if self._server is not None:
            return
        self._server = ThreadingHTTPServer((HOST, self.port), _handler_for(self))
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()

    def down(self) -> None:
        """Stop serving: connections to the port are refused until `up()`."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None


class _JsonHandler(BaseHTTPRequestHandler):
    """Records each POSTed JSON body on `receiver`, then answers with its status."""

    receiver: JsonReceiver

    def do_POST(self) -> None:
        """Record the request and answer with the receiver's current status."""
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            payload = json.loads(raw or b"{}")
        except ValueError:
            payload = {"_raw": raw.decode("utf-8", "replace")}
        self.receiver.record(payload, dict(self.headers.items()))
        time.sleep(self.receiver.delay)
        self.send_response(self.receiver.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


def _handler_for(receiver: JsonReceiver) -> type[BaseHTTPRequestHandler]:
    """Build a request handler class bound to `receiver`."""
    return type("BoundJsonHandler", (_JsonHandler,), {"receiver": receiver})


@contextmanager
def json_receiver(path: str = "/hook") -> Iterator[JsonReceiver]:
    """Run a JSON webhook receiver on 127.0.0.1 for the duration of the block."""
    receiver = JsonReceiver(path)
    try:
        yield receiver
    finally:
        receiver.down()


class _MailHandler:
    """aiosmtpd handler that parses and stores every accepted message."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Parse and store the message; accept it."""
        content = envelope.original_content or b""
        parsed = message_from_bytes(content, policy=policy.default)
        with self.lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"


def _accept_any_login(*_args: Any) -> AuthResult:
    """Authenticator that accepts every LOGIN/PLAIN credential."""
    return AuthResult(success=True)


class SmtpReceiver:
    """A plain (no TLS) SMTP server on 127.0.0.1 that records messages."""

    def __init__(self) -> None:
        self.port = free_port()
        self._handler = _MailHandler()
        self._controller: Controller | None = None
        self.up()

    @property
    def url(self) -> str:
        """The apprise mailto:// URL (with credentials) for this server, no TLS."""
        return (
            f"mailto://{SMTP_USER}:{SMTP_PASSWORD}@{HOST}:{self.port}?from={MAIL_FROM}&to={MAIL_TO}"
        )

    @property
    def messages(self) -> list[EmailMessage]:
        """A copy of the parsed messages received so far."""
        with self._handler.lock:
            return list(self._handler.messages)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[EmailMessage]:
        """Wait until `count` messages arrived; return all messages."""
        return _wait(lambda: self.messages, count, timeout)

    def up(self) -> None:
        """Start the SMTP server (again) on the same port."""
        if self._controller is not None:
            return
        self._controller = Controller(
            self._handler,
            hostname=HOST,
            port=self.port,
            authenticator=_accept_any_login,
            auth_require_tls=False,
        )
        self._controller.start()

    def down(self) -> None:
        """Stop the SMTP server; connections are refused until `up()`."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@contextmanager
def smtp_receiver() -> Iterator[SmtpReceiver]:
    """Run an SMTP receiver on 127.0.0.1 for the duration of the block."""
    receiver = SmtpReceiver()
    try:
        yield receiver
    finally:
        receiver.down()


def text_of(message: EmailMessage, preference: Sequence[str] = ("plain", "html")) -> str:
    """Return the preferred body part of a received email as text."""
    part = message.get_body(preferencelist=tuple(preference))
    return part.get_content() if part is not None else ""
