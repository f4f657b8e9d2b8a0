"""Paths to targets (SPEC §4.4): shortest `knows` chains from people you are in touch with."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from vaultkit.index import Index
from vaultkit.names import name_key

MAX_EDGES = 3
MAX_PATHS = 3


@dataclass(frozen=True)
class TargetPath:
    """A chain of names from someone you know to the target."""

    target: str
    path: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "path": list(self.path)}


def _distances(graph: Mapping[str, set[str]], target: str) -> dict[str, int]:
    """Breadth-first distances from the target, up to MAX_EDGES."""
    distance = {target: 0}
    frontier = [target]
    for step in range(1, MAX_EDGES + 1):
        following = []
        for name in frontier:
            for other in graph.get(name, ()):
                if other not in distance:
                    distance[other] = step
                    following.append(other)
        frontier = following
    return distance


def _chains(graph: Mapping[str, set[str]], distance: dict[str, int], start: str) -> Iterator[tuple[str, ...]]:
    """Shortest chains from start to the target, in name order (each step one closer)."""
    if distance[start] == 0:
        yield (start,)
        return
    closer = sorted((n for n in graph[start] if distance.get(n) == distance[start] - 1), key=name_key)
    for step in closer:
        for rest in _chains(graph, distance, step):
            yield (start, *rest)


def paths_to_targets(index: Index, contacts: Mapping[str, date | None]) -> list[TargetPath]:
    """For each target never contacted, up to three shortest chains of at most three edges.

    `contacts` is everyone's last contact (Index.last_contacts)."""
    graph = index.knows
    found: list[TargetPath] = []
    for person in index.sorted_people():
        if not person.target or contacts[person.name] is not None:
            continue
        distance = _distances(graph, person.name)
        known = [name for name in distance if name != person.name and contacts[name] is not None]
        if not known:
            continue
        shortest = min(distance[name] for name in known)
        starts = sorted((name for name in known if distance[name] == shortest), key=name_key)
        chains = (chain for start in starts for chain in _chains(graph, distance, start))
        found.extend(TargetPath(person.name, chain) for chain in islice(chains, MAX_PATHS))
    return found


def near_targets(index: Index) -> set[str]:
    """Everyone whose being in touch or not can change a path: each target, and everyone within
    MAX_EDGES of one."""
    graph = index.knows
    return {name for person in index.people.values() if person.target for name in _distances(graph, person.name)}
