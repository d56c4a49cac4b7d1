"""NewsQuant benchmark (CQE paper, EMNLP 2023): precision, recall and F1 of quantity extraction.

Run: .venv/bin/python benchmarks/newsquant.py [--errors]
Scoring follows the CQE evaluation: a prediction matches a gold quantity when the values are
numerically equal (ranges as (low, high) pairs); the unit, change and concept columns count
value-matched predictions whose normalised unit, change (=, ~, >, <, up, down) or referred
concepts (any shared token: partial; the same token set: complete) also agree.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsmon.tasks.figures.concepts import refers_to  # noqa: E402
from newsmon.tasks.figures.counted import STOP  # noqa: E402
from newsmon.tasks.figures.extract import Figure, find_figures  # noqa: E402
from newsmon.tasks.figures.metrics import phrase_lemma  # noqa: E402
from newsmon.tasks.figures.qualifiers import direction_of  # noqa: E402
from newsmon.tasks.figures.quantities import BASIS_POINTS  # noqa: E402

DATA = REPO.parent / "shared" / "corpora" / "newsquant" / "NewsQuant.json"
COLUMNS = ("value", "value+unit", "value+change", "value+concept_partial",
           "value+concept_complete")  # fmt: skip
CQE = {"value": (92.0, 91.9, 92.0), "value+unit": (85.6, 85.5, 85.6),
       "value+change": (88.2, 88.1, 88.1), "value+concept_partial": (76.2, 76.1, 76.1),
       "value+concept_complete": (57.0, 57.0, 57.0)}  # fmt: skip
CHANGE = {"approx": "~", "at_least": ">", "at_most": "<"}
BOUNDS = ("at_least", "at_most")
MONEY_RE = re.compile(r"percent|[A-Z]{3}")
UNIT_NAMES = {
    "percent": "percentage", "USD": "dollar", "EUR": "euro", "GBP": "pound sterling",
    "JPY": "japanese yen", "CNY": "chinese yuan", "AUD": "australian dollar",
    "CAD": "canadian dollar", "INR": "indian rupee", "ILS": "shekel", "MYR": "malaysian ringgit",
    "KRW": "south korean won", "RUB": "russian ruble", "HKD": "hong kong dollar",
    "NZD": "new zealand dollar", "SGD": "singapore dollar", "CHF": "swiss franc",
    "DKK": "danish krone", "km": "kilometre", "m": "metre", "cm": "centimetre",
    "mm": "millimetre", "kg": "kilogram", "g": "gram", "lb": "pound-mass", "mph": "mile per hour",
    "kph": "kilometre per hour", "mpg": "mile per gallon", "tonne": "metric ton",
    "gigatonne": "gigaton", "rpm": "revolutions per minute",
    "part per billion": "parts-per-billion", "mmbtu": "mega british thermal unit",
    # NewsQuant normalises a share price in pence ("164p") to "point".
    "pence": "point",
}  # fmt: skip
Tag = dict[str, Any]
FRACTION_RE = re.compile(r"half|thirds?|quarters?|fourths?|fifths?", re.IGNORECASE)
TIMES_RE = re.compile(r"\s+times\b(?:\s+(?:a|an|per)\s+(minute|hour|day|week|month|year)\b)?")
FRACTION_OF_RE = re.compile(r"\s+(?:of\s+)?(?:the\s+)?([A-Za-z][\w\s'-]{0,40})")
CONVERSION_RE = re.compile(r"\s*[(/]\s*")
FROM_RE = re.compile(r"\bfrom\s+$")
GAP_TO_RE = re.compile(r"[^,;()]{0,30}?\bto\s+(?:[a-z]+\s+)?")


def unit_name(figure: Figure, text: str) -> str:
    """The NewsQuant normalised unit: a count's counted noun phrase, lemmatised, or "count" for
    "times", else the unit's full name."""
    if figure.unit == "count":
        times = TIMES_RE.match(text, figure.end)
        if times:  # "6.5 times earnings", "78,000 times a minute"
            return f"count per {times.group(1)}" if times.group(1) else "count"
        # A count's noun is its unit; the noun it is "of" ("a net worth of 1.3bn") is not.
        counted = figure.counted or ""
        found = text.rfind(f"{counted} of", 0, figure.start) if counted else -1
        of_noun = found >= max(0, figure.start - 60)
        return phrase_lemma("" if of_noun else counted) or "-"
    if figure.unit == "percent" and FRACTION_RE.search(figure.text):
        # NewsQuant names a fraction's unit after its whole: "a third of the population".
        found = FRACTION_OF_RE.match(text, figure.end)
        whole = found.group(1).split() if found else []
        words = itertools.takewhile(lambda w: w.lower() not in STOP, whole)
        return f"% {phrase_lemma(' '.join(words)) or '-'}"
    if in_basis_points(figure):
        return "basis point"
    if figure.unit in UNIT_NAMES:
        return UNIT_NAMES[figure.unit]
    return " per ".join(UNIT_NAMES.get(p, p) for p in figure.unit.split(" per "))


