"""Everyone, by name (SPEC §6 `people`): what a script or a spreadsheet wants of each person, from
the index's people table (Store.people_lines).

A line is a msgspec Struct: `people --json` encodes 50,000 of them at once, with no dict made for each."""

from __future__ import annotations

from typing import Any

import msgspec

from vaultkit.read.dates import cadence_in_words
from vaultkit.read.names import name_key


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
