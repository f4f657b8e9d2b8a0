"""The index is a cache (SPEC §5): when the cache folder's disk is full, a command warns, naming the
index, and goes on without it; the lock files beside it, which say who holds them, cannot stop it
either (the lock is the `flock`, held all the same)."""

from __future__ import annotations

import errno
import io
import os
import sqlite3
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import pytest
from conftest import run

from vaultkit.files import lock
from vaultkit.store.database import Store

DAY = "2026-11-21"


def disk_full(*args: Any) -> NoReturn:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def full_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache folder's disk is full: the lock file takes no byte, SQLite no page (as SQLite says it)."""
    full_os = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os) if not name.startswith("__")})
    full_os.write = full_os.ftruncate = disk_full
    monkeypatch.setattr(lock, "os", full_os)

    class FullFile(io.TextIOWrapper):
        """A lock file on a full disk: every write fails, through Python's buffer or past it."""

        def write(self, text: str) -> int:
            disk_full()

        def truncate(self, size: int | None = None) -> int:
            disk_full()

    def full_open(path: Path, mode: str = "r", **kwargs: Any) -> io.TextIOWrapper:
        raw = open(path, mode.replace("+", "") + "b+" if "+" in mode else mode + "b", buffering=0)  # noqa: SIM115
        return FullFile(raw, encoding="utf-8")

    monkeypatch.setattr(lock, "open", full_open, raising=False)

    def no_space(*args: Any, **kwargs: Any) -> NoReturn:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "open", classmethod(no_space))


def test_build_and_log_go_on_without_the_index_when_its_disk_is_full(
    vault: Callable[[dict[str, str | bytes]], Path], full_cache: None
) -> None:
    root = vault({"People/Sam.md": "---\ncadence: 1w\n---\n# Sam\n"})
    built = run("build", root, "--today", DAY)
    assert built.exit_code == 0, built.output
    assert f"warning: the index {Store.path_for(root)} cannot be written (the disk is full)" in built.output
    assert "Dashboard.md updated" in built.output and "[[Sam]]" in (root / "Dashboard.md").read_text()
    logged = run("log", "Sam", "coffee", "--vault", root, "--today", DAY)
    assert logged.exit_code == 0, logged.output
    assert f"- {DAY} coffee" in (root / "People/Sam.md").read_text()
    assert "2026-11-28" in run("due", "--vault", root, "--today", DAY).output
