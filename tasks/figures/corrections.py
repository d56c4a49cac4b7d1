"""What the analyst's corrections make of the registry's filing: pure replay, no database.

Corrections replay in the order they were made over what the registry filed, for stored
figures and new ones alike, so a future figure follows them as an old one does:

* merge A B: a figure under B goes under A (and B is shown as merged into A);
* split A --where W: a figure under A matching every condition of W goes under the split's
  new metric;
* move F M: figure F goes under M;
* rename A L, mute/unmute A, track/untrack A: the metric's label and standing.

Undoing a correction is replaying the others: nothing depends on the order of undoing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# The figure fields a split's `where` can name ("place=Spain"); other text is sentence text.
FIELDS = {
    "place": "owner", "owner": "owner", "claimant": "claimant", "measure": "measure",
    "scope": "scope", "variant": "variant", "unit": "unit", "qualifier": "qualifier",
    "counted": "counted", "event": "event", "text": "text", "place_from": "place_from",
}  # fmt: skip
KINDS = ("merge", "split", "move", "rename", "mute", "unmute", "track", "untrack")


class WhereError(ValueError):
    """A split condition that names no field newsmon knows."""


class Step(Protocol):
    """A correction as the replay reads it (the Correction row has these)."""

    kind: str
    metric_id: int | None
    other_id: int | None
    figure_id: int | None
    where: str | None
    label: str | None


def conditions(where: str) -> list[tuple[str | None, str]]:
    """A `where` as (field or None for the sentence, casefolded value) conditions, ANDed.

    Conditions are separated by " and "; "field=value" names a figure field, anything else
    is text the sentence must contain.
    """
    found: list[tuple[str | None, str]] = []
    for part in (p.strip() for p in where.split(" and ") if p.strip()):
        name, sep, value = part.partition("=")
        if not sep:
            found.append((None, part.casefold()))
            continue
        field = FIELDS.get(name.strip().casefold())
        if field is None:
            known = ", ".join(sorted(FIELDS))
            raise WhereError(f"unknown field {name.strip()!r} in --where (known: {known})")
        found.append((field, value.strip().casefold()))
    return found


def matches(where: str, figure: Mapping[str, Any]) -> bool:
    """Whether a figure (its column values) meets every condition of `where`."""
    for field, value in conditions(where):
        if field is None:
            if value not in str(figure.get("sentence") or "").casefold():
                return False
        elif str(figure.get(field) or "").casefold() != value:
            return False
    return True


def assigned(filed: int, figure_id: int | None, figure: Mapping[str, Any],
             steps: Iterable[Step]) -> int:  # fmt: skip
    """The metric a figure filed under `filed` belongs to once the corrections are replayed."""
    metric = filed
    for step in steps:
        if step.kind == "merge" and metric == step.other_id and step.metric_id is not None:
            metric = step.metric_id
        elif step.kind == "split" and metric == step.metric_id and step.other_id is not None:
            metric = step.other_id if matches(step.where or "", figure) else metric
        elif step.kind == "move" and figure_id == step.figure_id and step.other_id is not None:
            metric = step.other_id
    return metric


@dataclass(frozen=True)
class Standing:
    """A metric's label and standing once the corrections are replayed."""

    label: str
    merged_into: int | None = None
    muted: bool = False
    tracked: bool = False

    @property
    def status(self) -> str:
        """merged, muted, tracked or new (nobody has said anything of it)."""
        if self.merged_into is not None:
            return "merged"
        return "muted" if self.muted else "tracked" if self.tracked else "new"


def standings(auto_labels: Mapping[int, str], steps: Sequence[Step]) -> dict[int, Standing]:
    """Every metric's standing (by id), from its automatic label and the corrections."""
    state = {metric: Standing(label) for metric, label in auto_labels.items()}
    for step in steps:
        target = step.metric_id if step.kind != "merge" else step.other_id
        if target is None or target not in state:
            continue
        now = state[target]
        if step.kind == "merge":
            state[target] = Standing(now.label, step.metric_id, now.muted, now.tracked)
        elif step.kind == "rename":
            state[target] = Standing(
                step.label or now.label, now.merged_into, now.muted, now.tracked
            )
        elif step.kind in ("mute", "unmute"):
            state[target] = Standing(now.label, now.merged_into, step.kind == "mute", now.tracked)
        elif step.kind in ("track", "untrack"):
            state[target] = Standing(now.label, now.merged_into, now.muted, step.kind == "track")
    return state
