"""What a stream run's files say: score.py's summary line, and the facts score.py leaves out.

The facts, read from stream.yaml and the exports:

- on-topic items skipped: story and update items whose stored version is `skipped`;
- the off-topic item kept (stored and not `skipped`);
- copies kept over their original: a `duplicate` is handled when newsmon stored it as a
  duplicate (`duplicate` or `near_duplicate`) and the article it copies holds the figures;
- figures stored twice within one article version: figures sharing article URL, value, unit,
  metric and sentence. figures.json carries no version, so versions are told apart by the
  phase-1 export: an update is served only in phase 2, so the figures a URL gains after
  phase 1 are of one version and those it had after phase 1 of another;
- each feed item's stored status and relevance score.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SUMMARY = re.compile(
    r"recall (?P<recall>[\d.]+) \(qual (?P<qualifier>[\d.]+)\) false (?P<false_figures>\d+) "
    r"grouping (?P<grouping_precision>[\d.]+)/(?P<grouping_recall>[\d.]+)/(?P<grouping_f1>[\d.]+)"
    r" merged (?P<merged>\d+) alerts (?P<alerts_found>\d+)/(?P<alerts_expected>\d+) "
    r"wrong-baseline (?P<wrong_baseline>\d+) noise (?P<noise>\d+) update (?P<update>yes|no)$"
)
FEED_KINDS = ("story", "duplicate", "offtopic", "update")
ON_TOPIC = ("story", "update")
COPY_STATUSES = ("duplicate", "near_duplicate")
NOT_STORED = "not stored"
PAGE = re.compile(r"/news/(?P<slug>[^/?#]+)\.html$")


@dataclass(frozen=True)
class Score:
    """score.py's summary line."""

    recall: float
    qualifier: float
    false_figures: int
    grouping_precision: float
    grouping_recall: float
    grouping_f1: float
    merged: int
    alerts_found: int
    alerts_expected: int
    wrong_baseline: int
    noise: int
    update: bool


def parse_summary(report: str) -> Score:
    """The last summary line of score.py's report; ValueError when there is none."""
    for line in reversed(report.splitlines()):
        if found := SUMMARY.fullmatch(line.strip()):
            return summary_score(found.groupdict())
    raise ValueError(f"score.py printed no summary line ({len(report.splitlines())} lines)")


def summary_score(raw: dict[str, str]) -> Score:
    """A Score from the fields of the summary line."""
    return Score(
        recall=float(raw["recall"]),
        qualifier=float(raw["qualifier"]),
        false_figures=int(raw["false_figures"]),
        grouping_precision=float(raw["grouping_precision"]),
        grouping_recall=float(raw["grouping_recall"]),
        grouping_f1=float(raw["grouping_f1"]),
        merged=int(raw["merged"]),
        alerts_found=int(raw["alerts_found"]),
        alerts_expected=int(raw["alerts_expected"]),
        wrong_baseline=int(raw["wrong_baseline"]),
        noise=int(raw["noise"]),
        update=raw["update"] == "yes",
    )


@dataclass(frozen=True)
class Item:
    """One feed item of the stream as newsmon stored it (status "not stored" when not)."""

    kind: str
    slug: str
    version: int | None
    status: str
    relevance: float | None

    @property
    def kept(self) -> bool:
        """Stored and not skipped as off-topic."""
        return self.status not in ("skipped", NOT_STORED)


@dataclass(frozen=True)
class Copy:
    """A duplicate of the stream, what newsmon stored it as, and where the figures went."""

    slug: str
    of: str
    status: str
    original_status: str
    copy_figures: int
    original_figures: int

    @property
    def kept(self) -> bool:
        """True unless the copy is stored as a duplicate and its original holds the figures."""
        handled = self.status in COPY_STATUSES and self.copy_figures == 0
        return not (handled and self.original_figures > 0)


