"""Metric identity (a stable key and a human label) and the key-figure score of a figure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsmon.tasks.figures.counted import STOP
from newsmon.tasks.figures.units import DURATIONS
from newsmon.tasks.figures.vocabulary import Vocabulary

SLUG_RE = re.compile(r"[^a-z0-9]+")
NOT_KEY = frozenset({"negated", "hypothetical", "previous", "vague"})
CALIBRE_RE = re.compile(
    r"\b(?:shells?|rounds?|guns?|howitzers?|artillery|calibre|caliber|mortars?)\b"
)
KEY_THRESHOLD = 0.5
# Superlative modifiers, lemmatised: "hottest" -> "hot", "largest" -> "large".
SUPERLATIVES = {
    **{f"{base}{'st' if base.endswith('e') else 'est'}": base for base in """large small old new
    high low great late rich fast strong young long proud real tall wide deep cheap""".split()},  # noqa: SIM905
    "best": "good", "worst": "bad", "biggest": "big", "hottest": "hot", "earliest": "early",
}  # fmt: skip
PARTICIPLE_RE = re.compile(r"[a-z]+ed")
POSSESSIVE_RE = re.compile(r"['’]s$")
IRREGULAR = {"men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth"}


@dataclass(frozen=True)
class Identity:
    """What a figure measures, before it becomes a key."""

    owner: str | None
    counted: str | None
    event: str | None
    rate: str | None
    unit: str


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


def counted_group(counted: str | None, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """The (name, label) of what is counted: a vocabulary group or the head noun's lemma."""
    if not counted:
        return None
    groups = vocabulary.find("counted", counted)
    if groups:
        best = max(groups, key=lambda m: (m.end - m.start, m.end))
        return best.term.name, best.term.label
    people = vocabulary.find("entities", counted)
    ends_with_people = bool(people) and people[-1].end >= len(counted.rstrip()) - 1
    if ends_with_people and vocabulary.people_group and counted.rstrip().endswith("s"):
        term = vocabulary.term("counted", vocabulary.people_group)
        return vocabulary.people_group, term.label if term else vocabulary.people_group
    words = [w for w in counted.split() if not w[:1].isupper()] or counted.split()[-1:]
    head = lemma(words[-1])
    return slug(head), head


UNNAMED_LABELS = {"percent": "share", "count": "number"}
CURRENCY_RE = re.compile(r"[A-Z]{3}")


def metric_of(identity: Identity, vocabulary: Vocabulary) -> tuple[str, str]:
    """A stable metric key ("north_korea.troops.deployed") and its human label."""
    group = counted_group(identity.counted, vocabulary)
    name, label = group if group else ("quantity", "quantity")
    event = identity.event
    if event is None and group is not None:
        term = vocabulary.term("counted", name)
        event = term.default_event if term else None
    parts = [slug(identity.owner) if identity.owner else "any", name]
    parts += [slug(p) for p in (event, identity.rate) if p]
    if identity.unit != "count":
        parts.append(slug(identity.unit))
    if group is None:  # say what kind of number it is rather than "quantity"
        label = UNNAMED_LABELS.get(
            identity.unit, "amount" if CURRENCY_RE.fullmatch(identity.unit) else label
        )
    words = [identity.owner or "", label, event or "", (identity.rate or "").replace("_", " ")]
    if identity.unit != "count":
        words.append(f"({identity.unit})")
    # "Ukraine ukraine occupied": the counted word may repeat the owner's name.
    unique = dict.fromkeys(w for w in words if w and w.lower() != (identity.owner or "").lower())
    return ".".join(parts), " ".join([identity.owner or "", *unique]).strip()


def key_score(identity: Identity, qualifier: str, value: float, sentence: str, *,
              has_claimant: bool, in_vocabulary: bool) -> float:  # fmt: skip
    """How much a figure looks like one of the story's key figures, from 0 to 1."""
    if qualifier in NOT_KEY or identity.unit in DURATIONS or identity.unit.endswith(" of age"):
        return 0.1
    if identity.unit in ("mm", "cm") and CALIBRE_RE.search(sentence.lower()):
        return 0.05
    score = 0.2
    score += 0.3 if identity.counted else 0.0
    score += 0.2 if in_vocabulary else 0.0
    score += 0.15 if identity.owner else 0.0
    score += 0.1 if identity.event else 0.0
    score += 0.1 if has_claimant else 0.0
    score += 0.25 if identity.unit != "count" else 0.0
    score += 0.1 if value >= 100 else 0.0
    # "one analyst", "the two leaders": ones and twos are almost never a story's figures.
    score = min(score, 0.3) if value < 3 and identity.unit == "count" else score
    return max(0.0, min(1.0, round(score, 3)))
