"""A real vault as a new user has one: finding the vault, naming it, Unicode names, name lookup.

SPEC §1 "Finding the vault", §2 names, §6 how every command takes its vault.
"""

from __future__ import annotations

import shutil
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


@pytest.mark.parametrize(("typed", "suggested"), [("moreau", "Alice Moreau"), ("Alice Moro", "Alice Moreau")])
def test_an_unknown_name_suggests_by_last_name_or_spelling(vault: Make, typed: str, suggested: str) -> None:
    """A first name or the start of a name finds her (SPEC §8); a last name or a misspelling suggests."""
    root = vault({"People/Alice Moreau.md": person(), "People/Bob Stone.md": person()})
    result = run("log", typed, "coffee", "--vault", root)
    assert result.exit_code == 2
    assert f"no person named {typed!r} in {root}; did you mean {suggested}?" in result.output


def test_a_first_name_is_the_word_after_a_title_and_a_title_finds_nobody(vault: Make) -> None:
    """`Dr. Jane Smith` is found by `Jane`, her first name; `Dr.` is a title, not a name a write can take."""
    root = vault({"People/Dr. Jane Smith.md": person(), "People/Bob Stone.md": person()})
    found = run("log", "jane", "coffee", "--vault", root, "--today", TODAY)
    assert found.exit_code == 0, found.output
    assert "coffee" in (root / "People/Dr. Jane Smith.md").read_text(encoding="utf-8")
    title = run("log", "Dr.", "tea", "--vault", root, "--today", TODAY)
    assert title.exit_code == 2 and "no person named 'Dr.'" in title.output
    assert "tea" not in (root / "People/Dr. Jane Smith.md").read_text(encoding="utf-8")


