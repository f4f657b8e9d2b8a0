"""The notes merge driver (SPEC §5), with real git and two clones: registered for every Markdown note,
it decides for itself. A person note wherever it lives (kepano's `References/Steph Ango.md`, a person
by `categories`) keeps both sides' log lines; any other note is merged exactly as `git merge-file`
would (result, markers, status); a note that is not text is a conflict that keeps ours. `init`
upgrades a vault an earlier vaultkit set up for the people folders only."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run
from test_init import clone_pair, git, set_up_clones

from vaultkit.files.gitsetup import NOTES_DRIVER, missing_drivers

Make = Callable[[dict[str, str | bytes]], Path]
STEPH = '---\ncategories: ["[[People]]"]\n---\n# Steph Ango\n\n## Log\n- 2026-11-01 coffee\n\n## Notes\nkepano\n'
IDEAS = "# Ideas\n\n## Log\n- 2026-11-01 a first idea\n\nline one\nline two\nline three\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def clones(vault: Make, tmp_path: Path, notes: dict[str, str | bytes]) -> tuple[Path, Path]:
    """A kepano-layout vault committed in one clone, set up by init, and a second clone, set up too."""
    return set_up_clones(vault({"vaultkit.yaml": "people_dirs: []\n", **notes}), tmp_path)


def pull(desktop: Path, laptop: Path) -> subprocess.CompletedProcess[str]:
    git(desktop, "add", "-A")
    git(desktop, "commit", "-qm", "desktop")
    git(laptop, "add", "-A")
    git(laptop, "commit", "-qm", "laptop")
    return git(desktop, "pull", "-q", "--no-rebase", "--no-edit", str(laptop), "main")


def merge_file(tmp_path: Path, base: str, ours: str, theirs: str) -> tuple[int, str]:
    """What `git merge-file` makes of three versions, and its status."""
    folder = tmp_path / "merge-file"
    folder.mkdir()
    for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
        (folder / name).write_text(text)
    status = subprocess.run(["git", "merge-file", "ours", "base", "theirs"], cwd=folder, check=False).returncode
    return status, (folder / "ours").read_text()


def without_labels(text: str) -> str:
    """Conflict markers without the names after them (git names its temporary files)."""
    return re.sub(r"^(<{7}|>{7}|\|{7}) .*$", r"\1", text, flags=re.MULTILINE)


def test_kepano_layout_person_note_merges_both_clones_log_lines(vault: Make, tmp_path: Path) -> None:
    desktop, laptop = clones(vault, tmp_path, {"References/Steph Ango.md": STEPH})
    assert run("log", "Steph Ango", "Lunch on the desktop", "--date", "2026-11-10", "--vault", desktop).exit_code == 0
    assert run("log", "Steph Ango", "Call from the laptop", "--date", "2026-11-05", "--vault", laptop).exit_code == 0
    pulled = pull(desktop, laptop)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    merged = (desktop / "References/Steph Ango.md").read_text()
    assert merged == STEPH.replace(
        "coffee\n", "coffee\n- 2026-11-05 Call from the laptop\n- 2026-11-10 Lunch on the desktop\n"
    )


def test_a_note_that_is_no_person_merges_exactly_as_git_merge_file(vault: Make, tmp_path: Path) -> None:
    """Even new dated lines at the end of a `## Log`, which a person note's merge would interleave."""
    desktop, laptop = clones(vault, tmp_path, {"Notes/Ideas.md": IDEAS})
    ours = IDEAS.replace("idea\n", "idea\n- 2026-11-10 from the desktop\n").replace("line two", "line 2")
    theirs = IDEAS.replace("idea\n", "idea\n- 2026-11-05 from the laptop\n")
    (desktop / "Notes/Ideas.md").write_text(ours)
    (laptop / "Notes/Ideas.md").write_text(theirs)
    pulled = pull(desktop, laptop)
    status, expected = merge_file(tmp_path, IDEAS, ours, theirs)
    assert status == 1 and pulled.returncode != 0
    merged = (desktop / "Notes/Ideas.md").read_text()
    assert without_labels(merged) == without_labels(expected)
    assert "line 2" in merged and merged.count("<<<<<<<") == 1


