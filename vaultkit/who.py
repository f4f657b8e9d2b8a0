"""`vaultkit who QUERY`: people by interest, offer or need (normalised, equal), or by company, role
or location (case-insensitive substring), each with the reason they matched."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vaultkit.config import Config
from vaultkit.index import Index
from vaultkit.model import Person
from vaultkit.terms import normalise

TERM_FIELDS = ("interests", "offers", "needs")
TEXT_FIELDS = ("company", "role", "location")


@dataclass(frozen=True)
class Found:
    name: str
    reasons: tuple[tuple[str, str], ...]

    def reason(self) -> str:
        return "; ".join(f"{key}: {value}" for key, value in self.reasons)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "matched": [{"field": k, "value": v} for k, v in self.reasons]}


def _reasons(person: Person, term: str, needle: str) -> list[tuple[str, str]]:
    reasons = [(key, term) for key in TERM_FIELDS if term in getattr(person, key)]
    details = dict(person.details)
    reasons.extend((key, details[key]) for key in TEXT_FIELDS if needle in details.get(key, "").casefold())
    return reasons


def who(index: Index, config: Config, query: str) -> list[Found]:
    term = normalise(query, config.synonyms)
    needle = query.strip().casefold()
    if not term:
        return []
    found = []
    for person in index.sorted_people():
        reasons = _reasons(person, term, needle)
        if reasons:
            found.append(Found(person.name, tuple(reasons)))
    return found
