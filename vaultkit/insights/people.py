"""Everyone, by name (SPEC §6 `people`): what a script or a spreadsheet wants of each person, from
the index's people table or, without it, from the notes; the same lines either way.

A line is a msgspec Struct: `people --json` encodes 50,000 of them at once, with no dict made for each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import msgspec

from vaultkit.read.dates import cadence_in_words
from vaultkit.read.model import lives_in, works_at
from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.insights.facts import PersonFacts
    from vaultkit.read.config import Config
    from vaultkit.read.model import Person

LISTED = ("email", "phone", "url")  # details a note may list (SPEC §2): kept as one text, comma-separated


class PersonLine(msgspec.Struct, frozen=True):
    """One person as `vaultkit people` lists them: SPEC §4's `people` keys (dates as ISO text), and
    their URLs (what `duplicates` compares too)."""

    name: str
    path: str
    aliases: tuple[str, ...]
    tie: str
    cadence: str | None  # as written, else the tie's default
    last_contact: str | None
    next: str | None  # the next follow-up, or None when they are not tracked
    company: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    url: tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, str]:
        return name_key(self.name)

    def to_json(self) -> dict[str, Any]:
        return msgspec.structs.asdict(self) | {key: list(getattr(self, key)) for key in LIST_FIELDS}

    def line(self) -> str:
        """`Asha Rao  · strong, every month · last 2026-10-18 · next 2026-11-18 · Lantern Pictures, Mumbai`"""
        parts = [f"{self.tie}, {cadence_in_words(self.cadence)}" if self.cadence else self.tie]
        parts.append(f"last {self.last_contact or 'never'}")
        if self.next is not None:
            parts.append(f"next {self.next}")
        if where := ", ".join([*self.company, *self.location]):
            parts.append(where)
        return f"{self.name}  · " + " · ".join(parts)


LIST_FIELDS = ("aliases", "company", "location", "email", "phone", "url")


def texts(detail: str | None) -> tuple[str, ...]:
    """A listed detail as a list (its entries kept comma-separated)."""
    if not detail:
        return ()
    if "," not in detail:
        return (detail,)
    return tuple(part.strip() for part in detail.split(",") if part.strip())


def cadence_of(written: str | None, tie: str, config: Config) -> str | None:
    """The cadence as written, else the tie's default (as `due` gives it)."""
    return written or config.default_cadence.get(tie)


def people_lines(people: Iterable[tuple[Person, PersonFacts]], config: Config) -> list[PersonLine]:
    """Every person's line from their note and facts (without the index: `--no-cache`), by name."""
    found = []
    for person, facts in people:
        tie = person.tie or config.default_tie
        last = facts.last_contact.isoformat() if facts.last_contact else None
        next_day = facts.follow_up.due.isoformat() if facts.follow_up is not None else None
        details = dict(person.details)
        found.append(
            PersonLine(
                person.name, person.path, person.aliases, tie, cadence_of(person.cadence, tie, config), last, next_day,
                works_at(person), lives_in(person),
                *(texts(details.get(key)) for key in LISTED),
            )
        )  # fmt: skip
    return sorted(found, key=PersonLine.sort_key)
