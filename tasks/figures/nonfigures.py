"""Digits that are not figures: dates, years, times, phone numbers, copyright lines, codes."""

from __future__ import annotations

import re

from newsmon.tasks.figures.units import CURRENCY_PREFIX

# Capitalised only: "may" and "march" are common English words.
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# Each pattern is matched where a run of digits starts; the match is the span to skip.
AT_START_RE = re.compile(
    rf"\d{{1,4}}([-/.])\d{{1,2}}\1\d{{2,4}}\b"  # 21-11-2024, 2024/11/21
    rf"|{YEAR}\s*[-–/]\s*(?:{YEAR}|\d\d)\b(?![,.]?\d)"  # 1950-53, 2022/23
    r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"  # 10:30, 12:01 a.m.
    r"|\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\.?(?!\w)"  # 3pm, 4.30 p.m.
    r"|\d{4}\s+(?:GMT|UTC|hrs)\b"  # 0401 GMT
    r"|\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,4}\b(?![,.]\d)"  # 020 7946 0958
    r"|\d{6,}(?=\s*\))"  # (0401 in brackets
    r"|\d+(?:st|nd|rd|th)\b"  # ordinals
    r"|\d+ers\b"  # team names: the 49ers, the 76ers
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?:,?\s+{YEAR}\d*)?"  # 21 November 2024
    r"|(?:19|20)\d0s\b"  # the 1990s
    # sports scores: "won 2-1", "a 9-2 lead", "tied at 89-89."
    r"|\d{1,3}-\d{1,3}(?=\s+(?:lead|win|victory|defeat|loss|draw|on aggregate|thanks|at half)\b"
    r"|[.,;)](?!\d))"
)
PHONE_PREFIX_RE = re.compile(r"(?:\+|\(|tel\.?:?\s*|phone:?\s*|call\s+)$", re.IGNORECASE)
MONTH_BEFORE_RE = re.compile(rf"\b{MONTHS}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?$")
# Names with a number in them: "Section 427", "No. 10", "Row 21", "Flight 370".
LABEL_BEFORE_RE = re.compile(
    r"\b(?:No|Nos|Section|Row|Room|Page|Chapter|Route|Highway|Flight|Gate|Article|Episode"
    r"|Season|Level|Floor|Platform|Channel|Track|Block|Lot|Exit|Bus|Number|Vol|Apt|Suite"
    r"|Box|Ext|Unit|Building|Terminal|Pier|Lane|Street)\.?\s+$"
)
# Market indices and product names carry numbers that are names, not quantities.
INDEX_BEFORE_RE = re.compile(
    r"\b(?:S&P|S ?P|S&P/ASX|Nasdaq|FTSE|Stoxx|Euro Stoxx|ASX|DAX|CAC|Fortune|Russell|Nikkei|"
    r"Hang Seng|TA|MSCI|Topix|KOSPI|Sensex|Nifty|ISO|iPhone|Galaxy|Note|Pixel|Windows|Game|Part|"
    r"Category|Phase|Stage|Type|Version|Class|Series|Model|Boeing|Airbus|Formula|Title|Act|Rule|"
    r"Covid|COVID|HIV|Level|Grade|Tier|Zone|Region|District|Ward|Gen|Generation)[-\s]?$",
    re.IGNORECASE,
)
ADDRESS_AFTER_RE = re.compile(
    r"(?:\s+[A-Z][a-z]+){1,3}\s+(?:Road|Rd|Street|St|Avenue|Ave|Way|Lane|Drive|Boulevard|Blvd|"
    r"Place|Square|Court|Crescent|Terrace|Highway)\b"
)
COPYRIGHT_RE = re.compile(r"©|\(c\)|copyright|all rights reserved", re.IGNORECASE)
YEAR_FOLLOW_RE = re.compile(r"\s+(?!years?\b|was\b|has\b|is\b|as\b|this\b|its\b)[a-z]+s\b")
YEAR_BEFORE_RE = re.compile(r"\b(?:in|since|by|from|until|of|early|late|mid|year|before|after)\s+$")
PREFIX_WORD_RE = re.compile(
    r"\b(?:sub|minus|plus|over|under|near|pre|post|mid|top)$", re.IGNORECASE
)
AGE_BEFORE_RE = re.compile(r"[A-Z][a-z]+,\s$")
NAME_BEFORE_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Za-z]*[A-Z][A-Za-z]*\s$")
NAME_AFTER_RE = re.compile(r"\s+[A-Z][a-z]|[.,;:!?)]?$|[.,;:!?)]\s")
PHONE_RUN_RE = re.compile(r"\d[\d \t.()-]{5,18}\d")
DIGITS_RE = re.compile(r"[\d,.]*\d")
DATED_RANGE_RE = re.compile(r"\d{1,2}\s*[-–]\s*\d{1,2}\b")
CURRENCY_BEFORE_RE = re.compile(rf"{CURRENCY_PREFIX}\s?-?$")


