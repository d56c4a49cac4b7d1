"""What a figure refers to: the concept a reader would name beside the number.

Read in the figure's own sentence: the clause subject ("Shares of Apple ..."), the nouns
just before the number, what a measure quantifies ("12 km of road") and what the figure
is "of" or "for" ("78 per cent of the deal"). NewsQuant's `referred_concepts` scores it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsmon.tasks.figures.counted import noun_words
from newsmon.tasks.figures.extract import Figure
from newsmon.tasks.figures.units import MEASURES

WORD_RE = re.compile(r"[A-Za-z][\w&'-]*")
CLAUSE_RE = re.compile(r"[,;:()]|\b(?:that|which|while|whereas|and|but|when|after|who)\b")
PHRASE_RE = re.compile(r"[,;:]|\b(?:that|which|while|whereas|and|but|when|after|who)\b")
BRACKET_RE = re.compile(r"\(\s*[~≈]?\s*$")
PRONOUNS = frozenset("i he she it they we you this there these those its their his her".split())  # noqa: SIM905
SUBJECT_WORDS = 4
BEFORE_WORDS = 4
OF_WORDS = 3
ONE_OF_RE = re.compile(r"\s+of\b")
UNIT_WORDS = frozenset({*MEASURES, *(f"{w}s" for w in MEASURES), "year-old", "million", "billion"})
# An opening adverbial ("In 2019, ", "Last month, ") comes before the sentence subject.
INTRO_RE = re.compile(
    r"\s*(?:In|On|At|Last|After|Since|For|By|During|As of|Over|From|With|Meanwhile|However|Still"
    r"|Now|Yet|So|But|And|Also)\b[^,]{0,40},\s*"
)
OF_NP_RE = re.compile(r"\s+(?:of|for)\s+([\w'’&\s-]{1,60})")


def nouns(text: str) -> list[str]:
    """The nouns of text that can be concepts: unit words ("points", "km") are not."""
    return [w for w in noun_words(text) if w.lower() not in UNIT_WORDS]


def _of_phrase(text: str, end: int) -> list[str]:
    """The noun phrase a quantity is "of" or "for" ("78 per cent of the deal")."""
    found = OF_NP_RE.match(text, end)
    return nouns(CLAUSE_RE.split(found.group(1))[0])[:OF_WORDS] if found else []


def _counted_end(figure: Figure, text: str) -> int:
    """Where the figure's counted phrase ends, or the figure itself when it has none."""
    found = text.find(figure.counted, figure.end) if figure.counted else -1
    return found + len(figure.counted or "") if 0 <= found - figure.end < 4 else figure.end


def concept_tokens(figure: Figure, text: str) -> list[str]:
    """What a quantity refers to: the clause subject, the nouns just before it, the noun it
    measures and what it is "of"; "-" when nothing else is named ("one of the students")."""
    if figure.value == 1 and ONE_OF_RE.match(text, figure.end):
        return ["-"]
    annotated = _bracketed(figure, text)
    if annotated:
        return annotated
    intro = INTRO_RE.match(text)
    opening = intro.end() if intro and intro.end() < figure.start else 0
    words = WORD_RE.findall(text[opening : figure.start])
    subject = nouns(text[opening : figure.start])[:SUBJECT_WORDS]
    if words and words[0].lower() in PRONOUNS:
        subject = []
    before = nouns(CLAUSE_RE.split(text[: figure.start])[-1])[-BEFORE_WORDS:]
    # A count's noun is its unit; a measure's following noun is what it measures.
    measured = nouns(figure.counted or "") if figure.unit != "count" else []
    tokens = subject + before + measured + _of_phrase(text, _counted_end(figure, text))
    return list(dict.fromkeys(tokens)) or ["-"]


def _bracketed(figure: Figure, text: str) -> list[str]:
    """The phrase a bracketed quantity annotates ("RHP John Gant (0.5 WAR)"), else []."""
    if BRACKET_RE.search(text, max(0, figure.start - 4), figure.start) is None:
        return []
    opening = text.rindex("(", 0, figure.start)
    return nouns(PHRASE_RE.split(text[:opening])[-1])[-BEFORE_WORDS:]


def refers_to(figure: Figure, text: str) -> list[str]:
    """The words naming what `figure` refers to, read in its sentence ([] when none)."""
    sentence = figure.sentence
    # The last occurrence of the sentence that starts at or before the figure: its own.
    offset = text.rfind(sentence, 0, figure.start + len(sentence)) if sentence else -1
    if offset < 0:
        return []
    local = replace(figure, start=figure.start - offset, end=figure.end - offset)
    return [word for word in concept_tokens(local, sentence) if word != "-"]