def test_a_title_before_a_surname_alone_is_no_first_name(vault: Make) -> None:
    """`Dr. Smith` has no first name to find her by: `Smith` is a surname, which a write never guesses."""
    root = vault({"People/Dr. Smith.md": person(), "People/John Smith.md": person()})
    result = run("log", "Smith", "called", "--vault", root, "--today", TODAY)
    assert result.exit_code == 2 and "no person named 'Smith'" in result.output
    for name in ("Dr. Smith", "John Smith"):
        assert "called" not in (root / f"People/{name}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "greeted"), [("Dr. Jane Smith", "Jane"), ("Dr. Smith", "Dr. Smith"), ("Jo", "Jo")])
def test_a_draft_greets_by_the_first_name_past_a_title(name: str, greeted: str) -> None:
    from vaultkit.dashboard.messages import first_name

    assert first_name(name) == greeted


def test_gave_and_got_together_is_a_usage_error(vault: Make) -> None:
    root = vault({"People/Ann.md": person()})
    result = run("log", "Ann", "swap", "--gave", "--got", "--vault", root)
    assert result.exit_code == 2
    assert "--gave and --got together" in result.output
    assert "swap" not in (root / "People/Ann.md").read_text()


# 5. Obsidian habits: date-time properties, template folders; and git's conflict markers


@pytest.mark.parametrize("written", ["2026-11-20T14:30", "2026-11-20T14:30:05", "2026-11-20T14:30:05+05:30"])
def test_a_date_time_property_counts_as_its_date(vault: Make, written: str) -> None:
    root = vault({"People/Ann.md": person(cadence="1w", last_contact=written)})
    result = run("due", root, "--today", TODAY, "--json")
    assert '"last_contact": "2026-11-20"' in result.output
    assert run("check", root).exit_code == 0


@pytest.mark.parametrize(
    ("settings", "content"),
    [
        (".obsidian/templates.json", '{"folder": "Templates"}'),
        (".obsidian/plugins/templater-obsidian/data.json", '{"templates_folder": "Templates/", "other": 1}'),
    ],
    ids=["core Templates", "Templater"],
)
def test_obsidian_template_folders_are_not_read(tmp_path: Path, settings: str, content: str) -> None:
    template = "---\ntype: person\ncadence: 1w\nlast_contact: {{date:YYYY-MM-DD}}\n---\n"
    root = write_notes(
        tmp_path / "Notes",
        {settings: content, "Templates/Person template.md": template, "People/Ann.md": person(cadence="1w")},
    )
    build = run("build", root, "--today", TODAY)
    assert "1 person" in build.output
    check = run("check", root)
    assert check.exit_code == 0 and "Templates" not in check.output


def test_git_conflict_markers_are_a_problem_at_their_line(vault: Make) -> None:
    note = person(cadence="1w") + "## Log\n<<<<<<< HEAD\n- 2026-11-01 coffee\n=======\n- 2026-11-02 tea\n>>>>>>> b\n"
    root = vault({"People/Ann.md": note})
    result = run("check", root)
    assert result.exit_code == 1
    assert "People/Ann.md:5: git conflict markers" in result.output


# 7. check and build count alike, and warnings apart


def test_a_link_to_nobody_is_a_warning_counted_alike_by_build_and_check(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w", knows="['[[Nobody]]']")})
    build = run("build", root, "--today", TODAY)
    assert build.output.endswith("0 paths, 0 problems, 1 warning\n")
    check = run("check", root, "--today", TODAY)
    assert check.exit_code == 0
    assert "0 problems, 1 warning in 1 note" in check.output


# 6. The dashboard reads cleanly as raw text


def test_the_raw_dashboard_escapes_only_what_would_inject_structure(vault: Make) -> None:
    root = vault(
        {
            "People/Ana_Lu.md": person(cadence="1w", offers="[AT&T contacts]", interests="[r&d, c#, Stand-up]"),
            "People/Bo.md": person(cadence="2w", needs="[at&t contacts]", interests="[R&D, C#, stand up]"),
            "People/Cy.md": person(cadence="quarterly", last_contact="2026-9-3", knows="['[[Farid Haddad]]']"),
        }
    )
    assert run("build", root, "--today", TODAY).exit_code == 0
    text = (root / "Dashboard.md").read_text()
    assert "- [ ] [[Ana_Lu]] — due 2026-11-21 · every week · last contact never" in text
    assert "[[Bo]] — due 2026-11-21 · every 2 weeks" in text
    assert "[[Cy]] — due 2026-11-21 · every quarter" in text
    assert "[[Ana_Lu]] ↔ [[Bo]] — Ana_Lu offers AT&T contacts, which Bo needs; both into C#, R&D, Stand-up" in text
    assert "- [[People/Cy|People/Cy.md:3]] — `last_contact`: `2026-9-3` is not a real date" in text
    assert "- warning: [[People/Cy|People/Cy.md:4]] — `knows` links to `Farid Haddad`, who has no note" in text
    assert "\\_" not in text and "\\&" not in text and "\\#" not in text and "'" not in text


@pytest.mark.parametrize(
    ("cadence", "words"),
    [
        ("10d", "every 10 days"),
        ("1w", "every week"),
        ("weekly", "every week"),
        ("1m", "every month"),
        ("monthly", "every month"),
        ("3m", "every quarter"),
        ("2m", "every 2 months"),
        ("1y", "every year"),
        ("never", "no follow-ups"),
    ],
)
def test_cadences_are_written_in_words(cadence: str, words: str) -> None:
    from vaultkit.read.dates import cadence_in_words

    assert cadence_in_words(cadence) == words


# 9. Importers keep everyone


def test_two_connections_of_one_name_are_both_kept_and_a_reimport_matches_each(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person(url="https://www.linkedin.com/in/ann")})
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position\n"
        "Chris,Lee,https://www.linkedin.com/in/chris-lee-1,,Acme,N/A\n"
        "Chris,Lee,https://www.linkedin.com/in/chris-lee-2,,n/a,Engineer\n"
        "Ann,Other,https://www.linkedin.com/in/ann/,,,\n"
    )
    first = run("import", "linkedin", export, "--vault", root)
    assert first.exit_code == 0, first.output
    assert "created 2, already there 1" in first.output
    assert (root / "People/Chris Lee.md").is_file() and (root / "People/Chris Lee (2).md").is_file()
    second_note = (root / "People/Chris Lee (2).md").read_text()
    assert "company" not in second_note and "role: Engineer" in second_note
    assert "role" not in (root / "People/Chris Lee.md").read_text()
    dry = run("import", "linkedin", export, "--vault", root, "--dry-run")
    assert dry.output.splitlines() == [
        "Chris Lee → People/Chris Lee.md (by LinkedIn URL)",
        "Chris Lee → People/Chris Lee (2).md (by LinkedIn URL)",
        "Ann Other → People/Ann.md (by LinkedIn URL)",
        "would create 0, already there 3, skipped 0 without a name",
    ]


