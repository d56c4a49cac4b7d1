"""The metric registry: which of the story's metrics a new figure belongs to.

A metric is a base (what is measured, its variant, event, scope and unit) at a place. A
figure whose own sentence names its place joins that place's metric. One whose place came
only from its claimant or a cause ("the toll from the Lahaina fire") is less sure of it: it
joins the metric of that place if the story has one, else the story's metric of the same
base with most figures. One placed only by its article's subject joins that place's
metric, else the story's only (or placeless) metric of its base, else starts a placeless
one. Each filing is scored; under UNCERTAIN the comparison records the figure but does
not alert on it.

Measured on the shared streams (benchmarks/streams.py): joining a weakly placed figure to
the story's only metric of its base kept the death tolls, missing counts and case counts
in one series each; joining one of several (score 0.5) was wrong about as often as right,
so those are held back from alerts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsmon.tasks.figures.identity import Identity

UNCERTAIN = 0.6
STRONG = "sentence"


@dataclass
class Candidate:
    """A metric of the story: its key, label, place, and how many figures it holds."""

    key: str
    label: str
    place: str | None
    figures: int = 0


@dataclass(frozen=True)
class Filing:
    """Where the registry files a figure, and how surely."""

    key: str
    label: str
    match: float


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
        same = self.by_base.get(identity.base, [])
        place = identity.place
        exact = next((c for c in same if c.place == place), None)
        if exact is not None:
            return exact, 1.0 if identity.place_from == STRONG else 0.9
        placeless = [c for c in same if c.place is None]
        if identity.place_from == STRONG:
            if placeless and len(same) == 1:  # the story's series, now with its place
                return placeless[0], 0.8
            return self._add(identity, place), 1.0
        if identity.place_from == "article":  # a soft hint, never a new place of its own
            if len(same) == 1 or placeless:
                return (same[0] if len(same) == 1 else placeless[0]), 0.7
            return self._add(identity, None), 0.6
        if same and identity.place_from != "claimant":  # a body's own count is its own
            largest = max(same, key=lambda c: c.figures)
            return largest, 0.7 if len(same) == 1 else 0.5
        return self._add(identity, place), 0.8 if place else 0.7

    def file(self, identity: Identity) -> Filing:
        """File a figure under a metric; the metric counts it from now on."""
        chosen, match = self._choose(identity)
        chosen.figures += 1
        return Filing(chosen.key, chosen.label, match)
