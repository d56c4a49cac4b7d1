"""Who a sentence attributes its figures to ("according to X", "X said", "X told the BBC")."""

from __future__ import annotations

import re
from dataclasses import dataclass

ACCORDING_RE = re.compile(
    r"\b(?:according to|citing|cited by|quoting|reported by|estimates? (?:by|from))\s+"
    r"(?P<who>[^,;.()\n“”\"]{2,80}?)(?=\s*(?:[,;.()\n“”\"]|$|\bthat\b|\bwho\b|\bwhich\b))",
    re.IGNORECASE,
)
SPEECH_RE = re.compile(
    r"\b(?:(?:has|have|had)\s+)?(?:said|says|say|told|tells|claimed|claims|claim|estimated|"
    r"estimates|estimate|reported|reports|believes|believe|cites|cited|warned|confirmed|"
    r"announced|stated|suggested|counted|counts|recorded|registered|logged|"
    r"(?:put|puts) the (?:number|figure|toll|total) at|"
    r"(?:put|puts) (?:the )?(?:losses|casualties) at)\b",
    re.IGNORECASE,
)
DELIMITER_RE = re.compile(
    r"(?:[,;:(“”\"]|\b(?:that|while|where|who|which|but|when|whereas|and then|as|after|"
    r"because|since)\b)\s*",
    re.IGNORECASE,
)
ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
TRAILING_RE = re.compile(
    r"\s+(?:last|this|on|in|earlier|previously|recently|also|has|have|had|now|already)\b.*$",
    re.IGNORECASE,
)
PRONOUNS = frozenset(
    """he she they it we i you this that which who one someone some others many experts""".split()  # noqa: SIM905
)
ROLE_RE = re.compile(
    r"\b(?:sources?|officials?|intelligence|ministry|spokes(?:man|woman|person)|analysts?|"
    r"experts?|military|government|police|agency|authorities|officers?|commanders?|reports?|"
    r"researchers?|monitors?|observers?|estimates?|data|figures|statistics|survey|study)\b",
    re.IGNORECASE,
)
MAX_WORDS = 9
WINDOW = 90


@dataclass(frozen=True)
class Claim:
    """A claimant named in a sentence; anchor is where the attribution is made."""

    who: str
    anchor: int
    start: int
    end: int


def _clean(who: str) -> str | None:
    """The claimant without article and trailing time words, or None when not a claimant."""
    who = TRAILING_RE.sub("", ARTICLE_RE.sub("", who.strip(" \t\n,;:'\"“”‘’")))
    words = who.split()
    if not words or len(words) > MAX_WORDS or who.lower() in PRONOUNS:
        return None
    if any(ch.isdigit() for ch in who):
        return None
    plausible = any(w[:1].isupper() for w in words) or ROLE_RE.search(who)
    return who if plausible else None


def _list_start(segment: str, cuts: list[re.Match[str]]) -> int:
    """The index of the delimiter that opens the subject, reaching over list commas."""
    i = len(cuts) - 1
    # A list of names ("The US, South Korea and Ukrainian officials") spans its commas.
    while i >= 0 and cuts[i].group(0).startswith(",") and " and " in segment[cuts[i].end() :]:
        previous_end = cuts[i - 1].end() if i > 0 else 0
        if len(segment[previous_end : cuts[i].start()].split()) > 3:
            break
        i -= 1
    return i


def _subject_before(sentence: str, verb_start: int) -> str:
    """The noun phrase before a speech verb, back to the last clause delimiter."""
    segment = sentence[max(0, verb_start - WINDOW) : verb_start]
    cuts = list(DELIMITER_RE.finditer(segment))
    i = _list_start(segment, cuts)
    who = segment[cuts[i].end() if i >= 0 else 0 :]
    if not who.strip() and i >= 0 and cuts[i].group(0).lower().startswith("who"):
        # "X cites officials who say ...": the claimant is the antecedent of "who".
        before_who = segment[: cuts[i].start()]
        verbs = list(SPEECH_RE.finditer(before_who))
        who = before_who[verbs[-1].end() :] if verbs else before_who
    return who


def claims_in(sentence: str) -> list[Claim]:
    """Every attribution in a sentence, with its anchor offset."""
    claims = []
    for m in ACCORDING_RE.finditer(sentence):
        who = _clean(m.group("who"))
        if who:
            claims.append(_claim(sentence, who, m.start(), m.start("who")))
    for m in SPEECH_RE.finditer(sentence):
        who = _clean(_subject_before(sentence, m.start()))
        if who:
            claims.append(_claim(sentence, who, m.start(), max(0, m.start() - WINDOW)))
    return sorted(claims, key=lambda c: c.anchor)


def _claim(sentence: str, who: str, anchor: int, search_from: int) -> Claim:
    """A claim with the character span of its claimant in the sentence."""
    start = sentence.find(who, search_from)
    start = start if start >= 0 else anchor
    return Claim(who, anchor, start, start + len(who))


def claimant_for(claims: list[Claim], offset: int) -> str | None:
    """The claimant of a figure at offset: the nearest claim before it, else the nearest after."""
    before = [c for c in claims if c.anchor <= offset]
    if before:
        return before[-1].who
    return claims[0].who if claims else None
