"""Canonical URLs: one identity key per article across tracking, AMP and mobile variants.

courlan normalises scheme, host, port and path and supplies its tracker list; the query is
filtered and sorted here (courlan mangles keys such as ``amp``).

``canonical_url`` is an identity key for deduplication, not necessarily a fetchable URL
(``www.``/``m.``/``amp.`` host prefixes are dropped). Non-web URLs (``seed://...``) pass through.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url
from courlan.clean import TRACKERS_RE

WEB_SCHEMES = frozenset({"http", "https"})
HOST_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp)\.(?=[^.]+\.[^.]+)", re.I)
AMP_SUFFIX = re.compile(r"\.amp(?=(?:\.html?)?$)", re.I)
AMP_SEGMENT = "amp"
TRACKING_KEY = re.compile(
    r"^(?:utm_\w*|fbclid|gclid|gclsrc|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|"
    r"ocid|cmpid|smid|s_cid|ito|at_\w+|ns_\w+|wt_mc|wt\.mc_id|share|ref_src|ref_url)$",
    re.I,
)
AMP_KEYS = frozenset({"amp", "outputtype", "output"})
AMP_VALUES = frozenset({"", "1", "true", "yes", "amp"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Identity key for a web URL: lower-case host, no tracking/fragment/AMP/mobile variants.
    A URL that cannot be parsed ("http://[::1/x") is its own key: fetching it fails later,
    as that one item's error."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        if parts.scheme.lower() not in WEB_SCHEMES or not parts.netloc:
            return text
        base = urlsplit(normalize_url(urlunsplit((*parts[:3], "", ""))))
        return urlunsplit((base.scheme, _host(base), _path(base.path), _query(parts.query), ""))
    except ValueError:
        return text


def _host(parts: SplitResult) -> str:
    host = (parts.hostname or "").rstrip(".")
    previous = None
    while previous != host:
        previous, host = host, HOST_PREFIX.sub("", host)
    if ":" in host:
        host = f"[{host}]"
    port = _port(parts)
    return host if port in (None, DEFAULT_PORTS.get(parts.scheme)) else f"{host}:{port}"


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


def _path(path: str) -> str:
    segments = [s for s in path.split("/") if s and s.lower() != AMP_SEGMENT]
    if segments:
        segments[-1] = AMP_SUFFIX.sub("", segments[-1]) or segments[-1]
    return "/" + "/".join(segments)


def _query(query: str) -> str:
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if _keep(k, v)]
    return urlencode(sorted(pairs))


def _keep(key: str, value: str) -> bool:
    name = key.lower()
    if TRACKING_KEY.match(name) or TRACKERS_RE.search(name):
        return False
    return not (name in AMP_KEYS and value.lower() in AMP_VALUES)