def _is_code(text: str, start: int) -> bool:
    """Whether the digits continue a name or code ("Hwasong-20", "F-16", "A320", "#5")."""
    if start == 0:
        return False
    before = text[start - 1]
    if before.isalpha() or before in "#№":
        return True
    if before not in "-‑" or start < 2 or not text[start - 2].isalpha():
        return False
    # "sub-7 nanometre", "minus-5 yards": a prefix, not a model name.
    return PREFIX_WORD_RE.search(text, max(0, start - 8), start - 1) is None


def _is_dated(text: str, start: int) -> bool:
    """Whether the digits follow a month name ("June 19", "November 202421")."""
    if MONTH_BEFORE_RE.search(text, max(0, start - 16), start) is None:
        return False
    digits = DIGITS_RE.match(text, start)
    token = digits.group(0) if digits else ""
    return "," not in token or len(token) >= 6


def not_figure_end(text: str, start: int) -> int | None:
    """Where a non-figure run starting at a digit ends (date, time, phone, code), else None."""
    found = AT_START_RE.match(text, start)
    if found is not None:
        return found.end()
    digits = DIGITS_RE.match(text, start)
    end = digits.end() if digits else start + 1
    if _is_dated(text, start):
        ranged = DATED_RANGE_RE.match(text, start)
        return ranged.end() if ranged else end
    phone = _phone_end(text, start)
    if phone is not None:
        return phone
    return end if _is_name_part(text, start, end) else None


def _phone_end(text: str, start: int) -> int | None:
    """The end of a phone number announced by "+", "(", "tel" or "call", else None."""
    if PHONE_PREFIX_RE.search(text, max(0, start - 7), start) is None:
        return None
    run = PHONE_RUN_RE.match(text, start)
    return run.end() if run and sum(ch.isdigit() for ch in run.group(0)) >= 7 else None


def _is_name_part(text: str, start: int, end: int) -> bool:
    """Whether the digits belong to a name, code, label, address, age or copyright line."""
    if _is_code(text, start) and not CURRENCY_BEFORE_RE.search(text, max(0, start - 6), start):
        return True
    window = max(0, start - 12)
    if LABEL_BEFORE_RE.search(text, window, start) or INDEX_BEFORE_RE.search(text, window, start):
        return True
    if ADDRESS_AFTER_RE.match(text, end) or _is_age_or_name(text, start, end):
        return True
    return COPYRIGHT_RE.search(text, max(0, start - 60), start) is not None


def _is_age_or_name(text: str, start: int, end: int) -> bool:
    """Whether digits are an age after a name ("Senard, 65,"), a shirt number "(4)" or a name
    part ("Big 12.", "iPhone 11 Pro")."""
    if AGE_BEFORE_RE.search(text, max(0, start - 20), start) and text[end : end + 1] == ",":
        return True
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")" and end - start <= 2:
        return True
    small = end - start <= 2 and text[start:end].isdigit()
    named = NAME_BEFORE_RE.search(text, max(0, start - 20), start) is not None
    return small and named and NAME_AFTER_RE.match(text, end) is not None


def is_year(text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number at [start, end) reads as a year."""
    token = text[start:end]
    if len(token) != 4 or not token.isdigit() or not 1500 <= int(token) <= 2150:
        return False
    after = YEAR_FOLLOW_RE.match(text, end)
    return after is None or YEAR_BEFORE_RE.search(text, max(0, start - 12), start) is not None
