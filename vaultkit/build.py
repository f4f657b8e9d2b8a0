"""The pipeline, driven once: scan → parse → index → insights → render → write.

`Vault` keeps the parsed notes between builds, so the watcher can swap in a single changed file.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vaultkit import lock
from vaultkit.cache import FOLD_AT, CacheState, IndexCache, Patch, SavedBuild, changed_since, digest
from vaultkit.config import Config, load_config
from vaultkit.dashboard_file import NotOurs, check_dashboard, check_location, check_owner, with_marker
from vaultkit.edit import EditError
from vaultkit.facts import FactsMemo
from vaultkit.index import Index, Links, NoteStore, build_index
from vaultkit.insights import Insights, compute
from vaultkit.intros import Intro, suggest_intros
from vaultkit.memory import collection_paused
from vaultkit.model import Note, Problem
from vaultkit.parallel import meanwhile, parse_all, worth_a_process
from vaultkit.parse import parse_file, read_note
from vaultkit.patch import (
    Change,
    Facts,
    Layout,
    Spliced,
    delta_from_json,
    facts_from_line,
    facts_line,
    facts_of,
    layout_from_json,
    layout_of,
    layout_to_json,
    replay,
    splice,
)
from vaultkit.records import decode, encode
from vaultkit.render import OVERRIDE_DIR, TemplateFailure, render_override, render_packaged
from vaultkit.scan import NoteFilter, Scanned, ScanReport, Stat, file_stat, scan
from vaultkit.ticks import has_ticks, read_ticks, record
from vaultkit.write import (
    ChangedOnDisk,
    OutsideVault,
    Snapshot,
    atomic_write,
    is_inside,
    match_style,
    read_or_none,
    remove_leftovers,
)

DASHBOARD_TEMPLATE = "dashboard.md.j2"
DASHBOARD_RETRIES = 5


class VaultError(Exception):
    """A problem with the vault as a whole (not one note): shown to the user, exit code 2."""


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


def counts_of(insights: Insights) -> dict[str, int]:
    """What the summary line reports (kept in the cache for builds with nothing to do)."""
    counts = {key: len(getattr(insights, key)) for key in COUNTED if key != "people"}
    counts["people"] = insights.people
    counts["errors"] = sum(1 for p in insights.problems if p.severity == "error")
    counts["clippings"] = insights.clippings
    return counts


@dataclass
class BuildResult:
    dashboard: str
    written: bool
    notes: int
    counts: dict[str, int]
    insights: Insights | None = None  # None when the cache showed there was nothing to do
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


def check_vault(root: Path) -> Path:
    if not root.is_dir():
        raise VaultError(f"{root}: no such vault folder; pass the folder that holds your notes")
    return root


class Vault:
    """A vault folder, its config, and its parsed notes."""

    def __init__(self, root: Path, config: Config | None = None, cache: bool = False) -> None:
        self.root = check_vault(root)
        self.config = config if config is not None else load_config(root)
        self.filter = NoteFilter.for_vault(root, self.config)
        self.check_dashboard()
        self.scan_report = ScanReport()
        self.store = NoteStore()
        self.cache = IndexCache(root, self.config) if cache else None
        self.stats: dict[str, Stat | None] = {}  # of each note when it was read, for the cache
        self._loaded = CacheState()  # the cache's records this build used: kept in the next save
        self._parsed: list[Note] = []  # notes parsed by this build, not taken from the cache
        # Read once per build, whether nothing_to_do() or load_all() asks first.
        self._listing: tuple[list[Scanned], dict[str, Stat | None]] | None = None
        self._cached_stats: CacheState | None = None
        self._changes_since: tuple[list[tuple[int, Scanned]] | None] | None = None
        self._cache_contents: CacheState | None = None
        # Notes patch() read (with their stat as read): a full build after it does not read them again.
        self._read_by_patch: dict[str, tuple[Note, Stat | None]] = {}
        # What the last full build showed, and how, kept in the cache for the next build to patch
        # (None when a vault template or the build's own problems make it a dashboard patch.py
        # cannot patch); what a patched build changed, for the cache's journal, and the layout it left.
        self._last_index: Index | None = None
        self._shown: tuple[Index, Insights, str] | None = None
        self._patched: tuple[Patch, Layout] | None = None
        # Reused while no note changes what they depend on (see NoteStore.network_version).
        self._intros: tuple[tuple[int, frozenset[str]], list[Intro]] | None = None
        self._links: tuple[int, Links] | None = None
        self._facts = FactsMemo()

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

    def load_all(self) -> None:
        """Scan and parse every note (a cold start, or a rescan after a burst of changes); with the
        cache, only the notes whose size or time changed are parsed."""
        with collection_paused():
            items, self.stats = self._list()
            cached = self._read_cache()
            # A later load_all (the watcher's rescan) lists the vault and reads the cache anew.
            self._listing = self._cache_contents = None
            self._changes_since = None
            notes, stale = [], []
            for item in items:
                stat = self.stats[item.rel]
                record = cached.records.get(item.rel)
                if record is not None and stat is not None and cached.stats.get(item.rel) == stat:
                    with contextlib.suppress(ValueError):  # a damaged record: parse the file instead
                        notes.append(decode(record, item.rel))
                        continue
                stale.append(item)
            read = self._read_by_patch
            self._read_by_patch = {}
            unread = [item for item in stale if item.rel not in read]
            self._parsed = []
            for note, stat in [read[item.rel] for item in stale if item.rel in read] + parse_all(unread, self.config):
                self._parsed.append(note)
                self.stats[note.path] = stat  # as read: the listing may not have taken it
            self._loaded = cached
            self.store = NoteStore(notes + self._parsed)

    def _list(self) -> tuple[list[Scanned], dict[str, Stat | None]]:
        """The vault's notes and the size and time of each, read once per build."""
        if self._listing is None:
            # Only a cache has stats to compare; notes parsed anyway have theirs taken as they are read.
            compare = self.cache is not None and (self._cached_stats is None or bool(self._cached_stats.stats))
            self.scan_report = ScanReport()
            items = scan(self.root, self.config, stat=compare, report=self.scan_report, notes=self.filter)
            self._listing = (items, {item.rel: item.stat for item in items})
        return self._listing

    def _read_cache(self) -> CacheState:
        """The cache's stats and records, read once per build."""
        if self._cache_contents is None:
            self._cache_contents = self.cache.load(self._cached_stats) if self.cache is not None else CacheState()
        return self._cache_contents

    def save_cache(self, result: BuildResult | None, today: date, background: bool = False) -> None:
        """Remember the notes, and the build when `result` is one that wrote the dashboard (commands
        that only read forget the last build). With `background` (the CLI), a forked process writes
        it, so the command does not wait. Nothing is written when nothing new was parsed."""
        if self.cache is None or (result is None and not self._parsed and self._loaded.stats == self.stats):
            return
        if self._patched is not None and len(self._loaded.journal) + 1 < FOLD_AT:
            self.cache.append(self._loaded, self._patched[0], time.time_ns())  # a line, at once
            return
        if not background or not hasattr(os, "fork"):
            self._write_cache(result, today)
        elif not _forked_writer():
            try:
                self._write_cache(result, today)
            finally:
                os._exit(0)  # the writer ends here, whatever happened

    def _write_cache(self, result: BuildResult | None, today: date) -> None:
        assert self.cache is not None
        if self._patched is not None:  # the journal folded in: its records on top of the saved ones
            self._loaded = self.cache.load(self._loaded)
        records = {rel: record for rel, record in self._loaded.records.items() if rel in self.stats}
        records.update((note.path, encode(note)) for note in self._parsed)
        stats = {rel: stat for rel, stat in self.stats.items() if stat is not None}
        last: dict[str, object] = {}
        saved_build = None
        if result is not None:
            saved_build = self._build_to_save(stats)
            last = {
                "today": today.isoformat(),
                # What this build left, not what is there now: a box ticked since is still to be read.
                "dashboard": result.content,
                "templates": templates_fingerprint(self.root),
                "counts": result.counts,
            }
        self.cache.save(CacheState(stats, records, last), time.time_ns(), saved_build)

    def _build_to_save(self, notes: Iterable[str]) -> SavedBuild | None:
        """The last build's layout and each note's facts, for the next build to patch (patch.py)."""
        assert self.cache is not None
        if self._patched is not None:  # as the patch left them
            lines = self.cache.all_facts(self._loaded)
            try:
                return SavedBuild(*layout_to_json(self._patched[1]), lines) if lines else None
            except ValueError:  # a page not read yet, and the cache saved anew meanwhile
                return None
        if self._shown is None:
            return None
        index, insights, text = self._shown
        layout = layout_of(insights, text, self.config)
        if layout is None:
            return None
        facts = facts_of(index, self.store)
        return SavedBuild(*layout_to_json(layout), {rel: facts_line(rel, facts.get(rel)) for rel in notes})

    def nothing_to_do(self, today: date) -> BuildResult | None:
        """The last build's result when no note, setting, template or date changed since and the
        dashboard is still what it wrote; None otherwise."""
        if self.cache is None:
            return None
        cached = self._cached_stats = self.cache.load_stats()
        last = cached.last_build
        if not last or last.get("today") != today.isoformat() or not isinstance(last.get("counts"), dict):
            return None
        if self._changed(cached) != []:
            return None
        if last.get("dashboard") != digest(read_or_none(self.dashboard_path)):
            return None
        if last.get("templates") != templates_fingerprint(self.root):
            return None
        return BuildResult(self.config.dashboard, False, len(cached.stats), dict(last["counts"]))

    def _changed(self, cached: CacheState) -> list[tuple[int, Scanned]] | None:
        """The notes changed since the cache was saved (see cache.changed_since), found once per build."""
        if self._changes_since is None:
            items, current = self._list()
            self._changes_since = (changed_since(items, current, cached.stats),)
        return self._changes_since[0]

    def refresh(self, rel: str) -> Note | None:
        """Parse one note again, or drop it when it is gone or no longer a note; returns the new note."""
        path = self.root / rel
        if not self.filter.is_note(rel) or not path.is_file() or not is_inside(path, self.root):
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
        # Introductions change with the network, and with a target's first contact.
        version = (self.store.network_version, index.unmet_targets(today))
        cached = self._intros if self._intros is not None and self._intros[0] == version else None
        intros: list[Intro] | Callable[[], list[Intro]] | None = cached[1] if cached else None
        if intros is None and self._intros is None and worth_a_process(len(index.people)):
            # A first build computes everything: find the introductions in a forked process meanwhile.
            # (Later ones, in the watcher, recompute only what changed: there is nothing to overlap.)
            config = self.config
            intros = meanwhile(lambda: suggest_intros(index, config, today))
        problems = [*self.scan_report.problems, *(extra or [])]
        insights = compute(index, self.config, today, problems, intros, self._facts)
        self._intros = (version, insights.intros)
        self._last_index = index
        return insights

    def render(self, insights: Insights) -> tuple[str, Insights, bool]:
        """The dashboard text, and whether the packaged template wrote it; a failing vault template
        falls back to the packaged one and is reported."""
        try:
            text = render_override(self.root, DASHBOARD_TEMPLATE, insights.context(self.config))
        except TemplateFailure as failure:
            insights = insights.with_problem(failure.problem)
            text = None
        if text is not None:
            return with_marker(text), insights, False
        return with_marker(render_packaged(DASHBOARD_TEMPLATE, insights.context(self.config))), insights, True

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
            except (EditError, OutsideVault) as error:
                problems.append(Problem(self.config.dashboard, None, f"a ticked box was not recorded: {error}"))
        changed = list(dict.fromkeys(changed))  # a note ticked on two lines is one note changed
        for rel in changed:
            self.refresh(rel)
        return changed, problems

    def build(self, today: date, write: bool = True) -> BuildResult:
        """Record ticked boxes, compute, render, and write the dashboard if it changed.

        If the dashboard changes while this runs (a box ticked meanwhile), start over rather than
        overwrite it: the new tick is recorded on the next pass.
        """
        for _ in range(DASHBOARD_RETRIES):
            previous = self.read_dashboard() if write else Snapshot(None)
            recorded, problems = self.record_ticks(previous, today) if write else ([], [])
            with collection_paused():
                insights = self.insights(today, problems)
            if not write:
                insights = self.render(insights)[1]
                return BuildResult(self.config.dashboard, False, len(self.store), counts_of(insights), insights)
            try:
                result = self._write(insights, previous, len(self.store))
            except ChangedOnDisk:
                continue
            result.recorded = recorded
            return result
        raise VaultError(f"{self.config.dashboard} kept changing while vaultkit wrote it; run the build again")

    def _write(self, insights: Insights, previous: Snapshot, notes: int) -> BuildResult:
        """Render and write the dashboard unless it changed since `previous` (ChangedOnDisk)."""
        text, insights, packaged = self.render(insights)
        index = self._last_index
        # Only the notes' problems are in the layout: not a tick that could not be recorded.
        patchable = packaged and index is not None and len(insights.problems) == len(index.problems)
        self._shown = (index, insights, text) if patchable and index is not None else None
        result = BuildResult(self.config.dashboard, False, notes, counts_of(insights), insights)
        data = match_style(text, previous.data)
        result.written = atomic_write(self.dashboard_path, data, previous, root=self.root)
        result.content = digest(data)
        return result

    def patch(self, today: date) -> BuildResult | None:
        """A build that replaces, in the last dashboard, the lines of the few notes that changed
        since, when they touch only their own lines (patch.py); None when it takes a full build."""
        state = self._cached_stats
        last = state.last_build if state is not None else {}
        if self.cache is None or state is None or last.get("today") != today.isoformat():
            return None
        if last.get("counts", {}).get("clippings"):
            return None  # Worth sharing reads every person's log and terms: patch.py does not redo it
        if last.get("templates") != templates_fingerprint(self.root):
            return None
        _, current = self._list()
        changed = self._changed(state)
        if changed is None or any(item.stat is None for _, item in changed):
            return None  # a note added or removed, or one that could not be read
        previous = Snapshot.read(self.dashboard_path)
        if previous.data is None or last.get("dashboard") != digest(previous.data):
            return None  # a box ticked, or the dashboard edited
        changes = self._changes(state, changed)
        found = self._spliced(state, previous.data, changes, today) if changes is not None else None
        if changes is None or found is None:
            return None
        layout, spliced = found
        try:
            written = atomic_write(self.dashboard_path, spliced.data, previous, root=self.root)
        except ChangedOnDisk:
            return None
        counts = patched_counts(last.get("counts", {}), layout, spliced.errors)
        content = digest(spliced.data)
        records, stats = {}, {}
        for change in changes:
            rel = change.new.path
            records[rel] = encode(change.new)
            stat = self._read_by_patch[rel][1] or current[rel]
            assert stat is not None  # checked above
            stats[rel] = stat
        self.stats, self._loaded, self._parsed = current, state, [c.new for c in changes]
        self._patched = (Patch(stats, records, last | {"dashboard": content, "counts": counts}, spliced.delta), layout)
        return BuildResult(self.config.dashboard, written, len(current), counts, content=content)

    def _changes(self, state: CacheState, changed: list[tuple[int, Scanned]]) -> list[Change] | None:
        """Each changed note as it was (from the cache) and as it is now; None if one is not cached."""
        assert self.cache is not None
        changes = []
        for row, item in changed:
            record, facts = self.cache.record(state, item.rel, row), self.cache.facts(state, row)
            if record is None or facts is None:
                return None
            try:
                old, known = decode(record, item.rel), facts_from_line(facts, item.rel)
            except ValueError:
                return None
            if (known is None) != (old.person is None):
                return None
            if old.clipping is not None:
                return None
            self._read_by_patch[item.rel] = read_note(item.rel, item.path, self.config)
            new = self._read_by_patch[item.rel][0]
            if new.clipping is not None:
                return None  # a note that became a clipping: Worth sharing may appear
            changes.append(Change(old, new, known or Facts()))
        return changes

    def _spliced(
        self, state: CacheState, data: bytes, changes: list[Change], today: date
    ) -> tuple[Layout, Spliced] | None:
        """The last full build's layout, moved along the patches since and then the changes, and the
        dashboard `data` with them; None when the layout is missing, damaged, of another day or does
        not fit (see patch.splice)."""
        assert self.cache is not None
        saved = self.cache.load_build(state)
        if saved is None:
            return None
        try:
            layout = layout_from_json(*saved)
            if layout.today != today or not all(replay(layout, delta_from_json(p.layout)) for p in state.journal):
                return None
            spliced = splice(layout, data, changes, self.config)
        except (ValueError, TypeError):  # a page that is not what it should be, or keys of other types
            return None
        return (layout, spliced) if spliced is not None else None


