"""Suggested introductions (SPEC §4.3) without comparing all pairs of people.

Score: every shared interest t adds w(t) = ln(1 + P / n_t), where P is the number of people who may
be introduced and n_t how many of them have t, so a rare interest counts more than a common one. Each
need ↔ offer match adds MATCH_WEIGHT, and any pair with a match ranks above every pair without one.

Shared-interest pairs are found by prefix filtering: with terms ordered rarest first, a pair scoring at
least τ must share a term within each person's prefix, the shortest run of their rarest terms whose
remaining weight is below τ. Only people sharing a prefix term are paired, τ starts high and is lowered
until the selection is full, so a very common interest is never expanded into all its pairs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vaultkit.config import Config
from vaultkit.index import Index
from vaultkit.model import Person
from vaultkit.names import name_key

MATCH_WEIGHT = 100.0
PER_PERSON = 2
EPSILON = 1e-9


@dataclass(frozen=True)
class Match:
    needs: str
    offers: str
    what: str

    def to_json(self) -> dict[str, str]:
        return {"needs": self.needs, "offers": self.offers, "what": self.what}


@dataclass(frozen=True)
class Intro:
    """A suggested introduction of a and b (a before b by name), with what they have in common."""

    a: str
    b: str
    score: float
    shared: tuple[str, ...]
    matches: tuple[Match, ...]

    @property
    def reason(self) -> str:
        parts = [f"{m.offers} offers {m.what}, which {m.needs} needs" for m in self.matches]
        if self.shared:
            parts.append("both into " + ", ".join(self.shared))
        return "; ".join(parts)

    def rank(self) -> tuple[bool, float, tuple[str, str], tuple[str, str]]:
        return (not self.matches, -self.score, name_key(self.a), name_key(self.b))

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "score": round(self.score, 3),
            "shared": list(self.shared),
            "matches": [m.to_json() for m in self.matches],
            "reason": self.reason,
        }


class Candidates:
    """The people who may be introduced, their term weights, and the pairs already linked."""

    def __init__(self, index: Index) -> None:
        self.people = {p.name: p for p in index.people.values() if not p.no_intros}
        self.linked = index.linked
        counts: dict[str, int] = defaultdict(int)
        for person in self.people.values():
            for term in person.interests:
                counts[term] += 1
        total = len(self.people)
        self.weight = {term: math.log1p(total / n) for term, n in counts.items()}
        # Rarest first; ties by term so the order, and so every result, is deterministic.
        self.order = {term: i for i, term in enumerate(sorted(counts, key=lambda t: (counts[t], t)))}

    def pair(self, one: str, two: str) -> Intro | None:
        if one == two or self.linked(one, two):
            return None
        a, b = sorted((one, two), key=name_key)
        pa, pb = self.people[a], self.people[b]
        shared = sorted(set(pa.interests) & set(pb.interests), key=self.order.__getitem__)
        matches = _matches(pa, pb) + _matches(pb, pa)
        if not shared and not matches:
            return None
        score = math.fsum(self.weight[t] for t in shared) + MATCH_WEIGHT * len(matches)
        return Intro(a, b, score, tuple(shared), tuple(sorted(matches, key=lambda m: (m.what, m.needs))))

    def ranked_terms(self, person: Person) -> list[str]:
        return sorted(person.interests, key=self.order.__getitem__)


def _matches(needer: Person, offerer: Person) -> list[Match]:
    return [Match(needer.name, offerer.name, what) for what in sorted(set(needer.needs) & set(offerer.offers))]


def select(ranked: Iterable[Intro], limit: int) -> list[Intro]:
    """Take pairs in rank order, skipping one once either person already has PER_PERSON."""
    taken: list[Intro] = []
    count: dict[str, int] = defaultdict(int)
    for intro in ranked:
        if len(taken) >= limit:
            break
        if count[intro.a] >= PER_PERSON or count[intro.b] >= PER_PERSON:
            continue
        taken.append(intro)
        count[intro.a] += 1
        count[intro.b] += 1
    return taken


def match_pairs(candidates: Candidates) -> dict[frozenset[str], Intro]:
    """Every pair with a need ↔ offer match, found through an index of offers."""
    offered: dict[str, list[str]] = defaultdict(list)
    for person in candidates.people.values():
        for what in person.offers:
            offered[what].append(person.name)
    found: dict[frozenset[str], Intro] = {}
    for person in candidates.people.values():
        for what in person.needs:
            for other in offered.get(what, ()):
                key = frozenset((person.name, other))
                if key not in found and (intro := candidates.pair(person.name, other)):
                    found[key] = intro
    return found


def _prefix(candidates: Candidates, person: Person, threshold: float) -> list[str]:
    terms = candidates.ranked_terms(person)
    remaining = math.fsum(candidates.weight[t] for t in terms)
    prefix = []
    for term in terms:
        if remaining < threshold - EPSILON:
            break
        prefix.append(term)
        remaining -= candidates.weight[term]
    return prefix


def interest_pairs(candidates: Candidates, threshold: float) -> dict[frozenset[str], Intro]:
    """Every pair whose shared interests weigh at least `threshold` (and possibly some below it)."""
    postings: dict[str, list[str]] = defaultdict(list)
    for person in candidates.people.values():
        for term in _prefix(candidates, person, threshold):
            postings[term].append(person.name)
    found: dict[frozenset[str], Intro] = {}
    for members in postings.values():
        for i, one in enumerate(members):
            for two in members[i + 1 :]:
                key = frozenset((one, two))
                if key not in found and (intro := candidates.pair(one, two)):
                    found[key] = intro
    return found


def suggest_intros(index: Index, config: Config) -> list[Intro]:
    """The dashboard's introductions: up to `max_intros`, at most two per person, best first."""
    if config.max_intros == 0:
        return []
    candidates = Candidates(index)
    matched = match_pairs(candidates)
    top_weight = max(
        (math.fsum(candidates.weight[t] for t in p.interests) for p in candidates.people.values()), default=0.0
    )
    threshold = top_weight
    while True:
        found = {**interest_pairs(candidates, threshold), **matched}
        complete = [i for i in found.values() if i.matches or i.score >= threshold - EPSILON]
        taken = select(sorted(complete, key=Intro.rank), config.max_intros)
        if len(taken) == config.max_intros or threshold <= 0:
            return taken
        threshold = threshold / 2 if threshold > 0.5 else 0.0
