"""Real apprise delivery into local JSON and SMTP receivers (apprise is never mocked)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import apprise
import pytest

from newsmon.tasks.alerts.messages import Message
from newsmon.tasks.alerts.notify import INVALID_URL_ERROR, body_for, deliver, deliver_test
from tests.support.receivers import (
    SMTP_PASSWORD,
    JsonReceiver,
    SmtpReceiver,
    json_receiver,
    smtp_receiver,
    text_of,
)

MESSAGE = Message(
    title="North Korean troops in Russia: 13,000 -> 12,000 (-7.7%)",
    body_text="plain body: up to 12,000",
    body_markdown="**markdown body**: up to 12,000",
    body_html="<p>html body: <b>up to 12,000</b></p>",
)
SECRET = "hook-s3cret-token"
PASSWORD = "json-pa55word"


@pytest.fixture
def hook() -> Iterator[JsonReceiver]:
    with json_receiver() as receiver:
        yield receiver


@pytest.fixture
def mailbox() -> Iterator[SmtpReceiver]:
    with smtp_receiver() as receiver:
        yield receiver


def secret_url(hook: JsonReceiver) -> str:
    """The hook's URL with a password and a path secret that must never leak."""
    return f"json://newsmon:{PASSWORD}@127.0.0.1:{hook.port}/{SECRET}"


def assert_no_secret(text: str | None) -> None:
    """Fail if any secret of the test URLs shows in `text`."""
    for secret in (SECRET, PASSWORD, SMTP_PASSWORD):
        assert secret not in (text or "")


def test_json_delivery_arrives_with_title_and_text_body(hook: JsonReceiver) -> None:
    result = deliver(MESSAGE, hook.url)
    assert (result.ok, result.error) == (True, None)
    payload = hook.wait_for(1)[0]
    assert payload["title"] == MESSAGE.title
    assert payload["message"] == MESSAGE.body_text


def test_email_delivery_arrives_as_html(mailbox: SmtpReceiver) -> None:
    result = deliver(MESSAGE, mailbox.url)
    assert result.ok, result.error
    email = mailbox.wait_for(1)[0]
    assert email["subject"] == MESSAGE.title
    assert "<b>up to 12,000</b>" in text_of(email, ("html",))
    assert result.target.startswith("mailto://newsmon:****@127.0.0.1:")
    assert_no_secret(result.target)


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_is_a_failure_naming_the_status(hook: JsonReceiver, status: int) -> None:
    hook.fail_with(status)
    result = deliver(MESSAGE, secret_url(hook), timeout=2)
    assert result.ok is False
    assert result.error is not None and str(status) in result.error
    assert_no_secret(result.error)
    assert_no_secret(result.target)
    assert len(hook.payloads) == 1  # the request did arrive; the answer was an error


def test_connection_refused_is_a_failure(hook: JsonReceiver) -> None:
    hook.down()
    result = deliver(MESSAGE, secret_url(hook), timeout=2)
    assert result.ok is False and result.error
    assert "connection error" in result.error.lower()
    assert_no_secret(result.error)


def test_channel_down_then_up_on_the_same_port(hook: JsonReceiver) -> None:
    url = hook.url
    hook.down()
    assert deliver(MESSAGE, url, timeout=2).ok is False
    hook.up()
    assert hook.url == url
    assert deliver(MESSAGE, url, timeout=2).ok is True
    assert len(hook.wait_for(1)) == 1


def test_smtp_down_is_a_failure_without_secrets(mailbox: SmtpReceiver) -> None:
    mailbox.down()
    result = deliver(MESSAGE, mailbox.url, timeout=2)
    assert result.ok is False and result.error
    assert_no_secret(result.error)
    mailbox.up()
    assert deliver(MESSAGE, mailbox.url, timeout=2).ok is True


@pytest.mark.parametrize(
    "url",
    ["not a url", "nosuchservice://abc", "mailto://", f"json://u:{PASSWORD}@/{SECRET}", ""],
)
def test_invalid_url_is_a_failure_value(url: str) -> None:
    result = deliver(MESSAGE, url)
    assert (result.ok, result.error) == (False, INVALID_URL_ERROR)
    assert_no_secret(result.target)


def test_deliver_test_sends_a_short_message(hook: JsonReceiver) -> None:
    assert deliver_test(hook.url).ok is True
    assert "test" in hook.wait_for(1)[0]["title"].lower()


@pytest.mark.parametrize(
    ("notify_format", "expected"),
    [
        (apprise.NotifyFormat.HTML, MESSAGE.body_html),
        (apprise.NotifyFormat.MARKDOWN, MESSAGE.body_markdown),
        (apprise.NotifyFormat.TEXT, MESSAGE.body_text),
    ],
)
def test_body_matches_the_plugin_format(notify_format: str, expected: str) -> None:
    assert body_for(MESSAGE, notify_format) == (expected, notify_format)


def test_markdown_override_in_url_is_honoured(hook: JsonReceiver) -> None:
    assert deliver(MESSAGE, f"{hook.url}?format=markdown").ok is True
    assert hook.wait_for(1)[0]["message"].startswith("**markdown body**")


def test_concurrent_deliveries_keep_their_own_errors() -> None:
    with json_receiver() as good, json_receiver() as bad:
        bad.fail_with(500)
        urls = [good.url, bad.url] * 4
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda url: deliver(MESSAGE, url, timeout=2), urls))
    assert [r.ok for r in results] == [True, False] * 4
    assert all(r.error is None for r in results[::2])
    assert all(r.error and "500" in r.error for r in results[1::2])


def test_apprise_log_records_are_redacted_for_every_handler(
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = f"json://u:{PASSWORD}@/{SECRET}"  # apprise logs "Unparseable URL <url>"
    with caplog.at_level(logging.DEBUG):
        deliver(MESSAGE, url)
    assert caplog.records, "apprise should have logged the invalid URL"
    assert_no_secret(caplog.text)


def test_urllib3_debug_lines_are_redacted(
    hook: JsonReceiver, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        assert deliver(MESSAGE, secret_url(hook)).ok
    assert_no_secret(caplog.text)
