"""`vaultkit watch`: keep the dashboard current while notes change.

The watchdog handler only records which paths changed and wakes the loop. The loop waits for a quiet
period (or at most MAX_WAIT under continuous change), then rebuilds once: each recorded path is judged
by the file system (gone, unchanged since it was parsed, or changed), so editors' atomic saves,
`sed -i`, renames and git checkouts all come down to the same few cases. Only changed notes are parsed
again; the rest of the index stays in memory. The tool's own writes never trigger a rebuild.
"""

from __future__ import annotations

import errno
import gc
import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from vaultkit.dashboard.file import OVERRIDE_DIR
from vaultkit.errors import VaultError
from vaultkit.files import lock, sync
from vaultkit.files.sync import is_cookie
from vaultkit.files.write import read_or_none
from vaultkit.read.config import CONFIG_NAME, ConfigError, load_config
from vaultkit.read.model import Problem
from vaultkit.read.paths import TEMP_SUFFIX
from vaultkit.read.scan import ScanReport, listed
from vaultkit.store import warm
from vaultkit.store.database import Store
from vaultkit.store.save import FullBuild, last_build, save_in_thread
from vaultkit.vault import Vault

if TYPE_CHECKING:
    from vaultkit.result import BuildResult

QUIET = 0.3  # seconds without events that end a burst
MAX_WAIT = 2.0  # rebuild at least this often under continuous change
NAMED = 3  # notes a log line names; the rest are counted
RESCAN_OVER = 1000  # a burst this large (a checkout, a sync) is handled as a full rescan
IGNORED_EVENTS = {"opened", "closed_no_write"}
Log = Callable[[str], None]


class VaultGone(VaultError):
    """The vault folder disappeared: watching ends with an error."""


def is_editor_leftover(name: str) -> bool:
    """vim's `4913` probe and `.swp` files, `~` backups, emacs' `.#` locks and `#…#` autosaves."""
    return name == "4913" or name.endswith(("~", ".swp", ".swx", ".swo", TEMP_SUFFIX)) or name.startswith((".#", "#"))


@dataclass
class Changes:
    """What the handler saw since the last rebuild."""

    paths: set[str] = field(default_factory=set)
    rescan: bool = False
    config: bool = False
    templates: bool = False
    dashboard: bool = False
    cookies: list[str] = field(default_factory=list)  # commands waiting to hear the index is current


class ChangeRecorder(FileSystemEventHandler):
    """Records vault-relative paths of events and wakes the loop; never parses, never raises."""

    def __init__(self, root: Path, dashboard: str, log: Log) -> None:
        self.root = root
        self.dashboard = dashboard
        self.log = log
        self.wake = threading.Event()
        self._lock = threading.Lock()
        self._changes = Changes()

    def take(self) -> Changes:
        with self._lock:
            changes, self._changes = self._changes, Changes()
        return changes

    def cookie_waiting(self) -> bool:
        with self._lock:
            return bool(self._changes.cookies)

    def request_rescan(self) -> None:
        with self._lock:
            self._changes.rescan = True
        self.wake.set()

    def on_any_event(self, event: FileSystemEvent) -> None:
        try:
            if event.event_type in IGNORED_EVENTS:
                return
            paths = [event.src_path, getattr(event, "dest_path", "") or ""]
            with self._lock:
                for raw in paths:
                    if raw:
                        self._record(os.fsdecode(raw), event.is_directory, event.event_type)
            self.wake.set()
        except Exception as error:  # a handler that raises would kill watchdog's thread
            self.log(f"error while recording a change: {error}")

    def _record(self, path: str, is_directory: bool, kind: str) -> None:
        try:
            rel = Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return
        if is_cookie(rel):
            if kind == "created":
                self._changes.cookies.append(path)
            return
        if rel == ".":
            # The root's own "modified" follows a folder moved out of it: it must not undo that rescan.
            if kind in ("deleted", "moved"):
                self._changes.rescan = True
            return
        if rel.startswith(OVERRIDE_DIR + "/"):
            self._changes.templates = True
        elif any(part.startswith(".") for part in rel.split("/")):
            return  # .git/, .obsidian/, .trash/ and other hidden folders
        elif is_directory:
            # A folder moved, deleted or made takes its notes along, with no event for each of them.
            if kind in ("moved", "deleted", "created"):
                self._changes.rescan = True
        elif rel == CONFIG_NAME:
            self._changes.config = True
        elif rel == self.dashboard:
            self._changes.dashboard = True
        elif not is_editor_leftover(rel.rsplit("/", 1)[-1]) and rel.lower().endswith(".md"):
            self._changes.paths.add(rel)


