"""SPEC §5: atomic writes, only when changed, keeping line endings, BOM and permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import person, run

from vaultkit.files import write
from vaultkit.files.write import ChangedOnDisk, OutsideVault, Snapshot, atomic_write, match_style

Make = Callable[[dict[str, str | bytes]], Path]


def test_unchanged_dashboard_is_not_rewritten(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    assert "updated" in run("build", root, "--today", "2026-11-21").output
    dashboard = root / "Dashboard.md"
    os.utime(dashboard, ns=(1_000_000_000, 1_000_000_000))
    inode = dashboard.stat().st_ino
    result = run("build", root, "--today", "2026-11-21")
    assert "unchanged" in result.output
    assert dashboard.stat().st_mtime_ns == 1_000_000_000
    assert dashboard.stat().st_ino == inode


def test_same_inputs_give_the_same_bytes(vault: Make, tmp_path: Path) -> None:
    notes: dict[str, str | bytes] = {
        f"People/P{i}.md": person(cadence="1w", interests="[a, b]", birthday="11-2" + str(i % 9)) for i in range(30)
    }
    first = vault(notes)
    run("build", first, "--today", "2026-11-21")
    second = tmp_path / "copy"
    second.mkdir()
    for rel, text in reversed(list(notes.items())):
        (second / rel).parent.mkdir(parents=True, exist_ok=True)
        (second / rel).write_text(str(text))
    run("build", second, "--today", "2026-11-21")
    assert (first / "Dashboard.md").read_bytes() == (second / "Dashboard.md").read_bytes()
    assert str(first) not in (first / "Dashboard.md").read_text()


def test_write_is_atomic_via_a_temp_file_in_the_same_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "sub" / "Dash.md"
    seen: list[tuple[Path, Path]] = []
    real_replace = Path.replace

    def spy(self: Path, other: Path) -> Path:
        seen.append((self, Path(other)))
        return real_replace(self, other)

    def spy_new(old: Path, new: Path) -> bool:
        seen.append((old, new))
        return real_rename_new(old, new)

    real_rename_new = write.rename_new
    monkeypatch.setattr(Path, "replace", spy)
    monkeypatch.setattr(write, "rename_new", spy_new)  # a new file, where the system renames without replacing
    assert atomic_write(target, b"hello\n")
    assert target.read_bytes() == b"hello\n"
    assert len(seen) >= 1 and seen[-1][0].parent == target.parent and seen[-1][1] == target
    assert [p.name for p in target.parent.iterdir()] == ["Dash.md"]


def test_permissions_line_endings_and_bom_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "Dash.md"
    target.write_bytes(b"\xef\xbb\xbfold\r\n")
    target.chmod(0o640)
    previous = Snapshot.read(target)
    assert atomic_write(target, match_style("new\nlines\n", previous.data), previous)
    assert target.read_bytes() == b"\xef\xbb\xbfnew\r\nlines\r\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_file_changed_since_it_was_read_is_not_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "Dash.md"
    target.write_bytes(b"v1\n")
    snapshot = Snapshot.read(target)
    target.write_bytes(b"v2 by the user\n")
    with pytest.raises(ChangedOnDisk):
        atomic_write(target, b"v3\n", snapshot)
    assert target.read_bytes() == b"v2 by the user\n"


def test_dashboard_in_a_missing_folder_is_created(vault: Make) -> None:
    root = vault({"vaultkit.yaml": "dashboard: Meta/Home/Dash.md\n"})
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    assert (root / "Meta/Home/Dash.md").is_file()


def test_a_change_between_the_flush_and_the_rename_is_never_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs right before the rename, not only before the write (SPEC §5)."""
    target = tmp_path / "Note.md"
    target.write_bytes(b"v1\n")
    real_fsync = os.fsync

    def user_saves(handle: int) -> None:
        real_fsync(handle)
        target.write_bytes(b"v2 by the user\n")

    monkeypatch.setattr(os, "fsync", user_saves)
    with pytest.raises(ChangedOnDisk):
        atomic_write(target, b"v3\n")
    assert target.read_bytes() == b"v2 by the user\n"
    assert [p.name for p in tmp_path.iterdir()] == ["Note.md"]  # the temporary file is gone too


def test_the_temporary_file_is_hidden_beside_the_target_and_a_leftover_is_replaced(tmp_path: Path) -> None:
    target = tmp_path / "Note.md"
    leftover = tmp_path / ".Note.md.vaultkit-tmp"
    leftover.write_bytes(b"half of a killed write")
    assert atomic_write(target, b"whole\n")
    assert target.read_bytes() == b"whole\n"
    assert not leftover.exists()


def test_a_write_outside_the_root_is_refused(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "vault", tmp_path / "elsewhere"
    root.mkdir()
    elsewhere.mkdir()
    (root / "Out").symlink_to(elsewhere)
    with pytest.raises(OutsideVault):
        atomic_write(root / "Out/x.md", b"x", root=root)
    assert not (elsewhere / "x.md").exists()
