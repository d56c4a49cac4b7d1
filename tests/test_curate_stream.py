"""A shared stream, corrected by hand: the score moves by exactly what the corrections move.

The stream runs through the real monitor flow (benchmarks/streamrun.py), then three
corrections go through the real CLI, each chosen from score.py's own details: a merge of two
metrics the monitor split (the score improves), a merge of two metrics of different
quantities (an analyst's mistake, which the score shows), and a split that takes the
mistake apart again by a word of its sentences. After each, the grouping counts score.py
reports must equal the counts predicted from its details with only those figures
relabelled, and undoing all three must give back the very history the monitor stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.streamrun import cli, discover, export, run_stream, score
from tests.support.shared import STREAMS

pytestmark = [pytest.mark.corpus, pytest.mark.slow, pytest.mark.server]
WORD = re.compile(r"[a-z]{4,}")
Found = list[tuple[str, str, str]]  # gold metric, monitor metric, sentence


def grouping(found: Found, may_group: set[frozenset[str]]) -> tuple[int, int, int]:
    """Pairwise (tp, fp, fn) as FORMAT.md defines them."""
    tp = fp = fn = 0
    for (g1, s1, _), (g2, s2, _) in combinations(found, 2):
        if g1 != g2 and frozenset((g1, g2)) in may_group:
            continue
        tp, fp, fn = tp + (g1 == g2 and s1 == s2), fp + (g1 != g2 and s1 == s2), fn + (
            g1 == g2 and s1 != s2)  # fmt: skip
    return tp, fp, fn


def pure_split(
    found: Found, splits: dict[str, list[str]], labels: dict[str, str]
) -> tuple[str, str]:
    """Two monitor metrics holding only one gold metric's figures: a split to merge."""
    for gold, parts in splits.items():
        keys = [labels[p] for p in parts if p in labels]
        pure = [k for k in keys if {g for g, s, _ in found if s == k} == {gold}]
        if len(pure) >= 2:
            return pure[0], pure[1]
    raise AssertionError("the stream has no pure split left to merge")


def separating_word(found: Found, metric: str, gold: str) -> str:
    """A word in the sentence of every figure of `gold` in `metric`, and of no other there."""
    mine = [set(WORD.findall(t.lower())) for g, s, t in found if s == metric and g == gold]
    others = set().union(
        *(WORD.findall(t.lower()) for g, s, t in found if s == metric and g != gold)
    )
    candidates = sorted(set.intersection(*mine) - others) if mine else []
    assert candidates, f"no word separates {gold} in {metric}"
    return candidates[0]


def relabel(found: Found, move: Callable[[str, str], str]) -> Found:
    return [(g, move(s, t), t) for g, s, t in found]


def merged_into(found: Found, keep: str, other: str) -> Found:
    """The figures as they are filed once `other` is merged into `keep`."""
    return relabel(found, lambda s, _t: keep if s == other else s)


def pure_metrics(found: Found) -> dict[str, str]:
    """The monitor metrics holding one gold metric's figures only, with that gold metric."""
    golds: dict[str, set[str]] = {}
    for gold, metric, _ in found:
        golds.setdefault(metric, set()).add(gold)
    return {metric: next(iter(g)) for metric, g in sorted(golds.items()) if len(g) == 1}


def wrong_merge(
    found: Found, may_group: set[frozenset[str]], taken: set[str]
) -> tuple[str, str, str]:
    """Two pure metrics of different gold metrics, and a word that tells the second's
    figures from the first's once merged: a mistaken merge, and the split that mends it."""
    pure = {m: g for m, g in pure_metrics(found).items() if m not in taken}
    for (one, a), (other, b) in combinations(pure.items(), 2):
        if a == b or frozenset((a, b)) in may_group:
            continue
        joined = merged_into(found, one, other)
        try:
            return one, other, separating_word(joined, one, b)
        except AssertionError:
            continue
    raise AssertionError("no two metrics of the stream can be merged and told apart again")


def counts(details: dict[str, Any]) -> tuple[int, int, int]:
    """score.py's grouping counts (tp, fp, fn)."""
    return details["grouping"]["tp"], details["grouping"]["fp"], details["grouping"]["fn"]


def rescore(stream: Any, config: Path, work: Path) -> dict[str, Any]:
    """Export again and score; score.py's details."""
    export(config, work, "")
    score(stream, work)
    return json.loads((work / "details.json").read_text(encoding="utf-8"))


def test_corrections_move_the_score_by_exactly_what_they_relabel(
    tmp_path: Path, prefect_harness: None
) -> None:
    stream = next(s for s in discover(STREAMS) if s.name == "mpox-2022")
    work = tmp_path / "run"
    run_stream(stream, "vocab", work)
    raw = yaml.safe_load(stream.yaml.read_text(encoding="utf-8"))
    may_group = {frozenset(pair) for pair in raw.get("may_group") or []}
    details = json.loads((work / "details.json").read_text(encoding="utf-8"))
    found: Found = [(f["gold"]["metric"], f["sys"]["metric"], f["sys"]["sentence"])
                    for f in details["found"]]  # fmt: skip
    before = details["grouping"]
    assert grouping(found, may_group) == counts(details)
    config = work / "config" / "newsmon.yaml"
    history = (work / "changes_all.json").read_text(encoding="utf-8")

    figures = json.loads((work / "figures.json").read_text(encoding="utf-8"))
    labels = {f["metric_label"]: f["metric"] for f in figures}
    keep, other = pure_split(found, before["splits"], labels)
    cli(config, "metrics", "merge", keep, other, "--apply")
    mended = merged_into(found, keep, other)
    details = rescore(stream, config, work)
    assert counts(details) == grouping(mended, may_group)
    assert details["grouping"]["tp"] > before["tp"]
    assert details["grouping"]["F1"] > before["F1"]

    one, two, word = wrong_merge(mended, may_group, {keep})
    cli(config, "metrics", "merge", one, two, "--apply")
    mistaken = merged_into(mended, one, two)
    details = rescore(stream, config, work)
    assert counts(details) == grouping(mistaken, may_group)
    assert details["grouping"]["fp"] > before["fp"]  # the mistake shows

    cli(config, "metrics", "split", one, "--where", word, "--apply")
    apart = relabel(mistaken, lambda s, t: "split off" if s == one and word in t.lower() else s)
    details = rescore(stream, config, work)
    assert counts(details) == grouping(apart, may_group) == grouping(mended, may_group)

    for _ in range(3):
        cli(config, "metrics", "undo", "--apply")
    assert json.loads(cli(config, "changes", "--json", "--all")) == json.loads(history)
