"""`vaultkit who QUERY`: people by interest, offer or need (normalised: equal first, then terms that
hold the query as whole words, so `rust` finds `rust mentoring`), or by company, role or location
(case-insensitive substring), each with the reason they matched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vaultkit.read.terms import normalise

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config
    from vaultkit.read.model import Person

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


def _reasons(person: Person, term: str, words: re.Pattern[str], needle: str) -> tuple[bool, list[tuple[str, str]]]:
    """Whether a term is equal to the query, and every reason the person matches."""
    equal = any(term in getattr(person, key) for key in TERM_FIELDS)
    reasons = [(key, t) for key in TERM_FIELDS for t in getattr(person, key) if t == term or words.search(t)]
    details = dict(person.details)
    reasons.extend((key, details[key]) for key in TEXT_FIELDS if needle in details.get(key, "").casefold())
    return equal, reasons


def held_in_matches(config: Config, query: str) -> tuple[str, ...]:
    """What every term or text `who` matches holds: the query as a term (with and without the
    synonyms) and case-folded; the index looks only at those who hold one of them."""
    return tuple(dict.fromkeys((normalise(query, config.synonyms), normalise(query), query.strip().casefold())))


def who(index: Index, config: Config, query: str) -> list[Found]:
    """Everyone the query finds: an equal term first, then the rest, each group by name."""
    term = normalise(query, config.synonyms)
    needle = query.strip().casefold()
    if not term:
        return []
    words = re.compile(rf"(?<!\S){re.escape(normalise(query))}(?!\S)")
    equal: list[Found] = []
    other: list[Found] = []
    for person in index.sorted_people():
        is_equal, reasons = _reasons(person, term, words, needle)
        if reasons:
            (equal if is_equal else other).append(Found(person.name, tuple(reasons)))
    return equal + other
