"""Suggested introductions (SPEC §4.3) without comparing all pairs of people.

Score: every shared interest t adds w(t) = ln(1 + P / n_t), where P is the number of people in
the vault and n_t how many of them have t, so a rare interest counts more than a common one. Each
need ↔ offer match adds MATCH_WEIGHT, and any pair with a match ranks above every pair without one.

Shared-interest pairs are found by prefix filtering: with terms ordered rarest first, a pair scoring at
least τ must share a term within each person's prefix, the shortest run of their rarest terms whose
remaining weight is below τ. Only people sharing a prefix term are paired; τ starts at the heaviest
person's total and is lowered step by step until the selection is full, so a very common interest (at
the end of everyone's order) is never expanded into all its pairs. Pairs with a match are found
through an index of offers and ranked before any is made a suggestion; when they fill the selection,
the search of shared interests does not run at all.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from vaultkit.config import Config
from vaultkit.index import Index
from vaultkit.model import Person
from vaultkit.names import name_key

MATCH_WEIGHT = 100.0
PER_PERSON = 2
EPSILON = 1e-9
THRESHOLD_STEP = 0.9
EMPTY_STEP = 0.75


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
    # How the notes write the terms of the reason (`AT&T` for `at&t`); the terms stay normalised.
    spelling: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    @property
    def reason(self) -> str:
        written = dict(self.spelling)
        parts = [f"{m.offers} offers {written.get(m.what, m.what)}, which {m.needs} needs" for m in self.matches]
        if self.shared:
            parts.append("both into " + ", ".join(written.get(term, term) for term in self.shared))
        return "; ".join(parts)

    def spelled(self, written: Mapping[str, str]) -> Intro:
        """This intro with its reason's terms as the notes write them."""
        terms = (*self.shared, *(m.what for m in self.matches))
        return replace(self, spelling=tuple((t, written[t]) for t in dict.fromkeys(terms) if t in written))

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

    def __init__(self, index: Index, excluded: frozenset[str] = frozenset()) -> None:
        # Someone with no interests, offers or needs (most of an imported address book) pairs with nobody,
        # and neither does anyone `excluded` (targets never met).
        self.people = {
            p.name: p
            for p in index.people.values()
            if not p.no_intros and (p.interests or p.offers or p.needs) and p.name not in excluded
        }
        self.linked = index.linked
        # Rarity is counted over everyone: an interest is common even if many who share it opt out.
        counts: dict[str, int] = defaultdict(int)
        for person in index.people.values():
            for term in person.interests:
                counts[term] += 1
        total = len(index.people)
        self.weight = {term: math.log1p(total / n) for term, n in counts.items()}
        # Rarest first; ties by term so the order, and so every result, is deterministic.
        self.order = {term: i for i, term in enumerate(sorted(counts, key=lambda t: (counts[t], t)))}
        self.heaviest = max(self.weight.values(), default=0.0)
        # Each person's interests, indexed for the search of shared-interest pairs (index_interests).
        self.names: list[str] = []
        self.terms: dict[str, frozenset[str]] = {}
        self.ranked: dict[str, list[str]] = {}  # rarest, so heaviest, first
        self.bits: dict[str, int] = {}  # interests as bits: what two people share is one `&` and a popcount
        self.most: dict[str, list[float]] = {}  # most[name][c]: what c shared terms can weigh at most
        self.total: dict[str, float] = {}

    def index_interests(self) -> None:
        """Fill names, terms, ranked, bits, most and total: only a search of shared interests needs
        them, and none is needed when pairs with a need ↔ offer match fill the selection."""
        if self.names or not self.people:
            return
        self.names = sorted(self.people, key=name_key)
        bit = {term: 1 << i for term, i in self.order.items()}
        for name, person in self.people.items():
            ranked = sorted(person.interests, key=self.order.__getitem__)
            self.terms[name] = frozenset(ranked)
            self.ranked[name] = ranked
            self.bits[name] = sum(map(bit.__getitem__, ranked))
            self.most[name] = list(itertools.accumulate(map(self.weight.__getitem__, ranked), initial=0.0))
        self.total = {name: most[-1] for name, most in self.most.items()}

    def pair(self, one: str, two: str) -> Intro | None:
        if one == two or self.linked(one, two):
            return None
        a, b = sorted((one, two), key=name_key)
        pa, pb = self.people[a], self.people[b]
        shared = sorted(set(pa.interests) & set(pb.interests), key=self.order.__getitem__)
        matches = _matches(pa, pb) + _matches(pb, pa)
        if not shared and not matches:
            return None
        score = self._score(shared, len(matches))
        return Intro(a, b, score, tuple(shared), tuple(sorted(matches, key=lambda m: (m.what, m.needs))))

    def score(self, a: str, b: str) -> float:
        """What pair(a, b).score is, without making the Intro."""
        pa, pb = self.people[a], self.people[b]
        matches = len(set(pa.needs) & set(pb.offers)) + len(set(pb.needs) & set(pa.offers))
        return self._score(set(pa.interests).intersection(pb.interests), matches)

    def _score(self, shared: Iterable[str], matches: int) -> float:
        """The one formula both use, so ranked pairs and the Intros made of them agree exactly (fsum
        does not depend on the order of the terms)."""
        return math.fsum(self.weight[t] for t in shared) + MATCH_WEIGHT * matches

    def shared_weight(self, one: str, two: str) -> float:
        return sum(map(self.weight.__getitem__, self.terms[one] & self.terms[two]))


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


