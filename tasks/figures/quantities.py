"""Find every quantity in a text: number, unit, range and vague counts, with offsets."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from newsmon.tasks.figures import units
from newsmon.tasks.figures.nonfigures import is_year, not_figure_end
from newsmon.tasks.figures.numbers import (
    FRACTIONS,
    SCALE_PATTERN,
    UNITS,
    parse_number,
    parse_words,
    scale_of,
)
from newsmon.tasks.figures.qualifiers import MOVED_FROM_RE, direction_of

_WORDS = "|".join(
    sorted([*UNITS, "hundred", "thousand", "million", "billion"], key=len, reverse=True)
)
_WORD_NUMBER = rf"(?:{_WORDS})(?:(?:[\s-]+|\s+and\s+)(?:{_WORDS}|dozen)\b)*(?:\s+and\s+a\s+half)?"
# Each candidate is analysed by this regex, anchored where a fast scan found it.
CANDIDATE_RE = re.compile(
    rf"(?P<vague>(?:tens|hundreds|thousands|millions|billions|dozens|scores)"
    rf"(?:\s+of\s+(?:thousands|millions|billions))?\b"
    rf"|(?:several|a\s+few|a\s+couple\s+of)\s+(?:dozen|hundred|thousand|million|billion)\b)"
    rf"|(?P<slash>\d{{1,2}}\s?[/⁄]\s?\d{{1,3}})(?![\d/])"
    rf"|(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    rf"(?P<scale>\s?(?:{SCALE_PATTERN})\b|(?:k|m|b|bn)\b)?"
    rf"|(?P<frac>half(?!\s+a\s+(?:dozen|hundred|thousand|million|billion)\b)"
    rf"|(?:a|one|two|three)[\s-]+(?:thirds?|quarters?|fourths?|fifths?))\b"
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
SCAN_RE = re.compile(rf"\d+|\b(?:{_SCAN_ALTERNATION})\b")
SCAN_ANYCASE_RE = re.compile(SCAN_RE.pattern, re.IGNORECASE)
CURRENCY_BEFORE_RE = re.compile(rf"{units.CURRENCY_PREFIX}\s?-?$")
# A minus sign, not the dash of a range: "-3%", not "3%-3.25%".
NEGATIVE_BEFORE_RE = re.compile(r"(?:(?<![\w.,)%])[-−]|\bminus[\s-])$", re.IGNORECASE)
# "5m" is five metres before these words or punctuation, five million otherwise ("35m of").
METRE_AFTER_RE = re.compile(
    r"\s*(?:[^\w\s]|$)|\s+(?:sprint|race|dash|hurdles|freestyle|backstroke|breaststroke|"
    r"butterfly|relay|tall|high|long|deep|wide|above|below|away|under|in\s+\w+)\b"
)
PER_BEFORE_RE = re.compile(r"\bper\s+$")
PRONOUN_ONE_RE = re.compile(
    r"\b(?:each|same|the|this|that|any|every|another|no|which|one|little)\s+$"
)
ORDINAL_BEFORE_RE = re.compile(r"\b(?:first|second|third|other|latter|former|back|front)\s+$")
FRACTION_OF_RE = re.compile(r"\s+(?:of|the)\b")
# "three-quarters of a percentage point", "half a point", "a quarter-point rise"
FRACTION_POINT_RE = re.compile(
    r"(?:\s+of)?(?:\s+an?)?[\s-]+(?:percentage[\s-])?points?\b", re.IGNORECASE
)
OF_SOMETHING_RE = re.compile(r"\s+an?\s", re.IGNORECASE)
BASIS_POINTS = 100  # "75 basis points" is 0.75 percentage point
# Vague counts are kept with order-of-magnitude bounds: "hundreds" is 100 to 1,000.
VAGUE_BOUNDS: dict[str, tuple[float, float]] = {
    "dozens": (12, 120), "scores": (20, 200), "hundreds": (100, 1e3), "thousands": (1e3, 1e4),
    "millions": (1e6, 1e7), "billions": (1e9, 1e10), "tens of thousands": (1e4, 1e5),
    "hundreds of thousands": (1e5, 1e6), "tens of millions": (1e7, 1e8),
    "hundreds of millions": (1e8, 1e9), "tens of billions": (1e10, 1e11),
}  # fmt: skip
FRACTION_CUE_RE = re.compile(
    r"\b(?:nearly|almost|more than|over|about|around|roughly|less than|under|some|at least|"
    r"only|just|fewer than|close to)\s+$",
    re.IGNORECASE,
)
RANGE_GAP_RE = re.compile(r"\s*(?:-|–|—|to|and|/)\s*", re.IGNORECASE)
# "a six-speed gearbox", "a three-bed flat": model attributes, not quantities.
ATTRIBUTE_AFTER_RE = re.compile(r"-(?:speed|bed|door|seat|star|wheel)\b", re.IGNORECASE)
# "eight or nine euros"; "four-, five- and six-cylinder", "7- or 8-inch".
OR_GAP_RE = re.compile(r"-?,?\s+or\s+|-,?\s+(?:and\s+)?", re.IGNORECASE)
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
    """A fraction of a percentage point ("half a point"), or one read as a percentage
    ("nearly half") after a qualifier word or before "of"."""
    words = re.split(r"[\s-]+", match.group("frac").lower())
    count = parse_words(words[0]) if len(words) > 1 and words[0] not in ("a", "one") else 1.0
    part = (count or 1.0) * FRACTIONS[words[-1]]
    points = FRACTION_POINT_RE.match(text, match.end())
    if points is not None:
        return Quantity(part, "percentage point", match.start(), points.end())
    if OF_SOMETHING_RE.match(text, match.end()):
        return None  # "half a mile", "half an hour": a fraction of something else
    cued = FRACTION_CUE_RE.search(text, max(0, match.start() - 14), match.start())
    if cued is None and FRACTION_OF_RE.match(text, match.end()) is None:
        return None
    return Quantity(part * 100, "percent", match.start(), match.end())


def _number(text: str, match: re.Match[str]) -> Quantity | None:
    """A digit or word number with its currency, scale and following unit."""
    raw = match.group("digits") or match.group("words")
    scale_text = match.group("scale") or ""
    base = parse_number(raw)
    value = parse_number(f"{raw} {scale_text.strip()}") if scale_text else base
    if value is None or not math.isfinite(value):
        return None
    scale = value / base if scale_text and base else _word_scale(raw)
    start, sign, code = _prefix(text, match.start())
    if code and match.group("digits"):
        return _with_rate(text, Quantity(sign * value, code, start, match.end(), scale=scale))
    if scale_text == "m" and METRE_AFTER_RE.match(text, match.end()):
        bare = Quantity(sign * float(parse_number(raw) or 0), "count", start, match.start("scale"))
        return _with_unit(text, bare)
    return _with_unit(text, Quantity(sign * value, "count", start, match.end(), scale=scale))


def _word_scale(raw: str) -> float:
    """The scale a spelled-out number ends with ("five thousand" -> 1,000), else 1."""
    last = raw.rsplit(maxsplit=1)[-1].lower()
    scale = scale_of(last) if last.isalpha() and len(last) > 3 else None
    return scale if scale and scale >= 1e3 else 1.0


def _prefix(text: str, start: int) -> tuple[int, float, str | None]:
    """The start, sign and currency code given by what precedes a number ("$-", "minus ")."""
    currency = CURRENCY_BEFORE_RE.search(text, max(0, start - 6), start)
    if currency is not None:
        sign = -1.0 if currency.group(0).endswith("-") else 1.0
        return currency.start(), sign, units.currency_of_symbol(currency.group(0).rstrip("-"))
    negative = NEGATIVE_BEFORE_RE.search(text, max(0, start - 6), start)
    return (negative.start(), -1.0, None) if negative else (start, 1.0, None)


def _with_unit(text: str, q: Quantity) -> Quantity:
    """The quantity extended over a following unit (%, "euros", "km", "-year-old")."""
    for regex in (units.PERCENT_RE, units.CURRENCY_WORD_RE, units.AGE_RE, units.MEASURE_RE,
                  units.CURRENCY_SUFFIX_RE):  # fmt: skip
        found = regex.match(text, q.end)
        if found is None:
            continue
        if regex is units.PERCENT_RE:
            unit = "percent"
        elif regex is units.CURRENCY_SUFFIX_RE:
            unit = units.currency_of_symbol(found.group(1))
        elif regex is units.CURRENCY_WORD_RE:
            unit = units.currency_of_word_or_code(found.group(1))
        elif regex is units.AGE_RE:
            return replace(q, unit=f"{found.group(1).lower()} of age", end=found.end())
        else:
            unit = units.measure_unit(found.group(0).lstrip(" -"))
            # "208 pounds" is a weight, "5 million pounds" an amount of money.
            unit = "GBP" if unit == "lb" and q.scale >= 1e6 else unit
        return _with_rate(text, replace(q, unit=unit, end=found.end()))
    return q


def _with_rate(text: str, q: Quantity) -> Quantity:
    """The quantity extended over a rate ("$52 a barrel", "20 miles per hour")."""
    found = units.RATE_RE.match(text, q.end)
    if found is None:
        return q
    # Past a bracketed conversion the rate still applies, but the figure ends before it.
    end = q.end if found.group("aside") else found.end()
    return replace(q, unit=units.rate_unit(q.unit, found.group("per")), end=end)


def _candidate(text: str, match: re.Match[str]) -> Quantity | None:
    """The quantity a candidate match stands for, or None when it is not one."""
    if match.group("vague"):
        return _vague(text, match)
    if ATTRIBUTE_AFTER_RE.match(text, match.end()):
        return None
    if match.group("frac"):
        return _fraction(text, match)
    if match.group("slash"):
        low, high = (float(x) for x in re.split(r"\s?[/⁄]\s?", match.group("slash")))
        return _with_unit(text, Quantity(low / high, "count", *match.span())) if high else None
    currency = CURRENCY_BEFORE_RE.search(text, max(0, match.start() - 6), match.start())
    bare = match.group("digits") and not match.group("scale") and currency is None
    if bare and is_year(text, match.start("digits"), match.end("digits")):
        return None
    return _number(text, match)


def _is_word_not_number(text: str, hit: re.Match[str]) -> bool:
    """Whether a number word is used as a pronoun or a name ("each one", "per million")."""
    if text[hit.start()].isdigit() or text[hit.start()] == ".":
        return False
    before = text[max(0, hit.start() - 12) : hit.start()].lower()
    if PER_BEFORE_RE.search(before):
        return True
    word = hit.group(0).lower()
    return (word == "one" and PRONOUN_ONE_RE.search(before) is not None) or (
        word == "half" and ORDINAL_BEFORE_RE.search(before) is not None
    )


def _scan_start(text: str, hit: re.Match[str]) -> int:
    """Where a scanned candidate starts: a leading-dot decimal (".500") starts at its dot;
    digits continuing a number ("1,300", "2.5") get an offset that the caller skips."""
    start = hit.start()
    before = text[start - 1 : start]
    if before == "." and not text[start - 2 : start - 1].isalnum():
        return start - 1
    return -1 if before in (".", ",") or before.isdigit() else start


def _matches(text: str) -> Iterator[re.Match[str]]:
    """Candidate matches in order, none overlapping, non-figure spans skipped."""
    lowered = text.lower()
    same = len(lowered) == len(text)
    scan = SCAN_RE.finditer(lowered) if same else SCAN_ANYCASE_RE.finditer(text)
    resume = 0
    for hit in scan:
        start = _scan_start(text, hit)
        if start < resume or _is_word_not_number(text, hit):
            continue
        skip = not_figure_end(text, start) if text[start].isdigit() else None
        if skip is not None:
            resume = skip
            continue
        match = CANDIDATE_RE.match(text, start)
        if match is not None:
            resume = match.end()
            yield match


def _joinable(text: str, a: Quantity, b: Quantity, word: str, lead: str) -> bool:
    """Whether the gap word between two quantities makes them one range."""
    if (word == "and") != (lead == "between"):
        return False
    if a.unit not in ("count", b.unit.split(" per ")[0]) and (b.unit != "count" or not lead):
        return False
    if word == "/" and (a.unit != b.unit or a.unit == "count"):
        return False
    if lead == "from" and MOVED_FROM_RE.search(text, max(0, a.start - 40), a.start):
        return False  # "climbed from 3.7% to 4.6%"
    # "rose 5% to 164p", "increased by $43.6bn to $419.2bn": a change and a level, not a range.
    return not (word == "to" and not lead and direction_of(text, a.start) and b.value > 2 * a.value)


def _merge(text: str, a: Quantity, b: Quantity) -> Quantity | None:
    """A range from two neighbouring quantities ("3,000 to 4,000"), or None."""
    gap = text[a.end : b.start]
    if len(gap) > 5 or a.vague or b.vague or RANGE_GAP_RE.fullmatch(gap) is None:
        return None
    word = gap.strip().lower()
    found = BETWEEN_RE.search(text, max(0, a.start - 9), a.start)
    lead = found.group(0).split()[0].lower() if found else ""
    scaled = a.value * b.scale
    first = scaled if a.scale == 1.0 and b.scale > 1.0 and scaled <= b.value else a.value
    if not _joinable(text, replace(a, value=first), b, word, lead):
        return None
    if (first > b.value and lead != "from") or (word in "-–" and first == b.value):
        return None
    unit = a.unit if b.unit == "count" else b.unit
    low, high = min(first, b.value), max(first, b.value)
    return Quantity(first, unit, a.start, b.end, low, high, is_range=True)


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


def _share_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """Bare numbers take the unit and scale of the alternative after them ("eight or nine
    euros", "two or three million"), right to left along a list ("four-, five- and six-")."""
    out = list(found)
    for i in reversed(range(len(out) - 1)):
        a, b = out[i], out[i + 1]
        if a.unit != "count" or a.scale != 1.0 or not OR_GAP_RE.fullmatch(text, a.end, b.start):
            continue
        out[i] = replace(a, unit=b.unit, value=a.value * b.scale, scale=b.scale)
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in text, in order, with dates, years, codes and phone numbers left out."""
    found = [q for m in _matches(text) if (q := _candidate(text, m))]
    return [_in_points(q) for q in _merge_ranges(text, _share_units(text, found))]


def _in_points(q: Quantity) -> Quantity:
    """Basis points as percentage points: one scale for rate moves, so 75bp meets 0.75."""
    if q.unit != "basis point":
        return q
    low, high = (None if v is None else v / BASIS_POINTS for v in (q.low, q.high))
    return replace(q, value=q.value / BASIS_POINTS, unit="percentage point", low=low, high=high)
