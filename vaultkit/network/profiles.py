"""The search under suggested introductions: people grouped into profiles, profile pairs found best
first by a threshold join, and the people of equal-scoring profile pairs merged lazily in name order.

- A **profile** is what an introduction reads of a person: the interests someone else also has, the
  needs someone offers, the offers someone needs. Every pair of people from two profiles scores the
  same, so a vault where thousands share a handful of common interests, or need and offer a handful
  of common things, has a handful of profiles, whatever its size.
- A pair's score is a weighted overlap of **tokens**: a profile's left tokens are its interests,
  `need s` and `offer s`; its right tokens are its interests, `need s` for each s it offers and
  `offer s` for each s it needs. Left of one ∩ right of the other is exactly what the two share
  (interests) or match (needs ↔ offers), either way round.
- **Threshold join** (AllPairs with prefix filtering): tokens have one global order, heaviest first.
  A pair scoring at least τ has its first joint tokens j1 < j2 < … in both profiles' lists, with the
  weight from j1 on at least τ, from j2 on at least τ − w(j1), and so on: so each profile is indexed
  and looked up by the runs of KEY_LENGTH tokens that satisfy those bounds, and only profiles sharing
  such a run are compared. A very common token sits late in every list and is paired only when τ is
  low, by which time the profiles have collapsed into few.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.read.model import Person

MATCH_WEIGHT = 100.0
EPSILON = 1e-9
KEY_LENGTH = 2  # tokens per key at most: selective enough, and few keys for a person of many interests
NameKey = tuple[str, str]


@dataclass(slots=True)
class Profile:
    """People who share every token, so every pair with another profile scores the same."""

    interests: frozenset[str]
    needs: frozenset[str]
    offers: frozenset[str]
    members: list[str] = field(default_factory=list)  # in name order
    keys: list[NameKey] = field(default_factory=list)  # the members' name keys, for bisect
    left: list[int] = field(default_factory=list)  # token ids, in the global order
    right: list[int] = field(default_factory=list)
    shared: list[int] = field(default_factory=list)  # the interest tokens alone (left and right alike)

    def sides(self, matched: bool) -> tuple[list[int], list[int]]:
        """The token lists a phase joins: all of them, or the interests alone."""
        return (self.left, self.right) if matched else (self.shared, self.shared)


@dataclass(frozen=True)
class Phase:
    """The pairs a round looks for: with a need ↔ offer match (their first joint token is one of the
    match tokens, which are the heaviest and come first), or without (they share interests only)."""

    matched: bool
    first: int  # a run starts with a token whose id is below this
    heaviest: list[float]  # the weights of the tokens this phase's pairs can share, heaviest first


@dataclass
class Tokens:
    """Every token's id (its place in the global order, heaviest first) and weight."""

    ids: dict[tuple[str, str], int]
    weights: list[float]


NOTHING: frozenset[str] = frozenset()


def group(people: Mapping[str, Person], counts: Mapping[str, int]) -> list[Profile]:
    """Profiles of the candidates, dropping what no one else can share or match (it never scores)."""
    offered = frozenset(s for p in people.values() for s in p.offers)
    needed = frozenset(s for p in people.values() for s in p.needs)
    shared = frozenset(t for t, n in counts.items() if n > 1)
    by_key: dict[tuple[frozenset[str], frozenset[str], frozenset[str]], list[str]] = defaultdict(list)
    for person in people.values():
        key = (
            shared.intersection(person.interests),
            offered.intersection(person.needs) if person.needs else NOTHING,
            needed.intersection(person.offers) if person.offers else NOTHING,
        )
        by_key[key].append(person.name)
    profiles = []
    for (interests, needs, offers), names in by_key.items():
        keys = sorted(map(name_key, names)) if len(names) > 1 else [name_key(names[0])]
        profiles.append(Profile(interests, needs, offers, [name for _, name in keys], keys))
    return profiles


def tokenise(profiles: list[Profile], weight: Mapping[str, float]) -> Tokens:
    """Give every token an id in the global order and fill each profile's left and right lists."""
    weights: dict[tuple[str, str], float] = {}
    for p in profiles:
        weights.update((("interest", t), weight[t]) for t in p.interests)
        weights.update((("need", s), MATCH_WEIGHT) for s in p.needs | p.offers)
        weights.update((("offer", s), MATCH_WEIGHT) for s in p.needs | p.offers)
    order = sorted(weights, key=lambda token: (-weights[token], token))
    ids = {token: i for i, token in enumerate(order)}
    interest_ids = {term: i for (kind, term), i in ids.items() if kind == "interest"}
    for p in profiles:
        p.shared = sorted(map(interest_ids.__getitem__, p.interests))
        if p.needs or p.offers:
            p.left = sorted(p.shared + [ids["need", s] for s in p.needs] + [ids["offer", s] for s in p.offers])
            p.right = sorted(p.shared + [ids["need", s] for s in p.offers] + [ids["offer", s] for s in p.needs])
        else:
            p.left = p.right = p.shared
    return Tokens(ids, [weights[token] for token in order])


