"""Locks shared by every vaultkit process on a vault.

- The write lock is held briefly by whatever writes into the vault (`build`, `log`, `new`, a rebuild
  of `watch`), so two writers never race.
- The watch lock is held by `watch` for as long as it runs, so a second watcher on the same vault
  exits with a clear message.

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
from vaultkit.files.userdirs import cache_dir, vault_key

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

WAIT_SECONDS = 10.0


class Busy(UserError):
    """Another vaultkit process holds the lock."""


def _lock_file(vault: Path, kind: str) -> Path:
    folder = cache_dir() / "locks"
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
def hold(vault: Path, kind: str, wait: float = 0.0) -> Iterator[None]:
    """Hold the vault's `kind` lock; wait up to `wait` seconds for it, then raise Busy."""
    path = _lock_file(vault, kind)
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise Busy(f"another vaultkit{_holder(path)} is using {vault} ({kind} lock)")
            time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        process.holding(handle)
        try:
            yield
        finally:
            process.released(handle)


def writing(vault: Path) -> contextlib.AbstractContextManager[None]:
    """The write lock, waiting a little for another writer to finish."""
    return hold(vault, "write", WAIT_SECONDS)


def watching(vault: Path) -> contextlib.AbstractContextManager[None]:
    """The watch lock, without waiting: a second watcher fails at once."""
    return hold(vault, "watch", 0.0)
