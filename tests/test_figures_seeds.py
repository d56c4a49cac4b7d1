"""The hand-labelled seeds: key figures, not-figures, metric grouping, claimants, changes."""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsmon.tasks.figures.extract import Figure
from newsmon.tasks.figures.mentions import article_figures
from newsmon.tasks.figures.vocabulary import Vocabulary
from tests.support.shared import SEED_GOLD, seed_gold

REPO = Path(__file__).resolve().parents[1]
SEEDS = SEED_GOLD.parent
pytestmark = pytest.mark.corpus


@cache
def vocabulary() -> Vocabulary:
    """The topic vocabulary shipped in config/."""
    return Vocabulary.load(REPO / "config" / "vocabulary.yaml")


@cache
def figures_of(name: str) -> tuple[str, tuple[Figure, ...]]:
    """The text and key figures of one seed file, read as the figures stage reads it: with
    its headline and publication year."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    seed = next(s for s in seed_gold()["seeds"] if s["file"] == name)
    year = int(str(seed["published"])[:4]) if seed.get("published") else None
    found = article_figures(text, vocabulary(), title=text.splitlines()[0], year=year)
    return text, tuple(found)


def located(seed: dict[str, Any], item: dict[str, Any]) -> Figure | None:
    """The extracted key figure that lies inside the gold quote."""
    text, figures = figures_of(seed["file"])
    start = text.find(item["quote"])
    assert start >= 0, f"quote not in text: {item['quote']}"
    end = start + len(item["quote"])
    inside = [f for f in figures if f.start < end and f.end > start and f.value == item["value"]]
    return inside[0] if inside else None


def labelled() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every (seed, gold figure) pair (none without ../shared: the tests are then skipped)."""
    seeds = seed_gold()["seeds"] if SEED_GOLD.exists() else []
    return [(seed, item) for seed in seeds for item in seed["figures"]]


def normalised(name: str) -> str:
    """A claimant name for loose comparison."""
    name = re.sub(r"['’]s\b", "", name.lower())
    return " ".join(w for w in re.findall(r"[a-z]+", name) if w != "the")


@pytest.mark.parametrize(("seed", "item"), labelled(), ids=lambda x: str(x.get("quote", "")))
def test_every_key_figure_is_found_right(seed: dict[str, Any], item: dict[str, Any]) -> None:
    figure = located(seed, item)
    assert figure is not None, f"missing key figure {item['quote']!r}"
    assert (figure.value, figure.unit, figure.qualifier) == (
        item["value"],
        item["unit"],
        item["qualifier"],
    )


@pytest.mark.parametrize(("seed", "item"), [p for p in labelled() if "claimant" in p[1]])
def test_claimants(seed: dict[str, Any], item: dict[str, Any]) -> None:
    figure = located(seed, item)
    assert figure is not None and figure.claimant is not None
    ours, theirs = normalised(figure.claimant), normalised(item["claimant"])
    assert ours in theirs or theirs in ours, (figure.claimant, item["claimant"])


@pytest.mark.parametrize(
    "seed", seed_gold()["seeds"] if SEED_GOLD.exists() else [], ids=lambda s: s["file"]
)
def test_not_figures_are_not_key(seed: dict[str, Any]) -> None:
    text, figures = figures_of(seed["file"])
    for phrase in seed.get("not_figures", []):
        for match in re.finditer(re.escape(phrase), text):
            hits = [f.text for f in figures if f.start < match.end() and f.end > match.start()]
            assert not hits, f"{phrase!r} reported as key figure {hits}"


def metric_keys() -> dict[str, set[str]]:
    """Our metric keys for each gold metric."""
    keys: dict[str, set[str]] = {}
    for seed, item in labelled():
        figure = located(seed, item)
        assert figure is not None
        keys.setdefault(item["metric"], set()).add(figure.metric)
    return keys


def test_same_gold_metric_shares_one_key() -> None:
    for gold_metric, keys in metric_keys().items():
        assert len(keys) == 1, (gold_metric, keys)


def test_different_gold_metrics_stay_apart() -> None:
    allowed = {frozenset(pair) for pair in seed_gold().get("may_group", [])}
    keys = metric_keys()
    for a in keys:
        for b in keys:
            if a < b and frozenset((a, b)) not in allowed:
                assert not keys[a] & keys[b], (a, b, keys[a] & keys[b])


def sequences() -> dict[str, list[float]]:
    """Each metric's key-figure values, seeds oldest first, repeats collapsed."""
    seeds = sorted(seed_gold()["seeds"], key=lambda s: (str(s["published"]), s["file"]))
    values: dict[str, list[float]] = {}
    for seed in seeds:
        for figure in figures_of(seed["file"])[1]:
            series = values.setdefault(figure.metric, [])
            if not series or series[-1] != figure.value:
                series.append(figure.value)
    return values


@pytest.mark.parametrize("change", seed_gold()["expected_changes"] if SEED_GOLD.exists() else [],
                         ids=lambda c: f"{c['metric']}:{c['from']}->{c['to']}")  # fmt: skip
def test_expected_changes_are_producible(change: dict[str, Any]) -> None:
    (key,) = metric_keys()[change["metric"]]
    series = sequences()[key]
    pairs = list(itertools.pairwise(series))
    assert (change["from"], change["to"]) in pairs, (key, series)
