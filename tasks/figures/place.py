"""Where or whose a figure is: the place, body or group it counts, from its own words first.

In order: a place named right after the number ("4,298 cases in Spain"), one named in the
words leading to it ("the Pulehu fire 80% contained", "Spain's count to 48"), then the
sentence's claimant when it is an entity of the vocabulary ("Maui County confirmed 36
deaths"), then a place the sentence names as the cause ("the toll from the Maui wildfires"),
then the article's subject. A place after "to" is a destination, not an owner ("troops sent
to Russia"). The source says which one was used: the registry trusts its own words more.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsmon.tasks.dedupe.names import name_spans, normal_name
from newsmon.tasks.dedupe.wordlists import ALIASES
from newsmon.tasks.figures.claimants import Claim
from newsmon.tasks.figures.measure import named_measure
from newsmon.tasks.figures.measures import LOCATED
from newsmon.tasks.figures.nations import country_of_body, known
from newsmon.tasks.figures.scope import COORDINATED_RE
from newsmon.tasks.figures.vocabulary import Vocabulary

WHERE_BEFORE_RE = re.compile(r"\b(?:in|across|within|throughout|inside|for)\s+(?:the\s+)?$", re.I)
AWAY_BEFORE_RE = re.compile(
    r"\b(?:to|into|toward|towards|against|with|near|by|supply|supplied|supplying|give|gave"
    r"|given|provide|provided|providing|sell|sold|send|sent|offer|offered)\s+(?:the\s+)?$",
    re.IGNORECASE,
)  # a destination, an agent or a recipient: "sent to Russia", "supply Russia with"
CAUSE_BEFORE_RE = re.compile(
    r"\b(?:from|by|after|of|in)\s+(?:the\s+)?(?:\S+\s+){0,2}$", re.IGNORECASE
)
# Events a place can name ("the Lahaina fire"); a war or a crisis only names, never causes.
DISASTERS = r"(?:wild)?(?:fires?|blazes?|outbreak|storm|floods?|earthquake|hurricane|disaster)"
CAUSE_AFTER_RE = re.compile(rf"\S*\s+{DISASTERS}\b", re.IGNORECASE)
EVENT_NAME_RE = re.compile(rf"\S*\s+(?:{DISASTERS}|war|crisis)\b", re.IGNORECASE)
EVENT_WORD_RE = re.compile(rf"\b{DISASTERS}\b", re.IGNORECASE)
AGENTS_RE = re.compile(r"\bby\s+(?:the\s+)?[A-Z][\w'’ .&-]{0,60}\s+and\s+(?:the\s+)?$")
STRONG, CAUSE, CLAIMANT, ARTICLE = "sentence", "cause", "claimant", "article"
OF_FROM_RE = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?")
WORLD = "World"
COUNTRY_CODES = frozenset(ALIASES.values())  # "US", "UK", "EU"
WORLDWIDE = r"worldwide|globally|global"
COUNTRIES_RE = re.compile(
    r"\b(?:in|from|across|to)\s+(?:more than\s+|some\s+|nearly\s+|about\s+)?\d[\d,]*\s+"
    rf"(?:other\s+)?(?:countries|nations)|\b(?:{WORLDWIDE}|around the world)\b",
    re.IGNORECASE,
)
# "with Spain on 7,239, France on 4,042", "followed by Brazil with 10,000", "Germany had
# 3,266": a name right before its number in a list owns it, whatever word leads to the name.
# "Reuters reported 300 deaths" names who told it; "California has reported 4,300" (the
# perfect: a tally it holds) names whose count it is.
REPORTING_GAP_RE = re.compile(
    r"(?<!has )(?<!have )(?<!had )\b(?:reported|recorded|counted|logged)\b"
)
LISTED_GAP_RE = re.compile(
    r"(?:'s|’s)?(?:\s+(?:on|with|at|for|had|has|have|reported|recorded|counted|logged)){1,2}\s+"
    r"(?:about\s+|some\s+|nearly\s+|almost\s+|more than\s+|over\s+|just\s+)?"
)
# A place something is ranked within is not its owner: "Britain's outbreak is the largest
# in Europe", "Spain reports Europe's first death as cases reach 4,298".
RANKS = r"(?:largest|biggest|highest|lowest|worst|deadliest|most|first|only|fastest)"
RANKED_IN_RE = re.compile(rf"\b{RANKS}\s+(?:[a-z]+\s+){{0,2}}in\s+(?:the\s+)?$")
RANKED_AFTER_RE = re.compile(rf"\s+{RANKS}\b")  # after the name's possessive
BODY_WORDS = frozenset(
    """Department Agency Institute Ministry Office Center Centre Service Services Police
    Council Commission Bureau Organization Organisation Authority Administration Board Corps
    Patrol Guard Committee Company Group Institution Foundation University""".split()  # noqa: SIM905
)
PLACE_USE_RE = re.compile(
    r"\b(?:in|across|throughout|within)\s+(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
# "the worldwide total at 32,399", "the global count of 31,800": the world, said in the
# number's own clause, is nearer than any country named before it.
GLOBAL_WORD_RE = re.compile(rf"\b(?:{WORLDWIDE})\b", re.IGNORECASE)
BREAK_RE = re.compile(r"[,;:()]")
# A brand is not a place: "doses of Jynneos", "the Jynneos vaccine", "Jynneos, the two-dose
# vaccine" (a name of the vocabulary, of the list of nations or used as a place still is).
PRODUCTS = r"(?:vaccines?|doses?|shots?|jabs?|vials?|drugs?|pills?|tablets?|medicines?|phones?)"
PRODUCT_AFTER_RE = re.compile(
    rf"\s+{PRODUCTS}\b|,\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,2}}{PRODUCTS}"
    r"(?:\s*[,.;)]|\s+(?:made|developed|produced|sold|approved|by|from)\b)",
    re.IGNORECASE,
)
PRODUCT_BEFORE_RE = re.compile(rf"\b{PRODUCTS}\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# A share's "of the X" names the whole it is a share of, not its owner.
SHARE_RE = re.compile(r"(?:%|\bper ?cent)$", re.IGNORECASE)
# "while the UK put the number at 5,000": its estimate of a count named before, not its own
RESTATED_RE = re.compile(
    r"\b(?:put|puts|putting|estimated|estimates)\s+the\s+(?:number|figure|toll|count|tally|total)"
    r"\s+at\b",
    re.IGNORECASE,
)
# "Israel said 9 of them were militants": a part of a count named before, whoever speaks
PART_AFTER_RE = re.compile(r"\s+of\s+(?:them|those|these|the)\b", re.IGNORECASE)
CLAIM_LEAD_RE = re.compile(r"^(?:(?:and|but|while|the)\s+)+", re.IGNORECASE)
WHERE_AFTER_RE = re.compile(r"\s+(?:\w+\s+){0,2}(?:in|across)\s+(?:the\s+)?[A-Z]")
# The body that figures are reported to is the one counting them, like a claimant.
COUNTER_BEFORE_RE = re.compile(r"\b(?:reported|notified|submitted)\s+to\s+(?:the\s+)?$")
REACH = 250  # characters around a number where its place may be named
EMPTY = Vocabulary()  # no story words: only the generic measures
# Measures of an event's own state: the place naming the event owns them ("the Kula fire
# burned 678 acres"). For the rest (deaths, damage...) it names the cause, not a place.
EVENT_STATE_MEASURES = frozenset({"containment", "area", "searched"})


@dataclass(frozen=True)
class Place:
    """A figure's place or owner, and where it was read."""

    name: str | None
    source: str = ""  # sentence | claimant | cause | article | "" (none)


