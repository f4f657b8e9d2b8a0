"""Coming trips (SPEC §4.14): for each trip of yours underway or starting within `trip_days`, the
people who live in one of its places, or in a place inside one through place notes (Kyoto in Japan),
so that you can arrange to meet while you are there.

The trips and the places they reach are the network's part (`TripPlan`, found from the trip and
place notes); whom each reaches is a person's own part (their `location`), found from the plans one
person at a time, so that a log line or a location edit redoes that person's lines alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.read.dates import add_days
from vaultkit.read.names import name_key
from vaultkit.read.terms import normalise

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config

STEPS = 3  # place notes followed at most this far down: a trip to Japan reaches Kyoto, and a ward of Kyoto
REASON_DAYS = 14  # a trip this close, or underway, is a reason in Reach out today (§4.9)


class TripPlan(NamedTuple):
    """A coming trip and every place it reaches (normalised: its own, and those inside them)."""

    trip: str
    path: str
    start: date
    end: date
    places: tuple[str, ...]  # as the trip note writes them
    reaches: tuple[str, ...]

    def days(self) -> str:
        return f"{self.start}..{self.end}"

    def visit_json(self, place: str) -> dict[str, Any]:
        """The trip as it reaches someone who lives in `place` (brief's `trips`)."""
        return {"trip": self.trip, "path": self.path, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "place": place}  # fmt: skip


@dataclass(frozen=True)
class TripPerson:
    """One person a coming trip reaches, with what orders them: due by the trip's last day (late ones
    first), then strong ties, then the longest since contact (never last), then name."""

    trip: str
    path: str
    start: date
    end: date
    places: tuple[str, ...]
    name: str
    place: str  # the person's place that the trip reaches, as their note writes it
    last_contact: date | None
    next: date | None  # their next follow-up
    late: bool
    strong: bool

    @property
    def due(self) -> bool:
        return self.next is not None and self.next <= self.end

    @property
    def group(self) -> str:
        return f"{self.start.isoformat()} {self.path}"

    def sort_key(self) -> tuple[str, int, str, tuple[str, str]]:
        rank = (0 if self.late else 1) if self.due else 2
        since = self.last_contact.isoformat() if self.last_contact else "never"  # after every date
        return (self.group, 2 * rank + (not self.strong), since, name_key(self.name))

    def mark(self) -> str:
        if self.due:
            return "late" if self.late else "due"
        return f"last contact {self.last_contact}" if self.last_contact else "never in touch"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "place": self.place,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "next": self.next.isoformat() if self.next else None,
            "due": self.due,
        }


@dataclass(frozen=True)
class ComingTrip:
    """A trip with the people it reaches, in order: those listed, and how many there are in all."""

    trip: str
    path: str
    start: date
    end: date
    places: tuple[str, ...]
    people: tuple[TripPerson, ...]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.people)

    def to_json(self) -> dict[str, Any]:
        return {
            "trip": self.trip,
            "path": self.path,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "places": list(self.places),
            "people": [person.to_json() for person in self.people],
        }


def trip_plans(index: Index, config: Config, today: date) -> list[TripPlan]:
    """The trips underway or starting soon, in start order, with the places each reaches: within
    `trip_days` (Coming trips lists those) or within REASON_DAYS (a reason in Reach out today), the
    later of the two."""
    last = add_days(today, max(config.trip_days, REASON_DAYS))
    coming = [(path, trip) for path, trip in index.trips if trip.end >= today and trip.start <= last]
    if not coming:
        return []
    within = places_within(index.inside, config.synonyms)
    plans = [
        TripPlan(trip.name, path, trip.start, trip.end, trip.places, reached(trip.places, within, config.synonyms))
        for path, trip in coming
    ]
    return sorted(plans, key=lambda plan: (plan.start, plan.path))


def places_within(inside: Mapping[str, Iterable[str]], synonyms: Mapping[str, str]) -> dict[str, set[str]]:
    """Place → the places whose notes put them inside it (normalised)."""
    within: dict[str, set[str]] = {}
    for place, parents in inside.items():
        for parent in parents:
            within.setdefault(normalise(parent, synonyms), set()).add(normalise(place, synonyms))
    return within


def reached(places: Iterable[str], within: Mapping[str, set[str]], synonyms: Mapping[str, str]) -> tuple[str, ...]:
    """The places themselves and those inside them, at most STEPS down; a circle simply stops."""
    found = {normalise(place, synonyms) for place in places} - {""}
    step = set(found)
    for _ in range(STEPS):
        step = {inner for place in step for inner in within.get(place, ())} - found
        if not step:
            break
        found |= step
    return tuple(sorted(found))


Plans = Mapping[str, tuple[TripPlan, ...]]  # a normalised place → the coming trips that reach it


def plans_by_place(plans: Iterable[TripPlan]) -> dict[str, tuple[TripPlan, ...]]:
    by_place: dict[str, list[TripPlan]] = {}
    for plan in plans:
        for place in plan.reaches:
            by_place.setdefault(place, []).append(plan)
    return {place: tuple(found) for place, found in by_place.items()}


def visits(places: Iterable[tuple[str, str]], by_place: Plans) -> list[tuple[TripPlan, str]]:
    """The coming trips that reach someone who lives in these places ((as written, normalised)), each
    once, with the place it reaches, in start order."""
    found: dict[str, tuple[TripPlan, str]] = {}
    for shown, place in places:
        for plan in by_place.get(place, ()):
            found.setdefault(plan.path, (plan, shown))
    return sorted(found.values(), key=lambda visit: (visit[0].start, visit[0].path))


def grouped(people: Iterable[TripPerson], totals: Mapping[str, int] | None = None) -> list[ComingTrip]:
    """Each trip's people (in their order) as one ComingTrip; `totals`: how many each trip reaches in
    all, where the people are only the first of each."""
    trips = []
    for group, members in groupby(people, key=lambda person: person.group):
        listed = tuple(members)
        first = listed[0]
        total = totals[group] if totals is not None else len(listed)
        trips.append(ComingTrip(first.trip, first.path, first.start, first.end, first.places, listed, total))
    return trips


def first_of_each(trips: Iterable[ComingTrip], most: int) -> list[ComingTrip]:
    """The trips with their first `most` people each: what the dashboard lists."""
    return [ComingTrip(t.trip, t.path, t.start, t.end, t.places, t.people[:most], t.total) for t in trips]
