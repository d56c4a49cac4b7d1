"""NewsQuant benchmark (CQE paper, EMNLP 2023): precision, recall and F1 of quantity extraction.

Run: .venv/bin/python benchmarks/newsquant.py [--errors]
Scoring follows the CQE evaluation: a prediction matches a gold quantity when the values are
numerically equal (ranges as (low, high) pairs); the unit, change and concept columns count
value-matched predictions whose normalised unit, change (=, ~, >, <, up, down) or referred
concepts (any shared token: partial; the same token set: complete) also agree.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tasks.figures import Figure, extract_figures  # noqa: E402
from tasks.metrics import lemma  # noqa: E402
from tasks.qualifiers import direction_of  # noqa: E402

DATA = REPO.parent / "shared" / "corpora" / "newsquant" / "NewsQuant.json"
COLUMNS = ("value", "value+unit", "value+change", "value+concept_partial",
           "value+concept_complete")  # fmt: skip
CQE = {"value": (92.0, 91.9, 92.0), "value+unit": (85.6, 85.5, 85.6),
       "value+change": (88.2, 88.1, 88.1), "value+concept_partial": (76.2, 76.1, 76.1),
       "value+concept_complete": (57.0, 57.0, 57.0)}  # fmt: skip
CHANGE = {"approx": "~", "at_least": ">", "at_most": "<"}
UNIT_NAMES = {
    "percent": "percentage", "USD": "dollar", "EUR": "euro", "GBP": "pound sterling",
    "JPY": "japanese yen", "CNY": "chinese yuan", "AUD": "australian dollar",
    "CAD": "canadian dollar", "INR": "indian rupee", "ILS": "shekel", "MYR": "malaysian ringgit",
    "KRW": "south korean won", "RUB": "russian ruble", "HKD": "hong kong dollar",
    "NZD": "new zealand dollar", "SGD": "singapore dollar", "CHF": "swiss franc",
    "km": "kilometre", "m": "metre", "cm": "centimetre", "mm": "millimetre", "kg": "kilogram",
    "g": "gram", "lb": "pound-mass", "mph": "mile per hour", "kph": "kilometre per hour",
    "foot": "foot", "tonne": "tonne", "point": "point", "percentage point": "percentage point",
}  # fmt: skip
STOP = frozenset(
    """a an the of in on at to for from by with and or but as is are was were be been has have
    had it its this that these those their his her he she they we i you said says than more
    less about around some over under up down per cent percent which who while after before
    into out also just only not no will would could can may might year years""".split()  # noqa: SIM905
)
WORD_RE = re.compile(r"[A-Za-z][\w&'-]*")
Tag = dict[str, Any]
CLAUSE_RE = re.compile(r"[,;:()]|\b(?:that|which|while|whereas|and|but|when|after|who)\b")
VERBS = frozenset(
    """rose fell gained lost dropped jumped climbed grew increased decreased declined slid
    slipped added is are was were has have had hit reached reach rise fall gain lose cost
    costs worth valued totalled totaled stood stands averaged average averaging to by
    of at""".split()  # noqa: SIM905
)
CONTEXT_WORDS = 4
SUBJECT_WORDS = 3
AFTER_WORDS = 3
FRACTION_RE = re.compile(r"half|thirds?|quarters?|fifths?", re.IGNORECASE)


def content_words(text: str) -> list[str]:
    """The words of text that are not function words."""
    return [w for w in WORD_RE.findall(text) if w.lower() not in STOP]


def concept_tokens(figure: Figure, text: str) -> list[str]:
    """What the quantity refers to: sentence subject, nearest nouns, counted phrase, what follows.

    A small spelled-out count of its own noun ("one solution") refers to nothing else: "-".
    """
    before = content_words(CLAUSE_RE.split(text[: figure.start])[-1])
    while before and (before[-1].lower() in VERBS or before[-1].lower().endswith("ed")):
        before.pop()
    spelled = not any(ch.isdigit() for ch in figure.text)
    if spelled and figure.value < 10 and figure.unit == "count" and figure.counted:
        return ["-"]
    subject = content_words(text[: figure.start])[:SUBJECT_WORDS]
    after = content_words(CLAUSE_RE.split(text[figure.end :])[0])[:AFTER_WORDS]
    counted = WORD_RE.findall(figure.counted or "")
    tokens = subject + before[-CONTEXT_WORDS:] + counted + after
    return [t for t in tokens if t.lower() not in STOP] or ["-"]


def unit_name(figure: Figure) -> str:
    """The NewsQuant normalised unit of a figure."""
    if figure.unit == "count":
        return lemma(figure.counted.split()[-1]) if figure.counted else "-"
    return UNIT_NAMES.get(figure.unit, figure.unit)


def tag_value(figure: Figure) -> Any:
    """A figure's value as the gold writes it: ranges in text order, fractions as fractions."""
    if figure.low is None or figure.high is None or figure.low == figure.high:
        is_fraction = figure.unit == "percent" and FRACTION_RE.search(figure.text)
        return figure.value / 100 if is_fraction else figure.value
    if figure.qualifier == "vague":
        return (figure.low, figure.high)
    # "from 4.8 to 4.7": the first number first.
    return (figure.value, figure.high if figure.value == figure.low else figure.low)


