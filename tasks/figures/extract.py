"""Extract the key figures of a news text: value, unit, qualifier, what is counted, metric."""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from newsmon.tasks.figures.borrowed import antecedent, carried, inherited, lender, names_a_count
from newsmon.tasks.figures.claimants import Claim, claimant_for, claims_in
from newsmon.tasks.figures.counted import (
    Counted,
    counted_after,
    counted_before,
    rate_of,
    whole_of_part,
)
from newsmon.tasks.figures.identity import (
    KEY_THRESHOLD,
    ArticleContext,
    Identity,
    Reading,
    identify,
    key_score,
)
from newsmon.tasks.figures.measure import own_noun
from newsmon.tasks.figures.place import (
    STRONG,
    Mention,
    article_subject,
    listed_name,
    mentions,
    place_names,
)
from newsmon.tasks.figures.qualifiers import qualifier_of, qualifier_start
from newsmon.tasks.figures.quantities import Quantity, find_quantities
from newsmon.tasks.figures.sentences import Sentences
from newsmon.tasks.figures.units import DURATIONS
from newsmon.tasks.figures.vocabulary import Vocabulary, default_vocabulary

log = logging.getLogger(__name__)
MAX_TEXT = 5_000_000
CONVERSION_GAP_RE = re.compile(r"(?:\s*[A-Za-z]{1,12}){0,2}\s*(?:\(|/)\s*")
LEVEL_BEFORE_RE = re.compile(r"\b(to|at|by|is|was)\s$")
LEVEL_AFTER_RE = re.compile(r"\s*(?:[.,;)]|$|\s+(?:on|in|at|from|by|as|after|while|and)\b)")
LINKED_RE = re.compile(r"\b(?:from|with|including|and|or|versus|vs\.?|against)\s+$")
# "compare with 2,103 cases in 42 countries", "against 3.4% and 3.8%": a list of earlier
# values shares the first one's "previous".
# "from 60 and 1,000 people remain missing": a new clause, not a list of earlier values
CLAUSE_VERB_RE = re.compile(
    r"\s*(?:[a-z]+\s+){0,2}(?:remain|remained|are|were|is|was|have|has|had|died|say|said)\b"
)
LIST_GAP_RE = re.compile(r"%?(?:\s+[a-z]+)?\s+(?:and|in|across|or)\s+(?:the\s+)?")
ANAPHOR_RE = re.compile(r"\b(?:a|the|this|that|which) (?:figure|number|total|toll|tally|count)\b")


@dataclass(frozen=True)
class Figure:
    """One quantity of a text, normalised, with what it counts and its metric."""

    value: float
    unit: str
    qualifier: str
    low: float | None
    high: float | None
    text: str
    start: int
    end: int
    sentence: str
    counted: str | None
    owner: str | None
    event: str | None
    claimant: str | None
    metric: str
    metric_label: str
    score: float
    is_key: bool
    identity: Identity | None = None


@dataclass(frozen=True)
class SentenceFacts:
    """What a sentence names once, shared by all its figures."""

    start: int
    text: str
    claims: list[Claim]
    mentions: list[Mention]
    numbers: list[tuple[int, int]]  # every quantity's span in the sentence, in order
    counted: dict[tuple[int, int], Counted | None] = field(default_factory=dict)


def _facts(text: str, span: tuple[int, int], vocabulary: Vocabulary, quantities: list[Quantity],
           names: Mapping[str, str]) -> SentenceFacts:  # fmt: skip
    """The claims, names and numbers of the sentence at span (quantities in text order)."""
    sentence = text[span[0] : span[1]]
    first = bisect.bisect_left([q.start for q in quantities], span[0])
    inside = []
    for q in quantities[first:]:
        if q.start >= span[1]:
            break
        if q.unit not in DURATIONS:  # "rose 8.6% in the 12 months to May" is one segment
            inside.append((q.start - span[0], q.end - span[0]))
    found = mentions(sentence, vocabulary, names)
    return SentenceFacts(span[0], sentence, claims_in(sentence), found, inside)


def _window(facts: SentenceFacts, start: int, end: int) -> tuple[int, int]:
    """The stretch of the sentence that belongs to the number at [start, end): from the end
    of the number before it (or a clause break) to the start of the next one."""
    i = bisect.bisect_left(facts.numbers, (start, end))
    previous_end = facts.numbers[i - 1][1] if i > 0 else 0
    after = i + 1 if i < len(facts.numbers) and facts.numbers[i][0] == start else i
    following = facts.numbers[after][0] if after < len(facts.numbers) else len(facts.text)
    head = facts.text[previous_end:start]
    cut = max(head.rfind(";"), head.rfind(":"))
    return (previous_end + cut + 1 if cut >= 0 else previous_end), following