@dataclass(frozen=True)
class Mention:
    """A place, body or group named in a sentence, at its offsets."""

    name: str
    start: int
    end: int
    entity: bool  # an entity of the vocabulary, not just a capitalised name


def mentions(
    sentence: str, vocabulary: Vocabulary, names: Mapping[str, str] | None = None
) -> Mentions:
    """The entities of the vocabulary and the other names of a sentence, in order; names
    joined by a slash are one place under the first name ("the Pulehu/Kihei fire"). Known
    `names` (default: the vocabulary's aliases) are names even when they open the sentence
    ("Spain reports")."""
    entities = vocabulary.find("entities", sentence)
    found = [Mention(m.term.name, m.start, m.end, True) for m in entities]
    taken = [(m.start, m.end) for m in found]
    known = vocabulary.aliases() if names is None else names
    for name, start, end in name_spans(sentence, known):
        if not any(s < end and start < e for s, e in taken):
            found.append(Mention(name, start, end, False))
    ordered = sorted(found, key=lambda m: m.start)
    joined: list[Mention] = []
    for mention in ordered:
        if joined and sentence[joined[-1].end : mention.start] == "/":
            first = joined.pop()
            mention = Mention(first.name, first.start, mention.end, first.entity or mention.entity)
        joined.append(mention)
    return Mentions(joined)


