"""The one-shot driver of `vaultkit build`: the store answers when it can (a warm build from
store/warm.py), else every note is read (the in-memory vault of vault.py) and the store written anew
(store/save.py, in a forked process: the command does not wait). The reading commands' driver is
answers.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from vaultkit.files.write import remove_leftovers
from vaultkit.memory import collection_paused
from vaultkit.read.config import load_config
from vaultkit.read.locate import check_vault
from vaultkit.store import current
from vaultkit.store.database import Store

if TYPE_CHECKING:
    from pathlib import Path

    from vaultkit.read.config import Config
    from vaultkit.result import BuildResult

Warn = Callable[[str], None]


def build(
    root: Path, today: date, write: bool = True, cache: bool = False, background: bool = False, warn: Warn | None = None
) -> BuildResult:
    """What `vaultkit build` does: nothing when the store shows nothing changed (current.py), else from
    the store when it can (warm.py), else from every note.

    The garbage collector stays paused until the vault is freed: collecting right after the notes
    were made would walk all of them for nothing (most of a second at 50,000 people)."""
    with collection_paused():
        return _build(root, today, write, cache, background, warn)


def _build(root: Path, today: date, write: bool, cache: bool, background: bool, warn: Warn | None) -> BuildResult:
    config = load_config(check_vault(root))
    db = Store.open_or_none(root, config, warn) if cache else None
    try:
        return _from_store_or_all(root, config, db, today, write, background)  # the vault is freed here
    finally:
        if db is not None:
            db.close()


def _from_store_or_all(
    root: Path, config: Config, db: Store | None, today: date, write: bool, background: bool
) -> BuildResult:
    """Nothing, or the warm path, when the store allows it; else every note, and the store written anew."""
    listed = current.listing(root, config) if write and db is not None and db.has_notes() else None
    if listed is not None and db is not None:
        try:
            done = current.nothing_to_do(root, config, db, today, listed)
        except sqlite3.Error:  # damaged past what opening it shows: built again below
            done = None
        if done is not None:
            remove_leftovers(listed.report.leftovers)
            return done
    from vaultkit.store import warm
    from vaultkit.store.save import FullBuild, save, save_in_background
    from vaultkit.vault import Vault

    vault = Vault(root, config, db)
    if listed is not None and db is not None:
        vault.use_listed(*listed)
        try:
            done = warm.from_store(vault, db, today)
        except sqlite3.Error:
            done = None
        if done is not None:
            remove_leftovers(vault.scan_report.leftovers)
            return done
    vault.load_all()
    result = vault.build(today, write)
    if write:
        remove_leftovers(vault.scan_report.leftovers)  # under the write lock: no other writer's file
        if db is not None and background:
            # No connection may cross a fork (sqlite.org/howtocorrupt.html §2.6): the parent's close
            # after the fork would delete the WAL the writer commits to. The writer opens its own.
            db.close()
            save_in_background(FullBuild.of(vault, result, today))
        elif db is not None:
            save(db, FullBuild.of(vault, result, today))
    return result
