"""Suggested introductions (SPEC §4.4), found without comparing all pairs of people.

Score: every shared interest t adds w(t) = ln(1 + P / n_t), where P is the number of people in the
vault and n_t how many of them have t, so a rare interest counts more than a common one. Each need ↔
offer match adds MATCH_WEIGHT, and any pair with a match ranks above every pair without one; then by
score, then by the two names. Pairs are taken in that order, skipping one once either person has
PER_PERSON, until `max_intros`; never a person with `no_intros`, nor a target you never met.

The search (profiles.py) groups people into profiles, finds profile pairs best first with a
threshold that is lowered step by step, and merges the people of equal-scoring profile pairs in name
order as the selection takes them: its cost grows with the introductions shown, not with pairs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.memory import collection_paused
from vaultkit.network.profiles import (
    MATCH_WEIGHT,
    Phase,
    Profile,
    group,
    members,
    merged,
    pairs_above,
    phase_of,
    tokenise,
    weights_of,
)
from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config
    from vaultkit.read.model import Person

PER_PERSON = 2
THRESHOLD_STEP = 0.9  # the next round's threshold, after a round that found pairs
EMPTY_STEP = 0.75  # … and after one that found none


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
    """The people who may be introduced, the weight of every interest, and the pairs already linked."""

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
        if index.population is not None:  # the index holds some of the people: the vault's counts
            counts.update(index.population.interests)
            everyone = index.population.people
        else:
            for person in index.people.values():
                for term in person.interests:
                    counts[term] += 1
            everyone = len(index.people)
        self.weight = weights_of(counts, everyone)
        # Rarest first; ties by term, so the order of a reason's interests is deterministic.
        self.order = {term: i for i, term in enumerate(sorted(counts, key=lambda t: (counts[t], t)))}
        # How many candidates hold each interest: one alone never shares it.
        self.holders: dict[str, int] = defaultdict(int)
        for person in self.people.values():
            for term in person.interests:
                self.holders[term] += 1

    def pair(self, one: str, two: str) -> Intro | None:
        if one == two or self.linked(one, two):
            return None
        a, b = sorted((one, two), key=name_key)
        pa, pb = self.people[a], self.people[b]
        shared = sorted(set(pa.interests) & set(pb.interests), key=self.order.__getitem__)
        matches = _matches(pa, pb) + _matches(pb, pa)
        if not shared and not matches:
            return None
        score = self.score(shared, len(matches))
        return Intro(a, b, score, tuple(shared), tuple(sorted(matches, key=lambda m: (m.what, m.needs))))

    def score(self, shared: Iterable[str], matches: int) -> float:
        """The one formula for a pair's score, of people and of profiles alike (fsum does not depend
        on the order of the terms, so both give the same number)."""
        return math.fsum(self.weight[t] for t in shared) + MATCH_WEIGHT * matches

    def profile_score(self, matched: bool) -> Callable[[Profile, Profile], float | None]:
        """The score of two profiles' people, or None when the pair is not of the phase."""

        def score(one: Profile, other: Profile) -> float | None:
            matches = len(one.needs & other.offers) + len(one.offers & other.needs)
            if bool(matches) != matched:
                return None
            shared = one.interests & other.interests
            return self.score(shared, matches) if shared or matches else None

        return score


def _matches(needer: Person, offerer: Person) -> list[Match]:
    return [Match(needer.name, offerer.name, what) for what in sorted(set(needer.needs) & set(offerer.offers))]


