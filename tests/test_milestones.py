"""SPEC §4.2: birthdays and milestones within `milestone_days`, Feb 29 included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import person

from vaultkit.vault import Vault

Make = Callable[[dict[str, str | bytes]], Path]


def upcoming(root: Path, today: date) -> list[tuple[str, str, str, int | None]]:
    loaded = Vault(root)
    loaded.load_all()
    found = loaded.insights(today).items("milestones")
    return [(m.date.isoformat(), m.name, m.label, m.years) for m in found]


def test_window_order_and_age(vault: Make) -> None:
    root = vault(
        {
            "People/Zed.md": person(birthday="1990-11-25"),
            "People/Amy.md": person(birthday="11-25", milestones="{wedding: 2015-11-22}"),
            "People/Far.md": person(birthday="1990-12-06"),
            "People/Past.md": person(birthday="1990-11-20"),
        }
    )
    assert upcoming(root, date(2026, 11, 21)) == [
        ("2026-11-22", "Amy", "wedding", 11),
        ("2026-11-25", "Amy", "birthday", None),
        ("2026-11-25", "Zed", "birthday", 36),
    ]
    assert upcoming(root, date(2026, 11, 25))[0] == ("2026-11-25", "Amy", "birthday", None)


def test_feb_29_falls_on_feb_28_in_other_years_and_on_29_in_leap_years(vault: Make) -> None:
    root = vault({"People/Leap.md": person(birthday="2000-02-29")})
    assert upcoming(root, date(2027, 2, 20)) == [("2027-02-28", "Leap", "birthday", 27)]
    assert upcoming(root, date(2028, 2, 20)) == [("2028-02-29", "Leap", "birthday", 28)]


def test_window_across_new_year(vault: Make) -> None:
    root = vault({"People/Jan.md": person(birthday="01-03")})
    assert upcoming(root, date(2026, 12, 25)) == [("2027-01-03", "Jan", "birthday", None)]
