"""Notes as plain JSON-compatible lists: fast to send between processes and safe to cache.

Loading a record never runs code: it is lists, text, numbers and booleans, and a record that does not
have the expected shape raises ValueError (callers then parse the file again).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from vaultkit.model import Clipping, Interaction, Note, PartialDate, Person, Problem

Record = list[Any]


def day_number(value: date | None) -> int | None:
    """A date as JSON keeps it (its ordinal); None stays None."""
    return value.toordinal() if value is not None else None


def from_day_number(value: int | None) -> date | None:
    return date.fromordinal(value) if value is not None else None


def _yearly(value: PartialDate | None) -> list[int | None] | None:
    return [value.month, value.day, value.year] if value is not None else None


def _from_yearly(value: list[int | None] | None) -> PartialDate | None:
    if value is None:
        return None
    month, day, year = value
    return PartialDate(int(month or 0), int(day or 0), year)


def _interaction(i: Interaction) -> Record:
    return [i.date.toordinal(), i.text, i.line, i.gave, i.got, i.intro, list(i.links), i.news]


def _from_interaction(r: Record) -> Interaction:
    return Interaction(date.fromordinal(r[0]), r[1], r[2], r[3], r[4], r[5], tuple(r[6]), r[7])


def _person(p: Person) -> Record:
    return [
        p.name,
        p.path,
        list(p.aliases),
        p.tie,
        p.cadence,
        day_number(p.last_contact),
        day_number(p.follow_up),
        _yearly(p.birthday),
        [[label, _yearly(when)] for label, when in p.milestones],
        list(p.knows),
        list(p.introduced),
        list(p.interests),
        list(p.offers),
        list(p.needs),
        p.target,
        p.no_intros,
        [list(item) for item in p.details],
        [_interaction(i) for i in p.interactions],
        [list(pair) for pair in p.spelled],
        [list(pair) for pair in p.link_lines],
        [[label, _yearly(when)] for label, when in p.family],
        list(p.likes),
        list(p.gift_ideas),
        day_number(p.met),
        list(p.met_through),
    ]


def _from_person(r: Record) -> Person:
    return Person(
        r[0],
        r[1],
        tuple(r[2]),
        r[3],
        r[4],
        from_day_number(r[5]),
        from_day_number(r[6]),
        _from_yearly(r[7]),
        tuple((label, PartialDate(*when)) for label, when in r[8]),
        tuple(r[9]),
        tuple(r[10]),
        tuple(r[11]),
        tuple(r[12]),
        tuple(r[13]),
        r[14],
        r[15],
        tuple((key, value) for key, value in r[16]),
        tuple(_from_interaction(i) for i in r[17]),
        tuple((norm, written) for norm, written in r[18]),
        tuple((key, line) for key, line in r[19]),
        tuple((label, PartialDate(*when)) for label, when in r[20]),
        tuple(r[21]),
        tuple(r[22]),
        from_day_number(r[23]),
        tuple(r[24]),
    )


def to_record(note: Note) -> Record:
    return [
        note.path,
        _person(note.person) if note.person is not None else None,
        day_number(note.daily_date),
        list(note.mentions),
        [[p.path, p.line, p.message, p.severity] for p in note.problems],
        _clipping(note.clipping),
    ]


def _clipping(c: Clipping | None) -> Record | None:
    if c is None:
        return None
    return [c.name, day_number(c.day), list(c.terms), [list(pair) for pair in c.spelled]]


def _from_clipping(r: Record | None) -> Clipping | None:
    if r is None:
        return None
    return Clipping(r[0], from_day_number(r[1]), tuple(r[2]), tuple((a, b) for a, b in r[3]))


def json_line(value: object) -> bytes:
    """Compact JSON text, on one line (JSON escapes every line break in text)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode(note: Note) -> bytes:
    """A note as the JSON text of its record, on one line."""
    return json_line(to_record(note))


def decode(text: bytes, path: str) -> Note:
    """The note of `path` a record's JSON text holds; ValueError when it holds none, or another's."""
    note = from_record(json.loads(text))
    if note.path != path:
        raise ValueError(f"a record of {note.path}, not of {path}")
    return note


def from_record(record: Record) -> Note:
    """Rebuild a Note; ValueError when the record is not one (a corrupt or foreign cache)."""
    try:
        path, person, daily, mentions, problems, clipping = record
        return Note(
            path,
            _from_person(person) if person is not None else None,
            from_day_number(daily),
            tuple(mentions),
            tuple(Problem(p, line, message, severity) for p, line, message, severity in problems),
            _from_clipping(clipping),
        )
    except (TypeError, ValueError, IndexError, KeyError, OverflowError) as error:
        raise ValueError(f"not a note record: {error}") from error
