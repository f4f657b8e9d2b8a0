"""The index's key for a note is what git's index keeps ("racy git"): size, modification time, status
change time, inode and device. A note replaced by another of the same size and modification time (a
restore with `cp -p` or `rsync -a`, a `touch -r`) is read again, never answered from the old one."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

from vaultkit.read import scan
from vaultkit.read.config import load_config
from vaultkit.read.scan import listed

DAY = "2026-11-21"
OLD = "---\ncadence: monthly\n---\n# Ada\n\n## Log\n- 2026-10-01 coffee\n"
NEW = "---\ncadence: monthly\n---\n# Ada\n\n## Log\n- 2026-10-08 coffee\n"  # same size: due a week later
LONG_AGO = 1_700_000_000_000_000_000  # a time no clock tick is near


@pytest.fixture(autouse=True)
def trust_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Notes written by the test are trusted at once: a note changed in the last two seconds is always
    read again (scan.RACY_NS), which would hide what these tests are about."""
    monkeypatch.setattr(scan, "RACY_NS", 0)


def due_of(root: Path) -> str:
    result = run("due", "--vault", root, "--today", DAY, "--json")
    assert result.exit_code == 0, result.output
    return str(json.loads(result.output)[0]["due"])


def indexed(vault: Callable[[dict[str, str | bytes]], Path]) -> tuple[Path, Path]:
    root = vault({"People/Ada Park.md": OLD})
    note = root / "People" / "Ada Park.md"
    os.utime(note, ns=(LONG_AGO, LONG_AGO))
    assert run("build", root, "--today", DAY).exit_code == 0
    assert due_of(root) == "2026-11-01"  # answered from the index, which now holds the old note
    return root, note


def status_changed(note: Path, before: int, change: Callable[[], None]) -> None:
    """Make the change until the file's status change time moved past `before` (a clock tick)."""
    deadline = time.monotonic() + 10
    change()
    while note.stat().st_ctime_ns == before and time.monotonic() < deadline:
        change()
    assert note.stat().st_ctime_ns != before


def test_a_note_rewritten_in_place_with_its_old_size_and_time_is_read_again(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root, note = indexed(vault)
    inode, before = note.stat().st_ino, note.stat().st_ctime_ns

    def rewrite() -> None:
        note.write_text(NEW, encoding="utf-8")
        os.utime(note, ns=(LONG_AGO, LONG_AGO))  # touch -r of the old version

    status_changed(note, before, rewrite)
    assert note.stat().st_ino == inode and note.stat().st_size == len(OLD)
    assert due_of(root) == "2026-11-08"
    brief = run("brief", "Ada", "--vault", root, "--today", DAY)
    assert "2026-10-08 · coffee" in brief.output and "2026-10-01" not in brief.output


def test_a_note_restored_by_copy_with_times_kept_is_read_again(
    vault: Callable[[dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    """`cp -p` / `rsync -a` of another version of the same size and time: a new file in place."""
    root, note = indexed(vault)
    backup = tmp_path / "backup" / "Ada Park.md"
    backup.parent.mkdir()
    backup.write_text(NEW, encoding="utf-8")
    os.utime(backup, ns=(LONG_AGO, LONG_AGO))
    staged = note.with_name(".Ada Park.md.rsync")
    shutil.copy2(backup, staged)  # rsync writes beside the file, then renames it over
    staged.replace(note)
    assert (note.stat().st_size, note.stat().st_mtime_ns) == (len(OLD), LONG_AGO)
    assert due_of(root) == "2026-11-08"
    assert (
        run("due", "--vault", root, "--today", DAY, "--json").output
        == run("due", "--vault", root, "--today", DAY, "--json", "--no-cache").output
    )


def test_a_note_copied_over_with_shutil_copy2_is_read_again(
    vault: Callable[[dict[str, str | bytes]], Path], tmp_path: Path
) -> None:
    """`cp -p` writes into the same file (same inode): only the status change time shows it."""
    root, note = indexed(vault)
    backup = tmp_path / "Ada Park.md"
    backup.write_text(NEW, encoding="utf-8")
    os.utime(backup, ns=(LONG_AGO, LONG_AGO))
    status_changed(note, note.stat().st_ctime_ns, lambda: shutil.copy2(backup, note))
    today = run("today", "--vault", root, "--today", DAY, "--json")
    assert today.output == run("today", "--vault", root, "--today", DAY, "--json", "--no-cache").output
    assert due_of(root) == "2026-11-08"


def test_the_listing_keeps_status_change_time_inode_and_device(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault({"People/Ada Park.md": OLD})
    info = (root / "People" / "Ada Park.md").stat()
    found = listed(root, load_config(root))
    expected = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
    assert found == {"People/Ada Park.md": expected}
