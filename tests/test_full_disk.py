"""A full disk names the file and says so; nothing is lost; an index that cannot be written is a warning (SPEC §5)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import person, run

from vaultkit.files import write
from vaultkit.store.database import Store

Make = Callable[[dict[str, str | bytes]], Path]


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every flush of a temporary file is refused as on a full disk."""

    def refuse(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write.os, "fsync", refuse)


def test_a_full_disk_names_the_note_and_loses_nothing(vault: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + "\n## Log\n- 2026-11-01 coffee\n"})
    before = (root / "People/Ann.md").read_bytes()
    full_disk(monkeypatch)
    result = run("log", "Ann", "Tea", "--vault", root, "--date", "2026-11-20")
    assert result.exit_code == 2
    assert f"{root / 'People/Ann.md'}: the disk is full; free some space" in result.output
    assert (root / "People/Ann.md").read_bytes() == before
    assert sorted(p.name for p in (root / "People").iterdir()) == ["Ann.md"]


def test_a_full_disk_while_writing_the_dashboard_or_an_export(
    vault: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    (root / "People/Bo.md").write_text(person(cadence="1w"), encoding="utf-8")
    dashboard = (root / "Dashboard.md").read_bytes()
    full_disk(monkeypatch)
    built = run("build", root, "--today", "2026-11-21")
    assert built.exit_code == 2 and f"{root / 'Dashboard.md'}: the disk is full" in built.output
    assert (root / "Dashboard.md").read_bytes() == dashboard
    exported = run("export", "ics", "-o", tmp_path / "out.ics", "--vault", root, "--today", "2026-11-21")
    assert exported.exit_code == 2 and f"{tmp_path / 'out.ics'}: the disk is full" in exported.output
    assert not (tmp_path / "out.ics").exists()
    monkeypatch.undo()
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    assert [p.name for p in root.iterdir() if p.name.startswith(".Dash")] == []  # the leftover removed


def test_an_index_that_cannot_be_written_is_a_warning_naming_it(vault: Make, private_cache: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    private_cache.chmod(0o500)
    try:
        if os.access(private_cache, os.W_OK):  # root writes anywhere: make the folder a file instead
            private_cache.chmod(0o700)
            for child in private_cache.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            (private_cache / "index").write_text("not a folder")
        result = run("build", root, "--today", "2026-11-21")
        assert result.exit_code == 0, result.output
        assert f"warning: the index {Store.path_for(root)} cannot be written" in result.output
        assert "[[Ann]]" in (root / "Dashboard.md").read_text(encoding="utf-8")
        assert run("due", "--vault", root, "--today", "2026-11-21").exit_code == 0
    finally:
        private_cache.chmod(0o700)


def test_a_closed_pipe_is_not_an_error(vault: Make) -> None:
    root = vault({f"People/P{i}.md": person(cadence="1w") for i in range(300)})
    command = f"{sys.executable} -m vaultkit due --vault {root} --today 2026-11-21 | head -1"
    for _ in range(5):
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, check=False)
        assert done.returncode == 0 and done.stderr == "", done.stderr