class RankedMatches:
    """Every pair with a need ↔ offer match, found through an index of offers, given in rank order.

    A large vault has tens of thousands of such pairs and the dashboard shows a few: each is kept as
    its rank key only, and made an Intro when it is reached. Iterating again replays those made."""

    def __init__(self, candidates: Candidates) -> None:
        self.candidates = candidates
        self.made: list[Intro] = []
        self.heap: list[tuple[float, tuple[str, str], tuple[str, str], str, str]] = []
        offered: dict[str, list[str]] = defaultdict(list)
        for person in candidates.people.values():
            for what in person.offers:
                offered[what].append(person.name)
        seen: set[frozenset[str]] = set()
        for person in candidates.people.values():
            for what in person.needs:
                for other in offered.get(what, ()):
                    key = frozenset((person.name, other))
                    if key not in seen and other != person.name and not candidates.linked(person.name, other):
                        seen.add(key)
                        (ka, a), (kb, b) = sorted(((name_key(person.name), person.name), (name_key(other), other)))
                        self.heap.append((-candidates.score(a, b), ka, kb, a, b))
        heapq.heapify(self.heap)

    def __iter__(self) -> Iterator[Intro]:
        yield from self.made
        while self.heap:
            *_, a, b = heapq.heappop(self.heap)
            intro = self.candidates.pair(a, b)
            if intro is not None:  # always: the pair has a match and is not linked
                self.made.append(intro)
                yield intro


def _prefix(candidates: Candidates, name: str, threshold: float, fewest: int) -> list[str]:
    """The rarest terms of a person up to where the rest weighs less than the threshold, and no
    further than leaves `fewest - 1` terms after it: a pair sharing at least `fewest` terms shares
    one of the first (count - fewest + 1)."""
    remaining = candidates.total[name]
    prefix: list[str] = []
    ranked = candidates.ranked[name]
    for term in ranked[: max(0, len(ranked) - fewest + 1)]:
        if remaining < threshold - EPSILON:
            break
        prefix.append(term)
        remaining -= candidates.weight[term]
    return prefix


def _keys(candidates: Candidates, name: str, threshold: float, fewest: int) -> list[str] | list[tuple[str, str]]:
    """What a person is indexed and looked up by in one round.

    A pair scoring at least the threshold shares its rarest shared term t1 within both prefixes. When
    it must share at least two terms, its second rarest shared term t2 also lies within each person's
    first (count - fewest + 2) terms, so the pair (t1, t2) is a far more selective key than t1 alone.
    """
    firsts = _prefix(candidates, name, threshold, fewest)
    if fewest < 2:
        return firsts
    ranked = candidates.ranked[name]
    seconds = ranked[: len(ranked) - fewest + 2]
    return [(first, second) for i, first in enumerate(firsts) for second in seconds[i + 1 :]]


def interest_pairs(candidates: Candidates, threshold: float) -> dict[frozenset[str], Intro]:
    """Every pair whose shared interests weigh at least `threshold`.

    Each person, in name order, is paired with the earlier people who share one of their keys (the
    AllPairs join with prefix filtering, see _keys), so no such pair is missed and few others are
    looked at. A pair must share at least threshold / (heaviest weight) terms, and its c shared terms
    can weigh no more than either person's c heaviest: a popcount checks both before any weights
    are added.
    """
    candidates.index_interests()
    postings: dict[object, list[str]] = defaultdict(list)
    found: dict[frozenset[str], Intro] = {}
    floor = threshold - EPSILON
    fewest = max(1, math.ceil(floor / candidates.heaviest)) if candidates.heaviest else 1
    bits, most = candidates.bits, candidates.most
    for name in candidates.names:
        partners: set[str] = set()
        for key in _keys(candidates, name, threshold, fewest):
            bucket = postings[key]
            partners.update(bucket)
            bucket.append(name)
        mine, my_most = bits[name], most[name]
        close = [
            other
            for other in partners
            if (shared := (mine & bits[other]).bit_count()) >= fewest
            and my_most[shared] >= floor
            and most[other][shared] >= floor
        ]
        for other in close:
            if candidates.shared_weight(name, other) >= floor and (intro := candidates.pair(name, other)):
                found[frozenset((name, other))] = intro
    return found


def suggest_intros(index: Index, config: Config, today: date) -> list[Intro]:
    """The dashboard's introductions: up to `max_intros`, at most two per person, best first; never
    a target you were never in touch with."""
    if config.max_intros == 0:
        return []
    return [intro.spelled(index.spelled) for intro in _best_intros(index, config, index.unmet_targets(today))]


def _best_intros(index: Index, config: Config, excluded: frozenset[str]) -> list[Intro]:
    candidates = Candidates(index, excluded)
    matched = RankedMatches(candidates)
    taken = select(matched, config.max_intros)
    if len(taken) == config.max_intros:  # pairs with a match rank above every other pair
        return taken
    candidates.index_interests()
    lightest = min(candidates.weight.values(), default=0.0)
    threshold = max(candidates.total.values(), default=0.0)
    while True:
        above = interest_pairs(candidates, threshold)
        # Every pair with a match ranks first, and every one is in `matched`; then the rest.
        unmatched = sorted((intro for intro in above.values() if not intro.matches), key=Intro.rank)
        taken = select(itertools.chain(matched, unmatched), config.max_intros)
        if len(taken) == config.max_intros or threshold <= 0:
            return taken
        # A round costs more the lower the threshold: step fast while nothing is found, then gently.
        threshold *= THRESHOLD_STEP if above else EMPTY_STEP
        if threshold < lightest:
            threshold = 0.0
