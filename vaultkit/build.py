"""The pipeline, driven once: scan → parse → index → insights → render → write.

`Vault` keeps the parsed notes between builds, so the watcher can swap in a single changed file.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vaultkit.config import Config, load_config
from vaultkit.edit import EditError
from vaultkit.index import Index, Links, NoteStore, build_index
from vaultkit.insights import Insights, compute
from vaultkit.intros import Intro
from vaultkit.model import Note, Problem
from vaultkit.parallel import parse_all
from vaultkit.parse import parse_file
from vaultkit.render import TemplateFailure, render_override, render_packaged
from vaultkit.scan import NoteFilter, scan
from vaultkit.ticks import has_ticks, read_ticks, record
from vaultkit.write import ChangedOnDisk, Snapshot, atomic_write, match_style

DASHBOARD_TEMPLATE = "dashboard.md.j2"
DASHBOARD_RETRIES = 5


class VaultError(Exception):
    """A problem with the vault as a whole (not one note): shown to the user, exit code 2."""


@dataclass
class BuildResult:
    insights: Insights
    dashboard: str
    written: bool
    notes: int
    recorded: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.insights.problems if p.severity == "error"]

    def summary(self) -> str:
        i = self.insights
        state = "updated" if self.written else "unchanged"
        if self.recorded:
            state += f" (recorded ticked boxes in {len(self.recorded)} notes)"
        counts = [
            f"{i.people} people",
            f"{len(i.due)} due",
            f"{len(i.milestones)} milestones",
            f"{len(i.intros)} intros",
            f"{len(i.paths)} paths",
            f"{len(i.problems)} problems",
        ]
        return f"{self.dashboard} {state}: " + ", ".join(counts)


@contextmanager
def collection_paused() -> Iterator[None]:
    """Parsing makes hundreds of thousands of small objects without cycles; the cyclic garbage
    collector would walk the growing heap again and again for nothing. Pause it, then let it run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_vault(root: Path) -> Path:
    if not root.is_dir():
        raise VaultError(f"{root}: no such vault folder; pass the folder that holds your notes")
    return root


class Vault:
    """A vault folder, its config, and its parsed notes."""

    def __init__(self, root: Path, config: Config | None = None) -> None:
        self.root = check_vault(root)
        self.config = config if config is not None else load_config(root)
        self.filter = NoteFilter(self.config)
        self.store = NoteStore()
        # Reused while no note changes what they depend on (see NoteStore.network_version).
        self._intros: tuple[int, list[Intro]] | None = None
        self._links: tuple[int, Links] | None = None

    @property
    def dashboard_path(self) -> Path:
        return self.root / self.config.dashboard

    def load_all(self) -> None:
        """Scan and parse every note (a cold start, or a rescan after a burst of changes)."""
        with collection_paused():
            self.store = NoteStore(parse_all(scan(self.root, self.config), self.config))

    def refresh(self, rel: str) -> Note | None:
        """Parse one note again, or drop it when it is gone or no longer a note; returns the new note."""
        path = self.root / rel
        if not self.filter.is_note(rel) or not path.is_file():
            self.store.remove(rel)
            return None
        note = parse_file(rel, path, self.config)
        self.store.put(note)
        return note

    def index(self) -> Index:
        version = self.store.network_version
        links = self._links[1] if self._links is not None and self._links[0] == version else None
        index = build_index(self.store, self.config, links)
        self._links = (version, index.links)
        return index

    def insights(self, today: date, extra: list[Problem] | None = None) -> Insights:
        index = self.index()
        version = self.store.network_version
        cached = self._intros if self._intros is not None and self._intros[0] == version else None
        insights = compute(index, self.config, today, extra, cached[1] if cached else None)
        self._intros = (version, insights.intros)
        return insights

    def render(self, insights: Insights) -> tuple[str, Insights]:
        """The dashboard text; a failing vault template falls back to the packaged one and is reported."""
        try:
            text = render_override(self.root, DASHBOARD_TEMPLATE, insights.context(self.config))
        except TemplateFailure as failure:
            insights = insights.with_problem(failure.problem)
            text = None
        if text is None:
            text = render_packaged(DASHBOARD_TEMPLATE, insights.context(self.config))
        return text, insights

    def record_ticks(self, dashboard: Snapshot, today: date) -> tuple[list[str], list[Problem]]:
        """Record what the ticked boxes of the dashboard say; returns the notes changed and problems."""
        text = dashboard.data.decode("utf-8", errors="replace") if dashboard.data is not None else ""
        if not has_ticks(text):
            return [], []
        index = self.index()
        changed: list[str] = []
        problems: list[Problem] = []
        for tick in read_ticks(text, index):
            try:
                changed.extend(record(tick, index, self.root, today))
            except EditError as error:
                problems.append(Problem(self.config.dashboard, None, f"a ticked box was not recorded: {error}"))
        for rel in changed:
            self.refresh(rel)
        return changed, problems

    def build(self, today: date, write: bool = True) -> BuildResult:
        """Record ticked boxes, compute, render, and write the dashboard if it changed.

        If the dashboard changes while this runs (a box ticked meanwhile), start over rather than
        overwrite it: the new tick is recorded on the next pass.
        """
        for _ in range(DASHBOARD_RETRIES):
            previous = Snapshot.read(self.dashboard_path)
            recorded, problems = self.record_ticks(previous, today) if write else ([], [])
            with collection_paused():
                insights = self.insights(today, problems)
            text, insights = self.render(insights)
            if not write:
                return BuildResult(insights, self.config.dashboard, False, len(self.store))
            try:
                written = atomic_write(self.dashboard_path, match_style(text, previous.data), previous)
            except ChangedOnDisk:
                continue
            return BuildResult(insights, self.config.dashboard, written, len(self.store), recorded)
        raise VaultError(f"{self.config.dashboard} kept changing while vaultkit wrote it; run the build again")


def build(root: Path, today: date, write: bool = True) -> BuildResult:
    """Build a vault from scratch: what `vaultkit build` does."""
    vault = Vault(root)
    vault.load_all()
    return vault.build(today, write)
