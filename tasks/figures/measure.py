"""What a figure measures, wherever the sentence says it.

The measure is read, in this order, from the noun after the number ("36 deaths"), the state
of the people counted ("114 people were confirmed dead", "27 of them identified"), the object
of the verb before it ("raised rates by 0.75 percentage point", "put the cost of rebuilding at
$5.52 billion"), an apposition ("the unemployment rate, 3.6% in May") and the subject of that
verb ("the death toll climbed to 53", "core inflation eased to 6%"). Its words are matched
against the story's vocabulary first, then against generic measures (measures.py): "the toll",
"fatalities" and "people killed" are all deaths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from newsmon.tasks.figures.measures import MEASURES, VARIANT_MEASURES, VARIANTS
from newsmon.tasks.figures.vocabulary import Vocabulary

# Verbs that link a measure to its value ("rose to", "stood at", "was"), and verbs whose
# object is the measure ("raised rates by", "put the cost at").
LINK_VERBS = (
    r"rose|rise|rises|rising|risen|fell|fall|falls|falling|fallen|climbed|climb|climbs|jumped"
    r"|jumps|dropped|drops|declined|declines|slipped|dipped|edged(?: up| down)?|increased"
    r"|decreased|grew|grow|grown|reached|reaches|reach|hit|hits|topped|tops|stood|stands|was|were|is"
    r"|are|remained|remains|stayed|held|holds|accelerated|slowed|eased|gained|totalled|totaled"
    r"|ran|running|sits|sat|came in|came to|surged|soared|plunged|tumbled|narrowed|widened|shrank"
    r"|shrunk|doubled|peaked|averaged|hovered|passed|exceeded|surpassed|neared|unchanged|higher"
    r"|lower|showed|shows|been|be|now|counted|recorded|climbing|revised"
    r"|cost|costs|would cost|will cost|totals|amounted to|amounts to"
)
OBJECT_VERBS = (
    r"put|puts|set|sets|lifted|lifting|lifts|raised|raising|raises|moved|moving|taking|took"
    r"|bringing|brought|pushed|pushing|cut|cutting|lowered|lowering|leaving|left|kept|keeping"
    r"|estimated|estimates|valued|priced|placed|pegged|has the|have the"
)
VERB_BEFORE_RE = re.compile(rf"\b(?P<verb>{LINK_VERBS}|{OBJECT_VERBS})\b", re.IGNORECASE)
BETWEEN_RE = re.compile(
    r"^(?:\s+(?:to|at|by|of|from|around|about|nearly|almost|some|roughly|more than|less than"
    r"|at least|at most|up to|over|under|a|an|the|record|high|low|new|range|a range of|only"
    r"|just|still|further|again|sharply|slightly|steady|steadily|already|now|up|down|then))*\s*$",
    re.IGNORECASE,
)
# A bare "and" may join two nouns ("countries and territories"): only ", and" splits.
CLAUSE_START_RE = re.compile(
    r"(?:[;:(]|,\s|\b(?:while|but|whereas|because|that|which|who)\s)", re.IGNORECASE
)
STATE_AFTER_RE = re.compile(
    r"\s*(?:people\s+|persons\s+|of (?:them|the (?:dead|victims|people))\s+)?"
    r"(?:(?:were|was|are|is|have|has|had|remain|remained|still|been|now|being|reported|listed"
    r"|as|on the|officially|positively|later|so far|confirmed)\s+){0,4}"
    r"(?P<state>(?!(?:and|or|but|with|while|as|after|before|in|on|at|to|for|by|of|the)\b)[a-z]+"
    r"(?: (?!(?:and|or|but|with|while|as|after|before|their|its|his|her)\b)[a-z]+){0,2})",
    re.IGNORECASE,
)
STATE_BEFORE_RE = re.compile(
    r"\b(?P<state>killed|injured|wounded|evacuated|displaced|identified|hospitali[sz]ed"
    r"|infected|rescued|vaccinated|employed|hired|searched|covered|burned)\s+"
    r"(?:about |some |more than |at least "
    r"|nearly |almost |over |up to |an estimated |another |a further )*$",
    re.IGNORECASE,
)
# "consumer inflation, which was running at 9.1%", "the PCE price index, was up 5%": the
# noun a relative clause, or a verb after a comma, hangs on.
RELATIVE_OPEN_RE = re.compile(
    r",\s+(?:which\s|who\s|(?=(?:was|were|is|are|has|have|had|rose|fell|stood|climbed)\s))"
    r"[^,;]*$"
)
ANTECEDENT_RE = re.compile(r"[A-Za-z][\w'’ -]{2,60}$")
APPOSITION_RE = re.compile(r"(?P<np>[A-Za-z][\w'’ -]{2,60}?),\s*(?:at\s+)?$")
REACH = 200  # characters before a number that may hold its clause
# A relative clause set off by commas is not the subject: "The core index, which ..., was".
RELATIVE_RE = re.compile(r",\s+(?:which|who)\b[^,]*,")
DETERMINERS_RE = re.compile(r"^(?:the|a|an|its|their|his|her|our|this|that|these|those)\s+", re.I)


@dataclass(frozen=True)
class MeasureHit:
    """A measure found for a figure: its name, label, variant, and the words it came from."""

    name: str
    label: str
    variant: str | None
    phrase: str
    known: bool  # from the vocabulary or the generic measures, not a bare head noun


@lru_cache(maxsize=1)
def _generic() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One pattern over every generic measure phrase, and phrase -> (name, label)."""
    lookup = {s: (m.name, m.label) for m in MEASURES for s in m.states}  # "died", "hurt"
    lookup |= {p: (m.name, m.label) for m in MEASURES for p in m.phrases}
    return phrase_pattern(lookup), lookup


