"""Find every quantity in a text: number, unit, range and vague counts, with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from tasks import units
from tasks.nonfigures import is_year, not_figure_end
from tasks.numbers import SCALE_PATTERN, UNITS, parse_number, parse_words, scale_of

_WORDS = "|".join(sorted([*UNITS, "hundred", "thousand", "million", "billion"], key=len, reverse=True))
_WORD_NUMBER = (
    rf"(?:{_WORDS})(?:(?:[\s-]+|\s+and\s+)(?:{_WORDS}|dozen)\b)*(?:\s+and\s+a\s+half)?"
)
# Each candidate is analysed by this regex, anchored where a fast scan found it.
CANDIDATE_RE = re.compile(
    rf"(?P<vague>(?:tens|hundreds|thousands|millions|billions|dozens|scores)"
    rf"(?:\s+of\s+(?:thousands|millions|billions))?\b"
    rf"|(?:several|a\s+few|a\s+couple\s+of)\s+(?:dozen|hundred|thousand|million|billion)\b)"
    rf"|(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?P<scale>\s?(?:{SCALE_PATTERN})\b|(?:k|m|b|bn)\b)?"
    rf"|(?P<frac>half(?!\s+a\s)|(?:a|one|two|three)[\s-]+(?:thirds?|quarters?|fifths?))\b"
    rf"|(?P<words>(?:half\s+a|a)\s+(?:dozen|hundred|thousand|million|billion)\b"
    rf"|{_WORD_NUMBER}\b(?:\s+(?:{SCALE_PATTERN})\b)?)",
    re.IGNORECASE,
)
_SCAN_WORDS = [*UNITS, "hundred", "thousand", "million", "billion", "tens", "hundreds",
               "thousands", "millions", "billions", "dozens", "scores", "several", "half",
               "a dozen", "a hundred", "a thousand", "a million", "a billion", "a few",
               "a couple", "a third", "a quarter"]  # fmt: skip
_SCAN_ALTERNATION = "|".join(sorted(_SCAN_WORDS, key=len, reverse=True))
# Case-sensitive scans over lower-cased text are several times faster than IGNORECASE.
SCAN_RE = re.compile(rf"(?<![\w.,])\d|\b(?:{_SCAN_ALTERNATION})\b")
SCAN_ANYCASE_RE = re.compile(SCAN_RE.pattern, re.IGNORECASE)
CURRENCY_BEFORE_RE = re.compile(rf"{units.CURRENCY_PREFIX}\s?$")
VAGUE_BOUNDS: dict[str, tuple[float, float]] = {
    "dozens": (24, 99), "scores": (40, 199), "hundreds": (200, 999), "thousands": (2e3, 9999),
    "millions": (2e6, 9.99e6), "billions": (2e9, 9.99e9), "tens of thousands": (2e4, 99999),
    "hundreds of thousands": (2e5, 999999), "tens of millions": (2e7, 9.99e7),
    "hundreds of millions": (2e8, 9.99e8), "tens of billions": (2e10, 9.99e10),
}  # fmt: skip
FRACTION_CUE_RE = re.compile(
    r"\b(?:nearly|almost|more than|over|about|around|roughly|less than|under|some|at least|"
    r"only|just|fewer than|close to)\s+$",
    re.IGNORECASE,
)
RANGE_GAP_RE = re.compile(r"\s*(?:-|–|—|to|and|/)\s*", re.IGNORECASE)
BETWEEN_RE = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """One number in a text, normalised."""

    value: float
    unit: str
    start: int
    end: int
    low: float | None = None
    high: float | None = None
    vague: bool = False
    scale: float = 1.0
    is_range: bool = False


def _vague(text: str, match: re.Match[str]) -> Quantity:
    """A vague count such as "hundreds" or "a few thousand", kept with bounds."""
    phrase = re.sub(r"\s+", " ", match.group("vague").lower())
    if phrase in VAGUE_BOUNDS:
        low, high = VAGUE_BOUNDS[phrase]
    else:
        head, _, scale_word = phrase.rpartition(" ")
        factor = scale_of(scale_word) or 1.0
        low, high = (3, 9) if head.startswith("several") else (2, 5)
        low, high = low * factor, high * factor
    return Quantity(low, "count", match.start(), match.end(), low, high, vague=True)


def _fraction(text: str, match: re.Match[str]) -> Quantity | None:
    """A fraction read as a percentage ("nearly half"), only after a qualifier word."""
    if FRACTION_CUE_RE.search(text, max(0, match.start() - 14), match.start()) is None:
        return None
    words = re.split(r"[\s-]+", match.group("frac").lower())
    count = parse_words(words[0]) if len(words) > 1 and words[0] not in ("a", "one") else 1.0
    part = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2}[words[-1].rstrip("s")]
    value = round((count or 1.0) * part * 100, 2)
    return Quantity(value, "percent", match.start(), match.end())


def _number(text: str, match: re.Match[str]) -> Quantity | None:
    """A digit or word number with its currency, scale and following unit."""
    raw = match.group("digits") or match.group("words")
    scale_text = match.group("scale") or ""
    value = parse_number(raw + (" " + scale_text.strip() if scale_text else ""))
    if value is None:
        return None
    scale = (value / parse_number(raw)) if scale_text and parse_number(raw) else 1.0
    currency = CURRENCY_BEFORE_RE.search(text, max(0, match.start() - 4), match.start())
    if currency and match.group("digits"):
        code = units.currency_of_symbol(currency.group(0))
        return Quantity(value, code, currency.start(), match.end(), scale=scale)
    if scale_text.strip().lower() == "m":
        # "5m" without a currency is five metres, not five million.
        bare = Quantity(float(parse_number(raw) or 0), "count", match.start(), match.start("scale"))
        return _with_unit(text, bare)
    return _with_unit(text, Quantity(value, "count", match.start(), match.end(), scale=scale))


def _with_unit(text: str, q: Quantity) -> Quantity:
    """The quantity extended over a following unit (%, "euros", "km", "-year-old")."""
    for regex in (units.PERCENT_RE, units.CURRENCY_WORD_RE, units.AGE_RE, units.MEASURE_RE):
        found = regex.match(text, q.end)
        if found is None:
            continue
        if regex is units.PERCENT_RE:
            return replace(q, unit="percent", end=found.end())
        if regex is units.CURRENCY_WORD_RE:
            return replace(q, unit=units.currency_of_word(found.group(1)), end=found.end())
        if regex is units.AGE_RE:
            return replace(q, unit="year of age", end=found.end())
        word = found.group(0).lstrip(" -")
        return replace(q, unit=units.measure_unit(word), end=found.end())
    return q


def _candidate(text: str, match: re.Match[str]) -> Quantity | None:
    """The quantity a candidate match stands for, or None when it is not one."""
    if match.group("vague"):
        return _vague(text, match)
    if match.group("frac"):
        return _fraction(text, match)
    if match.group("digits") and not match.group("scale"):
        if is_year(text, match.start("digits"), match.end("digits")):
            return None
    return _number(text, match)


def _matches(text: str) -> Iterator[re.Match[str]]:
    """Candidate matches in order, none overlapping, non-figure spans skipped."""
    lowered = text.lower()
    same = len(lowered) == len(text)
    scan = SCAN_RE.finditer(lowered) if same else SCAN_ANYCASE_RE.finditer(text)
    resume = 0
    for hit in scan:
        if hit.start() < resume:
            continue
        skip = not_figure_end(text, hit.start()) if text[hit.start()].isdigit() else None
        if skip is not None:
            resume = skip
            continue
        match = CANDIDATE_RE.match(text, hit.start())
        if match is not None:
            resume = match.end()
            yield match


def _merge(text: str, a: Quantity, b: Quantity) -> Quantity | None:
    """A range from two neighbouring quantities ("3,000 to 4,000"), or None."""
    gap = text[a.end : b.start]
    if len(gap) > 5 or a.vague or b.vague or RANGE_GAP_RE.fullmatch(gap) is None:
        return None
    word = gap.strip().lower()
    before = BETWEEN_RE.search(text, max(0, a.start - 9), a.start)
    if word == "and" and (before is None or not before.group(0).lower().startswith("between")):
        return None
    if a.unit not in ("count", b.unit) and b.unit != "count":
        return None
    scaled = a.value * b.scale
    low = scaled if a.scale == 1.0 and b.scale > 1.0 and scaled <= b.value else a.value
    if low > b.value or (word in ("-", "–") and low == b.value):
        return None
    unit = b.unit if a.unit == "count" else a.unit
    return Quantity(low, unit, a.start, b.end, low, b.value, is_range=True)


def _merge_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """The quantities with adjacent pairs joined into ranges."""
    out: list[Quantity] = []
    for q in found:
        merged = _merge(text, out[-1], q) if out and not out[-1].is_range else None
        if merged is not None:
            out[-1] = merged
        else:
            out.append(q)
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in text, in order, with dates, years, codes and phone numbers left out."""
    found = [q for m in _matches(text) if (q := _candidate(text, m))]
    return _merge_ranges(text, found)
