"""Hide secrets in apprise URLs and in free text (logs, error messages).

Two kinds of apprise URL exist. For *server* schemes (mailto, json, gotify, ...)
the host names a machine, so it is kept and credentials, path and query are hidden.
For every other (*token*) scheme (slack, tgram, discord, ...) the host and path are
themselves tokens, so only the scheme survives. Unknown schemes count as token
schemes: when in doubt, hide more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

MASK = "****"
MIN_SECRET_LEN = 4  # shorter fragments ("1", "ab") would blank out ordinary text

SCHEME_RE = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://")
PATH_SPLIT_RE = re.compile(r"[/,]+")
TOKEN_SPLIT_RE = re.compile(r"[/:@?&=#,;+]+")
# Query values that name no secret; kept visible in logs (a recipient helps debugging).
PUBLIC_QUERY_KEYS = frozenset({"from", "to", "cc", "bcc", "name", "format", "mode", "method"})

SERVER_SCHEMES = frozenset(
    {
        "mailto",
        "mailtos",
        "json",
        "jsons",
        "xml",
        "xmls",
        "form",
        "forms",
        "http",
        "https",
        "gotify",
        "gotifys",
        "apprise",
        "apprises",
        "mmost",
        "mmosts",
        "rocket",
        "rockets",
        "matrix",
        "matrixs",
        "ncloud",
        "nclouds",
        "nctalk",
        "nctalks",
        "kodi",
        "kodis",
        "xbmc",
        "xbmcs",
        "syslog",
        "rsyslog",
        "mqtt",
        "mqtts",
    }
)


def _split(url: str) -> SplitResult | None:
    """Split `url` into parts, or None when it does not parse."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return parts


def _host_port(parts: SplitResult) -> str:
    """Return the host[:port] part of the netloc, without credentials."""
    return parts.netloc.rpartition("@")[2]


def _userinfo(parts: SplitResult) -> str:
    """Return the user part with any password masked, plus '@', or ''."""
    if "@" not in parts.netloc:
        return ""
    user, has_password, _ = parts.netloc.rpartition("@")[0].partition(":")
    return f"{user}:{MASK}@" if has_password else f"{user}@"


def redact_url(url: str) -> str:
    """Return `url` with credentials, tokens, path and query replaced by '****'."""
    match = SCHEME_RE.match(url.strip())
    if match is None:
        return MASK
    scheme = match["scheme"].lower()
    if not url.strip()[match.end() :]:
        return f"{scheme}://"
    parts = _split(url)
    if scheme not in SERVER_SCHEMES or parts is None:
        return f"{scheme}://{MASK}"
    tail = f"/{MASK}" if (parts.path.strip("/") or parts.query or parts.fragment) else ""
    return f"{scheme}://{_userinfo(parts)}{_host_port(parts)}{tail}"


def _server_secrets(parts: SplitResult) -> set[str]:
    """Return the password, path segments and secret query values of a server URL."""
    userinfo = parts.netloc.rpartition("@")[0]
    found = {userinfo.partition(":")[2], parts.fragment}
    found.update(PATH_SPLIT_RE.split(parts.path))
    query = parse_qsl(parts.query, keep_blank_values=True)
    found.update(value for key, value in query if key.lower() not in PUBLIC_QUERY_KEYS)
    return found


def secret_parts(url: str) -> set[str]:
    """Return the fragments of `url` that must never appear in logs or messages."""
    url = url.strip()
    scheme, _, rest = url.partition("://") if "://" in url else ("", "", url)
    found = {url, rest}
    parts = _split(url) if scheme.lower() in SERVER_SCHEMES else None
    if parts is None:  # token scheme or unparsable: every piece is secret
        found.update(TOKEN_SPLIT_RE.split(rest))
    else:
        found |= _server_secrets(parts)
    found |= {unquote(part) for part in found}
    return {part for part in found if len(part) >= MIN_SECRET_LEN}


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of the secret URLs (and their secret parts) in `text`."""
    urls = [secret for secret in secrets if secret]
    for url in sorted(urls, key=len, reverse=True):
        text = text.replace(url, redact_url(url))
    fragments = set().union(*(secret_parts(url) for url in urls)) if urls else set()
    for fragment in sorted(fragments, key=len, reverse=True):
        text = text.replace(fragment, MASK)
    return text