def phrase_pattern(phrases: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    """One pattern matching any of these exact phrases as whole words, the longest first."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b", flags)


def named_measure(phrase: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """The measure a phrase names: its longest (then last) match among the vocabulary's
    counted groups and the generic measures, the vocabulary's on a tie; a group of mere
    people ("residents") only when nothing else is named."""
    if not phrase.strip():
        return None
    hits = []  # (length, end, from the vocabulary, (name, label))
    for match in vocabulary.find("counted", phrase):
        if match.term.name == vocabulary.people_group or match.term.name in PEOPLE_WORDS:
            continue  # "people" is who is counted, not what is measured
        hits.append((match.end - match.start, match.end, 1, (match.term.name, match.term.label)))
    pattern, lookup = _generic()
    for found in pattern.finditer(phrase.lower()):
        hits.append((len(found.group(0)), found.end(), 0, lookup[found.group(0)]))
    return max(hits)[3] if hits else None


# Whole words only: "uninsured" is not "insured".
CUE_RES = {
    variant: re.compile(rf"\b(?:{'|'.join(map(re.escape, cues))})\b")
    for variant, cues in VARIANTS.items()
}


def variant_of(name: str, phrase: str) -> str | None:
    """What splits this measure in the phrase naming it: "core" inflation, the "PCE" index;
    several join ("core.pce")."""
    lower = phrase.lower()
    found = [
        variant
        for variant, cues in VARIANTS.items()
        if name in VARIANT_MEASURES.get(variant, (name,)) and CUE_RES[variant].search(lower)
    ]
    return ".".join(found) or None


def clause_before(sentence: str, start: int) -> str:
    """The words of the number's clause before it (at most REACH characters)."""
    head = RELATIVE_RE.sub("", sentence[max(0, start - REACH) : start])
    cuts = list(CLAUSE_START_RE.finditer(head))
    return head[cuts[-1].end() :] if cuts else head


def _trim(phrase: str) -> str:
    """A noun phrase without its leading determiner."""
    return DETERMINERS_RE.sub("", phrase.strip(" ,;:")).strip()


def verb_phrases(sentence: str, start: int) -> tuple[str, str]:
    """(subject, object) of the verb that leads to the number, either may be empty."""
    clause = clause_before(sentence, start)
    verbs = [m for m in VERB_BEFORE_RE.finditer(clause)]
    for verb in reversed(verbs):
        between = clause[verb.end() :]
        if BETWEEN_RE.match(between):
            return _trim(clause[: verb.start()]), ""
        object_np = re.split(r"\s(?:by|to|at|of)\s", between + " ", maxsplit=1)[0]
        if len(object_np.split()) <= 12:
            return _trim(clause[: verb.start()]), _trim(object_np)
    return "", ""


def state_after(sentence: str, end: int) -> str:
    """The words saying what happened to what is counted ("were confirmed dead")."""
    found = STATE_AFTER_RE.match(sentence, end)
    return found.group("state") if found else ""


def state_before(sentence: str, start: int) -> str:
    """A verb right before the number saying what happened to what is counted ("killed 85")."""
    found = STATE_BEFORE_RE.search(sentence[max(0, start - 40) : start])
    return found.group("state") if found else ""


def antecedent(sentence: str, start: int) -> str:
    """The noun phrase a relative clause holding the number hangs on ("consumer inflation,
    which was running at")."""
    head = sentence[max(0, start - REACH) : start]
    opened = RELATIVE_OPEN_RE.search(head) if "," in head else None
    found = (
        ANTECEDENT_RE.search(head, max(0, opened.start() - 62), opened.start()) if opened else None
    )
    return _trim(found.group(0)) if found else ""


def apposition(sentence: str, start: int) -> str:
    """A noun phrase set off just before the number: "The unemployment rate, 3.6% in May"."""
    found = APPOSITION_RE.search(sentence[max(0, start - 60) : start])
    return _trim(found.group("np")) if found else ""


CURRENCY_RE = re.compile(r"[A-Z]{3}")
MONEY_IN_RE = re.compile(r"\s+(?:in|of|for)\s+(?P<np>(?:[a-z]+\s+){0,3}[a-z]+)")


def _state_in_clause(sentence: str, end: int, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """A people-state named further on in the number's clause ("needed shelter")."""
    tail = re.split(r"[,;:]", sentence[end : end + 70], maxsplit=1)[0]
    pattern, lookup = _states()
    found = pattern.search(tail.lower())
    return lookup[found.group(0)] if found else None


@lru_cache(maxsize=1)
def _states() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    """One pattern over the generic measures' people-states, and state -> (name, label)."""
    lookup = {s: (m.name, m.label) for m in MEASURES for s in m.states if len(s.split()) > 1}
    return phrase_pattern(lookup), lookup


# Nouns after a number that say who judged it or how, never what it measures.
NOT_COUNTED = frozenset(
    """economists analysts forecasters investors traders experts policymakers forecast
    forecasts estimate estimates projection projections expectations""".split()  # noqa: SIM905
)
PEOPLE_WORDS = frozenset(
    """people persons residents civilians individuals adults children patients survivors
    americans men women victims families names""".split()  # noqa: SIM905
)
# What befalls the people counted: it is the measure, whoever they are.
FATES = frozenset({"deaths", "injured", "missing", "identified", "named", "hospitalised"})
# ...and what befalls them only when they are people: "11 families had been notified", but
# "620 cases were notified" are cases.
PEOPLE_FATES = frozenset({"notified", "applicants"})
AREA_UNITS = frozenset({"acre", "hectare", "square mile", "square kilometre", "square foot"})


def _demonyms(counted: str, vocabulary: Vocabulary) -> bool:
    """Whether a counted phrase ends with an entity's people ("North Koreans")."""
    people = vocabulary.find("entities", counted)
    return bool(people) and people[-1].end >= len(counted.rstrip()) - 1 and counted.endswith("s")


def _head_lemma(phrase: str) -> str:
    """The last word of a phrase, lower-cased and roughly singular: a guessed measure."""
    words = re.findall(r"[A-Za-z][\w'-]*", phrase)
    if not words:
        return ""
    word = words[-1].lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


OWN_NOUN_RE = re.compile(r"(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*[a-z]s")


def own_noun(counted: str | None) -> bool:
    """Whether the number counts a plain plural noun of its own ("41 dogs", "35 autopsies"):
    then that noun is what it measures, even when it names no known measure."""
    if counted is None or OWN_NOUN_RE.fullmatch(counted) is None or judges(counted):
        return False
    return counted.split()[-1] not in PEOPLE_WORDS  # "31 names" on a list are people


def judges(counted: str) -> bool:
    """Whether the noun after a number says who judged it or how ("the 3.1% economists had
    forecast"), not what it counts."""
    return counted.split()[-1].lower() in NOT_COUNTED


def _hit(found: tuple[str, str], phrase: str, sentence: str, known: bool = True) -> MeasureHit:
    name, label = _as_generic(*found)
    # a story's "core inflation" names its variant in its label, the generic words in the phrase
    variants = [
        v for words in (found[1], phrase) for v in (variant_of(name, words) or "").split(".")
    ]
    variant = ".".join(dict.fromkeys(filter(None, variants))) or None
    return MeasureHit(name, label, variant, phrase, known)


GENERIC_LABELS = {m.name: m.label for m in MEASURES}


def _as_generic(name: str, label: str) -> tuple[str, str]:
    """A story's measure that is a variant of a generic one ("core inflation", "PCE
    inflation") as that generic measure, so that its figures meet those the generic words
    found ("prices excluding food and energy"); its variant is then read from its label."""
    head = label.split()[-1].lower() if label.split() else ""
    if name in GENERIC_LABELS or head not in GENERIC_LABELS or not variant_of(head, label):
        return name, label
    return head, GENERIC_LABELS[head]


def _phrases(
    sentence: str, start: int, end: int, counted: str | None, peopled: bool
) -> Iterator[str]:
    """The phrases that may name a number's measure, best first, each read only if needed."""
    if peopled:
        yield state_after(sentence, end)
        yield state_before(sentence, start)
    yield counted or ""
    if not peopled:
        yield state_before(sentence, start)
    if own_noun(counted):
        return  # "search teams with 41 dogs": dogs, whatever the clause is about
    subject, object_np = verb_phrases(sentence, start)
    yield object_np
    yield apposition(sentence, start)
    yield subject
    yield antecedent(sentence, start)


def measure_of(
    sentence: str,
    start: int,
    end: int,
    counted: str | None,
    vocabulary: Vocabulary,
    unit: str = "count",
    counted_end: int | None = None,
) -> MeasureHit | None:
    """What the number at sentence[start:end] measures, or None when nothing says."""
    if counted and judges(counted):
        counted = None
    partitive = sentence[end : end + 4] == " of "  # "27 of them identified"
    peopled = partitive or counted is None or counted.lower().split()[-1] in PEOPLE_WORDS
    state = state_after(sentence, counted_end or end)
    fate = named_measure(state, vocabulary)
    people_fate = peopled and fate is not None and fate[0] in PEOPLE_FATES
    if fate and (fate[0] in FATES or partitive or people_fate):  # "1,000 soldiers were killed"
        return _hit(fate, state, sentence)  # "100% of the area had been searched": searched
    if peopled:
        found = _state_in_clause(sentence, counted_end or end, vocabulary)
        if found:  # "2,000 people had sought help at its shelters"
            return _hit(found, sentence[end : end + 60], sentence)
    if CURRENCY_RE.fullmatch(unit):
        money = MONEY_IN_RE.match(sentence, end)  # "$60 million in federal aid"
        found = named_measure(money.group("np"), vocabulary) if money else None
        if found:
            return _hit(found, money.group("np") if money else "", sentence)
    if counted and _demonyms(counted, vocabulary) and vocabulary.people_group:
        group = vocabulary.term("counted", vocabulary.people_group)  # "3,000 North Koreans"
        found = (vocabulary.people_group, group.label if group else vocabulary.people_group)
        return _hit(found, counted, sentence)
    for phrase in _phrases(sentence, start, end, counted, peopled):
        found = named_measure(phrase, vocabulary)
        if found:
            return _hit(found, phrase, sentence)
    if unit in AREA_UNITS:
        return _hit(("area", "area"), unit, sentence)
    words = (counted or "").split()
    named = bool(words) and words[-1][:1].isupper()  # "18% of Ukraine": a place
    guess = "" if named else _head_lemma(counted or "")
    if not guess:
        events = vocabulary.find("events", clause_before(sentence, start))
        guess = events[-1].term.name if events else ""  # "occupies 18% of Ukraine": occupied
    return _hit((guess, guess), counted or "", sentence, known=False) if guess else None