def phase_of(tokens: Tokens, matched: bool) -> Phase:
    """Pairs with a match (every one ranks above every pair without), or the others."""
    matches = sum(1 for kind, _ in tokens.ids if kind != "interest")
    if matched:
        return Phase(True, matches, tokens.weights if matches else [])
    return Phase(False, len(tokens.weights), tokens.weights[matches:])


def fewest_tokens(weights: list[float], threshold: float) -> int:
    """How many joint tokens a pair scoring at least `threshold` has at the least (weights: heaviest first)."""
    total = 0.0
    for count, weight in enumerate(weights, start=1):
        total += weight
        if total >= threshold - EPSILON:
            return count
    return len(weights) + 1


def suffix_weights(tokens: list[int], weights: list[float]) -> list[float]:
    """suffix[i]: the weight of tokens[i:]; suffix[0] is what a pair can score at most."""
    suffix = [0.0] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + weights[tokens[i]]
    return suffix


def run_keys(
    tokens: list[int], suffix: list[float], weights: list[float], threshold: float, length: int, first: int
) -> list[tuple[int, ...]]:
    """The runs of `length` tokens (in order) that can be a pair's first joint tokens when it scores
    at least `threshold`; the first token's id is below `first` (a phase's own tokens)."""
    found: list[tuple[int, ...]] = []

    def walk(start: int, needed: float, run: tuple[int, ...]) -> None:
        if len(run) == length:
            found.append(run)
            return
        for i in range(start, len(tokens) - (length - len(run)) + 1):
            if suffix[i] < needed - EPSILON or (not run and tokens[i] >= first):
                break
            walk(i + 1, needed - weights[tokens[i]], (*run, tokens[i]))

    walk(0, threshold, ())
    return found


Score = Callable[[Profile, Profile], float | None]


def pairs_above(
    profiles: list[Profile], weights: list[float], phase: Phase, threshold: float, score: Score
) -> dict[tuple[int, int], float]:
    """Every profile pair (j ≤ i) of the phase whose score (as `score` gives it; None: not of this
    phase) is at least `threshold`: each profile is looked up by its left runs among the right runs
    of the profiles before it, and paired with itself when it has two people or more."""
    length = max(1, min(KEY_LENGTH, fewest_tokens(phase.heaviest, threshold)))
    index: dict[tuple[int, ...], list[int]] = defaultdict(list)
    found: dict[tuple[int, int], float] = {}
    floor = threshold - EPSILON
    for i, profile in enumerate(profiles):
        left, right = profile.sides(phase.matched)
        suffix = suffix_weights(left, weights)
        if suffix[0] < floor:
            continue  # it cannot reach the threshold with anyone
        runs = run_keys(left, suffix, weights, threshold, length, phase.first)
        close: set[int] = set()
        for run in runs:
            close.update(index.get(run, ()))
        if len(profile.members) > 1:
            close.add(i)
        for j in close:
            value = score(profiles[j], profile)
            if value is not None and value >= floor:
                found[(j, i)] = value
        if right is not left:
            runs = run_keys(right, suffix_weights(right, weights), weights, threshold, length, phase.first)
        for run in runs:
            index[run].append(i)
    return found


def members(one: Profile, other: Profile, busy: Callable[[str], bool]) -> Iterator[tuple[NameKey, NameKey, str, str]]:
    """The pairs of people of two profiles (or within one), in name order, made only when reached.
    A person `busy` (who has their introductions already) is passed over whole."""
    if one is other:
        sides = [(key, name, 0) for key, name in zip(one.keys, one.members, strict=True)]
        partners = [(one.keys, one.members)]
    else:
        sides = list(heapq.merge(
            ((key, name, 1) for key, name in zip(one.keys, one.members, strict=True)),
            ((key, name, 0) for key, name in zip(other.keys, other.members, strict=True)),
        ))  # fmt: skip
        partners = [(one.keys, one.members), (other.keys, other.members)]
    for key, name, side in sides:
        keys, names = partners[side]
        for at in range(bisect.bisect_right(keys, key), len(names)):
            if busy(name):
                break
            if not busy(names[at]):
                yield key, keys[at], name, names[at]


def merged(streams: list[Iterator[tuple[NameKey, NameKey, str, str]]]) -> Iterator[tuple[str, str]]:
    """Several name-ordered streams of pairs as one, in name order."""
    for _, _, a, b in heapq.merge(*streams):
        yield a, b


def weights_of(counts: Mapping[str, int], people: int) -> dict[str, float]:
    """w(t) = ln(1 + P / n_t): rarer interests weigh more."""
    return {term: math.log1p(people / n) for term, n in counts.items()}
