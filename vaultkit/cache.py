"""A persistent index cache, so a warm build parses only the notes that changed.

Each note is kept as a JSON record (see records.py), one per line of the records file in the order
of the stats file (so a build finds a record without parsing the others), with the size and
modification time of the file it came from; an entry is used only while both still match. The whole
cache is keyed by vaultkit's version, the config and the vault's path. It lives in the user's cache
folder, never in the vault (so it is never committed), and it is JSON, which cannot run code when
loaded: a vault or a cache may come from someone else. A missing, corrupt, truncated or foreign cache
is ignored and rebuilt.

It also remembers the last dashboard written: when no note, setting, template or date changed and the
dashboard is still what vaultkit wrote, a build has nothing to do. A third file keeps where that
dashboard shows each item, and what the build found about each note from the others (patch.py), so
that a build after a small change replaces a few lines instead of reading every note; a fourth holds
where each line of the other two starts. Such a build does not rewrite the cache: it appends what it
changed to a journal, which the next full save folds in.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import struct
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit import __version__
from vaultkit.config import Config
from vaultkit.records import json_line
from vaultkit.scan import Scanned, Stat
from vaultkit.userdirs import cache_dir, vault_key
from vaultkit.write import atomic_write

FORMAT = 8
FOLD_AT = 8  # patches in the journal before a patched build saves the whole cache anew (each build reads them)
OFFSET = struct.Struct("<Q")


def digest(data: bytes | None) -> str | None:
    """A file's fingerprint (SHA-256, which most current processors compute in hardware)."""
    return hashlib.sha256(data).hexdigest()[:32] if data is not None else None


UNSURE = -1  # the time kept for a note read too soon after it changed: it matches no file, so it is read again
RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same clock tick


def recent(stat: Stat | None, now_ns: int | None = None) -> bool:
    """Whether a file's time is too fresh to trust: a second change could hide in the same tick
    (file systems with coarse clocks), so size and time alone do not show it is unchanged."""
    return stat is not None and (now_ns if now_ns is not None else time.time_ns()) - stat[1] < RACY_NS


def trusted(stats: dict[str, Stat], now_ns: int) -> dict[str, Stat]:
    """Stats as the cache keeps them: a note changed in the last moments could change again within
    the same clock tick unseen, so it gets a time that matches no file (UNSURE) and is read again."""
    return {rel: st if not recent(st, now_ns) else (st[0], UNSURE) for rel, st in stats.items()}


@dataclass(frozen=True)
class Patch:
    """What a patched build changed (an entry of the journal): notes' stats and records, the last
    build's summary, and how the dashboard's layout moved (patch.Delta, as JSON)."""

    stats: dict[str, Stat]
    records: dict[str, bytes]
    last_build: dict[str, Any]
    layout: Any


@dataclass(frozen=True)
class SavedBuild:
    """What a full build leaves for the next one to patch (patch.py): the dashboard's layout and the
    texts of its pages of keys, and each note's facts as JSON text."""

    layout: dict[str, Any]
    pages: list[str]
    facts: dict[str, bytes]


@dataclass
class CacheState:
    """What the cache holds: each note's stat and record, and the last dashboard build."""

    stats: dict[str, Stat] = field(default_factory=dict)
    records: dict[str, bytes] = field(default_factory=dict)  # JSON text of each record
    last_build: dict[str, Any] = field(default_factory=dict)
    token: str = ""  # written in every file of one save: files of different saves are not used together
    journal: list[Patch] = field(default_factory=list)  # patches since that save, already applied above


