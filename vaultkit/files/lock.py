"""Locks shared by every vaultkit process on a vault.

- The write lock is held briefly by whatever writes into the vault (`build`, `log`, `new`, a rebuild
  of `watch`), so two writers never race.
- The watch lock is held by `watch` for as long as it runs, so a second watcher on the same vault
  exits with a clear message. Its file says whether the watcher answers sync cookies (files/sync.py):
  a command then asks it instead of listing the vault.

Locks are advisory OS locks (`flock`) on files in the user's cache folder, released by the OS if the
process dies, so a crash never leaves a vault locked.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from vaultkit import process
from vaultkit.errors import UserError
from vaultkit.userdirs import cache_dir, vault_key

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 10.0
SYNCS = "syncs"  # what the watch lock's file says while the watcher keeps the index current


class Busy(UserError):
    """Another vaultkit process holds the lock."""


def _lock_file(vault: Path, kind: str, make: bool = True) -> Path:
    folder = cache_dir() / "locks"
    if make:
        folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{vault_key(vault)}.{kind}.lock"


def _try_lock(handle: IO[str]) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError):
        pid = path.read_text().strip()
        if pid:
            return f" (process {pid})"
    return ""


@contextlib.contextmanager
def hold(vault: Path, kind: str, wait: float = 0.0) -> Iterator[IO[str]]:
    """Hold the vault's `kind` lock; wait up to `wait` seconds for it, then raise Busy. The lock's file
    says the holder's process id (and what `say` adds)."""
    path = _lock_file(vault, kind)
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise Busy(f"another vaultkit{_holder(path)} is using {vault} ({kind} lock)")
            time.sleep(0.05)
        say(handle)
        process.holding(handle)
        _held_here.add(path)
        try:
            yield handle
        finally:
            _held_here.discard(path)
            process.released(handle)


_held_here: set[Path] = set()  # the lock files this process holds


def holds(vault: Path, kind: str) -> bool:
    """Whether this process holds the vault's `kind` lock."""
    return _lock_file(vault, kind, make=False) in _held_here


def say(handle: IO[str], *words: str) -> None:
    """Write into a held lock's file the holder's process id, and `words` after it. Where the cache
    folder's disk is full the file says nothing (or less): the lock is the `flock`, held all the same,
    and a command that does not read `syncs` in it lists the vault itself (SPEC §5: what the cache
    folder cannot take never stops a command)."""
    with contextlib.suppress(OSError):  # written past Python's buffer, which would fail again at close
        os.ftruncate(handle.fileno(), 0)
        os.write(handle.fileno(), " ".join([str(os.getpid()), *words]).encode("utf-8"))


def writing(vault: Path) -> contextlib.AbstractContextManager[IO[str]]:
    """The write lock, waiting a little for another writer to finish."""
    return hold(vault, "write", WAIT_SECONDS)


def watching(vault: Path) -> contextlib.AbstractContextManager[IO[str]]:
    """The watch lock: a second watcher fails at once (within the moment a command takes to see
    whether one runs, `watcher_syncs`)."""
    return hold(vault, "watch", 0.2)


def watcher_syncs(vault: Path) -> bool:
    """Whether a `watch` holds this vault's watch lock and says it answers sync cookies. The lock is
    tried, shared and without waiting, and let go at once: only a live watcher's lock stops it."""
    if fcntl is None:
        return False
    try:
        handle = open(_lock_file(vault, "watch", make=False), encoding="utf-8")  # noqa: SIM115
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return SYNCS in handle.read().split()[1:]
        except OSError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return False
