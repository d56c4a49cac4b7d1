"""What a figure counts: the counted noun phrase, and the rate it is given in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsmon.tasks.figures.numbers import UNITS as NUMBER_WORDS
from newsmon.tasks.figures.vocabulary import Vocabulary

RIGHT_RE = re.compile(
    r"(?:\s+of(?:\s+(?:the|his|her|their|its|our|my|your))?)?((?:\s+[A-Za-z][\w'’-]*){1,5})"
)
# "14 of the 16 federal states", "three of its 12 hospitals": the part counts what the whole does
NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))  # longest first
WHOLE_OF = r"(?:the|its|their|his|her|our|all|those|these)?"
PARTITIVE_RE = re.compile(
    rf"\s+of\s+{WHOLE_OF}\s*(?:\d[\d,.]*|{NUMBER_WORD})(?=\s+[A-Za-z])", re.IGNORECASE
)
WHOLE_BEFORE_RE = re.compile(rf"(?:\d|\b(?:{NUMBER_WORD}))\s+of\s+{WHOLE_OF}\s*$", re.IGNORECASE)
LEFT_RE = re.compile(r"(?P<np>(?:[A-Za-z][\w'’-]*\s+)?[A-Za-z][\w'’-]*)\s+of\s+$")
STOP = frozenset(
    """a an the and or but nor of in on at to from for with by into onto over under about than
    as after before since until while during per each every this that these those there
    their its his her our your my them they it he she we i you who which whose whom what was
    were is are be been being has have had will would could might may can shall should must
    do does did not no also already now then so if when where how why all both some more
    most less least few many several other such only just even still yet again later earlier
    ago last next said says say told according including include includes like near
    reportedly allegedly officially currently up down out off per cent percent another thing
    things way ways time times against across without within behind here nationwide worldwide
    available annually mostly except via among between toward towards along despite upon amid
    whilst outside excluding beyond""".split()  # noqa: SIM905
)
ACRONYM_PLURAL_RE = re.compile(r"[A-Z]{2,}s")  # "TDs", "CDs"
IRREGULAR_PLURALS = frozenset(
    """people men women children police staff personnel fishermen feet teeth cattle""".split()  # noqa: SIM905
)
VERB_ENDINGS = ("ed", "ing")
NOT_NOUNS = frozenset(
    """however if because among another now there many most last even still yet again already
    then so thus meanwhile nevertheless although though whether since until when where what
    how why all both each every few several other such same own very too quite really well much
    nearly almost roughly approximately one someone my our your them make makes made see sees saw
    put puts ran run runs take takes took get gets got give gives gave go goes went come comes
    came need needs want wants wait say know think look looks seem seems become becomes became
    keep kept let lets bring brought buy bought pay pays paid sell sells sold spend win won lose
    use uses find found tell expect help add adds show shows offer include produce reach hit
    cost costs set turn turns leave leaves left play work works rose fell gained dropped
    jumped climbed grew is are was were has have had hit reached reach rise fall gain cost
    worth valued stood stands average averaging""".split()  # noqa: SIM905
)
NOUN_WORD_RE = re.compile(r"[A-Za-z][\w&'-]*")
GENERIC_NOUNS = frozenset(
    """total number figure tally sum amount estimate group""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Counted:
    """The counted phrase of a figure, with its offsets in the sentence."""

    text: str
    start: int
    end: int


def counted_after(sentence: str, end: int, vocabulary: Vocabulary) -> Counted | None:
    """The noun phrase right after a number ("North Korean soldiers", "ammunition rounds"),
    or after the whole it is part of ("14 of the 16 federal states")."""
    whole = PARTITIVE_RE.match(sentence, end)
    if whole:  # "two of the three were killed": no noun after the whole, read on from `end`
        after_whole = _phrase_at(sentence, whole.end(), vocabulary)
        return after_whole or _phrase_at(sentence, end, vocabulary)
    return _phrase_at(sentence, end, vocabulary)


def _phrase_at(sentence: str, end: int, vocabulary: Vocabulary) -> Counted | None:
    """The noun phrase starting right after `end`, if any."""
    found = RIGHT_RE.match(sentence, end)
    kept = _head_phrase(found.group(1).split(), vocabulary) if found else []
    if not kept:
        return None
    phrase = " ".join(kept)
    start = sentence.find(kept[0], end)
    return Counted(phrase, start, start + len(phrase))