@dataclass(frozen=True)
class Facts:
    """The numbers beside score.py's, for one stream run."""

    items: list[Item]
    copies: list[Copy]
    figures_twice: int

    @property
    def on_topic(self) -> list[Item]:
        """The story and update items."""
        return [item for item in self.items if item.kind in ON_TOPIC]

    @property
    def on_topic_skipped(self) -> int:
        """Story and update items stored as skipped (off-topic)."""
        return sum(item.status == "skipped" for item in self.on_topic)

    @property
    def offtopic(self) -> list[Item]:
        """The off-topic items."""
        return [item for item in self.items if item.kind == "offtopic"]

    @property
    def offtopic_kept(self) -> int:
        """Off-topic items stored and not skipped."""
        return sum(item.kept for item in self.offtopic)

    @property
    def copies_kept(self) -> int:
        """Duplicates kept over (or beside) their original."""
        return sum(copy.kept for copy in self.copies)


def slug_of(url: str) -> str | None:
    """The stream slug of a served page's URL (None for seeds and other URLs)."""
    found = PAGE.search(url)
    return found["slug"] if found else None


def feed_articles(stream_yaml: Path) -> list[dict[str, Any]]:
    """The stream's feed articles (phase 1 and 2), in file order."""
    raw = yaml.safe_load(stream_yaml.read_text(encoding="utf-8"))
    articles = []
    for article in raw["articles"]:
        kind = article.get("kind", "story")
        if kind in FEED_KINDS and int(article.get("phase", 1)) >= 1:
            articles.append({"kind": kind, "slug": str(article["slug"]), "of": article.get("of")})
    return articles


def rows_by_slug(articles: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """`newsmon articles --json` rows of served pages by slug, oldest version first."""
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(articles, key=lambda r: (r["version"], r["id"])):
        slug = slug_of(row["url"])
        if slug:
            rows.setdefault(slug, []).append(row)
    return rows


def stored_item(kind: str, slug: str, rows: list[dict[str, Any]]) -> Item:
    """A feed item's stored row: an update's newest later version, anything else's first."""
    versions = [r for r in rows if r["version"] > 1] if kind == "update" else rows[:1]
    if not versions:
        return Item(kind, slug, None, NOT_STORED, None)
    row = versions[-1]
    return Item(kind, slug, row["version"], row["status"], row["relevance"])


def copy_of(article: dict[str, Any], items: dict[str, Item], figures: Counter[str]) -> Copy:
    """What newsmon made of one duplicate and of the article it copies."""
    slug, of = article["slug"], str(article["of"])
    original = items.get(of)
    original_status = original.status if original else NOT_STORED
    return Copy(slug, of, items[slug].status, original_status, figures[slug], figures[of])


def figure_key(figure: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two figures the same figure of an article."""
    return tuple(figure[k] for k in ("article_url", "value", "unit", "metric", "sentence"))


def repeats(counts: Counter[tuple[Any, ...]]) -> int:
    """Figures beyond the first of each key."""
    return sum(n - 1 for n in counts.values() if n > 1)


def figures_twice(after_phase1: list[dict[str, Any]], final: list[dict[str, Any]]) -> int:
    """Figures stored twice in one article version (versions told apart by the phase-1 export)."""
    first = Counter(map(figure_key, after_phase1))
    return repeats(first) + repeats(Counter(map(figure_key, final)) - first)


def read_json(path: Path) -> list[dict[str, Any]]:
    """A JSON export of the CLI."""
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def facts(stream_yaml: Path, work: Path) -> Facts:
    """The facts of the run in `work`, from its exports and the stream's labels."""
    final, rows = read_json(work / "figures.json"), rows_by_slug(read_json(work / "articles.json"))
    counts = Counter(slug_of(f["article_url"]) or "" for f in final)
    articles = feed_articles(stream_yaml)
    items = [stored_item(a["kind"], a["slug"], rows.get(a["slug"], [])) for a in articles]
    firsts = {item.slug: item for item in items if item.kind != "update"}
    copies = [copy_of(a, firsts, counts) for a in articles if a["kind"] == "duplicate"]
    twice = figures_twice(read_json(work / "figures1.json"), final)
    return Facts(items, copies, twice)