def test_a_note_that_is_no_person_merges_cleanly_where_git_does(vault: Make, tmp_path: Path) -> None:
    desktop, laptop = clones(vault, tmp_path, {"Notes/Ideas.md": IDEAS})
    ours, theirs = IDEAS.replace("line one", "line 1"), IDEAS.replace("line three", "line 3")
    (desktop / "Notes/Ideas.md").write_text(ours)
    (laptop / "Notes/Ideas.md").write_text(theirs)
    assert pull(desktop, laptop).returncode == 0
    assert (desktop / "Notes/Ideas.md").read_text() == merge_file(tmp_path, IDEAS, ours, theirs)[1]


@pytest.mark.parametrize(
    ("path", "before", "ours", "theirs"),
    [
        ("References/Steph Ango.md", STEPH.encode(), STEPH.encode() + b"\x00ours", STEPH.encode() + b"\x00theirs"),
        ("References/Steph Ango.md", STEPH.encode(), STEPH.encode() + b"- ours\n", b"\x00" + STEPH.encode()),
        ("Notes/Logo.md", PNG, PNG + b"ours", PNG + b"theirs"),
    ],
)
def test_a_note_that_is_not_text_is_a_conflict_that_keeps_ours(
    vault: Make, tmp_path: Path, path: str, before: bytes, ours: bytes, theirs: bytes
) -> None:
    desktop, laptop = clones(vault, tmp_path, {path: before})
    (desktop / path).write_bytes(ours)
    (laptop / path).write_bytes(theirs)
    pulled = pull(desktop, laptop)
    assert pulled.returncode != 0
    assert (desktop / path).read_bytes() == ours
    assert path in git(desktop, "diff", "--name-only", "--diff-filter=U").stdout


def test_init_upgrades_a_vault_set_up_for_the_people_folders_only(vault: Make, tmp_path: Path) -> None:
    root = vault({"References/Steph Ango.md": STEPH, "People/Ann.md": "# Ann\n"})
    git(root, "init", "-q", "-b", "main")
    earlier = "/Dashboard.md merge=vaultkit-dashboard\n/People/**/*.md merge=vaultkit-notes\n"
    (root / ".gitattributes").write_text(earlier)
    command = f"{shutil.which('python') or sys.executable} -m vaultkit merge-note %O %A %B"
    git(root, "config", f"merge.{NOTES_DRIVER}.driver", command)
    git(root, "config", "merge.vaultkit-dashboard.driver", "x merge-dashboard %O %A %B")
    assert missing_drivers(root) == [NOTES_DRIVER]  # an earlier vaultkit's driver takes every note for a person's
    warned = run("check", root, "--today", "2026-11-21")
    assert "run 'vaultkit init" in warned.output
    assert run("init", root).exit_code == 0
    attributes = (root / ".gitattributes").read_text().splitlines()
    assert attributes == ["*.md merge=vaultkit-notes", *earlier.splitlines()]  # the dashboard's line still wins
    assert missing_drivers(root) == []
    assert "%P" in git(root, "config", "--get", f"merge.{NOTES_DRIVER}.driver").stdout
    assert git(root, "check-attr", "merge", "Dashboard.md").stdout.strip().endswith("vaultkit-dashboard")
    assert git(root, "check-attr", "merge", "References/Steph Ango.md").stdout.strip().endswith(NOTES_DRIVER)
    assert run("init", root).output.count("added") == 0  # idempotent


def test_a_person_note_with_nul_bytes_in_a_people_folder_keeps_ours(vault: Make, tmp_path: Path) -> None:
    """The driver itself (the people folder is routed to it in every version): NUL is valid UTF-8, and
    git's merge-file refuses it as binary, which must not leave an empty note."""
    note = "---\ncadence: 1w\n---\n# Ann\n\n## Log\n- 2026-11-01 coffee\n"
    desktop, laptop = clone_pair(vault, tmp_path, note)
    ours, theirs = (note + "- 2026-11-10 lunch\n\x00").encode(), (note + "- 2026-11-05 call\n\x00").encode()
    (desktop / "People/Ann.md").write_bytes(ours)
    (laptop / "People/Ann.md").write_bytes(theirs)
    assert pull(desktop, laptop).returncode != 0
    assert (desktop / "People/Ann.md").read_bytes() == ours