def test_a_vcard_4_phone_uri_keeps_the_number(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person()})
    cards = tmp_path / "c.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ivo Horvat\r\nTEL;VALUE=uri:tel:+385-1-555-0100\r\nEND:VCARD\r\n"
    )
    assert run("import", "vcard", cards, "--vault", root).exit_code == 0
    assert "phone: +385-1-555-0100" in (root / "People/Ivo Horvat.md").read_text()


# 12. Introductions and `who`


def test_a_target_you_never_met_is_never_suggested_for_an_introduction(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(interests="[falconry]"),
            "People/Star.md": person(interests="[falconry]", target="true"),
            "People/Met.md": person(interests="[falconry]", target="true", last_contact="2026-01-01"),
        }
    )
    result = run("intros", root, "--today", TODAY, "--json")
    assert '"Star"' not in result.output
    assert '"a": "Ann"' in result.output and '"b": "Met"' in result.output


def test_who_finds_terms_holding_the_query_as_a_word_after_equal_ones(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(offers="[rust mentoring]"),
            "People/Bo.md": person(interests="[rust]"),
            "People/Cy.md": person(interests="[trust]"),
        }
    )
    result = run("who", "rust", "--vault", root)
    assert result.output.splitlines() == ["Bo: interests: rust", "Ann: offers: rust mentoring"]


# 11. Calendar export


def test_an_overdue_follow_up_is_on_today_and_every_event_says_why_with_a_link(vault: Make) -> None:
    from icalendar import Calendar

    root = vault(
        {
            "People/Asha Rao.md": person(cadence="1m", last_contact="2026-09-01", birthday="1986-03-14"),
            "People/Bo.md": person(cadence="2w", last_contact="2026-11-20", milestones="{founded: 2019-04-01}"),
        }
    )
    result = run("export", "ics", "--vault", root, "--today", TODAY)
    events = {str(e["summary"]): e for e in Calendar.from_ical(result.output).walk("VEVENT")}
    late = events["Follow up with Asha Rao"]
    assert late.decoded("dtstart").isoformat() == TODAY
    assert str(late["description"]) == (
        "Every month; last contact 2026-09-01.\nDue since 2026-10-01.\nobsidian://open?vault=vault&file=People%2FAsha%20Rao"
    )
    assert events["Follow up with Bo"].decoded("dtstart").isoformat() == "2026-12-04"
    assert "Every 2 weeks; last contact 2026-11-20." in str(events["Follow up with Bo"]["description"])
    assert "file=People%2FAsha%20Rao" in str(events["Asha Rao's birthday"]["description"])
    assert str(events["Bo: founded"]["description"]).startswith("Founded (since 2019).")


# 5 and 6 on a vault as Obsidian makes it


OBSIDIAN_VAULT = Path(__file__).parent / "fixtures/obsidian-vault"


def test_an_obsidian_vault_builds_cleanly(tmp_path: Path) -> None:
    root = tmp_path / "Notes"
    shutil.copytree(OBSIDIAN_VAULT, root)
    result = run("build", root / "People", "--today", TODAY)  # run inside a folder of the vault
    assert result.exit_code == 0, result.output
    assert result.output.endswith(": 2 people, 2 due, 0 milestones, 1 intro, 0 paths, 0 problems, 1 warning\n")
    text = (root / "Dashboard.md").read_text()
    assert "[[Ana_Lu]] — due 2026-11-27 · every week · last contact 2026-11-20" in text  # the daily note's tick
    assert "[[Farid Haddad]] — due 2026-11-15 · every 2 weeks · last contact 2026-11-01" in text
    assert (
        "[[Ana_Lu]] ↔ [[Farid Haddad]] — Ana_Lu offers AT&T contacts, which Farid Haddad needs; both into film, R&D"
        in text
    )
    assert "`knows` links to `Nobody Yet`" in text
    assert "Templates" not in text and "Templater" not in text and "{{date" not in text
    for escaped in ("\\_", "\\&", "\\#", "\\[", "'"):
        assert escaped not in text
