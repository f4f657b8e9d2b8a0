"""A full disk names the file and says so; nothing is lost; an index that cannot be written is a warning (SPEC §5)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
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


def disk_full_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    """The first `writes` flushes go through; every later one is refused as on a full disk."""
    flush = write.os.fsync
    done = [0]

    def refuse_later(fd: int) -> None:
        done[0] += 1
        if done[0] > writes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        flush(fd)

    monkeypatch.setattr(write.os, "fsync", refuse_later)


@pytest.mark.parametrize(
    "command",
    [["log", "Ann", "Lunch", "--with", "Bo"], ["intro", "Ann", "Bo", "--made"]],
    ids=["log --with", "intro --made"],
)
def test_a_disk_that_fills_on_the_second_note_leaves_the_first_as_it_was(
    vault: Make, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """All or nothing: a line written to the first note is taken back when the second cannot be written."""
    root = vault(
        {f"People/{name}.md": person(cadence="1w") + "\n## Log\n- 2026-11-01 coffee\n" for name in ("Ann", "Bo")}
    )
    before = {name: (root / f"People/{name}.md").read_bytes() for name in ("Ann", "Bo")}
    disk_full_after(monkeypatch, 1)
    result = run(*command, "--vault", root, "--today", "2026-11-20")
    assert result.exit_code == 2 and "the disk is full" in result.output
    assert {name: (root / f"People/{name}.md").read_bytes() for name in ("Ann", "Bo")} == before


def test_a_first_note_edited_since_keeps_its_line_and_the_error_says_so(
    vault: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the second note's rename fails after the first is in place, the first is put back; but
    putting it back never overwrites an edit made since it was written: the note keeps both, and the
    message names it."""
    root = vault({f"People/{name}.md": person(cadence="1w") + "\n## Log\n" for name in ("Ann", "Bo")})
    put_in_place = write.Staged.put_in_place

    def refused_after_an_edit(self: write.Staged) -> None:
        if self.path.name == "Bo.md":  # Ann is in place: the user saves her note, then Bo's rename fails
            with (root / "People/Ann.md").open("a", encoding="utf-8") as note:
                note.write("- 2026-11-19 a line typed meanwhile\n")
            self.discard()
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(self.path))
        put_in_place(self)

    monkeypatch.setattr(write.Staged, "put_in_place", refused_after_an_edit)
    result = run("log", "Ann", "Lunch", "--with", "Bo", "--vault", root, "--today", "2026-11-20")
    assert result.exit_code == 2
    assert f"{root / 'People/Ann.md'} changed since vaultkit wrote it, so its line stays" in result.output
    ann = (root / "People/Ann.md").read_text(encoding="utf-8")
    assert "- 2026-11-20 Lunch with [[Bo]]" in ann and "a line typed meanwhile" in ann
    assert "Lunch" not in (root / "People/Bo.md").read_text(encoding="utf-8")


def test_a_rename_that_fails_on_the_second_note_puts_the_first_back(
    vault: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({f"People/{name}.md": person(cadence="1w") + "\n## Log\n" for name in ("Ann", "Bo")})
    before = (root / "People/Ann.md").read_bytes()
    put_in_place = write.Staged.put_in_place

    def refused(self: write.Staged) -> None:
        if self.path.name == "Bo.md":
            self.discard()
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(self.path))
        put_in_place(self)

    monkeypatch.setattr(write.Staged, "put_in_place", refused)
    result = run("log", "Ann", "Lunch", "--with", "Bo", "--vault", root, "--today", "2026-11-20")
    assert result.exit_code == 2 and "People/Bo.md" in result.output
    assert (root / "People/Ann.md").read_bytes() == before
    assert [p.name for p in (root / "People").iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_an_interrupt_between_the_renames_puts_back_what_was_written_and_leaves_no_temporary_file(
    vault: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultkit.files.edit import LogLine, insert_in_each

    root = vault({f"People/{name}.md": person(cadence="1w") + "\n## Log\n" for name in ("Ann", "Bo", "Cy")})
    before = {p.name: p.read_bytes() for p in (root / "People").iterdir()}
    put_in_place = write.Staged.put_in_place

    def interrupted(self: write.Staged) -> None:
        if self.path.name == "Bo.md":
            raise KeyboardInterrupt
        put_in_place(self)

    monkeypatch.setattr(write.Staged, "put_in_place", interrupted)
    line = [LogLine(date(2026, 11, 20), "Dinner")]
    with pytest.raises(KeyboardInterrupt):
        insert_in_each([(root / f"People/{name}.md", line) for name in ("Ann", "Bo", "Cy")], root=root)
    assert {p.name: p.read_bytes() for p in (root / "People").iterdir()} == before


def test_a_note_that_cannot_be_put_back_is_named_as_such_not_as_edited(
    vault: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder made read-only in the instant: the second rename and the first's putting back both fail;
    the message says so in words, and never that the note was edited."""
    root = vault({f"People/{name}.md": person(cadence="1w") + "\n## Log\n" for name in ("Ann", "Bo")})
    put_in_place = write.Staged.put_in_place
    renamed: list[str] = []

    def read_only_after_the_first(self: write.Staged) -> None:
        if renamed:
            self.discard()
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self.path))
        renamed.append(self.path.name)
        put_in_place(self)

    monkeypatch.setattr(write.Staged, "put_in_place", read_only_after_the_first)
    result = run("log", "Ann", "Lunch", "--with", "Bo", "--vault", root, "--today", "2026-11-20")
    assert result.exit_code == 2
    assert f"{root / 'People/Bo.md'}: Read-only file system; check that it exists and can be written" in result.output
    assert f"{root / 'People/Ann.md'} keeps its line: it could not be put back" in result.output
    assert "changed since" not in result.output and "Errno" not in result.output