def _role(sentence: str, mention: Mention, measure: str) -> str:
    """strong, cause, or away (a destination)."""
    before = sentence[max(0, mention.start - 30) : mention.start]
    agents = AGENTS_RE.search(sentence[max(0, mention.start - 80) : mention.start])
    if AWAY_BEFORE_RE.search(before) or agents:
        return "away"  # "sent to Russia", "by the Pacific Disaster Center and the FEMA"
    named_event = EVENT_NAME_RE.match(sentence, mention.end) or EVENT_WORD_RE.search(
        sentence, mention.start, mention.end
    )  # "the Lahaina fire", also when the vocabulary lists "Lahaina fire" as the place
    if named_event and measure and measure not in EVENT_STATE_MEASURES:
        return CAUSE
    if measure in EVENT_STATE_MEASURES:
        return STRONG  # "In Upcountry, the Kula fire reached 96% containment": the Kula fire's
    if CAUSE_AFTER_RE.match(sentence, mention.end) and CAUSE_BEFORE_RE.search(before):
        return CAUSE
    return STRONG


def _is_measure(name: str) -> bool:
    """Whether an acronym names what is measured, not a place ("PCE", "Core CPI")."""
    return name.split()[-1].isupper() and named_measure(name, EMPTY) is not None


def _product(sentence: str, mention: Mention, places: frozenset[str]) -> bool:
    """Whether a plain name is a brand ("doses of Jynneos"), not a place."""
    if mention.entity or known(mention.name) or mention.name in places:
        return False
    before = sentence[max(0, mention.start - 20) : mention.start]
    return bool(PRODUCT_AFTER_RE.match(sentence, mention.end) or PRODUCT_BEFORE_RE.search(before))


def _in_claim(mention: Mention, claims: Sequence[Claim]) -> bool:
    return any(c.start <= mention.start < c.end for c in claims)


class Mentions(list[Mention]):
    """A sentence's mentions in text order, searchable by offset."""

    def __init__(self, found: Sequence[Mention]) -> None:
        super().__init__(found)
        self.starts = [m.start for m in found]

    def between(self, low: int, high: int) -> list[Mention]:
        """The mentions starting in [low, high)."""
        return self[bisect.bisect_left(self.starts, low) : bisect.bisect_left(self.starts, high)]


def _near(found: Sequence[Mention], low: int, high: int) -> Sequence[Mention]:
    """The mentions starting in [low, high), from a list in text order."""
    if isinstance(found, Mentions):
        return found.between(low, high)
    return [m for m in found if low <= m.start < high]


@functools.lru_cache(maxsize=256)
def _worldwide(sentence: str) -> bool:
    """Whether a sentence counts across countries or worldwide (once per sentence)."""
    return COUNTRIES_RE.search(sentence) is not None


def _reported_to(sentence: str, mention: Mention) -> bool:
    """Whether figures are reported to the body named ("reported to the WHO")."""
    return COUNTER_BEFORE_RE.search(sentence, max(0, mention.start - 30), mention.start) is not None


def _place_of_body(mention: Mention) -> str | None:
    """The place a counting body stands for: its vocabulary entity, or its country."""
    return mention.name if mention.entity else _country_of(mention.name)


def _country_of(name: str) -> str | None:
    """The country or world a body is named after ("US Centers for Disease Control" -> US,
    "World Health Organization" -> World), when its name says so."""
    body = country_of_body(name)
    if body:
        return body
    first = name.split()[0]
    if first in ("World", "Global", "International"):
        return WORLD
    country = normal_name(first)
    return country if country != first or country in COUNTRY_CODES else None


def _owns(sentence: str, mention: Mention, end: int) -> bool:
    """Whether a mention right after the counted noun owns it: "six officers from North
    Korea"; after "of", only an entity of the vocabulary ("doses of the Jynneos vaccine")."""
    link = sentence[end : mention.start]
    if not OF_FROM_RE.fullmatch(link):
        return False
    return mention.entity or "from" in link


def _after_attribution(mention: Mention, start: int, claims: Sequence[Claim]) -> bool:
    """Whether a mention is outside the attribution leading to `start`: not inside the
    claimant's own words ("Gov. Green, who walked Front Street, said ..."); a place set
    before the claimant still counts ("In Germany, the institute counted ...")."""
    return not any(c.start <= mention.start < c.anchor < start for c in claims)