def patched_counts(counts: dict[str, int], layout: Layout, errors: int) -> dict[str, int]:
    """The summary's counts after a patch: the counts of the sections it changed, and of errors."""
    sections = layout.counts()
    patched = dict(counts) | {name: sections[name] for name in ("due", "milestones", "problems")}
    patched["errors"] = counts.get("errors", 0) + errors
    return patched


def build(root: Path, today: date, write: bool = True, cache: bool = False, background: bool = False) -> BuildResult:
    """What `vaultkit build` does: from the cache when it can, else from the notes.

    The garbage collector stays paused until the vault is freed: collecting right after the notes
    were made would walk all of them for nothing (most of a second at 50,000 people)."""
    with collection_paused():
        return _build(Vault(root, cache=cache), today, write, background)


def _build(vault: Vault, today: date, write: bool, background: bool) -> BuildResult:
    if write and (quick := vault.nothing_to_do(today)) is not None:
        remove_leftovers(vault.scan_report.leftovers)
        return quick
    result = vault.patch(today) if write else None
    if result is None:
        vault.load_all()
        result = vault.build(today, write)
    if write:
        remove_leftovers(vault.scan_report.leftovers)  # under the write lock: no other writer's file
        vault.save_cache(result, today, background)
    return result


def templates_fingerprint(root: Path) -> str:
    """Name, size and time of each template override: a change to one means a new render."""
    folder = root / OVERRIDE_DIR
    if not folder.is_dir():
        return ""
    return repr(sorted((path.name, file_stat(path)) for path in folder.iterdir() if path.is_file()))


def _forked_writer() -> bool:
    """Fork a process to write the cache: True in the parent, which goes on at once, False in the
    writer. The writer is forked twice so that it never lingers as a zombie of a long-lived parent."""
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return True
    if os.fork():
        os._exit(0)
    # The writer holds nothing of the command's: no lock, and no end of its output pipes.
    lock.forget_inherited()
    devnull = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(devnull, stream)
    return False
