"""What a build did, as the CLI and the watcher report it: `Dashboard.md updated: 3 people, …`. Apart from
the vault (vault.py), so that a build with nothing to do (store/current.py) reports without loading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.insights.sections import Insights

COUNTED = ("people", "due", "milestones", "intros", "paths", "problems")
SINGULAR = {
    "notes": "note",
    "people": "person",
    "milestones": "milestone",
    "intros": "intro",
    "paths": "path",
    "problems": "problem",
    "warnings": "warning",
}


def counted(count: int, what: str) -> str:
    """`1 problem`, `2 problems`, `1 person`."""
    return f"{count} {SINGULAR.get(what, what) if count == 1 else what}"


@dataclass
class BuildResult:
    dashboard: str
    written: bool
    notes: int
    counts: dict[str, int]
    insights: Insights | None = None  # None when the store showed there was nothing to do
    recorded: list[str] = field(default_factory=list)
    content: str | None = None  # digest of the dashboard as this build left it

    @property
    def errors(self) -> int:
        return self.counts.get("errors", 0)

    @property
    def warnings(self) -> int:
        return self.counts.get("problems", 0) - self.errors

    def summary(self) -> str:
        state = "updated" if self.written else "unchanged"
        if self.recorded:
            state += f" (recorded ticked boxes in {counted(len(self.recorded), 'notes')})"
        shown = [counted(self.counts[key], key) for key in COUNTED if key != "problems"]
        return f"{self.dashboard} {state}: " + ", ".join([*shown, problems_counted(self.errors, self.warnings)])


def problems_counted(errors: int, warnings: int) -> str:
    """`1 problem`, or `0 problems, 1 warning`: warnings apart, as `build` and `check` both say."""
    text = counted(errors, "problems")
    return text + f", {counted(warnings, 'warnings')}" if warnings else text
