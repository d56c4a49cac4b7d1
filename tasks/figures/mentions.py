"""One claim per figure in an article: a number repeated in the headline, the lede and the
body is one figure, kept at its best-attributed mention.

Two key figures are the same claim when they have the same value and unit and either the
same metric, or one of them says less: the same measure with no place of its own words, or
no measure at all (a headline's "toll reaches 80" beside the body's "80 people were confirmed
dead in Maui, the county said").
"""

from __future__ import annotations

from collections.abc import Sequence

from newsmon.tasks.figures.extract import Figure, find_figures
from newsmon.tasks.figures.vocabulary import Vocabulary


def _vaguer(a: Figure, b: Figure) -> bool:
    """Whether `a` says no more than `b` about what it counts (its parts are b's or absent)."""
    if a.identity is not None and b.identity is not None:
        measures = a.identity.base == b.identity.base or not a.identity.measure
        return measures and (a.identity.place_from != "sentence" or a.owner == b.owner)
    parts = ((a.owner, b.owner), (a.counted, b.counted), (a.event, b.event))
    return all(mine is None or mine == theirs for mine, theirs in parts)


def same_claim(a: Figure, b: Figure) -> bool:
    """Whether two mentions in one article state the same figure."""
    if a.value != b.value or a.unit != b.unit or a.qualifier in ("previous", "negated"):
        return False
    return a.metric == b.metric or _vaguer(a, b) or _vaguer(b, a)


def _rank(figure: Figure) -> tuple[bool, float, int]:
    """Better attributed first: a claimant, then a higher score, then earlier in the text."""
    return figure.claimant is None, -figure.score, figure.start


def one_claim_each(figures: Sequence[Figure]) -> list[Figure]:
    """The figures with each repeated claim kept once, at its best mention, in text order."""
    groups: list[list[Figure]] = []
    for figure in figures:
        group = next((g for g in groups if any(same_claim(figure, f) for f in g)), None)
        if group is None:
            groups.append([figure])
        else:
            group.append(figure)
    best = [min(group, key=_rank) for group in groups]
    return sorted(best, key=lambda figure: figure.start)


def article_figures(text: str, vocabulary: Vocabulary | None = None, title: str = "",
                    year: int | None = None, month: int | None = None) -> list[Figure]:  # fmt: skip
    """An article's key figures, each claim once (what the figures stage stores)."""
    return one_claim_each(find_figures(text, vocabulary, title=title, year=year, month=month))