def whole_of_part(sentence: str, start: int) -> bool:
    """Whether the number at `start` is the whole a part is counted in ("16" in "14 of the 16
    federal states"): the part is the figure, the whole is its frame."""
    return WHOLE_BEFORE_RE.search(sentence, max(0, start - 40), start) is not None


def _head_phrase(tokens: list[str], vocabulary: Vocabulary) -> list[str]:
    """The words of a noun phrase up to its head: a stop word, a verb or a plural ends it."""
    kept: list[str] = []
    for i, token in enumerate(tokens):
        bare = token.rstrip("'’").lower()
        if bare in ("and", "or") and _coordinates(kept, tokens, i):
            kept.append(bare)  # "Kia and Hyundai vehicles"
            continue
        if _ends_phrase(bare, tokens[i + 1 : i + 2], bool(kept), vocabulary):
            break
        kept.append(token.rstrip("'’"))
        plural = _is_plural(bare) or ACRONYM_PLURAL_RE.fullmatch(token) is not None
        if plural and not _is_counted(bare, vocabulary):
            break  # "96 Liverpool fans went home": the plural noun heads the phrase.
    return kept


def _ends_phrase(bare: str, following: list[str], started: bool, vocabulary: Vocabulary) -> bool:
    """Whether a word ends the phrase: a stop word, a comparative ("40k cheaper than") or, once
    the phrase has started, a verb."""
    if bare in STOP or (bare.endswith("er") and following == ["than"]):
        return True
    return started and _is_verb(bare, following, vocabulary)


def _is_verb(word: str, following: list[str], vocabulary: Vocabulary) -> bool:
    """Whether an -ing or -ed word ends the phrase: not a counted noun, nor a modifier of the
    plural after it ("public housing properties")."""
    if not word.endswith(VERB_ENDINGS) or _is_counted(word, vocabulary):
        return False
    after = following[0].rstrip(",.;:'’") if following else ""
    return not (after.islower() and _is_plural(after))


def _coordinates(kept: list[str], tokens: list[str], i: int) -> bool:
    """Whether the "and" at i joins two modifiers of one noun ("digital and physical sales")."""
    if not kept or any(_is_plural(k.lower()) for k in kept):
        return False
    following = tokens[i + 1].rstrip("'’").lower() if i + 1 < len(tokens) else ""
    return bool(following) and following not in STOP and following not in NUMBER_WORDS


def _is_plural(word: str) -> bool:
    """Whether a lower-case word looks like a plural noun ("fans", "people")."""
    if word in IRREGULAR_PLURALS:
        return True
    possessive = word.endswith(("'s", "’s"))
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and (not possessive)
    )


def _is_counted(word: str, vocabulary: Vocabulary) -> bool:
    """Whether a word is one of the vocabulary's counted nouns."""
    return bool(vocabulary.find("counted", word))


def counted_before(sentence: str, start: int) -> Counted | None:
    """The noun before "of" when nothing follows the number ("a large army of about 600,000")."""
    found = LEFT_RE.search(sentence, max(0, start - 40), start)
    if found is None:
        return None
    words = [w for w in found.group("np").split() if w.lower() not in STOP]
    if not words or words[-1].lower() in GENERIC_NOUNS:
        return None
    phrase = " ".join(words)
    offset = sentence.rfind(phrase, 0, start)
    return Counted(phrase, offset, offset + len(phrase))


def rate_of(sentence: str, end: int, vocabulary: Vocabulary) -> str | None:
    """The rate a figure is given at ("in a single week"), looking just after it."""
    found = vocabulary.find("rates", sentence[end : end + 45])
    return found[0].term.name if found else None


def noun_words(text: str) -> list[str]:
    """The words of text that may name a thing: no function words, common verbs or adverbs."""
    return [w for w in NOUN_WORD_RE.findall(text) if _is_noun_word(w)]


def _is_noun_word(word: str) -> bool:
    """Whether a word may be part of a noun phrase, judged without a tagger."""
    lower = word.lower()
    if lower in STOP or lower in NOT_NOUNS or (word.islower() and lower.endswith("ly")):
        return False
    participle = word.islower() and len(lower) > 5 and lower.endswith("ing")
    return not participle and not (len(lower) > 4 and lower.endswith("ed"))
