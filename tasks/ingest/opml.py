"""OPML subscription lists -> FeedRef(title, url), nested outlines flattened."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

FEED_TYPES = frozenset({"rss", "atom", "rdf", "feed", ""})


@dataclass(frozen=True)
class FeedRef:
    """A feed subscription: display title, feed URL and the folder path it sat in."""

    title: str
    url: str
    category: str = ""


def read_opml(data: bytes) -> list[FeedRef]:
    """Every outline with an xmlUrl (any depth), de-duplicated by URL; [] for garbage."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    body = root.find("body")
    refs: dict[str, FeedRef] = {}
    _walk(body if body is not None else root, [], refs)
    return list(refs.values())


def _walk(node: etree._Element, path: list[str], refs: dict[str, FeedRef]) -> None:
    for child in node:
        if not isinstance(child.tag, str) or child.tag.lower() != "outline":
            continue
        attrs = {k.lower(): v.strip() for k, v in child.attrib.items()}
        title = attrs.get("title") or attrs.get("text") or ""
        url = attrs.get("xmlurl", "")
        if url and attrs.get("type", "").lower() in FEED_TYPES and url not in refs:
            refs[url] = FeedRef(title or url, url, "/".join(path))
        _walk(child, [*path, title] if not url else path, refs)
