"""Paths to targets (SPEC §4.6): shortest chains from people you are in touch with to each target you
never were, over the network's edges: `knows` and `met_through` (either way), and colleagues, two
people whose `company` is the same (normalised), unless more than `colleague_max` people share it.

A company's people are never expanded into pairs: a colleague step is found by looking the company up,
so a company of 5,000 people costs nothing, and one of 50 at most 49 steps from each of its people."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice, pairwise
from typing import TYPE_CHECKING, Any

from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.network.index import Index

MAX_EDGES = 3
MAX_PATHS = 3
KNOWS = "knows"


@dataclass(frozen=True)
class TargetPath:
    """A chain of names from someone you know to the target, and how each step is made: `knows`, or
    the company two colleagues share."""

    target: str
    path: tuple[str, ...]
    via: tuple[str, ...] = ()

    def steps(self) -> list[tuple[str, str]]:
        """(how, next name) for each step after the first name."""
        return list(zip(self.via, self.path[1:], strict=True))

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "path": list(self.path), "via": list(self.via)}


class Network:
    """The edges paths walk: `knows` (and `met_through`) either way, and colleagues by company."""

    def __init__(self, index: Index) -> None:
        self.knows = index.knows
        self.companies = index.companies

    def neighbours(self, name: str) -> Iterator[str]:
        yield from self.knows.get(name, ())
        for company in self.companies.of.get(name, ()):
            yield from (other for other in self.companies.members(company) if other != name)

    def via(self, one: str, other: str) -> str:
        """How a step is made: `knows` when it is one, else the company's name as first written."""
        if other in self.knows.get(one, ()):
            return KNOWS
        company = self.companies.shared(one, other)
        assert company is not None, (one, other)
        return self.companies.shown(company)


def _distances(network: Network, target: str, found: Callable[[str], bool] | None = None) -> dict[str, int]:
    """Breadth-first distances from the target, up to MAX_EDGES; with `found`, no further than the
    first layer that holds someone it accepts (only the shortest chains are shown, and colleagues
    make the layers wide)."""
    distance = {target: 0}
    frontier = [target]
    for step in range(1, MAX_EDGES + 1):
        following = []
        for name in frontier:
            for other in network.neighbours(name):
                if other not in distance:
                    distance[other] = step
                    following.append(other)
        frontier = following
        if found is not None and any(map(found, following)):
            break
    return distance


def _chains(network: Network, distance: dict[str, int], start: str) -> Iterator[tuple[str, ...]]:
    """Shortest chains from start to the target, in name order (each step one closer)."""
    if distance[start] == 0:
        yield (start,)
        return
    closer = sorted({n for n in network.neighbours(start) if distance.get(n) == distance[start] - 1}, key=name_key)
    for step in closer:
        for rest in _chains(network, distance, step):
            yield (start, *rest)


def paths_to_targets(index: Index, contacts: Mapping[str, date | None]) -> list[TargetPath]:
    """For each target never contacted, up to three shortest chains of at most three edges.

    `contacts` is everyone's last contact (Index.last_contacts)."""
    graph = Network(index)
    found: list[TargetPath] = []
    for person in index.sorted_people():
        if not person.target or contacts[person.name] is not None:
            continue
        distance = _distances(graph, person.name, lambda name: contacts[name] is not None)
        known = [name for name in distance if name != person.name and contacts[name] is not None]
        if not known:
            continue
        shortest = min(distance[name] for name in known)
        starts = sorted((name for name in known if distance[name] == shortest), key=name_key)
        chains = (chain for start in starts for chain in _chains(graph, distance, start))
        for chain in islice(chains, MAX_PATHS):
            via = tuple(graph.via(one, other) for one, other in pairwise(chain))
            found.append(TargetPath(person.name, chain, via))
    return found
