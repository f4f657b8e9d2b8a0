"""SPEC §2: parsing and validation. Every bad note is a Problem with the path and line; the rest counts."""

from __future__ import annotations

from datetime import date

import pytest

from vaultkit.read.config import Config
from vaultkit.read.model import PartialDate
from vaultkit.read.parse import parse_bytes, parse_text

CONFIG = Config()


def problems_of(text: str | bytes, rel: str = "People/X.md") -> list[tuple[int | None, str]]:
    data = text if isinstance(text, bytes) else text.encode()
    return [(p.line, p.message) for p in parse_bytes(rel, data, CONFIG).problems]


def test_good_person_note_has_every_field() -> None:
    text = """---
aliases: [Ash, "[[A. Rao]]"]
tie: Strong
cadence: 2w
last_contact: 2026-10-01
follow_up: 2026-12-01
birthday: 03-14
milestones: {joined Acme: 2019-04-01}
knows: ["[[Ben|Benny]]", "[[Cara#Work]]", Dan]
introduced: [[Eve]]
interests: ["#Machine-Learning", film_production]
tags: [interest/Rock-Climbing, other/thing]
offers: [Video Editing]
needs: [funding]
target: true
no_intros: false
company: Acme
phone: 5551234
custom_field: [anything, goes]
---
body
"""
    note = parse_text("People/Asha.md", text, CONFIG)
    assert note.problems == ()
    p = note.person
    assert p is not None
    assert p.name == "Asha"
    assert p.aliases == ("Ash", "A. Rao")
    assert (p.tie, p.cadence) == ("strong", "2w")
    assert (p.last_contact, p.follow_up) == (date(2026, 10, 1), date(2026, 12, 1))
    assert p.birthday == PartialDate(3, 14)
    assert p.milestones == (("joined Acme", PartialDate(4, 1, 2019)),)
    assert p.knows == ("Ben", "Cara", "Dan")
    assert p.introduced == ("Eve",)
    assert p.interests == ("film production", "machine learning", "rock climbing")
    assert (p.offers, p.needs, p.target, p.no_intros) == (("video editing",), ("funding",), True, False)
    assert dict(p.details) == {"company": "Acme", "phone": "5551234"}


def test_type_person_makes_a_person_outside_people_dirs_and_other_notes_are_not_people() -> None:
    assert parse_text("Work/Zed.md", "---\ntype: person\n---\n", CONFIG).person is not None
    assert parse_text("Work/Zed.md", "---\ntype: project\n---\n", CONFIG).person is None
    assert parse_text("Crew/Zed.md", "", Config(people_dirs=("Crew",))).person is not None


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\nname: [unclosed\n---\n", 3, "fix the YAML"),
        ("---\n- a\n- b\n---\n", 2, "front matter is a list"),
        ("---\njust text\n---\n", 2, "a single value"),
        ("---\ncadence: 2w\ncadence: 3m\n---\n", 3, "duplicate key 'cadence'"),
        ("---\nx: !!python/object/apply:os.system [echo hi]\n---\n", 2, "tag:yaml.org,2002:python/object/apply"),
        ("---\nx: !custom thing\n---\n", 2, "!custom"),
        ("---\ncadence: 2w\n", 1, "never closed"),
        ("---\nbig: '" + "x" * 70000 + "'\n---\n", 1, "larger than 64 KiB"),
    ],
)
def test_unreadable_front_matter_is_a_problem_with_its_line(text: str, line: int, fragment: str) -> None:
    found = problems_of(text)
    assert len(found) == 1
    assert found[0][0] == line
    assert fragment in found[0][1]


@pytest.mark.parametrize("value", ["2024-3-5", "2024-02-30", "next week", "2026-13-01", "[2026-01-01]"])
def test_a_date_that_is_not_real_names_the_field_and_the_form_and_the_rest_counts(value: str) -> None:
    text = f"---\ninterests: [rust]\nlast_contact: {value}\n---\n"
    note = parse_bytes("People/X.md", text.encode(), CONFIG)
    assert [(p.line, p.message.split(":")[0]) for p in note.problems] == [(3, "`last_contact`")]
    assert "YYYY-MM-DD" in note.problems[0].message
    assert note.person is not None and note.person.interests == ("rust",)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("tie: close", "tie"),
        ("cadence: often", "cadence"),
        ("cadence: 0d", "cadence"),
        ("cadence: [2w]", "cadence"),
        ("target: maybe", "target"),
        ("birthday: 02-30", "birthday"),
        ("milestones: [a, b]", "milestones"),
        ("interests: {a: 1}", "interests"),
        ("company: {a: 1}", "company"),  # a list is several companies (SPEC §2); a mapping is wrong
    ],
)
def test_wrong_types_are_problems_naming_the_key(line: str, key: str) -> None:
    found = problems_of(f"---\n{line}\n---\n")
    assert [(ln, msg.split(":")[0]) for ln, msg in found] == [(2, f"`{key}`")]


def test_invalid_utf8_is_a_problem_with_the_line() -> None:
    found = problems_of(b"---\ntie: strong\n---\nline two\ncaf\xe9\n")
    assert found == [(5, "not valid UTF-8 (byte 0xe9); save the file as UTF-8")]


def test_bom_and_crlf_are_read_like_plain_text() -> None:
    note = parse_bytes("People/X.md", b"\xef\xbb\xbf---\r\ncadence: 2w\r\n---\r\n- 2026-01-02 hi\r\n", CONFIG)
    assert note.problems == ()
    assert note.person is not None and note.person.cadence == "2w"
    assert [(i.date, i.line) for i in note.person.interactions] == [(date(2026, 1, 2), 4)]


def test_feb_29_birthday_without_year_is_valid() -> None:
    note = parse_text("People/X.md", "---\nbirthday: 02-29\n---\n", CONFIG)
    assert note.person is not None and note.person.birthday == PartialDate(2, 29)


def test_synonyms_apply_after_normalising() -> None:
    config = Config(synonyms={"ml": "machine learning"})
    note = parse_text("People/X.md", "---\ninterests: [ML, '#Machine_Learning']\noffers: [Ml]\n---\n", config)
    assert note.person is not None
    assert note.person.interests == ("machine learning",)
    assert note.person.offers == ("machine learning",)


def test_daily_note_name_forms() -> None:
    assert parse_text("Daily/2026-11-21.md", "", CONFIG).daily_date == date(2026, 11, 21)
    assert parse_text("2026-11-21 Sat.md", "", CONFIG).daily_date == date(2026, 11, 21)
    assert parse_text("2026-02-30.md", "", CONFIG).daily_date is None
    assert parse_text("20261121.md", "", CONFIG).daily_date is None