def place_of(sentence: str, span: tuple[int, int], window: tuple[int, int],
             found: Sequence[Mention], claims: Sequence[Claim], measure: str = "",
             places: frozenset[str] = frozenset()) -> Place:  # fmt: skip
    """The place of the number at `span`: in its segment (`window`) first, then earlier in
    the sentence, then its claimant, then a cause."""
    start, end = span
    near = _near(found, start - REACH, end + REACH)  # web pages can run on for pages
    claims = [c for c in claims if c.end >= start - REACH and c.start < end + REACH]
    named = [m for m in near if not _is_measure(m.name)]  # not "PCE", "CPI"
    named = [m for m in named if not _product(sentence, m, places)]
    usable = [m for m in named if not _in_claim(m, claims)]
    roles = {m: _role(sentence, m, measure) for m in usable}
    ranked = [m for m in usable if _ranked(sentence, m)]
    if len(ranked) < len(named):  # another is named
        # "Britain's outbreak is the largest in Europe": Britain's; "the deadliest in Hawaii,
        # killing 97": Hawaii's all the same
        roles |= {m: "away" for m in ranked}
    inside = [m for m in usable if start <= m.start < end and roles[m] == STRONG]
    if not SHARE_RE.search(sentence, max(start, end - 9), end):  # "34% of the global total"
        inside += [m for m in usable if end <= m.start <= end + 10 and _owns(sentence, m, end)]
    if inside:  # "13,000 North Korean soldiers", "six officers from North Korea"
        return Place(inside[0].name, STRONG)
    listed = listed_name(sentence, start, named, places)
    if listed:  # "Spain on 7,239", "Brazil with 10,000", "California has reported 4,300"
        return Place(listed, STRONG)
    if _said_worldwide(sentence, start, end, window, near):
        return Place(WORLD, STRONG)  # "put the worldwide total at 32,399"
    own = [m for m in usable if window[0] <= m.start < window[1] and roles[m] == STRONG]
    where = {m for m in own if WHERE_BEFORE_RE.search(sentence[max(0, m.start - 12) : m.start])}
    leading = [m for m in own if m.end <= start and m not in where]
    # "and Portugal confirmed two more for a total of 39": a place speaking in the number's
    # own clause, or one the article uses as a place, owns what it reports
    speaking = [m for m in _near(found, window[0], start) if m.name in places]
    restated = RESTATED_RE.search(sentence, window[0], start) or PART_AFTER_RE.match(sentence, end)
    if measure not in LOCATED and not restated:
        clause = _near(found, _clause_start(sentence, start), start)
        speaking += [m for m in clause if _nation_speaking(m, claims) and m not in speaking]
    leading += [m for m in speaking if _in_claim(m, claims) and m.end <= start]
    if leading:  # "the Pulehu fire 80% contained", "Spain's count to 48", "Portugal confirmed"
        return Place(max(leading, key=lambda m: m.start).name, STRONG)
    after = [m for m in own if m.start >= end and m in where]
    after = [m for m in after if not re.search(r"[,;]", sentence[end : m.start])]
    if after and measure not in LOCATED:  # "4,298 cases in Spain"; "120 in Spain, 53 in Italy"
        return Place(after[0].name, STRONG)
    first = window[0] == 0
    before = [m for m in usable if m.end <= start and roles[m] == STRONG]
    before = [m for m in before if _after_attribution(m, start, claims)]
    before = [m for m in before if first or m not in where]
    if before:
        return Place(before[-1].name, STRONG)
    later = [m for m in usable if m.start >= end and roles[m] == STRONG and m not in where]
    if later and measure in LOCATED:  # "after suffering 500,000 casualties in Ukraine, Russia"
        return Place(later[0].name, STRONG)
    if _worldwide(sentence):  # "9,200 cases in 63 countries", "worldwide"
        return Place(WORLD, STRONG)
    # "70,000 cases have been reported to the World Health Organization", then the
    # claimant: "Maui County confirmed", "the UK Health Security Agency said"
    counters = [m for m in usable if _reported_to(sentence, m)]
    own_claims = [c for c in claims if c.anchor <= start] or list(claims[:1])
    claimed = [m for m in near if _in_claim(m, own_claims[-1:])]
    bodies = [*map(_place_of_body, [*counters, *claimed])]
    bodies += [m.name for m in claimed if m.name in places]  # "and Portugal confirmed two"
    body = next(filter(None, bodies), None)
    if body:
        return Place(body, CLAIMANT)
    causes = [m for m in usable if roles[m] == CAUSE]
    return Place(causes[0].name, CAUSE) if causes else Place(None)


def _nation_speaking(mention: Mention, claims: Sequence[Claim]) -> bool:
    """Whether a mention is a claimant that is a nation by its own name ("and Portugal
    confirmed"), not a body of it ("the UK Health Security Agency reported")."""
    who = [c.who for c in claims if c.start <= mention.start < c.end]
    return any(known(CLAIM_LEAD_RE.sub("", name)) for name in who)


