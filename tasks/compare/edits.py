"""An edited article against its own previous version: only what the edit changed is news.

A figure the previous version already stated (the same value and unit, under the same
metric or in a reworded sentence that files it elsewhere) is confirmed, never re-alerted.
A figure whose metric the previous version gave another value is compared with that
value: the article's correction of itself, whatever other reports said in between.
Anything else is compared with the metric's history like any new figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsmon.tasks.compare.verdicts import Observation, Verdict, classify

WORD_RE = re.compile(r"[^\W\d_]+")
# A value restated under another metric is the same figure only in a sentence this alike
# (reworded, so filed elsewhere); an unrelated number that happens to match is new.
REWORDED = 0.5


def _same(a: float, b: float, tolerance: float) -> bool:
    return a == b or abs(a - b) <= tolerance * max(abs(a), abs(b))


def against_previous_version(
    new: Observation,
    metric_id: int,
    earlier: Sequence[tuple[int, Observation]],
    tolerance: float = 0.0,
) -> Verdict | None:
    """The verdict on an edited article's figure from its previous version's figures
    ((metric id, observation) pairs); None when the edit adds a figure of a new metric."""
    same_unit = [(m, o) for m, o in earlier if o.unit == new.unit]
    restated = [
        o for m, o in same_unit
        if _same(o.value, new.value, tolerance)
        and (m == metric_id or _overlap(o.sentence, new.sentence) >= REWORDED)
    ]  # fmt: skip
    if restated:
        return Verdict("confirmed", restated[0], None, 0.0, 0.0, False)
    corrected = [o for m, o in same_unit if m == metric_id]
    if corrected:
        counterpart = max(corrected, key=lambda o: _overlap(o.sentence, new.sentence))
        return classify(new, [counterpart], tolerance=tolerance)
    return None


def _overlap(a: str, b: str) -> float:
    """How much two sentences share their words: the edited sentence is the one most alike."""
    first, second = set(WORD_RE.findall(a.lower())), set(WORD_RE.findall(b.lower()))
    return len(first & second) / (len(first | second) or 1)
