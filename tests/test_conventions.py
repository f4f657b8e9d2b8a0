"""Vaults as people keep them (issue 22, items 6 to 9): people by category or tag, meeting notes,
link-valued properties, daily notes in the user's own format, with fixture vaults laid out as those
conventions write them (tests/fixtures/)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def categories_vault(tmp_path: Path) -> Path:
    """A vault laid out like kepano's: people in References/ marked by `categories: ["[[People]]"]`."""
    root = tmp_path / "vault"
    shutil.copytree(FIXTURES / "categories-vault", root)
    return root


def due(root: Path) -> dict[str, dict[str, object]]:
    result = run("due", "--vault", root, "--today", "2026-11-21", "--json")
    assert result.exit_code == 0, result.output
    return {item["name"]: item for item in json.loads(result.output)}


def test_people_by_category_and_by_tag_and_not_the_template(categories_vault: Path) -> None:
    result = run("build", categories_vault, "--today", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert "3 people" in result.output and "0 problems" in result.output
    assert set(due(categories_vault)) <= {"Ada Byrne", "Rui Costa", "Mei Tan"}


def test_a_meeting_note_is_contact_with_the_people_its_properties_link(categories_vault: Path) -> None:
    """`people:` in a daily-named meeting note and `attendees:` in a note dated by `date` are contact;
    a link in `topics:` is not, nor one in the body of a note that is not a daily note."""
    shown = {name: item["last_contact"] for name, item in due(categories_vault).items()}
    assert shown.get("Ada Byrne", "2026-11-12") == "2026-11-12"
    brief = json.loads(run("brief", "Ada Byrne", "--vault", categories_vault, "--today", "2026-11-21", "--json").output)
    assert brief["last_contact"] == "2026-11-12"
    rui = json.loads(run("brief", "Rui Costa", "--vault", categories_vault, "--today", "2026-11-21", "--json").output)
    assert rui["last_contact"] == "2026-11-15"  # attendees of `Planning call` (a date-time), not `topics`
    mei = json.loads(run("brief", "Mei Tan", "--vault", categories_vault, "--today", "2026-11-21", "--json").output)
    assert mei["last_contact"] == "2026-11-14"  # the daily note's body; the meeting's body link is not contact


def test_a_link_valued_property_means_its_text(categories_vault: Path) -> None:
    found = run("who", "lumen labs", "--vault", categories_vault, "--today", "2026-11-21", "--json")
    assert found.exit_code == 0, found.output
    assert [item["name"] for item in json.loads(found.output)] == ["Ada Byrne"]  # Rui's link shows "Lumen"
    brief = run("brief", "Ada Byrne", "--vault", categories_vault, "--today", "2026-11-21")
    assert "Lumen Labs" in brief.output and "[[" not in brief.output.split("## ")[0]
    assert "\\[" not in brief.output


def test_colleagues_through_a_link_valued_company_reach_a_target(vault: Make) -> None:
    root = vault(
        {
            "People/Me Friend.md": person(company='"[[Northwind Ventures]]"', last_contact="2026-11-01"),
            "People/Target Person.md": person(company="Northwind Ventures", target="true"),
        }
    )
    paths = run("paths", "--vault", root, "--today", "2026-11-21", "--json")
    assert json.loads(paths.output) == [
        {"target": "Target Person", "path": ["Me Friend", "Target Person"], "via": ["Northwind Ventures"]}
    ]


def test_people_tags_and_categories_are_settings(vault: Make) -> None:
    root = vault(
        {
            "Contacts/Ann.md": "---\ntags: [contact]\n---\n",
            "Contacts/Bo.md": '---\ncategories: ["[[Friends]]"]\n---\n',
            "Notes/Cy.md": "---\ntags: [person/colleague]\n---\n",
            "Notes/Dee.md": "---\ntags: [personal]\n---\n",
        }
    )
    (root / "vaultkit.yaml").write_text("people_tags: [contact, person]\npeople_categories: [Friends]\n")
    result = run("build", root, "--today", "2026-11-21")
    assert result.exit_code == 0 and "3 people" in result.output, result.output


# Item 10: finding the vault (SPEC §1)


def test_the_home_folder_is_never_the_vault_and_the_vault_below_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    (home / "Notes/.obsidian").mkdir(parents=True)
    (home / "Notes/Deep/People").mkdir(parents=True)
    (home / "Notes/Deep/People/Ann.md").write_text(person(tie="strong"), encoding="utf-8")
    (home / "Ann Elsewhere.md").write_text("---\ntype: person\n---\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    result = run("build", "--today", "2026-11-21")
    assert result.exit_code == 2
    assert "a vault is at ~/Notes: cd there or pass --vault ~/Notes" in result.output
    assert not (home / "Dashboard.md").exists()


def test_a_folder_with_a_vault_below_is_not_a_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    projects = tmp_path / "projects"
    (projects / "notes/vault/.obsidian").mkdir(parents=True)
    (projects / "People").mkdir()
    monkeypatch.chdir(projects)
    result = run("due", "--today", "2026-11-21")
    assert result.exit_code == 2 and f"a vault is at {projects / 'notes/vault'}" in result.output


def test_a_person_note_deep_below_makes_no_vault_but_one_directly_in_it_does(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    (folder / "a/b").mkdir(parents=True)
    (folder / "a/b/Ann.md").write_text("---\ntype: person\n---\n", encoding="utf-8")
    assert run("build", folder, "--today", "2026-11-21").exit_code == 2
    (folder / "Bo.md").write_text("---\ntags: [person]\n---\n", encoding="utf-8")
    built = run("build", folder, "--today", "2026-11-21")
    assert built.exit_code == 0, built.output


def test_the_file_system_root_is_never_the_vault() -> None:
    from vaultkit.read.locate import NotAVault, find_vault

    with pytest.raises(NotAVault):
        find_vault(Path("/"))


def test_a_build_that_finds_nobody_names_the_folder_that_looks_like_people(vault: Make) -> None:
    root = vault({"10 Example Data/people/Ann.md": "---\ncadence: 1w\n---\n"})
    result = run("build", root, "--today", "2026-11-21")
    assert result.exit_code == 0
    assert "warning: no person found, but 10 Example Data/people looks like a people folder" in result.output
    assert "people_dirs: [10 Example Data/people]" in result.output


# Item 11: init in an existing vault looks before it writes (SPEC §1)


def test_init_writes_the_folders_where_people_live_and_makes_no_empty_people(vault: Make) -> None:
    root = vault(
        {
            "10 Example Data/people/Ann.md": person(cadence="1w"),
            "Areas/Contacts/Bo.md": person(cadence="1w"),
            "Templates/people/Template.md": "---\ncadence: {{cadence}}\n---\n",
            ".obsidian/templates.json": '{"folder": "Templates"}',
        }
    )
    done = run("init", root)
    assert done.exit_code == 0, done.output
    assert "wrote vaultkit.yaml (people_dirs: 10 Example Data/people, Areas/Contacts)" in done.output
    assert 'people_dirs: ["10 Example Data/people", "Areas/Contacts"]' in (root / "vaultkit.yaml").read_text()
    assert not (root / "People").exists()
    built = run("build", root, "--today", "2026-11-21")
    assert built.exit_code == 0 and "2 people" in built.output, built.output


def test_init_in_a_vault_of_categories_makes_no_people_folder_and_types_its_properties(categories_vault: Path) -> None:
    types = categories_vault / ".obsidian/types.json"
    before = json.loads(types.read_text())["types"]
    done = run("init", categories_vault)
    assert done.exit_code == 0, done.output
    assert not (categories_vault / "People").exists()
    after = json.loads(types.read_text())["types"]
    assert {key: after[key] for key in before} == before  # every type already there kept, in its order
    assert list(after)[: len(before)] == list(before)
    assert after["last_contact"] == "date" and after["interests"] == "multitext" and after["target"] == "checkbox"
    assert "added" in done.output and ".obsidian/types.json" in done.output
    assert "types.json" not in run("init", categories_vault).output  # nothing new the second time


def test_init_in_a_new_folder_makes_people(tmp_path: Path) -> None:
    root = tmp_path / "new"
    assert run("init", root).exit_code == 0
    assert (root / "People").is_dir() and "people_dirs: [People]" in (root / "vaultkit.yaml").read_text()


# Item 7: daily notes in the user's own format (Obsidian's Daily notes settings, Periodic Notes)


@pytest.mark.parametrize(
    ("settings_file", "settings", "note"),
    [
        (".obsidian/daily-notes.json", {"folder": "Journal", "format": "DD-MM-YYYY"}, "Journal/14-11-2026.md"),
        (
            ".obsidian/plugins/periodic-notes/data.json",
            {"daily": {"enabled": True, "folder": "Daily", "format": "YYYY/MM/YYYY-MM-DD"}},
            "Daily/2026/11/2026-11-14.md",
        ),
        (".obsidian/daily-notes.json", {"format": "dddd, MMMM Do YYYY"}, "Saturday, November 14th 2026.md"),
    ],
)
def test_a_daily_note_named_in_the_users_format_is_contact(
    vault: Make, settings_file: str, settings: dict[str, object], note: str
) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), note: "Coffee with [[Ann]]\n"})
    (root / settings_file).parent.mkdir(parents=True, exist_ok=True)
    (root / settings_file).write_text(json.dumps(settings), encoding="utf-8")
    brief = json.loads(run("brief", "Ann", "--vault", root, "--today", "2026-11-21", "--json").output)
    assert brief["last_contact"] == "2026-11-14"


