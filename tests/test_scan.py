"""SPEC §1: which files are notes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run, write_notes

from vaultkit.read.config import Config
from vaultkit.read.scan import scan


def rels(root: Path, config: Config | None = None) -> list[str]:
    return sorted(item.rel for item in scan(root, config or Config()))


def test_reads_markdown_below_root_and_skips_hidden_folders_and_other_files(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "a.md": "",
            "People/b.md": "",
            "deep/er/c.MD": "",
            ".obsidian/workspace.md": "",
            ".trash/old.md": "",
            "People/.hidden/x.md": "",
            "notes.txt": "",
            "image.png": b"\x89PNG",
        },
    )
    assert rels(tmp_path) == ["People/b.md", "a.md", "deep/er/c.MD"]


def test_skips_the_dashboard_wherever_config_puts_it(tmp_path: Path) -> None:
    write_notes(tmp_path, {"Dashboard.md": "", "Meta/Home.md": "", "a.md": ""})
    assert rels(tmp_path) == ["Meta/Home.md", "a.md"]
    assert rels(tmp_path, Config(dashboard="Meta/Home.md")) == ["Dashboard.md", "a.md"]


def test_ignore_globs_match_files_and_whole_folders(tmp_path: Path) -> None:
    write_notes(tmp_path, {"Templates/t.md": "", "Archive/2020/old.md": "", "keep.md": "", "draft-x.md": ""})
    config = Config(ignore=("Templates", "Archive/*", "draft-*.md"))
    assert rels(tmp_path, config) == ["keep.md"]


def test_symlinks_are_followed_only_inside_the_vault(tmp_path: Path) -> None:
    outside = write_notes(tmp_path / "outside", {"secret.md": "", "dir/s2.md": ""})
    root = write_notes(tmp_path / "vault", {"real/a.md": ""})
    (root / "leak.md").symlink_to(outside / "secret.md")
    (root / "leakdir").symlink_to(outside / "dir")
    (root / "alias.md").symlink_to(root / "real" / "a.md")
    (root / "real" / "loop").symlink_to(root)
    assert rels(root) == ["real/a.md"]  # a note reached through a link too is read once, at its real place


def test_a_person_note_reached_through_a_link_is_read_once_and_a_people_folder_link_keeps_them_people(
    tmp_path: Path,
) -> None:
    """SPEC §1: a note reached through a symbolic link inside the vault is read once, never dropped:
    at its real place, unless the link is a people folder and its real place is not (`People` → a
    folder of contacts), where it is read as the link puts it, so its notes stay people."""
    root = write_notes(tmp_path / "vault", {"References/Steph Ango.md": "---\ntype: person\n---\n"})
    (root / ".obsidian").mkdir()
    (root / "Archive").mkdir()
    (root / "Archive/Steph Ango.md").symlink_to(root / "References/Steph Ango.md")
    write_notes(root, {"Contacts/Friends/Bo Chen.md": "No front matter: a person only in People/.\n"})
    (root / "People").symlink_to(root / "Contacts/Friends")
    assert rels(root) == ["People/Bo Chen.md", "References/Steph Ango.md"]
    checked = run("check", root, "--today", "2026-11-21")
    assert checked.exit_code == 0, checked.output  # no second note of one name
    people = [json.loads(run("brief", name, "--vault", root, "--json").output)["path"] for name in ("bo", "steph")]
    assert people == ["People/Bo Chen.md", "References/Steph Ango.md"]
