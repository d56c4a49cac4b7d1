"""The proper names a text mentions (places, people, organisations), normalised to one form.

A name is a run of capitalised words ("Maui County", "Bank of England") or an acronym
("FEMA"). A capitalised word opening a sentence is a name only when it is capitalised
elsewhere in the text too, or leads a longer run: "Officials said" names no one. Aliases
("U.S.", "American" -> "US", and the topic vocabulary's) map to one name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from newsmon.tasks.dedupe.wordlists import ALIASES, NOT_NAMES


def zipf(word: str) -> float:
    """How common a word is in English, on wordfreq's Zipf scale (0 to about 8)."""
    # Imported on first use: it takes half a second, and a run with nothing new needs none.
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, "en"))


WORD = r"(?:[A-Z][\w'’.&-]*[\w]|[A-Z]\.(?:[A-Z]\.)+|[A-Z])"
RUN_RE = re.compile(rf"{WORD}(?:\s+(?:(?:of|for)(?:\s+the)?\s+|(?:de|del|la|&)\s+)?{WORD})*")
SENTENCE_END_RE = re.compile(r"(?<=[.!?:;])\s+|\n+")
POSSESSIVE_RE = re.compile(r"['’]s?$")
RARE_WORD = 3.0  # Zipf frequency under which a capitalised opener is taken for a name
TITLE_CASE_SHARE = 0.6  # a headline with this share of capitalised words is in Title Case
PLACE_KIND_RE = re.compile(r"(?<=\w)\s+(?:County|Province|Prefecture|District|Region)$")


def _clean(words: list[str]) -> list[str]:
    """The words of a run without leading titles or openers, nor a trailing possessive."""
    while words and words[0].lower().rstrip(".") in NOT_NAMES:
        words = words[1:]
    while words and words[-1].lower() in ("of", "de", "del", "la", "the", "for", "&"):
        words = words[:-1]
    if words:
        words[-1] = POSSESSIVE_RE.sub("", words[-1]).rstrip(".")
    return [word for word in words if word]


def _runs(text: str) -> list[tuple[re.Match[str], bool]]:
    """Capitalised runs, each with whether it opens its sentence."""
    runs = []
    position = 0
    for sentence in SENTENCE_END_RE.split(text):
        base = text.find(sentence, position) if sentence else position
        position = base + len(sentence)
        stripped = sentence.lstrip("\"'“‘([ ")
        offset = len(sentence) - len(stripped)
        for match in RUN_RE.finditer(text, base, base + len(sentence)):
            runs.append((match, match.start() == base + offset))
    return runs


def _opener_is_name(written: str, word: str, inside: set[str]) -> bool:
    """Whether a capitalised word opening a sentence is a name: capitalised elsewhere too,
    an acronym, a possessive ("Arcadia's toll"), or a word English does not use in lower
    case ("Norland has sent")."""
    if word in inside or word.isupper() or written != word:
        return True
    return zipf(word.lower()) < RARE_WORD


def name_spans(text: str, aliases: Mapping[str, str] | None = None) -> list[tuple[str, int, int]]:
    """Every name mention of the text with its offsets, in order, in its normalised form."""
    runs = _runs(text)
    inside = {w for m, opening in runs for w in m.group(0).split()[opening:]}  # mid-sentence
    names = []
    for match, opening in runs:
        words = match.group(0).split()
        word = POSSESSIVE_RE.sub("", words[0])
        known = word.lower() in (aliases or {})  # "Spain reports ...", Spain being known
        if (
            opening
            and len(words) == 1
            and not known
            and not _opener_is_name(words[0], word, inside)
        ):
            continue  # "Confirmed deaths rose": a sentence opener, not a name
        kept = _clean(list(words))
        if kept and (len(kept) > 1 or len(kept[0]) > 1):
            start = match.start() + match.group(0).find(kept[0])  # after a dropped "The"
            names.append((normal_name(" ".join(kept), aliases), start, match.end()))
    return names


def proper_names(text: str, aliases: Mapping[str, str] | None = None) -> list[str]:
    """Every name mention of the text, in order, each in its one normalised form."""
    return [name for name, _, _ in name_spans(text, aliases)]


def normal_name(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """One form per name: a vocabulary or built-in alias, else the name as written."""
    key = " ".join(name.split()).lower()
    known = (aliases or {}).get(key) or ALIASES.get(key)
    if known:
        return known
    # "Maui County", "Los Angeles County": the place, not its kind of government.
    shorter = PLACE_KIND_RE.sub("", " ".join(name.split()))
    return (aliases or {}).get(shorter.lower()) or shorter


def in_title_case(title: str) -> bool:
    """Whether a headline capitalises most of its words ("Fed Lifts Rates Again")."""
    words = [w for w in title.split() if len(w) > 3 and w[:1].isalpha()]
    return bool(words) and sum(w[:1].isupper() for w in words) / len(words) >= TITLE_CASE_SHARE
