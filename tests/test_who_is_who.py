"""Who is who when two records share a name, and the writes that take no guesses (SPEC §8)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


def log_lines(root: Path, rel: str) -> list[str]:
    return [line for line in (root / rel).read_text(encoding="utf-8").splitlines() if line.startswith("- ")]


def test_a_write_takes_a_whole_first_name_but_never_a_prefix(vault: Make) -> None:
    root = vault({"People/Jonas Weber.md": person() + "# Jonas Weber\n\n## Log\n"})
    refused = run("log", "Jon", "Coffee", "--vault", root, "--today", TODAY)
    assert refused.exit_code == 2, refused.output
    assert "Jonas Weber (People/Jonas Weber.md)" in refused.output and "Traceback" not in refused.output
    assert log_lines(root, "People/Jonas Weber.md") == []
    asked = run("intro", "Jon", "Jonas Weber", "--vault", root, "--today", TODAY)
    assert asked.exit_code == 2 and log_lines(root, "People/Jonas Weber.md") == []
    written = run("log", "jonas", "Coffee", "--vault", root, "--today", TODAY)
    assert written.exit_code == 0, written.output
    assert log_lines(root, "People/Jonas Weber.md") == ["- 2026-11-21 Coffee"]
    # a read still takes the unique start of a name
    assert run("brief", "Jon", "--vault", root, "--today", TODAY).exit_code == 0


def test_a_calendar_title_names_a_person_only_by_a_full_name(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {
            "People/Nguyễn Thị Mai.md": person(aliases="[Mai]") + "# Mai\n",
            "People/Katherine Moore.md": person(aliases="[Kate, Kate Moore]") + "# Katherine\n",
            "People/Robert Schmidt.md": person(aliases="[Bob]") + "# Robert\n",
        }
    )
    events = [
        ("h1", "20260501", "Tag der Arbeit (1. Mai)"),
        ("h2", "20261003", "Kate Bush listening party"),
        ("h3", "20261010", "Dentist (Dr. Bob)"),
        ("m1", "20261012", "Lunch with Kate Moore"),
        ("m2", "20261013", "Call with Nguyễn Thị Mai"),
    ]
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;VALUE=DATE:{day}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        for uid, day, title in events
    )
    calendar = tmp_path / "holidays.ics"
    calendar.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n{body}END:VCALENDAR\r\n".encode())
    result = run("import", "ics", calendar, "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert log_lines(root, "People/Katherine Moore.md") == ["- 2026-10-12 Lunch with Kate Moore (calendar)"]
    assert log_lines(root, "People/Nguyễn Thị Mai.md") == ["- 2026-10-13 Call with Nguyễn Thị Mai (calendar)"]
    assert log_lines(root, "People/Robert Schmidt.md") == []


RAJ_TWICE = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Raj,Patel,https://www.linkedin.com/in/rajpatel-tcs,,TCS,Consultant,12 Mar 2024\r\n"
    "Raj,Patel,https://www.linkedin.com/in/raj-patel-rzp,,Razorpay,Founder,02 Feb 2021\r\n"
)


def test_two_linkedin_rows_of_one_name_are_two_people_and_the_company_says_which_is_the_note(
    vault: Make, tmp_path: Path
) -> None:
    root = vault({"People/Raj Patel.md": person(company="Razorpay", role="Founder") + "# Raj Patel\n\n## Log\n"})
    export = tmp_path / "Connections.csv"
    export.write_bytes(RAJ_TWICE.encode())
    dry = run("import", "linkedin", export, "--vault", root, "--today", TODAY, "--dry-run")
    assert "Raj Patel → People/Raj Patel.md (by name and company)" in dry.output, dry.output
    assert "Raj Patel → People/Raj Patel (2).md (new note)" in dry.output
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):  # the same file on later days adds nothing
        result = run("import", "linkedin", export, "--vault", root, "--today", day)
        assert result.exit_code == 0 and "#news" not in result.output, result.output
    assert log_lines(root, "People/Raj Patel.md") == []
    second = (root / "People/Raj Patel (2).md").read_text()
    assert "rajpatel-tcs" in second and "TCS" in second and "aliases" not in second


def test_two_rows_of_one_name_without_evidence_are_both_skipped_and_named(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Raj Patel.md": person(location="Pune") + "# Raj Patel\n\n## Log\n"})
    before = (root / "People/Raj Patel.md").read_bytes()
    export = tmp_path / "Connections.csv"
    export.write_bytes(RAJ_TWICE.encode())
    for day in ("2026-11-21", "2026-11-22"):
        result = run("import", "linkedin", export, "--vault", root, "--today", day)
        assert result.exit_code == 0, result.output
        assert (
            "skipped 2 'Raj Patel': two LinkedIn profiles of one name, and People/Raj Patel.md holds neither:"
            " add the right LinkedIn URL to the note" in result.output
        )
        assert result.output.strip().splitlines()[-1].endswith("skipped 2 that could not be imported")
    assert (root / "People/Raj Patel.md").read_bytes() == before
    assert sorted(p.name for p in (root / "People").iterdir()) == ["Raj Patel.md"]


def test_without_accents_means_transliterated(vault: Make) -> None:
    root = vault(
        {
            "People/Łukasz Nowak.md": person() + "# Łukasz\n\n## Log\n",
            "People/Søren Berg.md": person() + "# Søren\n\n## Log\n",
            "People/Ærø Straße.md": person() + "# Ærø\n\n## Log\n",
        }
    )
    for twin, existing in [
        ("Lukasz Nowak", "Łukasz Nowak"),
        ("Soren Berg", "Søren Berg"),
        ("aero strasse", "Ærø Straße"),
    ]:
        refused = run("new", twin, "--vault", root)
        assert refused.exit_code == 2 and f"People/{existing}.md" in refused.output, refused.output
    assert not (root / "People/Lukasz Nowak.md").exists()
    logged = run("log", "lukasz", "Coffee", "--vault", root, "--today", TODAY)
    assert logged.exit_code == 0 and logged.output.startswith("People/Łukasz Nowak.md: - 2026-11-21 Coffee")
    unknown = run("log", "luk", "Coffee", "--vault", root, "--today", TODAY)
    assert unknown.exit_code == 2 and "Łukasz Nowak" in unknown.output
    assert run("brief", "soren berg", "--vault", root, "--today", TODAY).exit_code == 0