class Selection:
    """Pairs taken in rank order, skipping one once either person already has PER_PERSON."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.taken: list[Intro] = []
        self.count: dict[str, int] = defaultdict(int)

    @property
    def full(self) -> bool:
        return len(self.taken) >= self.limit

    def busy(self, name: str) -> bool:
        return self.count[name] >= PER_PERSON

    def offer(self, intro: Intro | None) -> None:
        if intro is None or self.full or self.busy(intro.a) or self.busy(intro.b):
            return
        self.taken.append(intro)
        self.count[intro.a] += 1
        self.count[intro.b] += 1


def suggest_intros(index: Index, config: Config, today: date) -> list[Intro]:
    """The dashboard's introductions: up to `max_intros`, at most two per person, best first; never
    a target you were never in touch with."""
    if config.limit("intros") == 0:
        return []
    with collection_paused():
        return _suggest(index, config, today)


def _suggest(index: Index, config: Config, today: date) -> list[Intro]:
    candidates = Candidates(index, index.unmet_targets(today))
    selection = Selection(config.limit("intros"))
    for matched in (True, False):
        # Only people with a need or an offer can be in a pair with a match: when those fill the
        # selection, nobody else is even grouped.
        people = {n: p for n, p in candidates.people.items() if p.needs or p.offers} if matched else candidates.people
        profiles = group(people, candidates.holders)
        tokens = tokenise(profiles, candidates.weight)
        _take(candidates, profiles, tokens.weights, phase_of(tokens, matched), selection)
        if selection.full:
            break
    return [intro.spelled(index.spelled) for intro in selection.taken]


def _take(
    candidates: Candidates, profiles: list[Profile], weights: list[float], phase: Phase, selection: Selection
) -> None:
    """Offer the phase's pairs to the selection in rank order, band by band, until it is full."""
    if not phase.heaviest:
        return
    score = candidates.profile_score(phase.matched)
    lowest = MATCH_WEIGHT if phase.matched else phase.heaviest[-1]
    threshold = max(_most(p, weights, phase) for p in profiles)
    seen: set[tuple[int, int]] = set()
    while True:
        threshold = max(threshold, lowest)
        found = {
            pair: value
            for pair, value in pairs_above(profiles, weights, phase, threshold, score).items()
            if pair not in seen
        }
        seen.update(found)
        tied: dict[float, list[tuple[int, int]]] = defaultdict(list)
        for pair, value in found.items():
            tied[value].append(pair)
        for value in sorted(tied, reverse=True):
            streams = [members(profiles[i], profiles[j], selection.busy) for i, j in tied[value]]
            for a, b in merged(streams):
                selection.offer(candidates.pair(a, b))
                if selection.full:
                    return
        if threshold <= lowest:
            return
        # A round costs more the lower the threshold: step fast while nothing is found, then gently.
        threshold *= THRESHOLD_STEP if found else EMPTY_STEP


def _most(profile: Profile, weights: list[float], phase: Phase) -> float:
    """What a pair with this profile can score at most in the phase."""
    return sum(weights[t] for t in profile.sides(phase.matched)[0])


@dataclass(frozen=True)
class InFlight:
    """A pair asked about an introduction (`#intro-ask`) and not yet introduced (SPEC §4.11)."""

    a: str  # before b by name
    b: str
    asked: date
    days: int  # since the ask

    def sort_key(self) -> tuple[int, tuple[str, str], tuple[str, str]]:
        return (self.asked.toordinal(), name_key(self.a), name_key(self.b))

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "asked": self.asked.isoformat(), "days": self.days}


def in_flight(index: Index, today: date) -> list[InFlight]:
    """Introductions in flight, oldest ask first (an ask dated after today is not made yet)."""
    found = []
    for pair, asked in index.links.asked.items():
        if asked <= today and pair not in index.introduced:
            a, b = sorted(pair, key=name_key)
            found.append(InFlight(a, b, asked, (today - asked).days))
    return sorted(found, key=InFlight.sort_key)


def pair_of(index: Index, one: str, two: str) -> Intro:
    """What two people have in common, whoever they are (`vaultkit intro` takes any two): shared
    interests rarest first, and each need of one the other offers; empty when they share nothing."""
    candidates = Candidates(index)
    a, b = sorted((one, two), key=name_key)
    pa, pb = index.people[a], index.people[b]
    shared = sorted(set(pa.interests) & set(pb.interests), key=candidates.order.__getitem__)
    matches = sorted(_matches(pa, pb) + _matches(pb, pa), key=lambda m: (m.what, m.needs))
    return Intro(a, b, candidates.score(shared, len(matches)), tuple(shared), tuple(matches)).spelled(index.spelled)
