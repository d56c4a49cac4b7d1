"""A shared stream, corrected by hand: the score improves by exactly what the corrections fix.

The stream runs through the real monitor flow (benchmarks/streamrun.py), then one merge of
two metrics the monitor split and one split of a pair it merged, both chosen from score.py's
own details, go through the real CLI. The grouping counts score.py reports afterwards must
equal the counts predicted from its details with only those figures relabelled, and undoing
both must give back the very history the monitor stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

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


def test_merging_a_split_and_splitting_a_merge_improve_the_score_exactly(
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
    assert grouping(found, may_group) == (before["tp"], before["fp"], before["fn"])

    figures = json.loads((work / "figures.json").read_text(encoding="utf-8"))
    labels = {f["metric_label"]: f["metric"] for f in figures}
    keep, other = pure_split(found, before["splits"], labels)
    merged = before["merged"][0]
    together = labels[merged["monitor"][0]]
    gold = min(
        merged["pair"], key=lambda g: sum(1 for x, s, _ in found if s == together and x == g)
    )
    word = separating_word(found, together, gold)

    config = work / "config" / "newsmon.yaml"
    history = (work / "changes_all.json").read_text(encoding="utf-8")
    cli(config, "metrics", "merge", keep, other, "--apply")
    cli(config, "metrics", "split", together, "--where", word, "--apply")
    export(config, work, "")
    after = score(stream, work)
    details = json.loads((work / "details.json").read_text(encoding="utf-8"))

    def expected(s: str, t: str) -> str:
        s = keep if s == other else s
        return "split off" if s == together and word in t.lower() else s

    tp, fp, fn = grouping(relabel(found, expected), may_group)
    assert (details["grouping"]["tp"], details["grouping"]["fp"], details["grouping"]["fn"]) == (
        tp, fp, fn)  # fmt: skip
    assert tp > before["tp"] and fp < before["fp"]  # the merge joins, the split parts
    assert after.merged == len(before["merged"]) - 1
    assert after.grouping_f1 > before["F1"]

    cli(config, "metrics", "undo", "--apply")
    cli(config, "metrics", "undo", "--apply")
    assert json.loads(cli(config, "changes", "--json", "--all")) == json.loads(history)
