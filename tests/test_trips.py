"""Coming trips (SPEC §1 trip and place notes, §4.14, the `trip` reason of §4.9, `vaultkit trips`),
on notes written as kepano's vault writes them: `categories: ["[[Trips]]"]`, `start`, `end`, `loc`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-12-05"


def trip(
    start: str, end: str | None = None, loc: str = '["[[Lisbon]]"]', kind: str = 'categories: ["[[Trips]]"]'
) -> str:
    lines = [kind, f"start: {start}", f"loc: {loc}"] + ([f"end: {end}"] if end else [])
    return "---\n" + "\n".join(lines) + "\n---\n"


def trips(root: Path, *extra: str) -> list[dict[str, Any]]:
    result = run("trips", "--vault", root, "--today", TODAY, "--json", *extra)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def who(root: Path) -> list[tuple[str, list[str]]]:
    return [(t["trip"], [p["name"] for p in t["people"]]) for t in trips(root)]


def dashboard(root: Path) -> str:
    result = run("build", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return (root / "Dashboard.md").read_text(encoding="utf-8")


ANA = person(location='"[[Lisbon]]"', last_contact="2026-10-01")


@pytest.mark.parametrize("kind", ['categories: ["[[Trips]]"]', "type: trip", "categories: ['[[trips]]']"])
def test_a_trip_is_a_note_in_the_trips_category_or_of_type_trip(vault: Make, kind: str) -> None:
    root = vault({"People/Ana.md": ANA, "Trips/Lisbon.md": trip("2026-12-12", "2026-12-15", kind=kind)})
    assert who(root) == [("Lisbon", ["Ana"])]


def test_a_note_with_dates_and_places_but_no_trip_category_is_no_trip(vault: Make) -> None:
    root = vault({"People/Ana.md": ANA, "Notes/Plan.md": trip("2026-12-12", kind="categories: ['[[Ideas]]']")})
    assert who(root) == []


@pytest.mark.parametrize(
    ("start", "end", "listed"),
    [
        ("2027-01-04", None, True),  # starts on the window's last day: today + trip_days (30)
        ("2027-01-05", None, False),  # a day later
        ("2026-11-30", "2026-12-05", True),  # underway: ends today
        ("2026-11-30", "2026-12-04", False),  # ended yesterday: never listed
        ("2026-12-05", None, True),  # a day trip today (end defaults to start)
    ],
)
def test_a_trip_is_listed_while_underway_or_starting_within_trip_days(
    vault: Make, start: str, end: str | None, listed: bool
) -> None:
    root = vault({"People/Ana.md": ANA, "Trips/Lisbon.md": trip(start, end)})
    assert bool(who(root)) == listed
    assert ("## Coming trips" in dashboard(root)) == listed


@pytest.mark.parametrize(
    "loc", ["Lisbon", '"[[Lisbon]]"', '["[[Lisbon]]", "[[Porto]]"]', "[lisbon]", '"[[Lisbon|Lisboa]]"']
)
def test_a_trip_s_places_are_text_links_or_lists_compared_normalised(vault: Make, loc: str) -> None:
    root = vault({"People/Ana.md": person(location="LISBON"), "Trips/T.md": trip("2026-12-12", loc=loc)})
    if "Lisboa" in loc:  # a link's shown text is the place it means, as for any text property
        assert who(root) == []
    else:
        assert who(root) == [("T", ["Ana"])]


def test_location_is_read_from_location_when_a_trip_has_no_loc(vault: Make) -> None:
    note = '---\ntype: trip\nstart: 2026-12-12\nlocation: "[[Lisbon]]"\n---\n'
    root = vault({"People/Ana.md": ANA, "Trips/T.md": note})
    assert who(root) == [("T", ["Ana"])]


def test_a_trip_to_a_country_reaches_a_city_inside_it_through_place_notes(vault: Make) -> None:
    root = vault(
        {
            "People/Kenji.md": person(location='"[[Gion]]"'),
            "People/Ana.md": ANA,
            "Places/Gion.md": '---\nloc: ["[[Kyoto]]"]\n---\n',
            "Places/Kyoto.md": '---\nloc: ["[[Kansai]]"]\n---\n',
            "Places/Kansai.md": '---\nloc: ["[[Japan]]"]\n---\n',
            "Trips/Japan.md": trip("2026-12-12", loc='["[[Japan]]"]'),
        }
    )
    assert who(root) == [("Japan", ["Kenji"])]  # three steps down: Kansai, Kyoto, Gion
    [found] = trips(root)
    assert found["people"][0]["place"] == "Gion" and found["places"] == ["Japan"]


def test_containment_stops_after_three_steps_and_a_circle_of_place_notes_does_not_loop(vault: Make) -> None:
    root = vault(
        {
            "People/Deep.md": person(location="Ward"),
            "People/Loop.md": person(location="B"),
            "Places/Ward.md": '---\nloc: ["[[Gion]]"]\n---\n',
            "Places/Gion.md": '---\nloc: ["[[Kyoto]]"]\n---\n',
            "Places/Kyoto.md": '---\nloc: ["[[Kansai]]"]\n---\n',
            "Places/Kansai.md": '---\nloc: ["[[Japan]]"]\n---\n',
            "Places/A.md": '---\nloc: ["[[B]]"]\n---\n',
            "Places/B.md": '---\nloc: ["[[A]]"]\n---\n',
            "Trips/Japan.md": trip("2026-12-12", loc='["[[Japan]]"]'),
            "Trips/Circle.md": trip("2026-12-13", loc='["[[A]]"]'),
        }
    )
    assert who(root) == [("Circle", ["Loop"])]  # Ward is four steps below Japan


def test_people_are_ordered_due_late_first_then_strong_then_longest_since_contact(vault: Make) -> None:
    root = vault(
        {
            "People/Due.md": person(location="Lisbon", cadence="1m", last_contact="2026-11-20"),  # due 12-20 ≤ end
            "People/Late.md": person(location="Lisbon", cadence="1w..2w", last_contact="2026-11-01"),
            "People/Strong.md": person(location="Lisbon", tie="strong", last_contact="2026-12-01"),
            "People/Old.md": person(location="Lisbon", last_contact="2024-01-01", follow_up="2027-06-01"),
            "People/Recent.md": person(location="Lisbon", last_contact="2026-11-30"),
            "People/Never.md": person(location="Lisbon"),
            "Trips/T.md": trip("2026-12-12", "2026-12-20"),
        }
    )
    assert who(root) == [("T", ["Late", "Due", "Strong", "Old", "Recent", "Never"])]
    [found] = trips(root)
    assert [(p["name"], p["due"]) for p in found["people"][:3]] == [("Late", True), ("Due", True), ("Strong", False)]


def test_the_dashboard_lists_max_trip_people_and_counts_the_rest(vault: Make) -> None:
    notes: dict[str, str | bytes] = {f"People/P{i}.md": person(location="Lisbon") for i in range(7)}
    root = vault({**notes, "Trips/2026 Lisbon Trip.md": trip("2026-12-12", "2026-12-15")})
    text = dashboard(root)
    line = text.split("## Coming trips\n", 1)[1].splitlines()[0]
    assert line == (
        "- [[2026 Lisbon Trip]] 2026-12-12..2026-12-15 · Lisbon: [[P0]] (never in touch), [[P1]] (never in touch),"
        " [[P2]] (never in touch), [[P3]] (never in touch), [[P4]] (never in touch), …and 2 more: vaultkit trips"
    )
    assert len(trips(root)[0]["people"]) == 7  # the command lists every one
    (root / "vaultkit.yaml").write_text("max_trip_people: 2\n")
    assert "[[P1]] (never in touch), …and 5 more: vaultkit trips" in dashboard(root)


def test_cadence_never_is_never_listed_nor_a_reason(vault: Make) -> None:
    root = vault({"People/No.md": person(location="Lisbon", cadence="never"), "Trips/T.md": trip("2026-12-06")})
    assert who(root) == []
    assert "(trip)" not in dashboard(root)


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [("2026-12-19", None, True), ("2026-12-20", None, False), ("2026-12-01", "2026-12-08", True)],
    ids=["in 14 days", "in 15 days", "underway"],
)
def test_a_trip_starting_within_14_days_or_underway_is_a_reason_of_weight_2(
    vault: Make, start: str, end: str | None, reason: bool
) -> None:
    root = vault({"People/Ana.md": ANA, "Trips/T.md": trip(start, end)})
    result = run("today", "--vault", root, "--today", TODAY, "--json")
    found = {r["name"]: r for r in json.loads(result.output)}
    trip_reasons = [x for x in found.get("Ana", {}).get("reasons", []) if x["kind"] == "trip"]
    if reason:
        days = f"{start}..{end or start}"
        assert trip_reasons == [{"kind": "trip", "text": f"in Lisbon {days} (trip)", "date": start}]
        assert found["Ana"]["score"] == 2  # the trip alone: she is not due until 2027-01-01
    else:
        assert trip_reasons == []


def test_a_trip_without_a_start_or_ending_before_it_starts_is_a_problem(vault: Make) -> None:
    root = vault(
        {
            "People/Ana.md": ANA,
            "Trips/NoStart.md": '---\ncategories: ["[[Trips]]"]\nloc: Lisbon\n---\n',
            "Trips/Backwards.md": trip("2026-12-12", "2026-12-10"),
            "Trips/BadDate.md": trip("2026-12-32"),
        }
    )
    result = run("check", "--vault", root, "--today", TODAY)
    assert result.exit_code == 1
    assert "Trips/NoStart.md" in result.output and "`start`" in result.output
    assert "Trips/Backwards.md:5: `end`: the trip ends (2026-12-10) before it starts (2026-12-12)" in result.output
    assert "Trips/BadDate.md:3: `start`: `2026-12-32` is not a real date" in result.output
    assert who(root) == []


def test_trip_values_cannot_inject_structure_into_the_dashboard(vault: Make) -> None:
    place = '"Lisbon | ## x [[Evil]] #gave <b>"'
    root = vault({"People/Ana.md": person(location=place), "Trips/T.md": trip("2026-12-12", loc=place)})
    line = dashboard(root).split("## Coming trips\n", 1)[1].splitlines()[0]
    assert line == r"- [[T]] 2026-12-12..2026-12-12 · Lisbon \| ## x \[\[Evil\]\] \#gave \<b>: [[Ana]] (never in touch)"


def test_the_brief_says_you_will_be_in_their_city(vault: Make) -> None:
    root = vault({"People/Ana.md": ANA, "Trips/2026 Lisbon Trip.md": trip("2026-12-12", "2026-12-15")})
    text = run("brief", "Ana", "--vault", root, "--today", TODAY)
    assert "- You will be in Lisbon 2026-12-12..2026-12-15 ([[2026 Lisbon Trip]])" in text.output
    shown = json.loads(run("brief", "Ana", "--vault", root, "--today", TODAY, "--json").output)
    assert shown["trips"] == [
        {"trip": "2026 Lisbon Trip", "path": "Trips/2026 Lisbon Trip.md", "start": "2026-12-12", "end": "2026-12-15",
         "place": "Lisbon"}
    ]  # fmt: skip
    assert run("brief", "Ana", "--vault", root, "--today", "2026-12-16").output.count("You will be in") == 0


def test_a_trip_within_14_days_is_a_reason_even_when_coming_trips_looks_less_far(vault: Make) -> None:
    """§4.9's 14 days do not depend on `trip_days`: with `trip_days: 7` a trip in 10 days is not
    listed in Coming trips, and is still a reason to reach out."""
    root = vault({"People/Ana.md": ANA, "Trips/T.md": trip("2026-12-15"), "vaultkit.yaml": "trip_days: 7\n"})
    assert who(root) == []
    result = run("today", "--vault", root, "--today", TODAY, "--json")
    reasons = {r["name"]: [x["kind"] for x in r["reasons"]] for r in json.loads(result.output)}
    assert reasons.get("Ana") == ["trip"]


def test_with_max_trip_people_0_a_trip_line_counts_its_people(vault: Make) -> None:
    root = vault({"People/Ana.md": ANA, "Trips/T.md": trip("2026-12-12"), "vaultkit.yaml": "max_trip_people: 0\n"})
    line = dashboard(root).split("## Coming trips\n", 1)[1].splitlines()[0]
    assert line == "- [[T]] 2026-12-12..2026-12-12 · Lisbon: …and 1 more: vaultkit trips"


@pytest.mark.parametrize("places", ['location: Porto\nloc: ["[[Lisbon]]"]', "location: Porto\nloc: []"])
def test_a_trip_s_location_wins_over_its_loc_as_for_a_person(vault: Make, places: str) -> None:
    note = f"---\ntype: trip\nstart: 2026-12-12\n{places}\n---\n"
    root = vault({"People/Ana.md": ANA, "People/Rui.md": person(location="Porto"), "Trips/T.md": note})
    assert who(root) == [("T", ["Rui"])]
