"""Spans of a text whose digits are not figures: dates, times, phones, copyright lines, codes."""

from __future__ import annotations

import bisect
import re

# Capitalised only: "may" and "march" are common English words.
MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# Digits glued to a month or year ("21 November 202421 November") are page furniture too.
DATE_RE = re.compile(
    rf"\b\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}\b"
    rf"|(?<![\d,.])\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}(?:,?\s+{YEAR}\d*)?"
    rf"|\b{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?(?![,.]?\d)(?:,?\s+{YEAR}\d*)?"
    rf"|\b{MONTHS}\s+{YEAR}\d*"
    rf"|\b{YEAR}\s*[-–/]\s*(?:{YEAR}|\d\d)\b"
    rf"|\b(?:19|20)\d0s\b"
)
TIME_RE = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
    r"|\b\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\.?(?!\w)|\b\d{4}\s+(?:gmt|utc|hrs)\b",
    re.IGNORECASE,
)
PHONE_RE = re.compile(
    r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}[\s.-]\d{3,4}[\s.-]\d{3,4}\b"
    r"|\+\d{1,3}[\s.-]?\d{6,12}\b"
)
COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|copyright)[^\n]{0,80}", re.IGNORECASE)
# Model and calibre names: "Hwasong-20", "F-16", "COVID-19", "A320", "G7", "No. 10".
CODE_RE = re.compile(
    r"\b[A-Za-z]+[-‑]?\d+[A-Za-z]*(?:[-‑]\d+)*\b"
    r"|\b(?:No|no|Nos|Section|Row|Room|Page|Chapter|Route|Highway|Flight|Gate|Article|Episode"
    r"|Season|Level|Floor|Platform|Channel|Track|Unit|Block|Lot|Exit|Bus|Line|Number|Vol)"
    r"\.?\s+\d+[A-Za-z]?\b"
    r"|\b\d+(?:st|nd|rd|th)\b"
    r"|#\d+"
)
MASKS = (DATE_RE, TIME_RE, PHONE_RE, COPYRIGHT_RE, CODE_RE)


class Mask:
    """Sorted, disjoint character spans to skip, with a fast overlap test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether [start, end) touches a masked span."""
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.ends[i] > start


def mask_of(text: str) -> Mask:
    """The spans of text that hold dates, times, phone numbers, copyright lines and codes."""
    spans = [m.span() for regex in MASKS for m in regex.finditer(text)]
    return Mask(spans)


def is_year(text: str, start: int, end: int) -> bool:
    """Whether a bare four-digit number at [start, end) reads as a year."""
    token = text[start:end]
    if len(token) != 4 or not token.isdigit() or not 1500 <= int(token) <= 2100:
        return False
    after = YEAR_FOLLOW_RE.match(text, end)
    return after is None or YEAR_BEFORE_RE.search(text, max(0, start - 12), start) is not None


# A plural noun after a bare 4-digit number makes it a count ("2000 troops").
YEAR_FOLLOW_RE = re.compile(r"\s+(?!years?\b|was\b|has\b|is\b|as\b|this\b|its\b)[a-z]+s\b")
YEAR_BEFORE_RE = re.compile(r"\b(?:in|since|by|from|until|of|early|late|mid|year|before|after)\s+$")
