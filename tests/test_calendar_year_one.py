"""`import ics` at the calendar's first days (SPEC §8): the window is clamped to the calendar's ends
for the library, which subtracts durations from it, but a single event of year 1 inside `--since`
is matched as any other, from its own start and end."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
    "BEGIN:VEVENT\r\nUID:coffee\r\nDTSTART:00010103T100000Z\r\nDTEND:00010103T110000Z\r\n"
    "SUMMARY:Ancient coffee\r\nATTENDEE:mailto:sam@example.org\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:lunch\r\nDTSTART;VALUE=DATE:00010105\r\n"
    "SUMMARY:Ancient lunch\r\nATTENDEE:mailto:sam@example.org\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTART:00010101T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
    "SUMMARY:Ancient standup\r\nATTENDEE:mailto:sam@example.org\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)


@pytest.mark.parametrize(
    ("since", "today", "expected"),
    [
        ("0001-01-02", "2026-11-21", ["0001-01-03 Ancient coffee", "0001-01-05 Ancient lunch"]),
        ("0001-01-04", "2026-11-21", ["0001-01-05 Ancient lunch"]),
        ("0001-01-01", "0001-01-04", ["0001-01-03 Ancient coffee"]),  # lunch is after today
    ],
)
def test_a_single_event_of_year_one_within_since_is_matched(
    vault: Callable[[dict[str, str | bytes]], Path], tmp_path: Path, since: str, today: str, expected: list[str]
) -> None:
    root = vault({"People/Sam Okafor.md": "---\nemail: sam@example.org\n---\n# Sam Okafor\n"})
    calendar = tmp_path / "old.ics"
    calendar.write_bytes(CALENDAR.encode())
    result = run("import", "ics", calendar, "--vault", root, "--since", since, "--today", today)
    assert result.exit_code == 0, result.output
    text = (root / "People/Sam Okafor.md").read_text()
    lines = [line[2:].removesuffix(" (calendar)") for line in text.splitlines() if line.endswith("(calendar)")]
    assert [line for line in lines if "standup" not in line] == expected
    assert all(line >= "0001-01-08" for line in lines if "standup" in line)  # the library's, from FIRST on
