"""Redaction of apprise URLs and of secrets in free text."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from newsmon.tasks.alerts.redact import redact_text, redact_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("slack://TokenA/TokenB/TokenC", "slack://****"),
        ("slack://TokenA/TokenB/TokenC/#channel", "slack://****"),
        ("tgram://123456:bottoken/987654", "tgram://****"),
        ("mailto://user:pass@host", "mailto://user:****@host"),
        (
            "mailtos://user:pass@smtp.example.org:587?to=a@b.org",
            "mailtos://user:****@smtp.example.org:587/****",
        ),
        ("json://host:8080/path?token=x", "json://host:8080/****"),
        ("json://127.0.0.1:8080", "json://127.0.0.1:8080"),
        ("jsons://user@example.org/hook", "jsons://user@example.org/****"),
        ("unknownservice://secret@anything/else", "unknownservice://****"),
        ("json://[::1/broken", "json://****"),
        ("not a url at all", "****"),
        ("", "****"),
        ("console://", "console://"),
    ],
)
def test_redact_url_examples(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_redact_text_hides_url_and_parts() -> None:
    url = "mailto://bob:hunter2pw@127.0.0.1:2525?to=alerts@example.org&pass=qwertyuiop"
    text = f"Could not load {url}; login hunter2pw refused (qwertyuiop)"
    redacted = redact_text(text, [url])
    for secret in ("hunter2pw", "qwertyuiop"):
        assert secret not in redacted
    assert "mailto://bob:****@127.0.0.1:2525/****" in redacted


def test_redact_text_hides_token_url_parts() -> None:
    url = "tgram://123456789:AAbbCCddEE/-100200300"
    text = "POST https://api.telegram.org/bot123456789:AAbbCCddEE/sendMessage to -100200300"
    redacted = redact_text(text, [url])
    assert "AAbbCCddEE" not in redacted and "100200300" not in redacted


def test_redact_text_without_secrets_is_identity() -> None:
    assert redact_text("nothing to hide", []) == "nothing to hide"


token = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=8
)
token_schemes = st.sampled_from(["slack", "tgram", "discord", "pover", "ntfy", "zzzz"])
server_schemes = st.sampled_from(["mailto", "mailtos", "json", "jsons", "gotify", "https"])


@given(token_schemes, st.lists(token, min_size=1, max_size=4))
def test_token_urls_never_leak(scheme: str, tokens: list[str]) -> None:
    url = f"{scheme}://" + "/".join(tokens)
    redacted = redact_url(url)
    assert not any(part in redacted for part in tokens)
    noisy = redact_text(f"error at {url} with {tokens[-1]}", [url])
    assert not any(part in noisy for part in tokens)


@given(server_schemes, token, token, token, token)
def test_server_urls_never_leak(scheme: str, user: str, password: str, path: str, key: str) -> None:
    assume(not any(secret in user for secret in (password, path, key)))  # the user stays visible
    url = f"{scheme}://{user}:{password}@example.org:8443/{path}?token={key}"
    redacted = redact_url(url)
    assert redacted.startswith(f"{scheme}://") and "example.org:8443" in redacted
    assert password not in redacted and path not in redacted and key not in redacted
    noisy = redact_text(f"{url} failed: password={password} path={path} key={key}", [url])
    assert password not in noisy and path not in noisy and key not in noisy
