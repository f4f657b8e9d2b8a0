"""Recurrence rules bounded by the import's window; one bad event skips only itself (SPEC §8)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from conftest import TODAY, interactions, person, run

Make = Callable[[dict[str, str | bytes]], Path]


def calendar_of(*events: str) -> str:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    return head + "".join(f"BEGIN:VEVENT\r\n{event}END:VEVENT\r\n" for event in events) + "END:VCALENDAR\r\n"


def event(uid: str, start: str, summary: str = "Sync with Ana", extra: str = "", end: str = "") -> str:
    end_line = f"DTEND:{end}\r\n" if end else ""
    return f"UID:{uid}\r\nSUMMARY:{summary}\r\nDTSTART:{start}\r\n{end_line}{extra}"


def import_calendar(root: Path, calendar: Path, *extra: str) -> Result:
    return run("import", "ics", calendar, "--vault", root, "--today", TODAY.isoformat(), *extra)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;COUNT=1000000000",
        "FREQ=MINUTELY;INTERVAL=7;BYHOUR=9,17",
        "FREQ=HOURLY;BYMINUTE=0,30",
    ],
)
def test_a_rule_of_seconds_or_minutes_costs_a_step_per_day_it_adds(vault: Make, tmp_path: Path, rule: str) -> None:
    root = vault({"People/Ana.md": person()})
    file = tmp_path / "hostile.ics"
    file.write_text(calendar_of(event("r1", "20260101T090000Z", extra=f"RRULE:{rule}\r\n")), encoding="utf-8")
    started = time.monotonic()
    result = import_calendar(root, file, "--since", "2026-11-01")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30  # a bound for a hang, not a benchmark (benchmarks/ has those)
    days = [i.date for i in interactions(root, "People/Ana.md")]
    assert days[:20] == [date(2026, 11, day) for day in range(1, 21)] and len(days) <= 21  # today: if ended


def test_minutely_since_year_one_and_a_daily_meeting_of_thirty_years(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ana.md": person(), "People/Bo Kim.md": person()})
    file = tmp_path / "long.ics"
    file.write_text(
        calendar_of(
            event("m1", "00010101T000000Z", extra="RRULE:FREQ=MINUTELY\r\n"),
            event("d1", "19961121T100000Z", "Stand-up with Bo Kim", "RRULE:FREQ=DAILY\r\n", "19961121T101500Z"),
        ),
        encoding="utf-8",
    )
    result = import_calendar(root, file, "--since", "1996-11-21")
    assert result.exit_code == 0, result.output
    bo = [i.date for i in interactions(root, "People/Bo Kim.md")]
    days = (TODAY - date(1996, 11, 21)).days
    assert len(bo) in (days, days + 1)  # today's stand-up at 10:00 UTC: counted once it has ended
    assert bo == sorted(bo) and len(set(bo)) == len(bo)
    assert len(interactions(root, "People/Ana.md")) == days + 1  # a minute rule since year 1: a line a day
    assert "; added 0 lines, " in import_calendar(root, file, "--since", "1996-11-21").output


def test_one_bad_event_is_skipped_named_and_counted_and_the_rest_imported(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ana.md": person()})
    file = tmp_path / "mixed.ics"
    file.write_text(
        calendar_of(
            event("bad-start", "garbage", "Broken start"),
            "UID:no-start\r\nSUMMARY:No start at all\r\n",
            event("far", "99991231T100000Z", "Sync with Ana far away", "RRULE:FREQ=DAILY\r\n"),
            event("good", "20261110T100000Z", "Sync with Ana", end="20261110T110000Z"),
        ),
        encoding="utf-8",
    )
    result = import_calendar(root, file)
    assert result.exit_code == 0, result.output
    assert "skipped UID bad-start (Broken start): cannot be read" in result.output
    assert "skipped UID no-start (No start at all): cannot be read" in result.output
    assert "skipped 2 that could not be read" in result.output
    assert [i.date for i in interactions(root, "People/Ana.md")] == [date(2026, 11, 10)]


@pytest.mark.parametrize("window", [("--today", "0001-06-01"), ("--today", "9999-12-31"), ("--since", "0001-01-01")])
def test_a_window_that_would_leave_the_calendar_is_clamped(
    vault: Make, tmp_path: Path, window: tuple[str, str]
) -> None:
    root = vault({"People/Ana.md": person()})
    file = tmp_path / "c.ics"
    file.write_text(calendar_of(event("w", "20261110T100000Z", extra="RRULE:FREQ=WEEKLY\r\n")), encoding="utf-8")
    result = run("import", "ics", file, "--vault", root, *window, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "could not be read" not in result.output


def test_a_character_split_by_a_folded_line_is_read_whole(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/José Núñez.md": person()})
    title = "Lunch with José Núñez".encode()
    cut = title.index("é".encode()) + 1  # inside the two bytes of é
    folded = b"SUMMARY:" + title[:cut] + b"\r\n " + title[cut:] + b"\r\n"
    file = tmp_path / "folded.ics"
    file.write_bytes(
        calendar_of(event("f", "20261110T100000Z", summary="x")).encode().replace(b"SUMMARY:x\r\n", folded)
    )
    assert import_calendar(root, file).exit_code == 0
    [lunch] = interactions(root, "People/José Núñez.md")
    assert lunch.text == "Lunch with José Núñez (calendar)" and "\ufffd" not in lunch.text


def test_cancelled_declined_and_not_yet_ended_events_are_not_contact(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ana.md": person(email="ana@example.com"), "People/Bo.md": person(email="bo@example.com")})
    (root / "vaultkit.yaml").write_text("me: [me@example.org]\n", encoding="utf-8")
    later_today = f"{TODAY:%Y%m%d}T235900"
    file = tmp_path / "status.ics"
    attendees = "ORGANIZER:mailto:me@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@example.com\r\n"
    file.write_text(
        calendar_of(
            event("c", "20261101T100000Z", "Cancelled", f"STATUS:CANCELLED\r\n{attendees}"),
            event(
                "d",
                "20261102T100000Z",
                "You declined",
                attendees + "ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.org\r\n",
            ),
            event(
                "b",
                "20261103T100000Z",
                "Design review",
                attendees + "ATTENDEE;PARTSTAT=DECLINED:mailto:bo@example.com\r\n",
            ),
            event("l", later_today, "Later today", attendees, end=f"{TODAY:%Y%m%d}T235959"),
        ),
        encoding="utf-8",
    )
    assert import_calendar(root, file).exit_code == 0
    assert [(i.date, i.text) for i in interactions(root, "People/Ana.md")] == [
        (date(2026, 11, 3), "Design review (calendar)")
    ]
    assert interactions(root, "People/Bo.md") == []
