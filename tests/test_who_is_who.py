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