@pytest.mark.parametrize(
    "note",
    ["Journal/31-11-2026.md", "Journal/14-11-26.md", "Journal/Notes about 14-11-2026.md", "Other/14-11-2026.md"],
)
def test_a_name_that_is_not_a_date_in_that_format_is_no_daily_note(vault: Make, note: str) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), note: "Coffee with [[Ann]]\n"})
    (root / ".obsidian/daily-notes.json").write_text('{"folder": "Journal", "format": "DD-MM-YYYY"}')
    brief = json.loads(run("brief", "Ann", "--vault", root, "--today", "2026-11-21", "--json").output)
    assert brief["last_contact"] is None


def test_a_weekday_that_does_not_fit_the_date_is_no_daily_note(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), "Friday, November 14th 2026.md": "Tea with [[Ann]]\n"})
    (root / ".obsidian/daily-notes.json").write_text('{"format": "dddd, MMMM Do YYYY"}')
    brief = json.loads(run("brief", "Ann", "--vault", root, "--today", "2026-11-21", "--json").output)
    assert brief["last_contact"] is None


def test_a_vault_of_tags_and_a_journal_in_its_own_format(tmp_path: Path) -> None:
    """tests/fixtures/tags-vault: people tagged `person` (or `person/colleague`) anywhere, daily notes in
    Journal/ named `YYYY/DD-MM-YYYY` as its Daily notes settings say."""
    root = tmp_path / "vault"
    shutil.copytree(FIXTURES / "tags-vault", root)
    built = run("build", root, "--today", "2026-11-21")
    assert built.exit_code == 0 and "2 people" in built.output, built.output
    contacts = {name: item["last_contact"] for name, item in due(root).items()}
    lena = json.loads(run("brief", "Lena", "--vault", root, "--today", "2026-11-21", "--json").output)
    omar = json.loads(run("brief", "omar", "--vault", root, "--today", "2026-11-21", "--json").output)
    assert lena["last_contact"] == "2026-11-14"  # the journal's day
    assert omar["last_contact"] == "2026-11-02"  # an open task that links him is no contact
    assert set(contacts) <= {"Lena Vogt", "Omar Haddad"}
