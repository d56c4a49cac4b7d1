"""Parse one printed number ("1.3million", "12k", "a dozen", "5 mi l l ion") into a float."""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "lakh": 1e5, "million": 1e6, "mn": 1e6,
    "mln": 1e6, "mil": 1e6, "m": 1e6, "crore": 1e7, "billion": 1e9, "bn": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "dozen": 12, "score": 20,
}  # fmt: skip
FRACTIONS: dict[str, float] = {
    "half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
    "fifth": 0.2, "fifths": 0.2, "fourth": 0.25, "fourths": 0.25,
}  # fmt: skip


def _spaced(word: str) -> str:
    """A pattern for a word whose letters web copy may have split with stray spaces."""
    return r"\s?".join(word)


# Web copy breaks long words apart ("5 mi l l ion"); the spaced forms rejoin them.
BIG_SCALE_PATTERN = "|".join(_spaced(w) for w in ("million", "billion", "trillion"))
SCALE_PATTERN = (
    rf"(?:(?:hundred|thousand)\s+(?:{BIG_SCALE_PATTERN})|{BIG_SCALE_PATTERN}|thousand|hundred"
    r"|lakh|crore|bn|mn|mln|mil|tn)"
)
BROKEN_SCALE_RE = re.compile(rf"\b({BIG_SCALE_PATTERN})\b", re.IGNORECASE)
DIGITS_RE = re.compile(r"^\s*(\d+(?:,\d{3})*|\d{1,3}(?:[\u00a0\u202f ]\d{3})+)?(\.\d+)?\s*$")
SPLIT_RE = re.compile(r"^\s*([\d.,\u00a0\u202f ]*\d)\s*([a-z][a-z ]*)?\s*$", re.IGNORECASE)
PLAIN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
SEPARATORS = str.maketrans("", "", ",\u00a0\u202f ")
TOKEN_SPLIT_RE = re.compile(r"[\s-]+")
FILLER = frozenset({"and", "a", "an"})


def parse_digits(text: str) -> float | None:
    """The value of a digit string with thousands separators and decimals, or None."""
    match = DIGITS_RE.match(text)
    if match is None or not (match.group(1) or match.group(2)):
        return None
    whole = (match.group(1) or "0").translate(SEPARATORS)
    return float(whole + (match.group(2) or ""))


def scale_of(word: str) -> float | None:
    """The multiplier of a scale word ("million", "bn", "k", "mi l l ion"), or None."""
    return SCALES.get(re.sub(r"\s+", "", word.lower()))


def parse_words(text: str) -> float | None:
    """The value of spelled-out numbers ("twenty-five", "two hundred thousand"), or None."""
    tokens = [t for t in TOKEN_SPLIT_RE.split(text.lower().strip()) if t and t not in FILLER]
    if not tokens:
        return None
    total, current, seen = 0.0, 0.0, False
    for token in tokens:
        if token in UNITS:
            current, seen = current + UNITS[token], True
        elif token == "half":
            current, seen = current + 0.5, True
        elif token in ("hundred", "dozen", "score"):
            current, seen = (current or 1.0) * SCALES[token], True  # "half a dozen": 6
        elif token in SCALES and SCALES[token] >= 1e3:
            total, current, seen = total + (current or 1.0) * SCALES[token], 0.0, True
        else:
            return None
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """The value of one printed number with optional scale word, or None when not a number."""
    if PLAIN_RE.fullmatch(text):
        # Most numbers are plain digits; skip the general path.
        return float(text.replace(",", ""))
    text = BROKEN_SCALE_RE.sub(lambda m: re.sub(r"\s+", "", m.group(1)), text.strip())
    split = SPLIT_RE.match(text)
    if split is None:
        return parse_words(text)
    base = parse_digits(split.group(1))
    if base is None:
        return None
    if not split.group(2):
        return base
    words = split.group(2).strip().lower()
    scale = scale_of(words)
    if scale is None:
        rest = parse_words(words)
        return base * rest if rest is not None and rest >= 100 else None
    return base * scale
