"""Deliver a rendered alert to one apprise URL; a failure is a value, never an exception.

apprise reports failure by returning False and logging the reason, so the
apprise log is captured during the call and its warning lines (redacted) become
the error. URLs are only ever returned or logged in redacted form.
"""

from __future__ import annotations

import html
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import apprise
from apprise.manager_plugins import NotificationManager

from newsmon.tasks.alerts.messages import Message, heading
from newsmon.tasks.alerts.redact import SCHEME_RE, redact_text, redact_url

INVALID_URL_ERROR = "invalid or unsupported apprise URL"
UNKNOWN_FAILURE = "delivery failed (apprise gave no reason)"
LOG_FORMAT = "%(thread)d|%(levelname)s|%(message)s"
# A longer "scheme" may be a token: it is not named.
MAX_SCHEME_CHARS = 32
LOG_LINE_RE = re.compile(r"^(?P<thread>\d+)\|(?P<level>[A-Z ]+)\|(?P<message>.*)$")
FAILURE_LEVELS = frozenset({"WARNING", "ERROR", "CRITICAL"})
MAX_ERROR_LINES = 3
TEST_TITLE = "newsmon test notification"
TEST_BODY = "This is a test message from newsmon. If you can read it, alerts will reach you."

# Loggers that may print a delivery URL (apprise: "Unparseable URL ..."; urllib3 at DEBUG:
# the request path); their records are redacted before any handler, ours or the app's, sees them.
SCRUBBED_LOGGERS = ("apprise", "urllib3.connectionpool")

log = logging.getLogger(__name__)


class _RedactingFilter(logging.Filter):
    """Rewrites log records so that they never carry the secrets of `url`."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message by its redacted text; keep the record."""
        record.msg = redact_text(record.getMessage(), [self.url])
        record.args = ()
        return True


@contextmanager
def _scrubbed(url: str) -> Iterator[None]:
    """Redact the secrets of `url` in every apprise/urllib3 log record while active."""
    scrubber = _RedactingFilter(url)
    loggers = [logging.getLogger(name) for name in SCRUBBED_LOGGERS]
    for logger in loggers:
        logger.addFilter(scrubber)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(scrubber)


@dataclass(frozen=True)
class DeliveryResult:
    """Outcome of one delivery attempt; `target` is the redacted URL."""

    ok: bool
    error: str | None
    target: str


def body_for(message: Message, notify_format: str) -> tuple[str, apprise.NotifyFormat]:
    """Pick the message body matching a plugin's native format."""
    if notify_format == apprise.NotifyFormat.HTML:
        return message.body_html, apprise.NotifyFormat.HTML
    if notify_format == apprise.NotifyFormat.MARKDOWN:
        return message.body_markdown, apprise.NotifyFormat.MARKDOWN
    return message.body_text, apprise.NotifyFormat.TEXT


def _asset() -> apprise.AppriseAsset:
    """Return an asset that keeps delivery in the calling thread."""
    return apprise.AppriseAsset(async_mode=False)


def _load(url: str, timeout: float) -> apprise.NotifyBase | None:
    """Instantiate the apprise plugin for `url` with our timeouts, or None if invalid."""
    plugin = apprise.Apprise.instantiate(url, asset=_asset())
    if plugin is None:
        return None
    plugin.socket_connect_timeout = timeout
    plugin.socket_read_timeout = timeout
    return plugin


def merged_title(title: str, body_format: str) -> str:
    """Escape a title that apprise will fold, unescaped, into a body of `body_format`."""
    if body_format == apprise.NotifyFormat.HTML:
        return html.escape(title)  # apprise wraps it in <b>...</b>
    return heading(title, body_format)


def _send(plugin: apprise.NotifyBase, message: Message) -> bool:
    """Send `message` through `plugin`; True only on confirmed success."""
    body, body_format = body_for(message, plugin.notify_format)
    title = message.title if plugin.title_maxlen > 0 else merged_title(message.title, body_format)
    bundle = apprise.Apprise(asset=_asset())
    bundle.add(plugin)
    return bundle.notify(body=body, title=title, body_format=body_format) is True


def failure_lines(captured: str, thread_id: int) -> list[str]:
    """Return the warning/error messages one thread logged in a LogCapture buffer."""
    lines = []
    for line in captured.splitlines():
        match = LOG_LINE_RE.match(line)
        if match and int(match["thread"]) == thread_id and match["level"] in FAILURE_LEVELS:
            lines.append(match["message"].strip())
    return lines


def _error(captured: str, url: str) -> str:
    """Build a redacted error text from the captured apprise log."""
    lines = failure_lines(captured, threading.get_ident())[-MAX_ERROR_LINES:]
    return redact_text(" | ".join(lines), [url]) if lines else UNKNOWN_FAILURE


def url_problem(url: str) -> str | None:
    """Why apprise cannot use `url` (redacted, nothing sent), or None when it can."""
    with _scrubbed(url), apprise.LogCapture(level=logging.WARNING, fmt=LOG_FORMAT) as captured:
        plugin = _load(url, timeout=1)
    if plugin is not None:
        return None
    found = SCHEME_RE.match(url.strip())
    scheme = found["scheme"].lower() if found else ""
    if not 0 < len(scheme) <= MAX_SCHEME_CHARS:  # all of it may be a token: none is shown
        return "not an apprise URL (scheme://...)"
    if scheme not in NotificationManager().schemas():  # loads every plugin
        return f"unknown apprise scheme {scheme!r}"
    lines = failure_lines(captured.getvalue(), threading.get_ident())[-MAX_ERROR_LINES:]
    reason = redact_text(" | ".join(lines), [url])
    return f"apprise cannot use it: {reason}" if reason else INVALID_URL_ERROR


def deliver(message: Message, url: str, *, timeout: float = 10) -> DeliveryResult:
    """Send `message` to one apprise `url`; never raises, never exposes the URL."""
    target = redact_url(url)
    # Warnings and errors only: they are the failure's reason, and apprise's "Sent ..." line
    # per alert would fill the console (its level is restored after the capture).
    with _scrubbed(url), apprise.LogCapture(level=logging.WARNING, fmt=LOG_FORMAT) as captured:
        plugin = _load(url, timeout)
        ok = plugin is not None and _send(plugin, message)
    if ok:
        log.info("delivered %r to %s", message.title, target)
        return DeliveryResult(True, None, target)
    error = INVALID_URL_ERROR if plugin is None else _error(captured.getvalue(), url)
    log.warning("delivery to %s failed: %s", target, error)
    return DeliveryResult(False, error, target)


def deliver_test(url: str, *, timeout: float = 10) -> DeliveryResult:
    """Send a short test message to `url`."""
    html_body = f"<p>{TEST_BODY}</p>"
    return deliver(Message(TEST_TITLE, TEST_BODY, TEST_BODY, html_body), url, timeout=timeout)