def tag(figure: Figure, text: str) -> Tag:
    """A figure in the benchmark's prediction format."""
    # Vague counts are levels ("adding tens of thousands"); the gold scores them "=".
    change = "=" if figure.qualifier == "vague" else direction_of(text, figure.start)
    change = change or CHANGE.get(figure.qualifier) or "="
    if figure.unit == "percent" and figure.value < 0 and change == "=":
        change = "down"
    return {"value": tag_value(figure), "normalized_unit": unit_name(figure), "change": change,
            "referred_concepts": concept_tokens(figure, text)}  # fmt: skip


def our_tagger(text: str) -> list[Tag]:
    """Every quantity of a sentence, as benchmark predictions."""
    return [tag(f, text) for f in extract_figures(text, all_quantities=True)]


def gold_value(raw: str) -> Any:
    """A gold value: a float, or a (low, high) pair for "low-high"."""
    if "-" in raw[1:] and "E" not in raw:
        low, high = raw.split("-", 1)
        return (float(low), float(high))
    return float(raw)


def values_match(gold: Any, ours: Any) -> bool:
    """Numeric equality after normalisation; a range only matches a range."""
    if isinstance(gold, tuple) != isinstance(ours, tuple):
        return False
    pairs = zip(gold, ours, strict=True) if isinstance(gold, tuple) else [(gold, ours)]
    return all(math.isclose(g, o, rel_tol=1e-5, abs_tol=1e-8) for g, o in pairs)


def concepts_match(gold: str, ours: list[str]) -> tuple[bool, bool]:
    """(complete, partial) agreement of concept tokens."""
    gold_tokens = {t.lower() for t in re.split(r"[,\s]+", gold) if t}
    our_tokens = {t.lower() for t in ours}
    shared = gold_tokens & our_tokens
    return shared == gold_tokens == our_tokens, bool(shared)


def count_sentence(gold: list[Tag], predicted: list[Tag], counts: dict[str, int]) -> None:
    """Add one sentence's matches to counts, the way the CQE evaluation counts them."""
    tags = sorted(predicted, key=lambda t: t["normalized_unit"])
    budget = len(gold)
    for g in sorted(gold, key=lambda t: t["normalized_unit"]):
        g_value = gold_value(g["value"])
        for t in list(tags):
            if not values_match(g_value, t["value"]):
                continue
            if budget > 0:
                counts["value"] += 1
                budget -= 1
            counts["value+change"] += t["change"] == g["change"]
            complete, partial = concepts_match(g["referred_concepts"], t["referred_concepts"])
            counts["value+concept_complete"] += complete
            counts["value+concept_partial"] += partial
            if t["normalized_unit"] == g["normalized_unit"].lower():
                counts["value+unit"] += 1
                tags.remove(t)
                break


def evaluate(
    tagger: Callable[[str], list[Tag]], data: list[dict[str, Any]]
) -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 (percent, one decimal) per column."""
    counts = dict.fromkeys(COLUMNS, 0)
    total_gold = total_tags = 0
    for item in data:
        predicted = tagger(item["text"])
        total_gold += len(item["quantities"])
        total_tags += len(predicted)
        count_sentence(item["quantities"], predicted, counts)
    return {c: prf(counts[c], total_gold, total_tags) for c in COLUMNS}


def prf(correct: int, total_gold: int, total_tags: int) -> tuple[float, float, float]:
    """Precision, recall and F1 in percent, rounded like the paper."""
    p = correct / total_tags if total_tags else 0.0
    r = correct / total_gold if total_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return round(p * 100, 1), round(r * 100, 1), round(f1 * 100, 1)


def load() -> list[dict[str, Any]]:
    """The NewsQuant sentences and their gold quantities."""
    return list(json.loads(DATA.read_text(encoding="utf-8")))


def table(scores: dict[str, tuple[float, float, float]]) -> str:
    """A markdown table of our scores beside CQE's published row."""
    lines = ["| column | P | R | F1 | CQE P | CQE R | CQE F1 |", "|---|---|---|---|---|---|---|"]
    for c in COLUMNS:
        ours, theirs = scores[c], CQE[c]
        lines.append(
            f"| {c} | {ours[0]} | {ours[1]} | {ours[2]} | {theirs[0]} | {theirs[1]} | {theirs[2]} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Score the extractor on NewsQuant and print the table."""
    data = load()
    if "--errors" in sys.argv:
        for item in data:
            print(item["text"])
            print(
                "  gold:",
                [(q["value"], q["change"], q["normalized_unit"]) for q in item["quantities"]],
            )
            print(
                "  ours:",
                [(t["value"], t["change"], t["normalized_unit"]) for t in our_tagger(item["text"])],
            )
    print(table(evaluate(our_tagger, data)))


if __name__ == "__main__":
    main()