def _bounds(q: Quantity, qualifier: str) -> tuple[float | None, float | None]:
    """The low and high bounds implied by the qualifier or the range."""
    if q.low is not None or q.high is not None:
        return q.low, q.high
    if qualifier == "at_least":
        return q.value, None
    return (None, q.value) if qualifier == "at_most" else (None, None)


def _counted(
    facts: SentenceFacts, q: Quantity, start: int, vocabulary: Vocabulary
) -> Counted | None:
    """The counted phrase after the number, else the noun before "of"."""
    key = (q.end, start)
    if key not in facts.counted:
        local_end = q.end - facts.start
        found = counted_after(facts.text, local_end, vocabulary)
        facts.counted[key] = found or counted_before(facts.text, start)
    return facts.counted[key]


def _qualifier(text: str, q: Quantity, facts: SentenceFacts, previous: Figure | None) -> str:
    """The qualifier of a quantity; a bracketed conversion keeps the original's."""
    if q.vague:
        return "vague"
    qualifier = qualifier_of(text, q.start, q.end, floor=facts.start, is_range=q.is_range)
    if qualifier != "exact" or previous is None:
        return qualifier
    if _converts(text, q, previous):  # "more than 100 kilometres (60 miles)"
        return previous.qualifier
    listed = (
        previous.qualifier == "previous"
        and previous.sentence == facts.text
        and previous.unit == q.unit
        and LIST_GAP_RE.fullmatch(text, previous.end, q.start) is not None
        and CLAUSE_VERB_RE.match(text, q.end) is None
    )
    return "previous" if listed else qualifier


def _identity(text: str, q: Quantity, start: int, facts: SentenceFacts, vocabulary: Vocabulary,
              earlier: list[Figure], context: ArticleContext,
              qualifier: str) -> Identity:  # fmt: skip
    """What a quantity measures, where, in which slice; a restatement takes its antecedent's."""
    previous = earlier[-1] if earlier else None
    local, local_end = start - facts.start, q.end - facts.start
    counted = _counted(facts, q, local, vocabulary)
    window = _window(facts, q.start - facts.start, local_end)
    reading = Reading(facts.text, local, local_end, window, counted)
    identity = identify(reading, facts.mentions, facts.claims, vocabulary, context,
                        unit=q.unit, qualifier=qualifier)  # fmt: skip
    before = previous.identity if previous is not None else None
    if previous is None or before is None:
        return identity
    if not identity.measure and _restates(text, start, q.unit, previous, facts):
        # "a figure that might climb to 40,000", "3.9 million headsets, up from 2.4 million":
        # what and whose are the antecedent's; its slice is its own ("by October"); a name
        # listed right before it is its own ("followed by Brazil with 10,000").
        listed = listed_name(facts.text, local, facts.mentions, context.places)
        return replace(before, unit=q.unit, other_event=identity.other_event,
                       scope=identity.scope, horizon=identity.horizon,
                       place=listed or before.place,
                       place_from=STRONG if listed else before.place_from)  # fmt: skip
    lent = lender(text, earlier, q.unit, facts.text)
    if lent is not None:
        counts_own = own_noun(counted.text if counted else None)  # "teams with 41 dogs"
        identity = carried(identity, lent.identity or before, lend_measure=not counts_own)
    if not identity.measure and names_a_count(facts.text, facts.mentions, local, context.places):
        # "Its country table had the United States at 9,461", "put Spain's total at 30": a
        # count of what the article was just counting
        identity = inherited(identity, antecedent(earlier, q.unit, facts.start))
    return identity


def _figure(text: str, q: Quantity, facts: SentenceFacts, vocabulary: Vocabulary,
            earlier: list[Figure], context: ArticleContext) -> Figure:  # fmt: skip
    """The figure for one quantity in its sentence, after the `earlier` ones."""
    previous = earlier[-1] if earlier else None
    qualifier = _qualifier(text, q, facts, previous)
    start = max(qualifier_start(text, q.start) if qualifier != "exact" else q.start, facts.start)
    identity = _identity(text, q, start, facts, vocabulary, earlier, context, qualifier)
    claimant = claimant_for(facts.claims, q.start - facts.start)
    score = key_score(identity, qualifier, q.value, claimant=claimant is not None,
                      sentence=facts.text)  # fmt: skip
    if whole_of_part(facts.text, start - facts.start):
        score = min(score, 0.1)  # "14 of the 16 states": the part is the figure
    counted = _counted(facts, q, start - facts.start, vocabulary)  # memoised per quantity
    if counted is None and previous is not None and identity == previous.identity:
        counted = Counted(previous.counted, -1, -1) if previous.counted else None
    rate = rate_of(facts.text, q.end - facts.start, vocabulary)
    low, high = _bounds(q, qualifier)
    return Figure(
        q.value, q.unit, qualifier, low, high, text[start : q.end], start, q.end, facts.text,
        counted.text if counted else None, identity.place, identity.event or rate, claimant,
        identity.key(), identity.label(), score, score >= KEY_THRESHOLD, identity,
    )  # fmt: skip


