"""Day one in a real vault (issue 13): finding the vault, naming it, Unicode names, name lookup.

SPEC §1 "Finding the vault", §2 names, §6 how every command takes its vault.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import person, run, write_notes

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


# 1. It builds in the right folder, or says why not


def test_a_folder_that_is_no_vault_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("build", empty, "--today", TODAY)
    assert result.exit_code == 2
    assert "not a vault" in result.output and "vaultkit init" in result.output and "--vault" in result.output
    assert list(empty.iterdir()) == []


def test_a_command_in_a_subfolder_finds_the_vault_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_notes(tmp_path / "Notes", {"vaultkit.yaml": "", "People/Ann.md": person(cadence="1w")})
    monkeypatch.chdir(root / "People")
    result = run("build", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (root / "Dashboard.md").is_file()
    assert not (root / "People/Dashboard.md").exists()


@pytest.mark.parametrize("marker", [".obsidian/app.json", "vaultkit.yaml"])
def test_either_marker_makes_a_vault(tmp_path: Path, marker: str) -> None:
    root = write_notes(tmp_path / "Notes", {marker: "{}" if marker.endswith(".json") else "", "Work/x.md": "hi"})
    assert run("build", root / "Work", "--today", TODAY).exit_code == 0
    assert (root / "Dashboard.md").is_file()


@pytest.mark.parametrize(
    "notes",
    [{"People/Ann.md": person()}, {"Contacts/Ann.md": person(type="person")}],
    ids=["a people folder", "a person note"],
)
def test_a_folder_without_markers_is_a_vault_when_it_holds_people(tmp_path: Path, notes: dict[str, str]) -> None:
    root = write_notes(tmp_path / "Notes", notes)
    assert run("build", root, "--today", TODAY).exit_code == 0
    assert (root / "Dashboard.md").is_file()


@pytest.mark.parametrize("people_dirs", ["[People, Work]", "[people]"])
def test_a_people_folder_that_does_not_exist_is_a_config_error(vault: Make, people_dirs: str) -> None:
    root = vault({"vaultkit.yaml": f"people_dirs: {people_dirs}\n", "People/Ann.md": person(cadence="1w")})
    result = run("build", root, "--today", TODAY)
    assert result.exit_code == 2
    assert "Config value 'people_dirs': the folder" in result.output and "does not exist" in result.output
    if people_dirs == "[people]":
        assert "did you mean 'People'?" in result.output


# 2. One way to name the vault


@pytest.mark.parametrize(
    "command",
    [
        ["build"],
        ["check"],
        ["due"],
        ["intros"],
        ["paths"],
        ["who", "rust"],
        ["log", "Ann", "coffee"],
        ["new", "Bo"],
        ["export", "ics"],
    ],
)
def test_every_command_takes_vault_and_the_environment(vault: Make, command: list[str], tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w", interests="[rust]")})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(elsewhere)
        by_option = run(*command, "--vault", root, "--today", TODAY)
        assert by_option.exit_code in (0, 1), by_option.output
        patch.setenv("VAULTKIT_VAULT", str(root))
        again = ["new", "Cy"] if command[0] == "new" else command
        by_environment = run(*again, "--today", TODAY)
        assert by_environment.exit_code in (0, 1), by_environment.output
    if command[0] in ("check", "due", "intros", "paths", "who", "export"):
        assert by_environment.output == by_option.output
    assert not list(elsewhere.iterdir())  # nothing written where the terminal was


def test_a_vault_at_the_end_of_the_log_text_is_refused(vault: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({"People/Ann.md": person()})
    monkeypatch.chdir(root)
    result = run("log", "Ann", "coffee", str(root))
    assert result.exit_code == 2
    assert "--vault" in result.output
    assert "coffee" not in (root / "People/Ann.md").read_text()


def test_two_different_vaults_at_once_are_a_usage_error(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person()})
    result = run("due", root, "--vault", tmp_path)
    assert result.exit_code == 2
    assert "two vaults given" in result.output


# 3. Unicode: a name typed on a Mac is the same name


def test_a_name_typed_decomposed_is_found_and_links_resolve(vault: Make) -> None:
    carmen, kai = unicodedata.normalize("NFC", "Carmen López"), unicodedata.normalize("NFC", "Kai Müller")
    root = vault(
        {
            f"People/{carmen}.md": person(cadence="1w", knows=f"['[[{unicodedata.normalize('NFD', kai)}]]']"),
            f"People/{kai}.md": person(cadence="1w"),
        }
    )
    result = run("log", unicodedata.normalize("NFD", carmen), "coffee", "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "coffee" in (root / f"People/{carmen}.md").read_text()
    assert "no note in the vault" not in run("check", root).output


# 4. Name lookup


@pytest.mark.parametrize(
    ("typed", "suggested"), [("Alice", "Alice Moreau"), ("moreau", "Alice Moreau"), ("Ali", "Alice Moreau")]
)
def test_an_unknown_name_suggests_by_first_last_name_and_prefix(vault: Make, typed: str, suggested: str) -> None:
    root = vault({"People/Alice Moreau.md": person(), "People/Bob Stone.md": person()})
    result = run("log", typed, "coffee", "--vault", root)
    assert result.exit_code == 2
    assert f"no person named {typed!r} in {root}; did you mean {suggested}?" in result.output


def test_gave_and_got_together_is_a_usage_error(vault: Make) -> None:
    root = vault({"People/Ann.md": person()})
    result = run("log", "Ann", "swap", "--gave", "--got", "--vault", root)
    assert result.exit_code == 2
    assert "--gave and --got together" in result.output
    assert "swap" not in (root / "People/Ann.md").read_text()
