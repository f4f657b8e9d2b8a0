"""A persistent index cache, so a warm build parses only the notes that changed.

Each note is kept as a JSON record (see records.py) with the size and modification time of the file
it came from; an entry is used only while both still match. The whole cache is keyed by vaultkit's
version, the config and the vault's path. It lives in the user's cache folder, never in the vault (so
it is never committed), and it is JSON, which cannot run code when loaded: a vault or a cache may come
from someone else. A missing, corrupt, truncated or foreign cache is ignored and rebuilt.

It also remembers the last dashboard written: when no note, setting, template or date changed and the
dashboard is still what vaultkit wrote, a build has nothing to do.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit import __version__
from vaultkit.config import Config
from vaultkit.records import Record
from vaultkit.userdirs import cache_dir, vault_key
from vaultkit.write import atomic_write

FORMAT = 1
Stat = tuple[int, int]


def file_stat(path: Path) -> Stat | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


def digest(data: bytes | None) -> str | None:
    return hashlib.blake2b(data, digest_size=16).hexdigest() if data is not None else None


RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same clock tick


def recent(stat: Stat | None, now_ns: int | None = None) -> bool:
    """Whether a file's time is too fresh to trust: a second change could hide in the same tick
    (file systems with coarse clocks), so size and time alone do not show it is unchanged."""
    return stat is not None and (now_ns if now_ns is not None else time.time_ns()) - stat[1] < RACY_NS


@dataclass
class CacheState:
    """What the cache holds: each note's stat and record, and the last dashboard build."""

    stats: dict[str, Stat] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    last_build: dict[str, Any] = field(default_factory=dict)


class IndexCache:
    """The cache of one vault under one config: a small file of stats (enough to see that nothing
    changed) and a larger one of note records, read only when something did."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root.resolve()
        self.key = {"format": FORMAT, "vaultkit": __version__, "config": config.fingerprint(), "vault": str(self.root)}
        folder = cache_dir() / "index"
        self.stats_path = folder / f"{vault_key(root)}.stats.json"
        self.records_path = folder / f"{vault_key(root)}.notes.json"

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("key") == self.key else None

    def load_stats(self) -> CacheState:
        """Stats and the last build; empty when the file is missing, damaged or not ours."""
        data = self._read(self.stats_path)
        try:
            if data is None:
                return CacheState()
            stats = {rel: (int(size), int(mtime)) for rel, (size, mtime) in data["stats"].items()}
            last = data.get("last_build")
            return CacheState(stats, {}, last if isinstance(last, dict) else {})
        except (ValueError, TypeError, KeyError, AttributeError):
            return CacheState()

    def load(self, stats: CacheState | None = None) -> CacheState:
        """Stats and records, for the notes whose record is there and matches the stats file;
        `stats` when load_stats() was already read for this build."""
        state = stats if stats is not None else self.load_stats()
        data = self._read(self.records_path) if state.stats else None
        if data is None or data.get("stats_digest") != self._stats_digest(state.stats):
            return CacheState(last_build=state.last_build)
        records = data.get("records")
        if not isinstance(records, dict):
            return CacheState(last_build=state.last_build)
        state.records = {rel: record for rel, record in records.items() if isinstance(record, list)}
        return state

    @staticmethod
    def _stats_digest(stats: dict[str, Stat]) -> str:
        return hashlib.blake2b(json.dumps(sorted(stats.items())).encode(), digest_size=16).hexdigest()

    def save(self, state: CacheState, now_ns: int) -> None:
        """Write both files atomically. Notes changed in the last moments are left out (they could
        change again within the same clock tick unseen), so they are parsed again next time."""
        stats = {rel: st for rel, st in state.stats.items() if not recent(st, now_ns) and rel in state.records}
        records = {rel: state.records[rel] for rel in stats}
        with contextlib.suppress(OSError):
            digest_of_stats = self._stats_digest(stats)
            payload = {"key": self.key, "stats_digest": digest_of_stats, "records": records}
            atomic_write(self.records_path, _json(payload))
            atomic_write(self.stats_path, _json({"key": self.key, "stats": stats, "last_build": state.last_build}))


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