def _converts(text: str, q: Quantity, previous: Figure) -> bool:
    """Whether a quantity in brackets restates the previous one in another unit."""
    if previous.qualifier not in ("at_least", "at_most"):
        return False
    gap = text[previous.end : q.start]
    return len(gap) <= 24 and CONVERSION_GAP_RE.fullmatch(gap) is not None


def _restates(text: str, start: int, unit: str, previous: Figure,
              facts: SentenceFacts) -> bool:  # fmt: skip
    """Whether a figure restates the previous one's noun ("a figure that might climb to", "up
    from", "compared with")."""
    if previous.sentence != facts.text:
        return False
    if ANAPHOR_RE.search(text, max(facts.start, start - 45), start) is not None:
        return True
    linked = LINKED_RE.search(text, previous.end, start) if start - previous.end <= 80 else None
    return linked is not None and previous.counted is not None and previous.unit == unit


def _extract(text: str, vocabulary: Vocabulary, context: ArticleContext) -> list[Figure]:
    """Every quantity of text as a figure, in order."""
    sentences = Sentences(text)
    quantities = list(find_quantities(text))
    cache: dict[tuple[int, int], SentenceFacts] = {}
    # the article's places are names even where they open a sentence ("Spain reports")
    names = vocabulary.aliases() | {place.lower(): place for place in context.places}
    figures: list[Figure] = []
    for q in quantities:
        span = sentences.span_at(q.start)
        if span not in cache:
            cache[span] = _facts(text, span, vocabulary, quantities, names)
        q = _level_unit(text, q, span[0], figures)
        figures.append(_figure(text, q, cache[span], vocabulary, figures, context))
    return figures


def _level_unit(text: str, q: Quantity, floor: int, figures: list[Figure]) -> Quantity:
    """The unit of a bare number ending a clause: that of an earlier figure after the same word
    ("the highest is 84.75 cents, the lowest is 74.07"), else points when the sentence counts
    points ("rose 64.06 points to 4,577.10")."""
    lead = LEVEL_BEFORE_RE.search(text, max(floor, q.start - 5), q.start)
    if q.unit != "count" or lead is None or LEVEL_AFTER_RE.match(text, q.end) is None:
        return q
    earlier = [f for f in figures if f.start >= floor and f.unit != "count"]
    parallel = [f for f in earlier if text[max(floor, f.start - 5) : f.start].endswith(lead[0])]
    # ...of the same order of size: "revised to 306,000" after "edged down to 3.6%" is no %
    parallel = [f for f in parallel if abs(q.value) <= 10 * max(abs(f.value), 1.0)]
    if parallel:
        return replace(q, unit=parallel[-1].unit)
    in_points = lead.group(1) in ("to", "at") and any(f.unit == "point" for f in earlier)
    return replace(q, unit="point") if in_points else q


@lru_cache(maxsize=1)
def _default() -> Vocabulary:
    """The generic vocabulary, built once."""
    return default_vocabulary()


def find_figures(
    text: str,
    vocabulary: Vocabulary | None = None,
    *,
    all_quantities: bool = False,
    title: str = "",
    year: int | None = None,
    month: int | None = None,
) -> list[Figure]:
    """Key figures of a text (every quantity when all_quantities); the article's title and
    date help where a sentence names no place, says "next year" or "in April 2020"."""
    if not isinstance(text, str) or not text:
        return []
    words = vocabulary or _default()
    try:
        subject = article_subject(title, text[:MAX_TEXT], words)
        places = place_names(text[:MAX_TEXT], words.aliases())
        context = ArticleContext(subject, year, month, places)
        figures = _extract(text[:MAX_TEXT], words, context)
    except (ValueError, IndexError, KeyError, TypeError, OverflowError, RecursionError):
        # Extraction feeds a monitoring loop: a bad page must cost its figures, not the run.
        log.exception("figure extraction failed on a text of %d characters", len(text))
        return []
    return figures if all_quantities else [f for f in figures if f.is_key]
