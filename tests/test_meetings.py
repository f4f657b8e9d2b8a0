"""Contact recorded without typing it (issue 17): `import ics` from real calendar exports, and
`log --with` for a meeting of several (SPEC §6)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"

OUTLOOK = """BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16011028T030000\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:outlook-1\r
ORGANIZER;CN="Asha Rao":mailto:Asha@Example.com\r
ATTENDEE;CN=Me;ROLE=REQ-PARTICIPANT:mailto:me@example.org\r
SUMMARY:Quarterly review\r
DTSTART;TZID="W. Europe Standard Time":20261102T100000\r
DTEND;TZID="W. Europe Standard Time":20261102T110000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:outlook-2\r
ORGANIZER;CN=Me:mailto:me@example.org\r
ATTENDEE;CN=Me:mailto:ME@example.org\r
SUMMARY:Focus time\r
DTSTART;TZID="W. Europe Standard Time":20261103T090000\r
DTEND;TZID="W. Europe Standard Time":20261103T120000\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:outlook-3\r
ORGANIZER;CN="Asha Rao":mailto:asha@example.com\r
SUMMARY:Planned dinner\r
DTSTART;TZID="W. Europe Standard Time":20261205T190000\r
DTEND;TZID="W. Europe Standard Time":20261205T220000\r
END:VEVENT\r
END:VCALENDAR\r
"""

GOOGLE = """BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
X-WR-TIMEZONE:Asia/Kolkata\r
BEGIN:VEVENT\r
DTSTART;VALUE=DATE:20261110\r
DTEND;VALUE=DATE:20261111\r
UID:google-allday@google.com\r
SUMMARY:Festival day with Sam Okafor\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;TZID=Asia/Tokyo:20261105T050000\r
DTEND;TZID=Asia/Tokyo:20261105T060000\r
UID:google-zone@google.com\r
SUMMARY:Late call with Tokyo\r
ATTENDEE;CN=Hana;PARTSTAT=ACCEPTED:mailto:hana@example.jp\r
END:VEVENT\r
BEGIN:VEVENT\r
DTSTART;TZID=Europe/Berlin:20261002T180000\r
DTEND;TZID=Europe/Berlin:20261002T190000\r
RRULE:FREQ=WEEKLY;COUNT=10\r
EXDATE;TZID=Europe/Berlin:20261016T180000\r
UID:google-weekly@google.com\r
SUMMARY:Film club\r
ATTENDEE;CN=Bo Kim:mailto:bo@example.com\r
ATTENDEE;CN=Cy:mailto:cy@example.com\r
END:VEVENT\r
END:VCALENDAR\r
"""


def people(vault: Make) -> Path:
    return vault(
        {
            "People/Asha Rao.md": person(email="asha@example.com") + "## Log\n- 2026-10-01 coffee\n",
            "People/Sam Okafor.md": person(aliases="[Sammy]"),
            "People/Hana Suzuki.md": person(email="['hana@example.jp', 'h.suzuki@work.jp']"),
            "People/Bo Kim.md": person(email="bo@example.com"),
            "People/Cy Ray.md": person(email="CY@example.com"),
            "vaultkit.yaml": "me: [me@example.org]\n",
        }
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def log_of(root: Path, name: str) -> list[str]:
    return [line for line in (root / f"People/{name}.md").read_text().splitlines() if line.startswith("- 20")]


def test_an_outlook_export_matches_organizers_and_leaves_out_your_own_and_future_events(
    vault: Make, tmp_path: Path
) -> None:
    root = people(vault)
    result = run("import", "ics", write(tmp_path, "outlook.ics", OUTLOOK), "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert log_of(root, "Asha Rao") == ["- 2026-10-01 coffee", "- 2026-11-02 Quarterly review (calendar)"]
    assert result.output.splitlines()[-1] == (
        "3 events read: 2 event days in the window, 1 with someone in the vault; added 1 line, 0 already there"
    )


def test_a_google_export_all_day_zones_recurrence_and_exceptions(vault: Make, tmp_path: Path) -> None:
    root = people(vault)
    result = run("import", "ics", write(tmp_path, "google.ics", GOOGLE), "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert log_of(root, "Sam Okafor") == ["- 2026-11-10 Festival day with Sam Okafor (calendar)"]
    # 05:00 on the 5th in Tokyo is still the 4th in UTC: the event's own zone gives the date
    assert log_of(root, "Hana Suzuki") == ["- 2026-11-05 Late call with Tokyo (calendar)"]
    weekly = [
        f"- 2026-{day} Film club (calendar)" for day in ("10-02", "10-09", "10-23", "10-30", "11-06", "11-13", "11-20")
    ]
    assert log_of(root, "Bo Kim") == weekly  # once per past occurrence, the 16th excepted, none to come
    assert log_of(root, "Cy Ray") == weekly  # e-mail compared in any case


def test_a_second_import_adds_nothing_and_a_dry_run_writes_nothing(vault: Make, tmp_path: Path) -> None:
    root = people(vault)
    calendar = write(tmp_path, "google.ics", GOOGLE)
    dry = run("import", "ics", calendar, "--vault", root, "--today", TODAY, "--dry-run")
    assert "People/Sam Okafor.md: - 2026-11-10 Festival day with Sam Okafor (calendar)" in dry.output
    assert dry.output.splitlines()[-1].endswith("would add 16 lines, 0 already there")
    assert log_of(root, "Sam Okafor") == []
    first = run("import", "ics", calendar, "--vault", root, "--today", TODAY)
    assert first.output.splitlines()[-1].endswith("added 16 lines, 0 already there")
    before = {path: path.read_bytes() for path in (root / "People").iterdir()}
    second = run("import", "ics", calendar, "--vault", root, "--today", TODAY)
    assert second.output.splitlines()[-1].endswith("added 0 lines, 16 already there")
    assert {path: path.read_bytes() for path in (root / "People").iterdir()} == before


def test_since_limits_the_events_and_front_matter_is_untouched(vault: Make, tmp_path: Path) -> None:
    root = people(vault)
    front = (root / "People/Bo Kim.md").read_text()
    run("import", "ics", write(tmp_path, "g.ics", GOOGLE), "--vault", root, "--today", TODAY, "--since", "2026-11-01")
    assert log_of(root, "Bo Kim") == [f"- 2026-{day} Film club (calendar)" for day in ("11-06", "11-13", "11-20")]
    assert (root / "People/Bo Kim.md").read_text().startswith(front)


def test_a_file_that_is_not_a_calendar_is_an_error(vault: Make, tmp_path: Path) -> None:
    root = people(vault)
    result = run("import", "ics", write(tmp_path, "x.ics", "hello"), "--vault", root)
    assert result.exit_code == 2
    assert "x.ics: not an iCalendar file (it does not begin with BEGIN:VCALENDAR)" in result.output


# log --with: one meeting of several


def test_log_with_puts_the_line_in_every_log_naming_the_others(vault: Make) -> None:
    root = people(vault)
    result = run(
        "log", "asha rao", "Film club dinner", "--with", "bo kim", "--with", "Cy Ray", "--vault", root, "--today", TODAY
    )
    assert result.exit_code == 0, result.output
    assert log_of(root, "Asha Rao")[-1] == "- 2026-11-21 Film club dinner with [[Bo Kim]], [[Cy Ray]]"
    assert log_of(root, "Bo Kim") == ["- 2026-11-21 Film club dinner with [[Asha Rao]], [[Cy Ray]]"]
    assert log_of(root, "Cy Ray") == ["- 2026-11-21 Film club dinner with [[Asha Rao]], [[Bo Kim]]"]


@pytest.mark.parametrize("other", ["Nobody Here", "Asha Rao"])
def test_log_with_an_unknown_or_repeated_name_writes_nothing(vault: Make, other: str) -> None:
    root = people(vault)
    before = {path: path.read_bytes() for path in (root / "People").iterdir()}
    result = run("log", "Asha Rao", "Dinner", "--with", "Bo Kim", "--with", other, "--vault", root)
    assert result.exit_code == 2
    assert {path: path.read_bytes() for path in (root / "People").iterdir()} == before
