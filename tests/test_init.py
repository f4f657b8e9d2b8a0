"""`vaultkit init`: a commented config with every default, the folders, and git merges of the dashboard."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from conftest import person, run

from vaultkit.cli.group import cli
from vaultkit.read.config import VALIDATORS, Config, load_config

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


def clone_pair(vault: Make, tmp_path: Path, note: str) -> tuple[Path, Path]:
    """A vault committed in one clone (set up by init), and a second clone of it, also set up."""
    return set_up_clones(vault({"People/Ann.md": note, "People/Bo.md": person()}), tmp_path)


def set_up_clones(root: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The vault at `root` committed in a repository set up by init, and a second clone, also set up."""
    git(root, "init", "-q", "-b", "main")
    assert run("init", root).exit_code == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    other = tmp_path / "laptop"
    assert git(tmp_path, "clone", "-q", str(root), str(other)).returncode == 0
    assert run("init", other).exit_code == 0
    return root, other


def test_two_clones_that_each_logged_the_same_person_merge_with_every_line_in_order(
    vault: Make, tmp_path: Path
) -> None:
    note = person(cadence="1w") + "# Ann\n\n## Log\n- 2026-11-01 coffee\n\n## Notes\nlikes jazz\n"
    desktop, laptop = clone_pair(vault, tmp_path, note)
    run("log", "Ann", "Lunch on the desktop", "--date", "2026-11-10", "--vault", desktop)
    run("log", "Ann", "Call from the laptop", "--date", "2026-11-05", "--vault", laptop)
    run("log", "Ann", "Film on the laptop", "--date", "2026-11-12", "--vault", laptop)
    git(desktop, "commit", "-qam", "desktop")
    git(laptop, "commit", "-qam", "laptop")
    git(desktop, "pull", "-q", "--no-rebase", "--no-edit", str(laptop), "main")
    merged = (desktop / "People/Ann.md").read_text()
    assert "<<<<<<<" not in merged
    assert merged == note.replace(
        "coffee\n",
        "coffee\n- 2026-11-05 Call from the laptop\n- 2026-11-10 Lunch on the desktop\n"
        "- 2026-11-12 Film on the laptop\n",
    )


def test_a_change_beside_new_log_lines_still_conflicts_normally(vault: Make, tmp_path: Path) -> None:
    desktop, laptop = clone_pair(vault, tmp_path, person(role="one") + "## Log\n- 2026-11-01 coffee\n")
    run("log", "Ann", "Lunch", "--date", "2026-11-10", "--vault", desktop)
    (desktop / "People/Ann.md").write_text((desktop / "People/Ann.md").read_text().replace("one", "two"))
    (laptop / "People/Ann.md").write_text((laptop / "People/Ann.md").read_text().replace("one", "three"))
    git(desktop, "commit", "-qam", "desktop")
    git(laptop, "commit", "-qam", "laptop")
    pulled = git(desktop, "pull", "-q", "--no-rebase", "--no-edit", str(laptop), "main")
    assert pulled.returncode != 0
    text = (desktop / "People/Ann.md").read_text()
    assert "<<<<<<<" in text and "role: two" in text and "role: three" in text
    assert "- 2026-11-10 Lunch" in text  # nothing either side wrote is lost


def test_a_fresh_clone_is_told_to_run_init(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    git(root, "init", "-q", "-b", "main")
    run("init", root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "start")
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "-q", str(root), str(fresh))
    for command in ("build", "check"):
        result = CliRunner().invoke(cli, [command, str(fresh), "--today", "2026-11-21"])
        assert "lacks them" in result.stderr and f"vaultkit init {fresh}" in result.stderr
    assert run("init", fresh).exit_code == 0
    result = CliRunner().invoke(cli, ["build", str(fresh), "--today", "2026-11-21"])
    assert "warning" not in result.stderr
