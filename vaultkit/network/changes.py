"""What a changed note changes: the kinds of fact (vaultkit/sections.py) whose values differ between
the note as the index kept it and the note as it is now, and the people whose own sections it
touches. The sections that read one of those kinds are the ones the change leaves stale: no rule
decides by hand that a change "touches only its own".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from vaultkit.network.index import network_facts
from vaultkit.network.promises import Resolve, contacts_in, promises_in
from vaultkit.sections import Fact

if TYPE_CHECKING:
    from vaultkit.network.promises import Contact, Promise
    from vaultkit.read.config import Config
    from vaultkit.read.model import Note, Person


@dataclass
class Change:
    """The kinds of fact some notes changed, and the people whose own facts they change."""

    facts: set[Fact] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    contacts: dict[str, list[Contact]] = field(default_factory=dict)  # note → its contact, as now
    promises: dict[str, list[Promise]] = field(default_factory=dict)  # note → its open promises, as now


def note_change(old: Note, new: Note, resolve: Resolve, config: Config, share_terms: Collection[str]) -> Change:
    """How one note's change shows in its facts. `resolve` names the person a link means, as the index
    resolved it before the change; `share_terms` are the terms of the clippings worth sharing now."""
    change = Change()
    before, after = network_facts(old.person), network_facts(new.person)
    change.facts |= {kind for kind in before.keys() | after.keys() if before.get(kind) != after.get(kind)}
    if _target(old.person) != _target(new.person):
        change.facts.add(Fact.TARGETS)
    if _meeting(old, resolve) != _meeting(new, resolve):
        change.facts.add(Fact.MET)  # who has met whom: a meeting note's people (SPEC §4.4)
    if old.clipping != new.clipping:
        change.facts.add(Fact.CLIPPINGS)
    if (old.trip, old.inside) != (new.trip, new.inside):
        change.facts.add(Fact.TRIPS)
    if old.problems != new.problems:
        change.facts.add(Fact.PROBLEMS)
    if new.person is not None and old.person != new.person:
        change.facts.add(Fact.OWN)
        change.people.add(new.person.name)
        if _reads_clippings(new.person, share_terms) and _log(old.person) != _log(new.person):
            change.facts.add(Fact.READER_LOG)
    if config.daily_notes_count and _unresolved(old, resolve) != _unresolved(new, resolve):
        change.facts.add(Fact.UNRESOLVED)
    contacted, contacts = contacts_in(old, resolve, config), contacts_in(new, resolve, config)
    if contacted != contacts:
        change.facts.add(Fact.CONTACT)
        change.people.update(contact.name for contact in contacted + contacts)
        change.contacts[new.path] = list(contacts)
    promised, promises = promises_in(old, resolve), promises_in(new, resolve)
    if promised != promises:
        change.facts.add(Fact.PROMISES)
        change.people.update(promise.name for promise in promised + promises)
        change.promises[new.path] = promises
    return change


def merged(changes: Collection[Change]) -> Change:
    whole = Change()
    for change in changes:
        whole.facts |= change.facts
        whole.people |= change.people
        whole.contacts |= change.contacts
        whole.promises |= change.promises
    return whole


def _target(person: Person | None) -> bool | None:
    return person.target if person is not None else None


def _log(person: Person | None) -> tuple[tuple[object, ...], ...]:
    """What Worth sharing reads of a log: each entry's date, text and links (not where it stands)."""
    return tuple((i.date, i.text, i.links) for i in person.interactions) if person is not None else ()


def _reads_clippings(person: Person, share_terms: Collection[str]) -> bool:
    """Whether a recent clipping may resonate with them: its terms meet their interests or needs."""
    return any(term in share_terms for term in (*person.interests, *person.needs))


def _unresolved(note: Note, resolve: Resolve) -> tuple[date | None, list[str]]:
    """A dated note's links to no person, with its date (People you mention, SPEC §4.13)."""
    return note.daily_date, [target for target in note.mentions if resolve(target) is None]


def _meeting(note: Note, resolve: Resolve) -> frozenset[str]:
    """The people a dated note's contact properties name together, when several: they have met."""
    if note.daily_date is None or len(note.attendees) < 2:
        return frozenset()
    return frozenset(name for target in note.attendees if (name := resolve(target)) is not None)
