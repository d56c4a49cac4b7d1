"""What a figure borrows from the figures before it: a measure, a place, a period.

A number whose own words name little takes what its neighbours name: "the Olinda fire was
90% contained and the Kula fire 95%" (the measure), "14 new cases in England, taking the
total there to 70" (the place), "6% in the 12 months to February, while core prices were
up 5.5%" (the period), "its table had the United States at 9,461" (the measure of the last
count before it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from newsmon.tasks.figures.identity import Identity
from newsmon.tasks.figures.place import Mention, listed_name

if TYPE_CHECKING:
    from newsmon.tasks.figures.extract import Figure

PLACE_COUNTS = frozenset({"countries"})
COUNT_WORD_RE = re.compile(
    r"\b(?:(?:total|tally|count|toll|figure|number)s?\b[^,;]{0,12}"
    r"|it\s+(?:climbed|rose|fell|jumped|dropped|stood at|reached|increased|decreased|edged up"
    r"|edged down|slipped|eased|grew|shrank)\s+(?:by\s+|to\s+)?)$"
)
PERIODS = frozenset({"annual", "monthly"})
REACH_BACK = 400  # characters back to a count's antecedent
SPANNED_RE = re.compile(r"\b(?:in|across|from)\s+(?:\w+\s+)?$")


def names_a_count(
    sentence: str, mentions: Sequence[Mention], start: int, places: frozenset[str]
) -> bool:
    """Whether a number with no measure of its own is a count of something named before:
    a place listed with it ("Spain with 5,162"), a word for a count ("Spain's total at") or
    a pronoun moving ("it climbed 0.4%")."""
    lead = sentence[max(0, start - 30) : start]
    listed = listed_name(sentence, start, mentions, places)
    return COUNT_WORD_RE.search(lead) is not None or listed is not None


def antecedent(earlier: list[Figure], unit: str, floor: int) -> Identity | None:
    """The identity of the last of the six figures before this one that counts something
    known in the same unit and ends at most REACH_BACK characters before its sentence."""
    for figure in reversed(earlier[-6:]):
        identity = figure.identity
        if figure.end < floor - REACH_BACK:
            return None
        if identity is None or not identity.measure_known or figure.unit != unit:
            continue
        if identity.measure not in PLACE_COUNTS and not identity.other_event:
            return identity
    return None


def inherited(identity: Identity, antecedent: Identity | None) -> Identity:
    """The identity with its antecedent's measure, when there is one."""
    if antecedent is None:
        return identity
    return replace(identity, measure=antecedent.measure, measure_label=antecedent.measure_label,
                   measure_known=True, variant=antecedent.variant,
                   event=antecedent.event)  # fmt: skip


def carried(identity: Identity, before: Identity, *, lend_measure: bool) -> Identity:
    """What the sentence's previous figure lends to this one: its measure when this one
    names none ("the Olinda fire was 90% contained and the Kula fire 95%"), its place when
    this one's own words name none ("Kim's army had 4,000 casualties, while the UK put the
    number at 5,000"; "14 new cases in England, taking the total there to 70")."""
    if lend_measure and not identity.measure_known and before.measure_known:
        identity = replace(identity, measure=before.measure, measure_label=before.measure_label,
                           measure_known=before.measure_known, variant=before.variant,
                           event=before.event)  # fmt: skip
    if identity.scope == "total" and before.scope in PERIODS and identity.measure == before.measure:
        # "prices rose 6% in the 12 months to February, while core prices were up 5.5%"
        identity = replace(identity, scope=before.scope)
    sure = before.place_from == "sentence" and identity.place_from != "sentence"
    if sure and identity.measure == before.measure:
        return replace(identity, place=before.place, place_from=before.place_from)
    return identity


def lender(text: str, earlier: list[Figure], unit: str, sentence: str) -> Figure | None:
    """The figure of the same sentence and unit whose measure a bare number may borrow: the
    last one, passing over the count of places the one before it spans ("20,455 cases in
    29 countries, with Spain on 7,239" counts cases in Spain, not countries)."""
    same = [f for f in earlier[-8:] if f.sentence == sentence and f.unit == unit]
    last = same[-1] if same else None
    if last is None or last.identity is None or len(same) < 2:
        return last
    before = same[-2]
    spans = last.identity.measure in PLACE_COUNTS
    return before if spans and SPANNED_RE.search(text, before.end, last.start) else last