class OverflowWatch(logging.Handler):
    """watchdog only logs an inotify queue overflow; hear it, and rescan."""

    def __init__(self, recorder: ChangeRecorder) -> None:
        super().__init__(logging.WARNING)
        self.recorder = recorder

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self.recorder.request_rescan()


class Watcher:
    """Builds once, then rebuilds on every burst of changes until stopped."""

    def __init__(
        self,
        root: Path,
        today: Callable[[], date],
        log: Log,
        poll: bool = False,
        quiet: bool = False,
        store: bool = True,
    ) -> None:
        self.root = root
        self.today = today
        self.log = log
        self.poll = poll
        self.quiet = quiet
        self.stop_event = threading.Event()
        self.vault = Vault(root)
        self.folder = folder_identity(root)  # the vault it watches: this folder, not whatever is at its path
        self.db: Store | None = None  # the store, also the vault's source of stored notes
        self.recorder = ChangeRecorder(root.resolve(), self.vault.config.dashboard, log)
        self.observer: BaseObserver | None = None
        self.last_dashboard: bytes | None = None
        self.built_for: date | None = None
        self.use_store = store  # keep the index in the store, as `build` does (not with --no-cache)
        self.saving: threading.Thread | None = None
        self.config_problem: Problem | None = None  # a vaultkit.yaml made invalid while watching (SPEC §1)
        self.held: IO[str] | None = None  # the watch lock, once the first build is done

    # the loop

    def run(self) -> None:
        """Watch until stop() (or SIGINT/SIGTERM through the CLI); the vault folder vanishing ends it."""
        with lock.watching(self.root) as held:
            self._start_observer()
            overflow = OverflowWatch(self.recorder)
            logging.getLogger("watchdog").addHandler(overflow)
            try:
                started = time.monotonic()
                self._open_store()  # here: a SQLite connection belongs to the thread that made it
                self._full_load()
                self._rebuild("initial build", started)
                self._store_written()  # commands are told to ask only once the index is written
                self.held = held
                self._say_whether_synced()
                self._loop()
            finally:
                logging.getLogger("watchdog").removeHandler(overflow)
                self._stop_observer()
                self._close_store()

    def _say_whether_synced(self) -> None:
        """Tell commands (through the watch lock's file) whether they may ask this watcher instead of
        listing the vault: only while it keeps the index and hears events in the order they happen."""
        if self.held is not None:
            native = self.observer is not None and not isinstance(self.observer, PollingObserver)
            lock.say(self.held, *([lock.SYNCS] if native and self.db is not None else []))

    def stop(self) -> None:
        self.stop_event.set()
        self.recorder.wake.set()

    def _loop(self) -> None:
        while not self.stop_event.is_set():
            if not self.recorder.wake.wait(timeout=0.5):
                self._guarded(self._health_check)
                continue
            self._settle()
            if self.stop_event.is_set():
                return
            self._guarded(self._apply_changes)

    def _apply_changes(self) -> None:
        changes = self.recorder.take()
        self._apply(changes, time.monotonic())
        if changes.cookies:  # the index has every change heard before them: say so (files/sync.py)
            self._store_written()
            sync.answer(changes.cookies)

    def _guarded(self, step: Callable[[], None]) -> None:
        """Run one step of the loop; only a vanished vault ends it, anything else is logged."""
        try:
            step()
        except VaultGone:
            raise
        except (ConfigError, VaultError, lock.Busy) as error:
            self.log(f"rebuild skipped: {error}")
        except Exception as error:  # the loop outlives any failure; the last good dashboard stays
            self.log(f"rebuild failed, the dashboard was left as it was: {type(error).__name__}: {error}")

    def _settle(self) -> None:
        """Wait for QUIET seconds without events, but no longer than MAX_WAIT in all."""
        first = time.monotonic()
        while not self.stop_event.is_set() and not self.recorder.cookie_waiting():  # a command waits: now
            self.recorder.wake.clear()
            left = MAX_WAIT - (time.monotonic() - first)
            if left <= 0 or not self.recorder.wake.wait(timeout=min(QUIET, left)):
                return

    def _health_check(self) -> None:
        self._check_vault()
        if self.observer is not None and not self.observer.is_alive():
            self.log("the file watcher stopped; restarting it and rescanning the vault")
            self._start_observer()
            self.recorder.request_rescan()
        elif self.today() != self.built_for:
            self._rebuild("a new day", time.monotonic())

    def _check_vault(self) -> None:
        """The vault is still the folder the watch started in (§1): not gone, and not moved away with
        another folder made at its path, which it must never write a dashboard into."""
        now = folder_identity(self.root)
        if now is None:
            self.stop_event.set()
            raise VaultGone(f"{self.root}: the vault folder is gone; watch stopped")
        if now != self.folder:
            self.stop_event.set()
            raise VaultGone(
                f"{self.root}: the vault folder was moved or replaced (another folder is at its path now); "
                "watch stopped without writing there. Run `vaultkit watch` again on the vault where it is now"
            )

    # applying changes

    def _apply(self, changes: Changes, started: float) -> None:
        self._check_vault()
        if changes.config and self._reload_config():
            changes.rescan = True
        whole = changes.rescan or len(changes.paths) > RESCAN_OVER
        summary, changed = (self._rescan(), None) if whole else self._refresh(changes.paths)
        if changes.dashboard and self._dashboard_is_ours():
            changes.dashboard = False
        if changes.rescan or changes.templates or changes.dashboard or changes.config:
            changed = None  # more than notes: a full build
        if summary or changed is None:
            self._rebuild(summary or self._reason(changes), started, changed)

    @staticmethod
    def _reason(changes: Changes) -> str:
        if changes.templates:
            return "templates changed"
        if changes.config:
            return f"{CONFIG_NAME} changed"
        return "dashboard edited"

    def _refresh(self, paths: set[str]) -> tuple[str, list[str] | None]:
        """Parse again the notes whose size or time changed; drop the ones that are gone. Returns what
        to log, and the notes parsed again (None when one was removed: a full build)."""
        changed: list[str] = []
        removed = 0
        for rel in sorted({self.vault.scan_report.listed_as(rel) for rel in paths}):  # heard at the real path
            if self.vault.unchanged(rel):
                continue  # an event without a change, or our own write already parsed
            known = rel in self.vault.stats
            if self.vault.refresh(rel) is None:
                removed += known
            else:
                changed.append(rel)
        return _summary(changed, removed), changed if not removed else None

    def _rescan(self) -> str:
        """List the vault again and parse only what changed on disk."""
        report = ScanReport()
        notes = set(listed(self.root, self.vault.config, stat=False, report=report, notes=self.vault.filter))
        self.vault.scan_report = report  # _refresh stats the notes, and finds them where this listing put them
        gone = set(self.vault.stats) - notes
        for rel in gone:
            self.vault.forget(rel)
        summary, _ = self._refresh(notes)
        return f"rescan: {summary or 'no note changed'}" + (f", {len(gone)} removed" if gone else "")

    def _full_load(self) -> None:
        self.vault.load_all()
        self.vault.remember_contents()
        # The parsed vault lives as long as the watcher: keep the cyclic garbage collector from
        # walking it again at every rebuild (a large vault is a million objects).
        gc.freeze()

    def _warm_build(self, changed: list[str] | None, today: date) -> BuildResult | None:
        db = self.db
        if db is None or not changed:
            return None
        try:
            return warm.after_changes(self.vault, db, changed, today)
        except sqlite3.Error:  # a store damaged meanwhile: the full build below writes it anew
            return None

    def _open_store(self) -> None:
        if self.use_store:
            self.db = Store.open_or_none(self.root, self.vault.config, self.log)
            self.vault.db = self.db
        self._say_whether_synced()

    def _store_written(self) -> None:
        """Wait for the thread writing the store after the last full build, if any."""
        if self.saving is not None:
            self.saving.join()
            self.saving = None
            if self.db is not None:  # the writer may have made the file anew (it was damaged)
                self.db.close()
                self._open_store()

    def _close_store(self) -> None:
        self._store_written()
        if self.db is not None:
            self.db.close()
        self.db = self.vault.db = None

    def _reload_config(self) -> bool:
        """Use the new config if it is valid; keep the last good one otherwise."""
        try:
            config = load_config(self.root)
        except ConfigError as error:
            self.log(f"{error}\nkeeping the last good settings until {CONFIG_NAME} is fixed")
            self.config_problem = config_problem(error)
            return False
        self.config_problem = None
        if config == self.vault.config:
            return False
        store = self.vault.store
        self._close_store()  # the store is keyed by the settings: another one
        self.vault = Vault(self.root, config)
        self.vault.store = store
        self._open_store()
        self.recorder.dashboard = config.dashboard
        self.vault.store.notes.clear()  # every note is parsed again under the new settings
        return True

    def _dashboard_is_ours(self) -> bool:
        current = read_or_none(self.vault.dashboard_path)
        return current is not None and current == self.last_dashboard

    def _rebuild(self, what: str, started: float, changed: list[str] | None = None) -> BuildResult:
        """A warm build from the store when the notes that changed touch only their own people (as
        `vaultkit build` does, without listing the vault), else a full build from the notes in
        memory, whose store a thread then writes."""
        today = self.today()
        with lock.writing(self.root):
            self._check_vault()  # under the lock, right before the build writes: still this vault
            self._store_written()
            result = None if self.config_problem else self._warm_build(changed, today)
            if result is None:
                result = self.vault.build(today, extra=[self.config_problem] if self.config_problem else [])
                if self.db is not None and not self._store_holds(result, today):
                    self.saving = save_in_thread(FullBuild.of(self.vault, result, today))
        self.built_for = today  # notes written for ticked boxes were parsed again as they were written
        self.last_dashboard = read_or_none(self.vault.dashboard_path)
        if not self.quiet:
            self.log(f"{what}; {result.summary()} ({(time.monotonic() - started) * 1000:.0f} ms)")
        return result

    def _store_holds(self, result: BuildResult, today: date) -> bool:
        """Whether the store holds what this full build would write already: every note as it kept
        it, and the same last build (day, dashboard, templates, counts). So it is when the watcher
        starts on a current index: it is not written again (seconds at 50,000 people)."""
        assert self.db is not None
        try:
            same_build = not result.recorded and self.db.meta("last") == last_build(result, self.root, today)
            return same_build and self.db.changed(self.vault.stats) == {}
        except sqlite3.Error:
            return False

    # the observer

    def _start_observer(self) -> None:
        self._stop_observer()
        observer = self._make_observer(self.poll)
        try:
            observer.start()
        except OSError as error:
            if error.errno not in (errno.ENOSPC, errno.EMFILE):
                raise
            self.log(
                f"the system's inotify limit is reached ({error.strerror}); polling instead. To watch natively, "
                "raise it: sudo sysctl fs.inotify.max_user_watches=524288 (and max_user_instances), "
                "or add it to /etc/sysctl.conf"
            )
            observer = self._make_observer(poll=True)
            observer.start()
        self.observer = observer
        self._say_whether_synced()

    def _make_observer(self, poll: bool) -> BaseObserver:
        observer: BaseObserver = PollingObserver(timeout=1.0) if poll else Observer()
        observer.schedule(self.recorder, str(self.root.resolve()), recursive=True)
        return observer

    def _stop_observer(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=1.0)
            self.observer = None


def folder_identity(root: Path) -> tuple[int, int] | None:
    """A folder's device and inode (None when it is gone or no folder): what shows the folder at a
    path is still the one that was there."""
    try:
        info = root.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISDIR(info.st_mode) else None


def config_problem(error: ConfigError) -> Problem:
    """An invalid vaultkit.yaml as a problem under Problems on the dashboard, the line where known."""
    where, _, line = error.path.partition(":")
    message = "; ".join(error.messages)
    return Problem(where, int(line) if line.isdigit() else None, f"{message} (the last good settings are kept)")


def _summary(changed: list[str], removed: int) -> str:
    """`People/Ann.md, People/Bo.md parsed`: up to three notes by name, then `+2 more`."""
    parts = []
    if changed:
        more = f" +{len(changed) - NAMED} more" if len(changed) > NAMED else ""
        parts.append(f"{', '.join(changed[:NAMED])}{more} parsed")
    if removed:
        parts.append(f"{removed} removed")
    return ", ".join(parts)
