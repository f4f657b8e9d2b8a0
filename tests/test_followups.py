"""SPEC §3 last contact and §4.1 due follow-ups."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import person, run
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.read.dates import add_months, parse_cadence
from vaultkit.vault import Vault

Make = Callable[[dict[str, str | bytes]], Path]


def due(root: Path, today: str = "2026-11-21") -> list[dict[str, object]]:
    result = run("due", root, "--json", "--today", today)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def test_calendar_months_clamp_to_month_end() -> None:
    one_month = parse_cadence("1m")
    assert one_month is not None
    assert one_month.after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    yearly = parse_cadence("yearly")
    assert yearly is not None and yearly.after(date(2024, 2, 29)) == date(2025, 2, 28)
    quarterly = parse_cadence("quarterly")
    assert quarterly is not None and quarterly.after(date(2026, 11, 30)) == date(2027, 2, 28)
    two_weeks = parse_cadence("2w")
    assert two_weeks is not None and two_weeks.after(date(2026, 12, 25)) == date(2027, 1, 8)
    assert parse_cadence("never") is None


def test_last_contact_is_the_latest_of_field_log_and_daily_notes_never_after_today(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(cadence="10d", last_contact="2026-11-01", aliases="[Annie]")
            + "- 2026-11-05 call\n- 2026-12-01 planned dinner\n",
            "Daily/2026-11-08 Sun.md": "Saw [[annie|her]] today\n",
            "Daily/2026-11-30.md": "[[Ann]] (a future daily note does not count)\n",
        }
    )
    assert due(root) == [
        {
            "name": "Ann",
            "due": "2026-11-18",
            "last_contact": "2026-11-08",
            "cadence": "10d",
            "overdue": True,
            "late": None,
        }
    ]


def test_daily_notes_count_can_be_turned_off(vault: Make) -> None:
    root = vault(
        {
            "vaultkit.yaml": "daily_notes_count: false\n",
            "People/Ann.md": person(cadence="10d", last_contact="2026-11-01"),
            "2026-11-08.md": "[[Ann]]\n",
        }
    )
    assert due(root)[0]["last_contact"] == "2026-11-01"


def test_never_contacted_is_due_today_only_when_the_note_sets_a_cadence(vault: Make) -> None:
    root = vault({"People/Set.md": person(cadence="3m"), "People/Default.md": person(tie="strong")})
    assert [(d["name"], d["due"], d["last_contact"]) for d in due(root)] == [("Set", "2026-11-21", None)]


def test_default_cadence_follows_tie_and_config(vault: Make) -> None:
    root = vault(
        {
            "vaultkit.yaml": "default_cadence: {loose: 2w}\ndefault_tie: strong\n",
            "People/Strong.md": person(last_contact="2026-10-25"),
            "People/Loose.md": person(tie="loose", last_contact="2026-11-05"),
        }
    )
    assert [(d["name"], d["due"], d["cadence"]) for d in due(root)] == [
        ("Loose", "2026-11-19", "2w"),
        ("Strong", "2026-11-25", "1m"),
    ]


def test_follow_up_snoozes_until_you_are_in_touch_again(vault: Make) -> None:
    root = vault(
        {
            "People/Snoozed.md": person(cadence="1m", last_contact="2026-09-01", follow_up="2026-11-25"),
            "People/Since.md": person(cadence="1m", last_contact="2026-11-10", follow_up="2026-11-05"),
        }
    )
    assert [(d["name"], d["due"], d["cadence"]) for d in due(root)] == [("Snoozed", "2026-11-25", None)]


def test_horizon_and_order_by_date_then_name(vault: Make) -> None:
    root = vault(
        {
            "People/bea.md": person(cadence="10d", last_contact="2026-11-18"),
            "People/Al.md": person(cadence="10d", last_contact="2026-11-18"),
            "People/Cy.md": person(cadence="10d", last_contact="2026-11-19"),
            "People/Never.md": person(cadence="never", last_contact="2020-01-01"),
        }
    )
    assert [d["name"] for d in due(root)] == ["Al", "bea"]
    root.joinpath("vaultkit.yaml").write_text("horizon_days: 8\n")
    assert [d["name"] for d in due(root)] == ["Al", "bea", "Cy"]


def test_index_resolves_names_and_aliases_case_insensitively(vault: Make) -> None:
    root = vault({"People/Asha Rao.md": person(aliases="[Ash]", cadence="1m"), "2026-11-20.md": "[[ASH]]"})
    loaded = Vault(root)
    loaded.load_all()
    items = loaded.insights(date(2026, 12, 25)).items("due")
    assert [(i.name, i.last_contact) for i in items] == [("Asha Rao", date(2026, 11, 20))]


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
    ],
)
def test_calendar_months_are_clamped_to_the_end_of_the_month(start: date, months: int, due: date) -> None:
    assert add_months(start, months) == due


@given(start=st.dates(min_value=date(1, 1, 1), max_value=date(9000, 12, 31)), months=st.integers(0, 1200))
def test_calendar_months_clamp_to_the_month_s_end_as_relativedelta_does(start: date, months: int) -> None:
    assert add_months(start, months) == start + relativedelta(months=months)
