"""Split a text into sentences with character offsets, tolerant of web copy."""

from __future__ import annotations

import bisect
import re

# Web copy often drops the capital after a full stop ("south Korea. after suffering"),
# so a lower-case start still ends the sentence; known abbreviations do not.
BOUNDARY_RE = re.compile(
    r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bvs)(?<!\bMrs)(?<!\bGen)"
    r"(?<!\bCol)(?<!\bLt)(?<!\bSgt)(?<!\bJan)(?<!\bFeb)(?<!\bAug)(?<!\bSep)(?<!\bOct)(?<!\bNov)"
    r"(?<!\bDec)(?<!\bapprox)(?<!\betc)(?<!\be\.g)(?<!\bi\.e)(?<!\bSept)(?<!\bGov)(?<!\bSen)"
    r"(?<!\bRep)(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bLtd)(?<!\bU\.S)"
    r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Za-z0-9#])"
    r"|\n\s*\n|\n(?=\s*[A-Z#\"“‘(])"
)


class Sentences:
    """The sentence spans of one text, with lookup by character offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = [0]
        self.ends: list[int] = []
        for match in BOUNDARY_RE.finditer(text):
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


def split_sentences(text: str) -> list[str]:
    """The sentences of text, trimmed, empty ones dropped."""
    sentences = Sentences(text)
    spans = (sentences.span_at(s) for s in sentences.starts)
    return [text[a:b] for a, b in spans if b > a]
