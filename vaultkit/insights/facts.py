"""What each person contributes to the dashboard, remembered between builds.

A rebuild after one note changed recomputes the facts of that person only: every other Person object
is the very same object as before (notes are immutable and swapped in whole), so its facts still hold
while its daily-note mentions and the date are the same. A cold build fills the memo as it goes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.insights.balance import Balance, balance_of
from vaultkit.insights.followups import FollowUp, next_follow_up
from vaultkit.insights.milestones import Milestone, person_milestones
from vaultkit.insights.news import News, person_news
from vaultkit.insights.reach import Reach, Reason, Revive, dormant, reach, reasons_of, share_reason
from vaultkit.insights.trips import Plans, TripPerson, visits
from vaultkit.network.index import Index, last_contact
from vaultkit.read.model import lives_in
from vaultkit.read.terms import normalise

if TYPE_CHECKING:
    from vaultkit.network.promises import Promise
    from vaultkit.read.config import Config
    from vaultkit.read.model import Person


class PersonFacts(NamedTuple):
    last_contact: date | None
    follow_up: FollowUp | None
    milestones: tuple[Milestone, ...]
    balance: Balance | None
    news: tuple[News, ...]
    reasons: tuple[Reason, ...] = ()  # to be in touch today (§4.9), but for a clipping to share
    revive: Revive | None = None  # a dormant tie (§4.12)
    listed_today: bool = True  # not for one you were in touch with today, nor an unmet target
    places: tuple[tuple[str, str], ...] = ()  # where they live: as written, normalised (§4.14)
    strong: bool = False
    never: bool = False  # `cadence: never`: no reminders, no trips


class Extras(NamedTuple):
    """What the whole network's sections add to a person's own facts: whom a recent clipping is worth
    sharing with (a reason of §4.9), who is on a shortest path to a target (an order of §4.12), and
    where your coming trips go (§4.14)."""

    share: Mapping[str, str] = MappingProxyType({})  # person → the first clipping to share with them
    on_paths: frozenset[str] = frozenset()
    trips: Plans = MappingProxyType({})  # a place → the coming trips that reach it
    soon: date = date.min  # a trip starting by then, or underway, is a reason to be in touch today
    listed: date = date.min  # a trip starting by then, or underway, is listed in Coming trips


def person_facts(
    person: Person, mentions: Sequence[date], config: Config, today: date, promises: Sequence[Promise] = ()
) -> PersonFacts:
    """What one person shows on the dashboard; `mentions` are the dates of the other notes' contact
    with them (daily and meeting notes, done tasks), `promises` the open tasks to them."""
    last = last_contact(person, mentions, today)
    follow_up = next_follow_up(person, last, config, today)
    milestones = person_milestones(person, config, today)
    news = person_news(person, config, today)
    revive = dormant(person, last, config, today)
    late_promises = [p for p in promises if p.past_due(today, config.promise_days)] if promises else []
    reasons = reasons_of(person, last, follow_up, milestones, news, revive, late_promises, config, today)
    listed = last != today and not (person.target and last is None)
    tie = person.tie or config.default_tie
    never = (person.cadence or config.default_cadence[tie]).strip().casefold() == "never"
    places = tuple((place, normalise(place, config.synonyms)) for place in person_places(person))
    balance = balance_of(person, today)
    return PersonFacts(
        last, follow_up, milestones, balance, news, reasons, revive, listed, places, tie == "strong", never
    )


def person_places(person: Person) -> tuple[str, ...]:
    """Where someone lives, as their note writes it (each place of a list: kepano's `loc`)."""
    return lives_in(person)


def section_items(name: str, facts: PersonFacts, horizon: date, extras: Extras) -> list[tuple[str, Sequence[object]]]:
    """What a person's facts put in each bounded section of the dashboard (a follow-up only when it
    is due by `horizon`: today + `horizon_days`, worked out once by the caller for everyone)."""
    follow_up = facts.follow_up
    due = follow_up if follow_up is not None and follow_up.due <= horizon else None
    revive = facts.revive
    if revive is not None and name in extras.on_paths:
        revive = replace(revive, on_path=True)
    return [
        ("today", _today(name, facts, extras)),
        ("due", (due,) if due else ()),
        ("milestones", facts.milestones),
        ("news", facts.news),
        ("revive", (revive,) if revive is not None else ()),
        ("balance", (facts.balance,) if facts.balance else ()),
        ("trips", _trips(name, facts, extras) if extras.trips and not facts.never else ()),
    ]


def _trips(name: str, facts: PersonFacts, extras: Extras) -> tuple[TripPerson, ...]:
    follow_up = facts.follow_up
    nearest = follow_up.due if follow_up is not None else None
    late = follow_up is not None and follow_up.late is not None
    return tuple(
        TripPerson(plan.trip, plan.path, plan.start, plan.end, plan.places, name, place, facts.last_contact,
                   nearest, late, facts.strong)
        for plan, place in visits(facts.places, extras.trips)
        if plan.start <= extras.listed
    )  # fmt: skip


def _today(name: str, facts: PersonFacts, extras: Extras) -> tuple[Reach, ...]:
    if not facts.listed_today:
        return ()
    reasons = facts.reasons
    if name in extras.share:
        reasons = (*reasons, share_reason(extras.share[name]))
    if extras.trips and not facts.never and (trip := _trip_reason(facts, extras)) is not None:
        reasons = (*reasons, trip)
    found = reach(name, reasons, facts.follow_up.due if facts.follow_up is not None else None)
    return (found,) if found is not None else ()


def _trip_reason(facts: PersonFacts, extras: Extras) -> Reason | None:
    """The first coming trip that reaches them and starts soon, or is underway (§4.9)."""
    for plan, place in visits(facts.places, extras.trips):
        if plan.start <= extras.soon:
            return Reason("trip", f"in {place} {plan.days()} (trip)", plan.start, 2)
    return None


class FactsMemo:
    """Facts by name, with the note and the mentions they were computed from (config is fixed)."""

    def __init__(self) -> None:
        self._today: date | None = None
        self._memo: dict[str, tuple[Person, tuple[date, ...], tuple[Promise, ...], PersonFacts]] = {}

    def facts(self, index: Index, config: Config, today: date) -> dict[str, PersonFacts]:
        if today != self._today:
            self._memo, self._today = {}, today
        memo, fresh = self._memo, {}
        for name, person in index.people.items():
            mentions = tuple(index.mentions.get(name, ()))
            promises = tuple(index.promises.get(name, ()))
            known = memo.get(name)
            if known is not None and known[0] is person and known[1] == mentions and known[2] == promises:
                fresh[name] = known
            else:
                fresh[name] = (person, mentions, promises, person_facts(person, mentions, config, today, promises))
        self._memo = fresh
        return {name: entry[3] for name, entry in fresh.items()}