def in_basis_points(figure: Figure) -> bool:
    """Whether the text gave basis points: newsmon stores them as percentage points
    (75bp is 0.75), NewsQuant keeps the printed number."""
    return figure.unit == "percentage point" and "basis point" in figure.text.lower()


def tag_value(figure: Figure) -> Any:
    """A figure's value as the gold writes it: ranges in text order, fractions as fractions,
    basis points as printed."""
    if in_basis_points(figure):
        figure = replace(figure, **{k: _bp(getattr(figure, k)) for k in ("value", "low", "high")})
    if figure.low is None or figure.high is None or figure.low == figure.high:
        is_fraction = figure.unit == "percent" and FRACTION_RE.search(figure.text)
        return figure.value / 100 if is_fraction else figure.value
    if figure.qualifier == "vague":
        return (figure.low, figure.high)
    # "from 4.8 to 4.7": the first number first.
    return (figure.value, figure.high if figure.value == figure.low else figure.low)


def _bp(points: float | None) -> float | None:
    return None if points is None else round(points * BASIS_POINTS, 9)


def change_of(figure: Figure, text: str) -> str:
    """The gold change label: a bound named right before the number wins over the direction of
    the clause; negative percentages and amounts of money are falls."""
    if figure.qualifier == "vague":
        # Vague counts are levels ("adding tens of thousands"); the gold scores them "=".
        return "="
    word_qualified = figure.qualifier in BOUNDS and figure.text[:1].isalpha()
    change = CHANGE[figure.qualifier] if word_qualified else direction_of(text, figure.start)
    change = change or CHANGE.get(figure.qualifier) or "="
    falls = figure.value < 0 and MONEY_RE.fullmatch(figure.unit) is not None
    return "down" if falls and change == "=" else change


def tag(figure: Figure, text: str) -> Tag:
    """A figure in the benchmark's prediction format."""
    return {"value": tag_value(figure), "normalized_unit": unit_name(figure, text),
            "change": change_of(figure, text),
            "referred_concepts": refers_to(figure, text) or ["-"]}  # fmt: skip


def _from_to(previous: Figure, figure: Figure, text: str) -> tuple[float, float] | None:
    """The (from, to) levels of two figures that are the ends of one change ("from $36,040 at
    10.45pm to $34,935"), else None."""
    if any(f.low is not None and f.high not in (None, f.low) for f in (previous, figure)):
        return None  # a range is not one end of a change
    lead = text[max(0, previous.start - 6) : previous.start]
    if FROM_RE.search(lead) and GAP_TO_RE.fullmatch(text, previous.end, figure.start):
        return previous.value, figure.value
    return None


def our_tagger(text: str) -> list[Tag]:
    """Every quantity of a sentence, as benchmark predictions; a change from one level to
    another is one quantity (NewsQuant's range), a bracketed conversion keeps its concept."""
    tags: list[Tag] = []
    previous: Figure | None = None
    for figure in find_figures(text, all_quantities=True):
        current = tag(figure, text)
        levels = _from_to(previous, figure, text) if previous is not None else None
        if levels is not None:
            tags[-1]["value"], previous = levels, None
            continue
        if previous is not None and CONVERSION_RE.fullmatch(text, previous.end, figure.start):
            # "1.356 billion ($1.762bn)": a conversion refers to what the original does.
            current["referred_concepts"] = tags[-1]["referred_concepts"]
        tags.append(current)
        previous = figure
    return tags


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
    rows = [" | ".join(map(str, (c, *scores[c], *CQE[c]))) for c in COLUMNS]
    head = ["| column | P | R | F1 | CQE P | CQE R | CQE F1 |", "|---|---|---|---|---|---|---|"]
    return "\n".join(head + [f"| {row} |" for row in rows])


def main() -> None:
    """Score the extractor on NewsQuant and print the table (--errors: every sentence first)."""
    data = load()
    for item in data if "--errors" in sys.argv else []:
        gold = [(q["value"], q["change"], q["normalized_unit"]) for q in item["quantities"]]
        ours = [(t["value"], t["change"], t["normalized_unit"]) for t in our_tagger(item["text"])]
        print(f"{item['text']}\n  gold: {gold}\n  ours: {ours}")
    print(table(evaluate(our_tagger, data)))


if __name__ == "__main__":
    main()
