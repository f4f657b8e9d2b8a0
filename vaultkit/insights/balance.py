"""Give before you take (SPEC §4.7): people from whom you have received more than you gave."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.read.model import Person


@dataclass(frozen=True)
class Balance:
    name: str
    gave: int
    got: int

    def sort_key(self) -> tuple[int, tuple[str, str]]:
        """Largest imbalance first, then by name."""
        return (self.gave - self.got, name_key(self.name))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "gave": self.gave, "got": self.got}


def gave_and_got(person: Person, today: date) -> tuple[int, int]:
    """How many log entries up to today are `#gave`, and how many `#got` (a planned one is not yet).
    An introduction made (`#intro`) is value given to both people (SPEC §4.11)."""
    past = [i for i in person.interactions if i.date <= today and (i.gave or i.got or i.intro)]
    return sum(1 for i in past if i.gave or i.intro), sum(1 for i in past if i.got)


def balance_of(person: Person, today: date) -> Balance | None:
    """The person's balance when logged `#got` outnumbers `#gave` (entries up to today)."""
    if not person.interactions:
        return None
    gave, got = gave_and_got(person, today)
    return Balance(person.name, gave, got) if got > gave else None


def in_order(balances: Iterable[Balance]) -> list[Balance]:
    return sorted(balances, key=Balance.sort_key)
