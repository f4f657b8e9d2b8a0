"""A vault in memory, and the pipeline run over it: scan → parse → index → insights → render → write.

`Vault` holds a vault's parsed notes and what each stage last computed, keyed by what it depends on,
so the watcher parses a changed note again and runs the stages on the rest as they were. It knows
the store only as `StoredNotes` (records it may reuse for unchanged files): the store sits above it,
and the drivers (build.py, watch.py) decide when to use which.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

from vaultkit.dashboard.file import (
    DASHBOARD_TEMPLATE,
    NotOurs,
    check_dashboard,
    check_location,
    check_owner,
    has_ticks,
    with_marker,
)
from vaultkit.dashboard.render import TemplateFailure, render_override, render_packaged
from vaultkit.dashboard.ticks import FOLLOW_UP_TEXT, Tick, Unrecorded, keep_ticked, read_ticks
from vaultkit.errors import VaultError
from vaultkit.files.edit import EditError, LogLine, insert_log_line
from vaultkit.files.write import ChangedOnDisk, OutsideVault, Snapshot, atomic_write, digest, match_style, read_or_none
from vaultkit.insights.facts import FactsMemo, PersonFacts
from vaultkit.insights.sections import Insights, compute
from vaultkit.insights.trips import TripPlan, trip_plans
from vaultkit.memory import collection_paused
from vaultkit.network.index import Index, Links, NoteStore, build_index
from vaultkit.network.intros import Intro, suggest_intros
from vaultkit.read.config import Config, load_config
from vaultkit.read.locate import check_vault
from vaultkit.read.model import Note, Problem, code
from vaultkit.read.parallel import meanwhile, parse_all, worth_a_process
from vaultkit.read.parse import read_note
from vaultkit.read.paths import is_inside
from vaultkit.read.plain import wikilink
from vaultkit.read.scan import NoteFilter, ScanReport, Stat, file_stat, items_of, listed, recent
from vaultkit.result import BuildResult

DASHBOARD_RETRIES = 5


class StoredNotes(Protocol):
    """What the vault reads of the store (store/database.py's Store): each note's record and stat."""

    def has_notes(self) -> bool: ...
    def stats(self) -> dict[str, Stat]: ...
    def notes(self) -> Iterator[Note]: ...


class Vault:
    """A vault folder, its config, its parsed notes, and the stages' last results."""

    def __init__(self, root: Path, config: Config | None = None, db: StoredNotes | None = None) -> None:
        self.root = check_vault(root)
        self.config = config if config is not None else load_config(root)
        self.filter = NoteFilter.for_vault(root, self.config)
        self.check_dashboard()
        self.db = db  # the store's notes, reused for unchanged files; the watcher keeps its notes in memory
        self.scan_report = ScanReport()
        self.store = NoteStore()
        self.stats: dict[str, Stat | None] = {}  # of each note as it was read
        self.contents: dict[str, str | None] = {}  # digests of notes read moments after they changed
        self._listed: dict[str, Stat | None] | None = None
        # Each stage's last result, with what it depends on (see NoteStore.network_version).
        self._links: tuple[int, Links] | None = None
        self._intros: tuple[tuple[int, frozenset[str]], list[Intro]] | None = None
        self.facts = FactsMemo()
        self.last_index: Index | None = None
        self.last_plans: list[TripPlan] = []  # the coming trips the last insights() found

    @property
    def dashboard_path(self) -> Path:
        return self.root / self.config.dashboard

    def check_dashboard(self) -> None:
        """VaultError when the dashboard path leads outside the vault or holds a note (SPEC §5)."""
        try:
            check_dashboard(self.root, self.config.dashboard)
        except NotOurs as error:
            raise VaultError(str(error)) from None

    def read_dashboard(self) -> Snapshot:
        """The dashboard as it is now, to be replaced: VaultError if it is not vaultkit's to replace
        (checked again at every build: a note may be saved at its path while `watch` runs)."""
        try:
            check_location(self.root, self.config.dashboard)
            previous = Snapshot.read(self.dashboard_path)
            check_owner(self.config.dashboard, previous.data)
        except NotOurs as error:
            raise VaultError(str(error)) from None
        return previous

    # scan → parse

    def listed(self) -> dict[str, Stat | None]:
        """The vault's notes with their stats (scan.listed), listed once per build."""
        if self._listed is None:
            self.scan_report = ScanReport()
            stat = self.db is not None and self.db.has_notes()  # else read_note takes them as it reads
            self._listed = listed(self.root, self.config, stat=stat, report=self.scan_report, notes=self.filter)
        return self._listed

    def use_listed(self, found: dict[str, Stat | None], report: ScanReport) -> None:
        """The listing the caller took already, for this build."""
        self._listed, self.scan_report = found, report

    def load_all(self) -> None:
        """Every note: from the store when its size and time are the store's, else parsed (on every
        core for a large vault). A later call (the watcher's rescan) lists the vault anew."""
        with collection_paused():
            found, self._listed = self.listed(), None
            stored = self._stored_notes(found)
            unread = {rel: stat for rel, stat in found.items() if rel not in stored}
            fresh = parse_all(items_of(self.root, unread), self.config)
            self.stats = found | {note.path: stat for note, stat in fresh}
            self.store = NoteStore([*stored.values(), *(note for note, _ in fresh)])

    def _stored_notes(self, found: dict[str, Stat | None]) -> dict[str, Note]:
        """The notes the store holds as they are on disk now (none when a record is damaged)."""
        if self.db is None:
            return {}
        try:
            same = {path for path, stat in self.db.stats().items() if found.get(path) == stat}
            return {note.path: note for note in self.db.notes() if note.path in same}
        except (ValueError, sqlite3.Error):
            return {}

    def refresh(self, rel: str) -> Note | None:
        """Parse one note again, or drop it when it is gone or no longer a note; returns the new note."""
        path = self.root / rel
        if not self.filter.is_note(rel) or not path.is_file() or not is_inside(path, self.root):
            self.forget(rel)
            return None
        note, self.stats[rel] = read_note(rel, path, self.config)
        self.store.put(note)
        self._remember_content(rel)
        return note

    def forget(self, rel: str) -> None:
        """A note gone from the vault."""
        self.store.remove(rel)
        self.stats.pop(rel, None)
        self.contents.pop(rel, None)

    def unchanged(self, rel: str) -> bool:
        """Whether a note is as it was read: the same size and time and, for a time too fresh to trust
        (scan.recent), the same content."""
        if rel not in self.stats:
            return False
        now = file_stat(self.root / rel)
        if now is None or now != self.stats[rel]:
            return False
        return not recent(now) or self.contents.get(rel) == self._content(rel)

    def remember_contents(self) -> None:
        """The content of each note whose time is too fresh to trust, as it is now (after load_all:
        what `unchanged` compares the next change with; refresh does it note by note)."""
        for rel in self.stats:
            self._remember_content(rel)

    def _remember_content(self, rel: str) -> None:
        if recent(self.stats.get(rel)):
            self.contents[rel] = self._content(rel)
        else:
            self.contents.pop(rel, None)

    def _content(self, rel: str) -> str | None:
        return digest(read_or_none(self.root / rel))

    # index → insights

    def index(self) -> Index:
        version = self.store.network_version
        links = self._links[1] if self._links is not None and self._links[0] == version else None
        index = build_index(self.store, self.config, links)
        self._links = (version, index.links)
        self.last_index = index
        return index

    def insights(self, today: date, extra: list[Problem] | None = None) -> Insights:
        index = self.index()
        # Introductions change with the network, and with a target's first contact.
        version = (self.store.network_version, index.unmet_targets(today))
        intros = self._intros[1] if self._intros is not None and self._intros[0] == version else None
        found: list[Intro] | Callable[[], list[Intro]] | None = intros
        if intros is None and self._intros is None and worth_a_process(len(index.people)):
            # A first build computes everything: find the introductions in a forked process meanwhile.
            # (Later ones, in the watcher, recompute only what changed: there is nothing to overlap.)
            config = self.config
            found = meanwhile(lambda: suggest_intros(index, config, today))
        problems = [*self.scan_report.problems, *(extra or [])]
        self.last_plans = trip_plans(index, self.config, today)
        insights = compute(index, self.config, today, self.last_plans, problems, found, self.facts)
        self._intros = (version, insights.items("intros"))
        return insights

    def person_facts(self, today: date) -> dict[str, PersonFacts]:
        """Each person's facts as the last insights() found them (remembered: no work again)."""
        assert self.last_index is not None
        return self.facts.facts(self.last_index, self.config, today)

    # render → write

    def render(self, insights: Insights) -> tuple[str, Insights]:
        """The dashboard text; a failing vault template falls back to the packaged one and is reported."""
        try:
            text = render_override(self.root, DASHBOARD_TEMPLATE, insights.context(self.config))
        except TemplateFailure as failure:
            insights = insights.with_problem(failure.problem)
            text = None
        if text is None:
            text = render_packaged(DASHBOARD_TEMPLATE, insights.context(self.config))
        return with_marker(text), insights

    def template_problems(self, insights: Insights) -> list[Problem]:
        """What rendering the vault's own dashboard template reports (nothing for the packaged one)."""
        try:
            render_override(self.root, DASHBOARD_TEMPLATE, insights.context(self.config))
        except TemplateFailure as failure:
            return [failure.problem]
        return []

    def write(self, insights: Insights, previous: Snapshot, notes: int, kept: Sequence[Unrecorded] = ()) -> BuildResult:
        """Render and write the dashboard unless it changed since `previous` (ChangedOnDisk); the
        ticked lines that could not be recorded stay ticked on it (`kept`)."""
        text, insights = self.render(insights)
        if kept:
            text = keep_ticked(text, [(tick.heading, tick.line) for tick in kept])
        data = match_style(text, previous.data)
        written = atomic_write(self.dashboard_path, data, previous, root=self.root)
        return BuildResult(self.config.dashboard, written, notes, insights.counts(), insights, content=digest(data))

    def record_ticks(self, dashboard: Snapshot, today: date) -> tuple[list[str], list[Unrecorded]]:
        """Record what the ticked boxes of the dashboard say; returns the notes changed, and the
        ticked lines that could not be recorded (never dropped: SPEC §5)."""
        text = dashboard.text()
        if not has_ticks(text):
            return [], []
        index = self.index()
        changed: list[str] = []
        ticks, unrecorded = read_ticks(text, index)
        for tick in ticks:
            try:
                changed.extend(record_tick(tick, index, self.root, today))
            except (EditError, OutsideVault) as error:
                unrecorded.append(Unrecorded(tick.heading, tick.line, str(error)))
        changed = list(dict.fromkeys(changed))  # a note ticked on two lines is one note changed
        for rel in changed:
            self.refresh(rel)
        return changed, unrecorded

    def unrecorded_problem(self, tick: Unrecorded) -> Problem:
        message = f"a ticked box was not recorded: {code(tick.line.strip())}: {tick.reason}"
        return Problem(self.config.dashboard, None, f"{message}; correct it or untick it (it stays ticked until then)")

    def build(self, today: date, write: bool = True, extra: Sequence[Problem] = ()) -> BuildResult:
        """Record ticked boxes, compute, render, and write the dashboard if it changed.

        If the dashboard changes while this runs (a box ticked meanwhile), start over rather than
        overwrite it: the new tick is recorded on the next pass."""
        for _ in range(DASHBOARD_RETRIES):
            previous = self.read_dashboard() if write else Snapshot(None)
            recorded, kept = self.record_ticks(previous, today) if write else ([], [])
            with collection_paused():
                insights = self.insights(today, [*extra, *(self.unrecorded_problem(tick) for tick in kept)])
            if not write:
                insights = self.render(insights)[1]
                return BuildResult(self.config.dashboard, False, len(self.store), insights.counts(), insights)
            try:
                result = self.write(insights, previous, len(self.store), kept)
            except ChangedOnDisk:
                continue
            result.recorded = recorded
            return result
        raise VaultError(f"{self.config.dashboard} kept changing while vaultkit wrote it; run the build again")


def record_tick(tick: Tick, index: Index, root: Path, today: date) -> list[str]:
    """Write what a ticked box records into the notes (SPEC §5); returns the paths changed. Recording
    is idempotent (an identical log line is never added twice), so a build stopped between recording
    and rewriting the dashboard records nothing twice when run again."""
    if tick.kind == "follow-up":
        entries = [(tick.people[0], LogLine(today, FOLLOW_UP_TEXT))]
    elif tick.kind == "share":
        entries = [(tick.people[0], LogLine(today, f"Sent [[{tick.clipping}]] #gave"))]
    else:
        one, other = tick.people
        # ticks.py leaves a name that cannot be a link unrecorded (read/plain.py's wikilink)
        entries = [
            (one, LogLine(today, f"Introduced to {wikilink(other)} #intro")),
            (other, LogLine(today, f"Introduced to {wikilink(one)} #intro")),
        ]
    changed = []
    for name, entry in entries:
        path = index.people[name].path
        if insert_log_line(root / path, entry, once=True, root=root):
            changed.append(path)
    return changed
