"""`vaultkit init`: a commented config with every default, the folders, and git merges of the dashboard."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from conftest import person, run

from vaultkit.config import VALIDATORS, Config, load_config

Make = Callable[[dict[str, str | bytes]], Path]


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_init_writes_every_key_with_its_default_and_never_overwrites(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    result = run("init", root)
    assert result.exit_code == 0
    assert result.output.splitlines() == ["wrote vaultkit.yaml", "made the folder People/"]
    text = (root / "vaultkit.yaml").read_text()
    assert all(f"\n{key}:" in text for key in VALIDATORS)
    assert load_config(root) == Config()
    (root / "vaultkit.yaml").write_text("horizon_days: 3\n")
    assert run("init", root).output.splitlines() == ["kept the existing vaultkit.yaml"]
    assert (root / "vaultkit.yaml").read_text() == "horizon_days: 3\n"


def test_a_merge_where_both_sides_changed_the_dashboard_has_no_conflict_markers(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), "People/Bob.md": person(cadence="2w") + "\n## Log\n"})
    git(root, "init", "-q", "-b", "main")
    assert run("init", root).exit_code == 0
    assert ".gitattributes" in {p.name for p in root.iterdir()}
    run("build", root, "--today", "2026-11-21")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    git(root, "checkout", "-qb", "side")
    (root / "People/Cy.md").write_text(person(cadence="1w"))
    run("build", root, "--today", "2026-11-21")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "side: Cy")
    git(root, "checkout", "-q", "main")
    (root / "People/Ann.md").write_text(person(cadence="1w", last_contact="2026-11-20"))
    run("build", root, "--today", "2026-11-21")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "main: Ann")
    merged = git(root, "merge", "--no-edit", "side")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    dashboard = (root / "Dashboard.md").read_text()
    assert "<<<<<<<" not in dashboard and ">>>>>>>" not in dashboard
    assert (root / "People/Cy.md").exists()  # notes merged normally
    run("build", root, "--today", "2026-11-21")
    assert "[[Cy]]" in (root / "Dashboard.md").read_text()  # the next build brings it up to date
    assert run("init", root).output.splitlines() == ["kept the existing vaultkit.yaml"]  # idempotent


def test_notes_still_conflict_normally(vault: Make) -> None:
    root = vault({"People/Ann.md": person(role="one")})
    git(root, "init", "-q", "-b", "main")
    run("init", root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    git(root, "checkout", "-qb", "side")
    (root / "People/Ann.md").write_text(person(role="two"))
    git(root, "commit", "-qam", "two")
    git(root, "checkout", "-q", "main")
    (root / "People/Ann.md").write_text(person(role="three"))
    git(root, "commit", "-qam", "three")
    assert git(root, "merge", "--no-edit", "side").returncode != 0
    assert "<<<<<<<" in (root / "People/Ann.md").read_text()
