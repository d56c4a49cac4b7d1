"""A figure's identity: where or whose, what is measured, which slice, which unit, and the
metric key and label built from it. Two figures share a metric when their identities do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsmon.tasks.dedupe.names import normal_name
from newsmon.tasks.figures.claimants import Claim
from newsmon.tasks.figures.counted import Counted
from newsmon.tasks.figures.measure import CURRENCY_RE, measure_of, phrase_pattern
from newsmon.tasks.figures.measures import (
    ANNUAL_BY_DEFAULT,
    EVENT_MEASURES,
    EVENTS,
    SET_AS_TARGET,
)
from newsmon.tasks.figures.metrics import slug
from newsmon.tasks.figures.nations import country_of_body, known
from newsmon.tasks.figures.place import ARTICLE, STRONG, Mention, Place, place_of
from newsmon.tasks.figures.qualifiers import direction_of
from newsmon.tasks.figures.scope import own_clauses, scope_of
from newsmon.tasks.figures.units import DURATIONS
from newsmon.tasks.figures.vocabulary import Vocabulary

CALIBRE_RE = re.compile(
    r"\b(?:shells?|rounds?|guns?|howitzers?|artillery|calibre|caliber|mortars?)\b"
)
OF_THE_RE = re.compile(r"\s*of\s+the\b")
# "18 deaths outside the United States", "excluding Hawaii": a count of the rest, not of the
# whole; "outside" only before a nation ("40 protesters outside the White House" is a spot)
OUTSIDE_RE = re.compile(
    r"\s+(?P<word>outside|excluding|except for|except|other than|not counting)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,3})"
)
NOT_KEY = frozenset({"negated", "hypothetical", "previous", "vague"})
KEY_THRESHOLD = 0.5
REACH = 200  # characters each side of a number that its identity is read from
# Measures of people for which one or two are news ("two people have died").
GRAVE = frozenset({"deaths", "injured", "missing", "identified", "hospitalised", "cases"})
SCOPE_WORDS = {
    "annual": "annual", "monthly": "monthly", "per_day": "per day", "per_week": "per week",
    "change": "change", "forecast": "forecast", "target": "target",
}  # fmt: skip
EVENT_RE = {name: phrase_pattern(words, re.I) for name, words in EVENTS.items()}


class Own:
    """The identity's own place (the default of `key` and `label`)."""


OWN = Own()


@dataclass(frozen=True)
class Identity:
    """What a figure measures, told apart from every other quantity of the story."""

    place: str | None
    place_from: str  # sentence | claimant | cause | article | "" (none)
    measure: str  # a measure of the vocabulary or of measures.py, else a guessed noun
    measure_label: str
    measure_known: bool
    variant: str | None  # "core", "pce", ...
    event: str | None  # what happened to the counted things, when it splits the measure
    scope: str  # total | annual | monthly | per_day | per_week | change | forecast | target
    horizon: str | None  # the year a forecast looks to
    unit: str
    other_event: bool  # a figure of another, earlier event, cited for comparison

    @property
    def base(self) -> str:
        """The identity without its place: figures of one base differ only in where."""
        parts = [slug(self.measure) or "quantity"]
        parts += [slug(p) for p in (self.variant, self.event) if p]
        parts += [self.scope] if self.scope != "total" else []
        parts += [self.horizon] if self.horizon else []
        parts += [slug(self.unit)] if self.unit != "count" else []
        return ".".join(parts)

    def key(self, place: str | Own | None = OWN) -> str:
        """The metric key: its place (or `place`, the registry's choice), then its base."""
        where = self.place if isinstance(place, Own) else place
        return f"{slug(where) if where else 'any'}.{self.base}"

    def label(self, place: str | Own | None = OWN) -> str:
        """A readable metric label: "Maui deaths", "inflation, core, annual (percent)"."""
        where = self.place if isinstance(place, Own) else place
        head = " ".join(w for w in (where, self.measure_label or self._unnamed()) if w)
        extras = [self.variant, self.event, SCOPE_WORDS.get(self.scope), self.horizon]
        text = ", ".join([head, *(e for e in extras if e)])
        return f"{text} ({self.unit})" if self.unit != "count" else text

    def _unnamed(self) -> str:
        """What to call a number whose measure nothing names: an amount, a share, a number."""
        if self.unit == "percent":
            return "share"
        return "amount" if CURRENCY_RE.fullmatch(self.unit) else "number"


def event_of(measure: str, clause: str, vocabulary: Vocabulary) -> str | None:
    """What happened to the counted things, when it splits the measure ("troops moving")."""
    # A vocabulary measure with a default event ("troops", sent abroad unless said otherwise)
    # takes the event its clause names, else the default; generic measures take the events
    # measures.py lists for them (homes damaged or destroyed, doses ordered or administered).
    term = vocabulary.term("counted", measure)
    if term is not None and term.default_event:
        # a story's "forecast" event is already the figure's scope: not what happened
        found = [m for m in vocabulary.find("events", clause) if m.term.name not in SCOPE_WORDS]
        return found[-1].term.name if found else term.default_event
    events = EVENT_MEASURES.get(measure)
    if not events:
        return None
    hits = [(m.start(), name) for name in events for m in EVENT_RE[name].finditer(clause)]
    return max(hits, key=lambda hit: (hit[0], len(hit[1])))[1] if hits else None