class IndexCache:
    """The cache of one vault under one config: a small file of stats (enough to see that nothing
    changed), a larger one of note records, read only when something did, the last build's layout
    and facts, the offsets of their lines, and a journal of patches."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root.resolve()
        self.key = {"format": FORMAT, "vaultkit": __version__, "config": config.fingerprint(), "vault": str(self.root)}
        folder = cache_dir() / "index"
        name = vault_key(root)
        self.stats_path = folder / f"{name}.stats.json"
        self.records_path = folder / f"{name}.notes.jsonl"
        self.build_path = folder / f"{name}.build.jsonl"
        self.offsets_path = folder / f"{name}.offsets"
        self.journal_path = folder / f"{name}.journal.jsonl"

    def _ours(self, data: object, token: str | None) -> bool:
        """Written by this vaultkit for this vault and config (and by the save of `token`, if given)."""
        return isinstance(data, dict) and data.get("key") == self.key and (token is None or data.get("token") == token)

    def _our_header(self, line: bytes, state: CacheState) -> bool:
        """Whether a file's first line says it is of the save `state` came from (ValueError if not JSON)."""
        return self._ours(json.loads(line), state.token)

    def load_stats(self) -> CacheState:
        """Stats and the last build, with the journal's patches applied; empty when the file is
        missing, damaged or not ours."""
        try:
            data = json.loads(self.stats_path.read_bytes())
            if not self._ours(data, None):
                return CacheState()
            stats = {rel: (int(size), int(mtime)) for rel, (size, mtime) in data["stats"].items()}
            last = data.get("last_build")
            state = CacheState(stats, {}, last if isinstance(last, dict) else {}, str(data["token"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return CacheState()
        for patch in self._journal(state):
            state.stats.update(patch.stats)
            state.last_build = patch.last_build
            state.journal.append(patch)
        return state

    def _journal(self, state: CacheState) -> list[Patch]:
        """The journal's patches of this save, in order, up to the first damaged one."""
        try:
            lines = self.journal_path.read_bytes().split(b"\n")
        except OSError:
            return []
        patches = []
        for line in lines:
            try:
                entry = json.loads(line) if line else None
                if not isinstance(entry, dict) or entry.get("token") != state.token:
                    continue  # a patch of an earlier save, written while the cache was saved anew
                patch = Patch(
                    {str(rel): (int(size), int(mtime)) for rel, (size, mtime) in entry["stats"].items()},
                    {str(rel): record.encode("utf-8") for rel, record in entry["records"].items()},
                    dict(entry["last_build"]),
                    entry["layout"],
                )
            except (ValueError, TypeError, KeyError, AttributeError):
                break  # a torn or damaged line: the patches after it depend on it
            if not patch.stats.keys() <= state.stats.keys():
                break
            patches.append(patch)
        return patches

    def load(self, stats: CacheState | None = None) -> CacheState:
        """Stats and records, for the notes whose record is there and matches the stats file;
        `stats` when load_stats() was already read for this build."""
        state = stats if stats is not None else self.load_stats()
        try:
            lines = self.records_path.read_bytes().split(b"\n") if state.token else []
            ours = bool(lines) and self._our_header(lines[0], state)
        except (OSError, ValueError):
            ours = False
        if not ours or len(lines) != len(state.stats) + 1:
            return CacheState(last_build=state.last_build)
        state.records = dict(zip(state.stats, lines[1:], strict=True))
        for patch in state.journal:
            state.records.update(patch.records)
        return state

    def record(self, state: CacheState, rel: str, row: int) -> bytes | None:
        """One note's record, without reading the others'; `row`: its place in the stats."""
        for patch in reversed(state.journal):
            if rel in patch.records:
                return patch.records[rel]
        return self._line(state, self.records_path, row)

    def facts(self, state: CacheState, row: int) -> bytes | None:
        """What the last full build found about one note (patch.Facts, as JSON)."""
        return self._line(state, self.build_path, len(state.stats) + 1 + row)

    def _line(self, state: CacheState, path: Path, row: int) -> bytes | None:
        """A line of a file of one line per note (after its head lines), found by the offsets file;
        None when a file is missing, damaged or of another save. The caller checks it is the note's."""
        try:
            with self.offsets_path.open("rb") as offsets:
                if offsets.read(len(state.token) + 1) != f"{state.token}\n".encode():
                    return None
                offsets.seek(len(state.token) + 1 + OFFSET.size * row)
                start, end = struct.unpack("<2Q", offsets.read(2 * OFFSET.size))
            with path.open("rb") as lines:
                if not self._our_header(lines.readline(), state) or not 0 < start < end:
                    return None
                lines.seek(start)
                return lines.read(end - 1 - start)
        except (OSError, ValueError, struct.error):
            return None

    def all_facts(self, state: CacheState) -> dict[str, bytes]:
        """Every note's facts as the last full build saved them (patched builds do not change them)."""
        try:
            lines = self.build_path.read_bytes().split(b"\n")
            if len(lines) < len(state.stats) + 2 or not self._our_header(lines[0], state):
                return {}
        except (OSError, ValueError):
            return {}
        return dict(zip(state.stats, lines[len(lines) - len(state.stats) :], strict=True))

    def load_build(self, state: CacheState) -> tuple[Any, Callable[[int], str]] | None:
        """The last full build's layout as saved with these stats (see patch.py), and what reads its
        pages of keys (each read when needed, from the file as it is then: ValueError if it is not
        this save's any more); None when there is none."""
        try:
            with self.build_path.open("rb") as lines:
                if not self._our_header(lines.readline(), state):
                    return None
                data = json.loads(lines.readline())
                first = lines.tell()
            layout, spans = data["layout"], [(int(start), int(end)) for start, end in data["pages"]]
        except (OSError, ValueError, TypeError, KeyError):
            return None

        def page(number: int) -> str:
            try:
                start, end = spans[number]
                with self.build_path.open("rb") as lines:
                    if not self._our_header(lines.readline(), state):
                        raise ValueError("the cache was saved anew")
                    lines.seek(first + start)
                    return lines.read(end - start).decode("utf-8")
            except (OSError, IndexError, UnicodeDecodeError) as error:
                raise ValueError(f"no saved page {number}: {error}") from error

        return layout, page

    def save(self, state: CacheState, now_ns: int, build: SavedBuild | None = None) -> None:
        """Write the files atomically, the stats last (see trusted() for the notes changed in the
        last moments). `build`: what the next build needs to patch this one, if anything."""
        stats = {rel: st for rel, st in trusted(state.stats, now_ns).items() if rel in state.records}
        token = secrets.token_hex(8)
        header = json_line({"key": self.key, "token": token})
        records, record_offsets = _numbered([header], [state.records[rel] for rel in stats])
        facts_offsets = [0] * (len(stats) + 1)
        if build is not None:
            pages = [page.encode("utf-8") for page in build.pages]
            spans, at = [], 0
            for page in pages:
                spans.append((at, at + len(page)))
                at += len(page) + 1
            head = [header, json_line({"layout": build.layout, "pages": spans}), *pages]
            facts, facts_offsets = _numbered(head, [build.facts.get(rel) or json_line([rel]) for rel in stats])
        offsets = f"{token}\n".encode() + b"".join(map(OFFSET.pack, record_offsets + facts_offsets))
        with contextlib.suppress(OSError):
            atomic_write(self.records_path, records, guard=False)
            if build is not None:
                atomic_write(self.build_path, facts, guard=False)
            else:
                self.build_path.unlink(missing_ok=True)
            atomic_write(self.offsets_path, offsets, guard=False)
            self.journal_path.unlink(missing_ok=True)
            stats_file = {"key": self.key, "token": token, "stats": stats, "last_build": state.last_build}
            atomic_write(self.stats_path, json_line(stats_file), guard=False)

    def append(self, state: CacheState, patch: Patch, now_ns: int) -> None:
        """Add a patched build to the journal of the save `state` came from."""
        entry = {
            "token": state.token,
            "stats": trusted(patch.stats, now_ns),
            "records": {rel: record.decode("utf-8") for rel, record in patch.records.items()},
            "last_build": patch.last_build,
            "layout": patch.layout,
        }
        line = json_line(entry) + b"\n"
        with contextlib.suppress(OSError):
            journal = os.open(self.journal_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                while line:
                    line = line[os.write(journal, line) :]
            finally:
                os.close(journal)


def _numbered(head: list[bytes], lines: list[bytes]) -> tuple[bytes, list[int]]:
    """The head's lines and then `lines`, joined; and where each of `lines` starts (and one past the end)."""
    offsets, at = [], sum(len(line) + 1 for line in head)
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    offsets.append(at)
    return b"\n".join(head + lines), offsets


def changed_since(
    items: list[Scanned], current: dict[str, Stat | None], cached: dict[str, Stat]
) -> list[tuple[int, Scanned]] | None:
    """The listed notes (`items`, and their stats by path) whose size or time is not the cache's,
    each with its row in the cache (the order of its files); None when a note was added or removed."""
    if list(current) == list(cached):  # listed in the order they were saved: compare stats side by side
        return [(row, items[row]) for row in differing(list(current.values()), list(cached.values()))]
    if current.keys() != cached.keys():
        return None
    listed = {item.rel: item for item in items}
    return [(row, listed[rel]) for row, (rel, stat) in enumerate(cached.items()) if current[rel] != stat]


def differing(ours: Sequence[object], theirs: Sequence[object]) -> list[int]:
    """The rows where two lists of the same length differ, found by halving: an equal stretch is
    compared at C speed, so a few changes among thousands of notes cost about one comparison each."""
    found: list[int] = []
    pending = [(0, len(ours))]
    while pending:
        low, high = pending.pop()
        if ours[low:high] == theirs[low:high]:
            continue
        if high - low <= 8:
            found.extend(row for row in range(low, high) if ours[row] != theirs[row])
        else:
            middle = (low + high) // 2
            pending += [(middle, high), (low, middle)]
    return sorted(found)
