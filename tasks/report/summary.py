"""What one monitor run did, in counts a person reads at a glance."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from newsmon.tasks.compare.kinds import is_quiet

# How each kind of correction reads in a run summary ("2 metrics merged by hand").
VERBS = {"merge": "metrics merged", "split": "split", "move": "figures moved",
         "rename": "renamed", "mute": "muted", "unmute": "unmuted", "track": "tracked",
         "untrack": "untracked"}  # fmt: skip


@dataclass
class RunSummary:
    """Counts per stage of one monitor run."""

    articles: Counter[str] = field(default_factory=Counter)
    analysed: int = 0
    figures: int = 0
    changes: Counter[str] = field(default_factory=Counter)
    alerts_queued: int = 0
    alerts: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    overlapped: bool = False  # another run held the lease, so this one did nothing
    corrections: Counter[str] = field(default_factory=Counter)  # in force, by kind
    followed: int = 0  # this run's figures a correction filed
    targets: int | None = None  # how many alert targets the config sets

    def count_corrections(
        self, corrections: list[dict[str, Any]], figures: list[dict[str, Any]]
    ) -> None:
        """Take in the corrections in force and this run's figures (views) for the counts."""
        self.corrections = Counter(str(c["kind"]) for c in corrections)
        self.followed = sum(1 for figure in figures if figure.get("corrected"))

    def correction_line(self) -> list[str]:
        """The analyst's corrections in force, when there are any: "2 metrics merged by hand"."""
        if not self.corrections:
            return []
        said = [f"{n} {VERBS.get(kind, kind)}" for kind, n in sorted(self.corrections.items())]
        return [f"by hand: {', '.join(said)}; {self.followed} new figure(s) filed by them"]

    def lines(self) -> list[str]:
        """The run's counts as short lines of text."""
        if self.overlapped:
            return ["skipped: another monitor run is in progress"]
        a = self.articles
        alerted = {k: v for k, v in self.changes.items() if not is_quiet(k)}
        return [
            f"articles: {a['new']} new, {a['updated']} updated, {a['duplicate']} duplicate, "
            f"{a['unchanged']} unchanged, {a['skipped']} skipped, {a['failed']} failed",
            f"figures: {self.figures} new (from {self.analysed} articles analysed)",
            "changes: " + (", ".join(f"{v} {k}" for k, v in sorted(alerted.items())) or "none"),
            self.alerts_line(),
            *self.correction_line(),
        ]

    def alerts_line(self) -> str:
        """What was delivered, or that nothing can be: no alert target is set."""
        if self.targets == 0:
            return "alerts: none, no alert target is set (alerts.targets): changes are only stored"
        return (f"alerts: {self.alerts['sent']} sent, {self.alerts['failed']} failed "
                f"({self.alerts_queued} queued this run)")  # fmt: skip

    def error_lines(self) -> list[str]:
        """One line per error of the run (a broken feed, a dead link...)."""
        return [f"error: {error}" for error in self.errors]
