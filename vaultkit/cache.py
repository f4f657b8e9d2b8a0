"""A persistent index cache, so a warm build parses only the notes that changed.

Each note is kept as a JSON record (see records.py), one per line of the records file in the order
of the stats file (so a build finds a record without parsing the others), with the size and
modification time of the file it came from; an entry is used only while both still match. The whole
cache is keyed by vaultkit's version, the config and the vault's path. It lives in the user's cache
folder, never in the vault (so it is never committed), and it is JSON, which cannot run code when
loaded: a vault or a cache may come from someone else. A missing, corrupt, truncated or foreign cache
is ignored and rebuilt.

It also remembers the last dashboard written: when no note, setting, template or date changed and the
dashboard is still what vaultkit wrote, a build has nothing to do. A third file keeps that build's
insights, so that a build after a small change can patch them (patch.py) instead of reading every note.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit import __version__
from vaultkit.config import Config
from vaultkit.scan import Stat
from vaultkit.userdirs import cache_dir, vault_key
from vaultkit.write import atomic_write

FORMAT = 3


def digest(data: bytes | None) -> str | None:
    return hashlib.blake2b(data, digest_size=16).hexdigest() if data is not None else None


UNSURE = -1  # the time kept for a note read too soon after it changed: it matches no file, so it is read again
RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same clock tick


def recent(stat: Stat | None, now_ns: int | None = None) -> bool:
    """Whether a file's time is too fresh to trust: a second change could hide in the same tick
    (file systems with coarse clocks), so size and time alone do not show it is unchanged."""
    return stat is not None and (now_ns if now_ns is not None else time.time_ns()) - stat[1] < RACY_NS


@dataclass
class CacheState:
    """What the cache holds: each note's stat and record, and the last dashboard build."""

    stats: dict[str, Stat] = field(default_factory=dict)
    records: dict[str, bytes] = field(default_factory=dict)  # JSON text of each record
    last_build: dict[str, Any] = field(default_factory=dict)
    token: str = ""  # written in every file of one save: files of different saves are not used together


class IndexCache:
    """The cache of one vault under one config: a small file of stats (enough to see that nothing
    changed) and a larger one of note records, read only when something did."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root.resolve()
        self.key = {"format": FORMAT, "vaultkit": __version__, "config": config.fingerprint(), "vault": str(self.root)}
        folder = cache_dir() / "index"
        self.stats_path = folder / f"{vault_key(root)}.stats.json"
        self.records_path = folder / f"{vault_key(root)}.notes.jsonl"
        self.last_path = folder / f"{vault_key(root)}.last.json"

    def _read(self, path: Path, token: str | None = None) -> dict[str, Any] | None:
        """The file's content when it is ours (and of the save that wrote `token`, if given)."""
        if token == "":
            return None
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        return data if self._ours(data, token) else None

    def _ours(self, data: object, token: str | None) -> bool:
        """Written by this vaultkit for this vault and config (and by the save of `token`, if given)."""
        return isinstance(data, dict) and data.get("key") == self.key and (token is None or data.get("token") == token)

    def load_stats(self) -> CacheState:
        """Stats and the last build; empty when the file is missing, damaged or not ours."""
        data = self._read(self.stats_path)
        try:
            if data is None:
                return CacheState()
            stats = {rel: (int(size), int(mtime)) for rel, (size, mtime) in data["stats"].items()}
            last = data.get("last_build")
            return CacheState(stats, {}, last if isinstance(last, dict) else {}, str(data["token"]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return CacheState()

    def load(self, stats: CacheState | None = None) -> CacheState:
        """Stats and records, for the notes whose record is there and matches the stats file;
        `stats` when load_stats() was already read for this build."""
        state = stats if stats is not None else self.load_stats()
        try:
            lines = self.records_path.read_bytes().split(b"\n") if state.token else []
            header = json.loads(lines[0]) if lines else None
        except (OSError, ValueError):
            header = None
        if not self._ours(header, state.token) or len(lines) != len(state.stats) + 1:
            return CacheState(last_build=state.last_build)
        state.records = dict(zip(state.stats, lines[1:], strict=True))
        return state

    def load_last(self, state: CacheState) -> Any:
        """The last build's insights as saved with these stats (see patch.py), or None."""
        data = self._read(self.last_path, state.token)
        return data.get("build") if data is not None else None

    def save(self, state: CacheState, now_ns: int, last: object = None) -> None:
        """Write the files atomically, the stats last. A note changed in the last moments could change
        again within the same clock tick unseen: its record is kept with a time that matches no file
        (UNSURE), so it is parsed again next time. `last`: the build to save for patching, if any."""
        stats = {rel: st if not recent(st, now_ns) else (st[0], UNSURE) for rel, st in state.stats.items()}
        stats = {rel: st for rel, st in stats.items() if rel in state.records}
        token = secrets.token_hex(8)
        records = [_json({"key": self.key, "token": token}), *(state.records[rel] for rel in stats)]
        with contextlib.suppress(OSError):
            atomic_write(self.records_path, b"\n".join(records))
            if last is not None:
                atomic_write(self.last_path, _json({"key": self.key, "token": token, "build": last}))
            else:
                self.last_path.unlink(missing_ok=True)
            stats_file = {"key": self.key, "token": token, "stats": stats, "last_build": state.last_build}
            atomic_write(self.stats_path, _json(stats_file))


def _json(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
