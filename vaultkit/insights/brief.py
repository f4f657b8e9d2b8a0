"""`vaultkit brief NAME`: everything worth knowing before you meet someone (SPEC §6).

Who they are, how you met, when you were last in touch and when next, your own notes about them and
what you promised them, what matters to them (interests,
likes, family and their next birthdays, gift ideas), what they need with who offers it, what they
offer with who needs it, the last five log entries, gave/got, the best introductions involving them
(even below the dashboard's cut), and the targets reached through them. Pure: an index and a day in,
a Brief out; JSON (`to_json`) and Markdown (dashboard/brief.py) are two views of it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.insights.balance import gave_and_got
from vaultkit.insights.clippings import Share, shares_for
from vaultkit.insights.followups import FollowUp, next_follow_up
from vaultkit.insights.milestones import Milestone, person_milestones
from vaultkit.insights.news import Current, current_role
from vaultkit.insights.trips import TripPlan, plans_by_place, trip_plans, visits
from vaultkit.network.intros import Candidates, Intro
from vaultkit.network.paths import TargetPath, paths_to_targets
from vaultkit.network.promises import Contact, Promise
from vaultkit.read.model import Person, lives_in
from vaultkit.read.names import name_key
from vaultkit.read.terms import normalise

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config

RECENT = 5  # interactions shown, newest first
INTROS = 5  # introductions involving them


@dataclass(frozen=True)
class Brief:
    person: Person
    tie: str  # the note's, else the config's default_tie
    gave: int  # log entries up to today, as the dashboard's Give before you take counts them
    got: int
    interests: tuple[str, ...]  # as the notes write them
    last_contact: date | None
    follow_up: FollowUp | None
    dates: tuple[Milestone, ...]  # the next birthday, family birthdays and milestones, in date order
    needs: tuple[tuple[str, tuple[str, ...]], ...]  # (what, who offers it)
    offers: tuple[tuple[str, tuple[str, ...]], ...]  # (what, who needs it)
    intros: tuple[Intro, ...]
    paths: tuple[TargetPath, ...]
    share: tuple[Share, ...]  # clippings of the last `share_days` worth sharing with them
    promises: tuple[Promise, ...] = ()  # every open task to them, due or not, oldest first
    linked: frozenset[str] = frozenset()  # of those who offer what they need: already linked to them
    current: Current | None = None  # their role as of the latest `#news` line
    recent: tuple[Recent, ...] = ()  # the last RECENT interactions from every source, newest first
    trips: tuple[tuple[TripPlan, str], ...] = ()  # your coming trips that reach them, with their place

    def to_json(self) -> dict[str, Any]:
        p = self.person
        return {
            "name": p.name,
            "path": p.path,
            **dict(p.details),
            "tie": self.tie,
            "met": p.met.isoformat() if p.met else None,
            "met_through": list(p.met_through),
            "current": self.current.to_json() if self.current else None,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "follow_up": self.follow_up.to_json() if self.follow_up else None,
            "notes": p.notes,
            "promises": [promise.to_json() for promise in self.promises],
            "interests": list(self.interests),
            "likes": list(p.likes),
            "gift_ideas": list(p.gift_ideas),
            "family": [m.to_json() for m in self.dates if m.kind == "family"],
            "dates": [m.to_json() for m in self.dates],
            "needs": [{"what": what, "offered_by": list(who)} for what, who in self.needs],
            "offers": [{"what": what, "needed_by": list(who)} for what, who in self.offers],
            "recent": [item.to_json() for item in self.recent],
            "gave": self.gave,
            "got": self.got,
            "intros": [intro.to_json() for intro in self.intros],
            "share": [item.to_json() for item in self.share],
            "paths": [path.to_json() for path in self.paths],
            "trips": [plan.visit_json(place) for plan, place in self.trips],
        }


def brief_of(
    index: Index,
    config: Config,
    person: Person,
    today: date,
    paths: Sequence[TargetPath] | None = None,
    plans: Sequence[TripPlan] | None = None,
) -> Brief:
    """`paths`: the paths to targets, `plans`: your coming trips, when the caller has them (the index
    keeps them), else found."""
    last = index.last_contact(person, today)
    needs = _matched(index, person, person.needs, "offers")
    if paths is None:
        paths = paths_to_targets(index, index.last_contacts(today))
    everything = replace(config, milestone_days=366)  # the next occurrence of each yearly date
    gave, got = gave_and_got(person, today)
    return Brief(
        person=person,
        tie=person.tie or config.default_tie,
        gave=gave,
        got=got,
        interests=tuple(index.spelled.get(term, term) for term in person.interests),
        last_contact=last,
        follow_up=next_follow_up(person, last, config, today),
        dates=tuple(sorted(person_milestones(person, everything, today), key=Milestone.sort_key)),
        needs=needs,
        offers=_matched(index, person, person.offers, "needs"),
        intros=tuple(best_intros_of(index, person.name, today)),
        paths=tuple(p for p in paths if _about(p, person)),
        share=tuple(shares_for(index, person, config, today)),
        promises=tuple(sorted(index.promises.get(person.name, ()), key=Promise.sort_key)),
        linked=frozenset(other for _, offerers in needs for other in offerers if index.linked(person.name, other)),
        current=current_role(person),
        recent=tuple(recent_of(person, index.contacts.get(person.name, ()), today)),
        trips=tuple(_trips_to(person, trip_plans(index, config, today) if plans is None else plans, config)),
    )


def _trips_to(person: Person, plans: Sequence[TripPlan], config: Config) -> list[tuple[TripPlan, str]]:
    """Your coming trips that reach where they live (SPEC §4.14), with their place."""
    places = [(place, normalise(place, config.synonyms)) for place in lives_in(person)]
    return visits(places, plans_by_place(plans)) if plans and places else []


@dataclass(frozen=True)
class Recent:
    """An interaction, and where it was recorded (SPEC §6 `brief`): a line of their log (imported
    lines too), a daily note that links them, a meeting note whose contact properties name them, a
    done task."""

    date: date
    text: str  # a log line as written, links and tags included; a meeting's title; the line or task
    source: str  # `log`, `daily`, `meeting` or `task`
    note: str  # the path of the note it is recorded in
    line: int = 0  # a log line's, for their order within a day

    @property
    def note_name(self) -> str:
        return self.note.rpartition("/")[2].removesuffix(".md")

    def sort_key(self) -> tuple[int, int, str, int, str]:
        """Newest first; on one day their own log first (its last line first), then by note."""
        return (-self.date.toordinal(), self.source != "log", self.note, -self.line, self.text)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "text": self.text, "source": self.source, "note": self.note}


PRIORITY = {"meeting": 0, "task": 1, "daily": 2}  # one note and day, several ways: the most telling


def recent_of(person: Person, contacts: Iterable[Contact], today: date, most: int = RECENT) -> list[Recent]:
    """The last `most` interactions up to today from every source, newest first: their log's lines
    (not `#news`: news, not contact) and the contact other notes record, one per note and day."""
    found = [
        Recent(i.date, i.text, "log", person.path, i.line)
        for i in person.interactions
        if not i.news and i.date <= today
    ]
    by_note: dict[tuple[str, date], Contact] = {}
    for contact in contacts:
        if contact.date <= today:
            key = (contact.note, contact.date)
            kept = by_note.get(key)
            if kept is None or (PRIORITY[contact.source], contact.text) < (PRIORITY[kept.source], kept.text):
                by_note[key] = contact
    found += [Recent(c.date, c.text, c.source, c.note) for c in by_note.values()]
    return heapq.nsmallest(most, found, key=Recent.sort_key)


def _matched(
    index: Index, person: Person, terms: tuple[str, ...], field: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """For each term (as the notes write it), the others whose `field` holds it, by name (found
    first, then sorted: a few of 50,000)."""
    found = []
    for term in terms:
        holders = [p.name for p in index.people.values() if p is not person and term in getattr(p, field)]
        found.append((index.spelled.get(term, term), tuple(sorted(holders, key=name_key))))
    return tuple(found)


def best_intros_of(index: Index, name: str, today: date, most: int = INTROS) -> list[Intro]:
    """The best introductions involving one person, ranked as on the dashboard (one pass over the
    others: a single person's pairs, never all pairs). Each other is first given what their pair's
    rank starts with, from two set intersections (`_rank_bound`); pairs are then made in that order,
    and no longer once the next cannot rank among the best found: most never need making."""
    candidates = Candidates(index, index.unmet_targets(today))
    if name not in candidates.people:
        return []
    person = candidates.people[name]
    terms = (set(person.interests), set(person.needs), set(person.offers))
    bounds = sorted(
        (bound, other)
        for other, them in candidates.people.items()
        if other != name and (bound := _rank_bound(candidates, terms, them)) is not None
    )
    best: list[Intro] = []
    for bound, other in bounds:
        if len(best) >= most and bound > _worst_of(best, most):
            break
        if (intro := candidates.pair(name, other)) is not None:
            best = heapq.nsmallest(most, [*best, intro], key=Intro.rank)
    return [intro.spelled(index.spelled) for intro in best]


def _rank_bound(
    candidates: Candidates, terms: tuple[set[str], set[str], set[str]], them: Person
) -> tuple[bool, float] | None:
    """What the rank of a pair with `them` starts with (no match, minus the score), by the one
    formula pairs are scored with (Candidates.score); None when they share nothing (no pair).
    `terms`: the person's interests, needs and offers."""
    interests, needs, offers = terms
    shared = interests.intersection(them.interests)
    matches = len(needs.intersection(them.offers)) + len(offers.intersection(them.needs))
    if not shared and not matches:
        return None
    return (not matches, -candidates.score(shared, matches))  # the pair's own formula: the bound is its rank


def _worst_of(best: list[Intro], most: int) -> tuple[bool, float]:
    """What the rank of the last of the best starts with, as a bound does."""
    worst = best[most - 1].rank()
    return (worst[0], worst[1])


def _about(path: TargetPath, person: Person) -> bool:
    """A path a brief shows: to them when they are a target, else through them to someone else."""
    return path.target == person.name if person.target else person.name in path.path and path.target != person.name
