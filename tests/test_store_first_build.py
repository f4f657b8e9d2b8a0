"""The store's first build, written by a forked process, holds every person (SPEC §7)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from conftest import TODAY, person, run, wait_for

from vaultkit.store.database import Store

Make = Callable[[dict[str, str | bytes]], Path]


def people_in_index(root: Path) -> int:
    try:
        with sqlite3.connect(f"file:{Store.path_for(root)}?mode=ro", uri=True) as db:
            return int(db.execute("SELECT count(*) FROM people").fetchone()[0])
    except sqlite3.Error:
        return -1


def test_every_first_build_leaves_every_person_in_the_index(vault: Make) -> None:
    """The store writer is forked: no connection may cross the fork, or the parent's close deletes
    the WAL the writer committed to and the index is silently empty (issue 21, item 5)."""
    root = vault({f"People/P{i:03}.md": person(tie="strong") for i in range(300)})
    for attempt in range(20):
        Store.discard(root)
        assert run("build", root, "--today", TODAY.isoformat()).exit_code == 0
        wait_for(lambda: people_in_index(root) == 300, what=f"build {attempt}'s index of 300 people")
