"""Split a text into sentences with character offsets, tolerant of web copy."""

from __future__ import annotations

import bisect
import re

# Web copy often drops the capital after a full stop ("south Korea. after suffering"),
# so a lower-case start still ends the sentence; known abbreviations do not.
BOUNDARY_RE = re.compile(
    r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Za-z0-9#])|\n\s*\n|\n(?=\s*[A-Z#\"“‘(])"
)
WORD_BEFORE_RE = re.compile(r"(?:^|[\s(])([\w.]{1,8})$")
ABBREVIATIONS = frozenset(
    """mr ms mrs dr st no vs gen col lt sgt jan feb mar apr aug sep sept oct nov dec approx etc
    e.g i.e gov sen rep inc co corp ltd u.s u.k u.n prof capt maj adm cpl pte rev fig jr sr
    mt ft est al""".split()  # noqa: SIM905
)


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at offset ends an abbreviation or an initial ("Mr.", "J.")."""
    if text[stop] != ".":
        return False
    word = WORD_BEFORE_RE.search(text, max(0, stop - 9), stop)
    if word is None:
        return False
    token = word.group(1).lower()
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


class Sentences:
    """The sentence spans of one text, with lookup by character offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = [0]
        self.ends: list[int] = []
        for match in BOUNDARY_RE.finditer(text):
            if _is_abbreviation(text, match.start()):
                continue
            self.ends.append(match.end())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def span_at(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding offset, whitespace trimmed."""
        i = max(0, bisect.bisect_right(self.starts, offset) - 1)
        start, end = self.starts[i], self.ends[i]
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end