def _clause_start(sentence: str, start: int) -> int:
    """Where the coordinated clause holding `start` begins (after ", and", "; ")."""
    breaks = list(COORDINATED_RE.finditer(sentence, max(0, start - REACH), start))
    return breaks[-1].end() if breaks else max(0, start - REACH)


def listed_name(sentence: str, start: int, found: Sequence[Mention],
                places: frozenset[str] = frozenset()) -> str | None:  # fmt: skip
    """The name right before the number in a list ("with Spain on 7,239"), if any; a body
    reporting a count ("the Maui Fire Department reported 271", "Reuters reported 300") is
    a claimant, not its owner: with a verb of reporting, only a place of the article is."""
    near = _near(found, start - 80, start)
    listed = [m for m in near if LISTED_GAP_RE.fullmatch(sentence, m.end, start)]
    listed = [m for m in listed if m.entity or m.name in places or not _reports(sentence, m, start)]
    # judged as written: "the UK Health Security Agency" is a body even when aliased to the UK
    owners = [m for m in listed if not _body_like(sentence[m.start : m.end])]
    return owners[-1].name if owners else None


def _reports(sentence: str, mention: Mention, start: int) -> bool:
    """Whether the words between a name and its number are a verb of reporting."""
    return REPORTING_GAP_RE.search(sentence, mention.end, start) is not None


def _said_worldwide(sentence: str, start: int, end: int, window: tuple[int, int],
                    found: Sequence[Mention]) -> bool:  # fmt: skip
    """Whether the number's own clause says it is the world's ("the worldwide total at"),
    with no name between ("Global.health", "the Global Fund") and no place after it ("the
    global outbreak has infected 300 people in Spain")."""
    words = list(GLOBAL_WORD_RE.finditer(sentence, max(window[0], start - 60), start))
    said = words[-1] if words else None
    if said is None or start - said.end() > 40 or BREAK_RE.search(sentence, said.end(), start):
        return False
    named = any(m.start <= said.start() < m.end or said.end() <= m.start < start for m in found)
    return not named and WHERE_AFTER_RE.match(sentence, end) is None


def _body_like(name: str) -> bool:
    """Whether a name is an organisation's ("Maui Fire Department", "Centers for Disease
    Control"), not a place's."""
    words = name.split()
    return words[-1] in BODY_WORDS or "for" in words or "of" in words


def place_names(text: str, aliases: Mapping[str, str]) -> frozenset[str]:
    """The names an article uses as places somewhere ("in Portugal", "across Brazil"): such a
    name speaking for itself ("Portugal confirmed two more") owns what it reports."""
    return frozenset(normal_name(m.group("name"), aliases) for m in PLACE_USE_RE.finditer(text))


def article_subject(title: str, text: str, vocabulary: Vocabulary) -> str | None:
    """The place an article is about: the one its headline and first paragraph name most."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    if paragraphs and paragraphs[0].strip() == title.strip():
        paragraphs = paragraphs[1:]  # a seed's first line is its headline
    lead = f"{title}\n{(paragraphs or [''])[0][:600]}"
    if COUNTRIES_RE.search(lead):  # "WHO counts 80 cases in 11 countries": a world story
        return WORLD
    names = [m for m in mentions(lead, vocabulary) if m.entity or _place_like(lead, m)]
    counts = Counter(m.name for m in names)
    return counts.most_common(1)[0][0] if counts else None


def _ranked(text: str, mention: Mention) -> bool:
    """Whether a place only ranks something ("the largest in Europe", "Europe's first")."""
    if RANKED_IN_RE.search(text, max(0, mention.start - 30), mention.start):
        return True
    end = mention.end + (2 if text[mention.end : mention.end + 2] in ("'s", "’s") else 0)
    possessive = text[end - 2 : end] in ("'s", "’s")
    return possessive and RANKED_AFTER_RE.match(text, end) is not None


def _place_like(text: str, mention: Mention) -> bool:
    """Whether a plain name is used as a place ("in Spain", "Spain's", "the Lahaina fire"),
    not only as the set something is ranked in ("Europe's first death")."""
    before = text[max(0, mention.start - 12) : mention.start]
    after = text[mention.end : mention.end + 3]
    if _ranked(text, mention):
        return False
    return (
        bool(WHERE_BEFORE_RE.search(before))
        or after.startswith(("'s", "’s"))
        or bool(CAUSE_AFTER_RE.match(text, mention.end))
    )
