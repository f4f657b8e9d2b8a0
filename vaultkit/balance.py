"""Give before you take (SPEC §4.5): people from whom you have received more than you gave."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from vaultkit.index import Index
from vaultkit.names import name_key


@dataclass(frozen=True)
class Balance:
    name: str
    gave: int
    got: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "gave": self.gave, "got": self.got}


def owed(index: Index, today: date) -> list[Balance]:
    """People where logged `#got` outnumbers `#gave` (up to today), largest imbalance first."""
    found = []
    for person in index.people.values():
        past = [i for i in person.interactions if i.date <= today]
        gave = sum(1 for i in past if i.gave)
        got = sum(1 for i in past if i.got)
        if got > gave:
            found.append(Balance(person.name, gave, got))
    return sorted(found, key=lambda b: (b.gave - b.got, name_key(b.name)))
