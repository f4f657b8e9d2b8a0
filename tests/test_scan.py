"""SPEC §1: which files are notes."""

from __future__ import annotations

from pathlib import Path

from conftest import write_notes

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
    assert rels(root) == ["alias.md", "real/a.md"]
