"""`vaultkit export ics`: parsed back with icalendar; stable UIDs; the same bytes for the same inputs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import person, run
from icalendar import Calendar

Make = Callable[[dict[str, str | bytes]], Path]


def events(data: bytes) -> dict[str, dict[str, object]]:
    parsed = Calendar.from_ical(data)
    return {
        str(e["summary"]): {"uid": str(e["uid"]), "start": e.decoded("dtstart"), "rrule": e.get("rrule")}
        for e in parsed.walk("VEVENT")
    }


def test_follow_ups_birthdays_and_milestones(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {
            "People/Ann.md": person(cadence="3m", last_contact="2026-10-01", birthday="1990-02-28"),
            "People/Leap.md": person(birthday="02-29", milestones="{joined Acme: 2019-04-01}"),
            "People/Later.md": person(cadence="1y", last_contact="2026-06-01"),
        }
    )
    out = tmp_path / "vaultkit.ics"
    result = run("export", "ics", "-o", out, "--vault", root, "--today", "2026-11-21")
    assert result.exit_code == 0, result.output
    found = events(out.read_bytes())
    assert found["Follow up with Ann"]["start"] == date(2027, 1, 1)
    assert found["Follow up with Later"]["start"] == date(2027, 6, 1)  # beyond the horizon: still there
    assert found["Ann's birthday"]["start"] == date(1990, 2, 28)
    assert dict(found["Ann's birthday"]["rrule"]) == {"FREQ": ["YEARLY"]}  # type: ignore[call-overload]
    leap = dict(found["Leap's birthday"]["rrule"])  # type: ignore[call-overload]
    assert leap == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    assert found["Leap: joined Acme"]["start"] == date(2019, 4, 1)


def test_uids_are_stable_and_output_is_byte_identical(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w", last_contact="2026-11-01", birthday="05-04")})
    first = run("export", "ics", "--vault", root, "--today", "2026-11-21").stdout_bytes
    assert run("export", "ics", "--vault", root, "--today", "2026-11-21").stdout_bytes == first
    (root / "People/Ann.md").write_text(person(cadence="1w", last_contact="2026-11-15", birthday="05-04"))
    moved = run("export", "ics", "--vault", root, "--today", "2026-11-21").stdout_bytes
    assert moved != first
    assert {k: v["uid"] for k, v in events(moved).items()} == {k: v["uid"] for k, v in events(first).items()}
    assert events(moved)["Follow up with Ann"]["start"] == date(2026, 11, 22)
