"""Everyone, by name (SPEC §6 `people`): what a script or a spreadsheet wants of each person, from
the index's people table or, without it, from the notes; the same lines either way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.read.dates import cadence_in_words
from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.insights.facts import PersonFacts
    from vaultkit.read.config import Config
    from vaultkit.read.model import Person

LISTED = ("email", "phone", "url")  # details a note may list (SPEC §2): kept as one text, comma-separated


class PersonLine(NamedTuple):
    """One person as `vaultkit people` lists them (SPEC §4: the `people` keys), and their profile
    URLs (what `duplicates` compares too)."""

    name: str
    path: str
    aliases: tuple[str, ...]
    tie: str
    cadence: str | None  # as written, else the tie's default
    last_contact: date | None
    next: date | None  # the next follow-up, or None when they are not tracked
    company: tuple[str, ...] = ()
    location: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    url: tuple[str, ...] = ()

    def sort_key(self) -> tuple[str, str]:
        return name_key(self.name)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "aliases": list(self.aliases),
            "tie": self.tie,
            "cadence": self.cadence,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "next": self.next.isoformat() if self.next else None,
            "company": list(self.company),
            "location": list(self.location),
            "email": list(self.email),
            "phone": list(self.phone),
        }

    def line(self) -> str:
        """`Asha Rao  · strong, every month · last 2026-10-18 · next 2026-11-18 · Lantern Pictures, Mumbai`"""
        last = self.last_contact.isoformat() if self.last_contact else "never"
        parts = [f"{self.tie}, {cadence_in_words(self.cadence)}" if self.cadence else self.tie, f"last {last}"]
        if self.next is not None:
            parts.append(f"next {self.next}")
        if where := ", ".join([*self.company, *self.location]):
            parts.append(where)
        return f"{self.name}  · " + " · ".join(parts)


def texts(detail: str | None, listed: bool) -> tuple[str, ...]:
    """A detail as a list: a list's entries (kept comma-separated), or the one text."""
    if not detail:
        return ()
    if not listed:
        return (detail,)
    return tuple(part.strip() for part in detail.split(",") if part.strip())


def cadence_of(written: str | None, tie: str, config: Config) -> str | None:
    """The cadence as written, else the tie's default (as `due` gives it)."""
    return written or config.default_cadence.get(tie)


def line_of(
    name: str,
    path: str,
    aliases: tuple[str, ...],
    tie: str,
    cadence: str | None,
    dates: tuple[date | None, date | None],
    details: Mapping[str, str | None],
) -> PersonLine:
    """A person's line from what the index keeps of them (`details`: company, location, and the
    e-mail, phone and URL texts as the note writes them)."""
    company, location = texts(details.get("company"), False), texts(details.get("location"), False)
    email, phone, url = (texts(details.get(key), True) for key in LISTED)
    return PersonLine(name, path, aliases, tie, cadence, *dates, company, location, email, phone, url)


def people_lines(people: Iterable[tuple[Person, PersonFacts]], config: Config) -> list[PersonLine]:
    """Every person's line from their note and facts (without the index: `--no-cache`), by name."""
    found = []
    for person, facts in people:
        tie = person.tie or config.default_tie
        next_day = facts.follow_up.due if facts.follow_up is not None else None
        dates = (facts.last_contact, next_day)
        cadence = cadence_of(person.cadence, tie, config)
        found.append(line_of(person.name, person.path, person.aliases, tie, cadence, dates, dict(person.details)))
    return sorted(found, key=PersonLine.sort_key)
