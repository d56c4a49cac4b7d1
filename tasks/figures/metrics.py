"""Words made into metric keys: slugs, and naive English lemmas of nouns and noun phrases."""

from __future__ import annotations

import re

from newsmon.tasks.figures.counted import STOP

SLUG_RE = re.compile(r"[^a-z0-9]+")
# Superlative modifiers, lemmatised: "hottest" -> "hot", "largest" -> "large".
SUPERLATIVES = {
    **{f"{base}{'st' if base.endswith('e') else 'est'}": base for base in """large small old new
    high low great late rich fast strong young long proud real tall wide deep cheap""".split()},  # noqa: SIM905
    "best": "good", "worst": "bad", "biggest": "big", "hottest": "hot", "earliest": "early",
}  # fmt: skip
PARTICIPLE_RE = re.compile(r"[a-z]+ed")
POSSESSIVE_RE = re.compile(r"['’]s$")
IRREGULAR = {"men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth"}


def slug(text: str) -> str:
    """A lower-case identifier made of letters, digits and underscores."""
    return SLUG_RE.sub("_", text.lower()).strip("_")


def lemma(word: str) -> str:
    """A naive English singular ("casualties" -> "casualty", "troops" -> "troop")."""
    lower = word.lower()
    if lower in IRREGULAR:
        return IRREGULAR[lower]
    if lower.endswith("men") and len(lower) > 4 and lower[-4] not in "aiou":
        return lower[:-3] + "man"
    if lower.endswith("uses") and len(lower) > 5 and lower[-5] not in "aeiou":
        return lower[:-2]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes")):
        return lower[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 3:
        return lower[:-1]
    return lower


def phrase_lemma(phrase: str) -> str:
    """A noun phrase lemmatised: "the best wireless speakers" -> "good wireless speaker";
    possessives and leading past participles ("recorded songs") dropped."""
    words = [POSSESSIVE_RE.sub("", w.lower()) for w in phrase.split() if w.lower() not in STOP]
    while len(words) > 1 and PARTICIPLE_RE.fullmatch(words[0]):
        words.pop(0)
    modifiers = [SUPERLATIVES.get(w, w) for w in words[:-1]]
    return " ".join([*modifiers, lemma(words[-1])]) if words else ""