def key_score(
    identity: Identity, qualifier: str, value: float, *, claimant: bool, sentence: str = ""
) -> float:
    """How much a figure looks like one of the story's key figures, from 0 to 1."""
    if qualifier in NOT_KEY or identity.other_event:
        return 0.1
    if identity.unit in DURATIONS or identity.unit.endswith(" of age"):
        return 0.1
    if identity.unit in ("mm", "cm") and CALIBRE_RE.search(sentence.lower()):
        return 0.05  # "152mm shells" name a calibre
    score = 0.2 + (0.35 if identity.measure_known else 0.2 if identity.measure else 0.0)
    score += 0.15 if identity.place else 0.0
    score += 0.1 if claimant else 0.0
    score += 0.25 if identity.unit != "count" else 0.0
    score += 0.1 if value >= 100 else 0.0
    if value < 3 and identity.unit == "count" and identity.measure not in GRAVE:
        score = min(score, 0.3)  # "one analyst", "the two leaders"
    return max(0.0, min(1.0, round(score, 3)))


@dataclass(frozen=True)
class ArticleContext:
    """What the whole article tells about its figures: its subject, and when it was written."""

    subject: str | None = None
    year: int | None = None
    month: int | None = None
    places: frozenset[str] = frozenset()  # the names it uses as places ("in Portugal")


@dataclass(frozen=True)
class Reading:
    """The words around one number: its sentence, offsets in it, and its segment."""

    sentence: str
    start: int  # of the number (with its qualifier words), in the sentence
    end: int
    window: tuple[int, int]  # the stretch of the sentence that is this number's alone
    counted: Counted | None


def annual_by_default(measure: str, unit: str) -> bool:
    """Whether a percentage of this measure naming no period is its annual rate."""
    words = measure.split()  # a story's own "core inflation" behaves like "inflation"
    return unit == "percent" and bool(words) and words[-1] in ANNUAL_BY_DEFAULT


def identify(reading: Reading, mentions: Sequence[Mention], claims: Sequence[Claim],
             vocabulary: Vocabulary, context: ArticleContext, *, unit: str,
             qualifier: str) -> Identity:  # fmt: skip
    """One figure's identity from its sentence, and from its article where that is silent."""
    sentence, start, end = reading.sentence, reading.start, reading.end
    counted = reading.counted.text if reading.counted else None
    counted_end = reading.counted.end if reading.counted and reading.counted.end > end else None
    hit = measure_of(sentence, start, end, counted, vocabulary, unit, counted_end)
    low, high = max(reading.window[0], start - REACH), min(reading.window[1], end + REACH)
    lead, tail = sentence[low:start], sentence[end:high]
    clause, main = own_clauses(sentence, start, end)
    scope = scope_of(lead, tail, clause, forecast=qualifier == "projection", year=context.year,
                     month=context.month, head=sentence[:start],
                     following=sentence[end : end + 40])  # fmt: skip
    span = (start, reading.counted.end if reading.counted else end)
    if unit == "percent" and reading.counted and OF_THE_RE.match(sentence, end):
        span = (start, end)  # "34% of the global total": the whole, not whose share it is
    measure = hit.name if hit else ""
    if scope.kind == "target" and measure in SET_AS_TARGET:
        scope = replace(scope, kind="total")
    if (
        scope.kind == "total"
        and annual_by_default(measure, unit)
        and not direction_of(sentence, start)
    ):  # "was 6%", "eased to 6%": a level, the annual rate; "rose 0.4% in May" may be monthly
        scope = replace(scope, kind="annual")
    place = place_of(sentence, span, reading.window, mentions, claims, measure, context.places)
    place = _owner(place, vocabulary, context)
    event = event_of(measure, main, vocabulary) if measure else None
    variant = _outside(sentence, span[1]) or (hit.variant if hit else None)
    return Identity(
        place.name, place.source, measure, hit.label if hit else "", bool(hit and hit.known),
        variant, event, scope.kind, scope.horizon, unit, scope.other_event,
    )  # fmt: skip


def _owner(place: Place, vocabulary: Vocabulary, context: ArticleContext) -> Place:
    """The place read from the sentence, told as the story tells it: a national body's
    country ("the CDC has recorded" -> US), in the vocabulary's name for it; else the
    article's subject."""
    if place.name is None:
        return Place(context.subject, ARTICLE) if context.subject else place
    body = country_of_body(place.name) if place.source == STRONG else None
    name = body or place.name
    return Place(vocabulary.aliases().get(name.lower(), name), place.source)


def _outside(sentence: str, end: int) -> str | None:
    """The variant of a count of all but a place ("outside US"), from the words after it."""
    found = OUTSIDE_RE.match(sentence, end)
    if found is None or (found["word"] == "outside" and not known(found["name"])):
        return None
    return f"outside {normal_name(found['name'].rstrip('.'))}"  # "excluding Hawaii."
