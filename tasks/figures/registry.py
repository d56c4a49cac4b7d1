"""The metric registry: which of the story's metrics a new figure belongs to.

A metric is a base (what is measured, its variant, event, scope and unit) at a place:

* a figure whose own sentence names its place joins that place's metric; while the
  story's only series of its base is a placeless one, it joins that one, whatever place it
  names (but see places known apart, below). Nested places make one series in a
  single-event story ("Lahaina", "Maui", "Hawaii"), and nothing here knows which place
  lies in which. Starting a series per place instead cost the Maui stream without a
  vocabulary grouping F1 0.87 -> 0.76 and its edit (benchmarks/streams.py); the price is
  that a story of two places that opens with a placeless figure compares the second place
  with the first;
* one placed by its claimant ("the county confirmed") keeps that body's own series;
* one placed by a cause ("the toll from the Lahaina fire") joins that place's metric if
  the story has one, else the story's metric of the same base with most figures;
* one placed only by its article's subject joins that place's metric, else the story's
  only (or placeless) metric of its base, or the one holding at least twice as many
  figures as any other, else starts a placeless one: a subject never names a new metric,
  unless every series of its base holds a place known apart from it (below).

Places known apart (tasks/figures/nations.py: the world, its regions, its countries, the
US states) never share a series: a placeless series holding the world's figures takes no
figure of Spain's or Germany's, whatever its source, and an article about Spain starts
Spain's own series beside the world's. Merging them cost the mpox stream its deaths. A
figure whose place nothing names joins no such place's series either.

Each filing is scored. Under UNCERTAIN (one weakly placed figure joining one of several
series) the comparison records the figure but does not alert on it: on the shared streams
(benchmarks/streams.py) such joins were wrong about as often as right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsmon.tasks.figures.identity import Identity
from newsmon.tasks.figures.nations import apart, known

UNCERTAIN = 0.6
STRONG = "sentence"


@dataclass
class Candidate:
    """A metric of the story: its key, label, place, and how many figures it holds."""

    key: str
    label: str
    place: str | None
    figures: int = 0
    owners: set[str] = field(default_factory=set)  # the places of the figures it holds

    def takes(self, place: str | None) -> bool:
        """Whether the series may hold a figure of `place`: not if it holds one known apart."""
        return not any(apart(place, owner) for owner in {*self.owners, self.place})


@dataclass(frozen=True)
class Filing:
    """Where the registry files a figure, and how surely."""

    key: str
    label: str
    match: float
    place: str | None = None  # the metric's place: none for the story's placeless series


@dataclass
class Registry:
    """The story's metrics by base, kept current while a batch files its figures."""

    by_base: dict[str, list[Candidate]] = field(default_factory=dict)

    def _add(self, identity: Identity, place: str | None) -> Candidate:
        found = Candidate(identity.key(place), identity.label(place), place)
        self.by_base.setdefault(identity.base, []).append(found)
        return found

    def _choose(self, identity: Identity) -> tuple[Candidate, float]:
        """The metric for a figure, and the match score."""
        place = identity.place
        every = self.by_base.get(identity.base, [])
        exact = next((c for c in every if c.place == place), None)
        if exact is not None:
            return exact, 1.0 if identity.place_from == STRONG else 0.9
        same = [c for c in every if c.takes(place)]
        placeless = [c for c in same if c.place is None]
        if identity.place_from == STRONG:
            if placeless and len(same) == 1:  # the story's one series (see the docstring)
                return placeless[0], 0.8
            return self._add(identity, place), 1.0
        if identity.place_from == "article":  # a soft hint, never a new place of its own
            return self._by_subject(identity, same, shut_out=len(same) < len(every))
        if place is None:  # nowhere said: not one nation's series ("2.5 million doses")
            same = [c for c in same if not known(c.place)]
        if same and identity.place_from != "claimant":  # a body's own count is its own
            largest = max(same, key=lambda c: c.figures)
            return largest, 0.7 if len(same) == 1 else 0.5
        return self._add(identity, place), 0.8 if place else 0.7

    def _by_subject(
        self, identity: Identity, same: list[Candidate], *, shut_out: bool
    ) -> tuple[Candidate, float]:
        """The metric for a figure placed only by its article's subject, among the series
        that may take it (`same`); `shut_out` when other series hold a place known
        apart from it."""
        placeless = [c for c in same if c.place is None]
        if len(same) == 1 or placeless:
            return (same[0] if len(same) == 1 else placeless[0]), 0.7
        ranked = sorted(same, key=lambda c: -c.figures)
        if ranked and ranked[0].figures >= 2 * ranked[1].figures:  # the story's main one
            return ranked[0], 0.7
        if shut_out and known(identity.place):  # its series is not the others'
            return self._add(identity, identity.place), 0.7
        return self._add(identity, None), 0.6

    def file(self, identity: Identity) -> Filing:
        """File a figure under a metric; the metric counts it from now on."""
        chosen, match = self._choose(identity)
        chosen.figures += 1
        chosen.owners.update([identity.place] if identity.place else [])
        return Filing(chosen.key, chosen.label, match, chosen.place)
