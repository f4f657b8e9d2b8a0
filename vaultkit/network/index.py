"""All notes → people, link targets and contact dates. No I/O: the watcher swaps single notes in."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from vaultkit.network.duplicates import Known, duplicate_warnings
from vaultkit.network.promises import Contact, Promise, contacts_in, promises_in
from vaultkit.read.model import Clipping, Note, Person, Problem, Trip, code, works_at
from vaultkit.read.names import bare, first_name, fold, name_key
from vaultkit.read.terms import normalise
from vaultkit.sections import Fact

if TYPE_CHECKING:
    from vaultkit.read.config import Config


def network_facts(person: Person | None) -> dict[Fact, tuple[object, ...]]:
    """What the network's sections read of a person's note, by kind (vaultkit/sections.py): names,
    terms, links, company and identities (what duplicates compare); not dates (nothing for a note that
    is no person)."""
    if person is None:
        return {}
    intro_links = tuple(link for i in person.interactions if i.intro for link in i.links)
    asks = tuple((i.date, i.links) for i in person.interactions if i.ask)  # their dates are shown
    return {
        Fact.NAMES: (person.name, person.aliases),
        Fact.TERMS: (person.interests, person.offers, person.needs, person.no_intros, person.spelled),
        Fact.LINKS: (person.knows, person.met_through, person.introduced, intro_links, asks),
        Fact.COMPANIES: works_at(person),  # colleagues are edges of the network
        Fact.IDENTITIES: tuple((key, text) for key, text in person.details if key in IDENTITY_DETAILS),
        Fact.MET: (tuple(met_links(person)), tuple(calendar_events(person))),
    }


def network_signature(note: Note | None) -> tuple[object, ...] | None:
    """What suggested introductions read from a note, as one value (None for a note of nobody): a
    person's facts of the network, a meeting note's people."""
    facts = network_facts(note.person if note is not None else None)
    if facts:
        return tuple(facts.values())
    return (note.attendees,) if note is not None and len(note.attendees) > 1 and note.daily_date else None


MEETING_MAX = 12  # a meeting or an event naming more people says nothing of who met whom (a conference)
CALENDAR = "(calendar)"  # how `import ics` ends the line it writes in each of an event's people's logs


def met_links(person: Person) -> Iterator[str]:
    """Whom a person's log lines link (a dinner with them, `log --with`): people they have met
    (SPEC §4.4); not `#news` (about them), nor `#intro` / `#intro-ask` lines, links of their own."""
    for interaction in person.interactions:
        if interaction.links and not (interaction.news or interaction.intro or interaction.ask):
            yield from interaction.links


def calendar_events(person: Person) -> Iterator[tuple[date, str]]:
    """The calendar events in a person's log (`- DATE TITLE (calendar)`), by date and title: one
    event in the logs of several is a meeting of them."""
    for interaction in person.interactions:
        if interaction.text.endswith(CALENDAR) and not interaction.news:
            yield interaction.date, interaction.text


class NoteStore:
    """The parsed notes of a vault by path; one changed file is parsed again and swapped in.

    `network_version` changes only when a note changes what introductions depend on, so a rebuild
    after a log line or a date edit can reuse them."""

    def __init__(self, notes: Iterable[Note] = ()) -> None:
        self.notes: dict[str, Note] = {note.path: note for note in notes}
        self.network_version = 0

    def put(self, note: Note) -> None:
        if network_signature(self.notes.get(note.path)) != network_signature(note):
            self.network_version += 1
        self.notes[note.path] = note

    def remove(self, path: str) -> None:
        if network_signature(self.notes.pop(path, None)) is not None:
            self.network_version += 1

    def __len__(self) -> int:
        return len(self.notes)


@dataclass
class Companies:
    """Colleagues: each person's companies and their people, for the companies that two to
    `colleague_max` people share; a larger one links nobody (SPEC §4.6). A person may have several
    (kepano's `org` list). A company's name as first written and its people in name order are worked
    out when a path first reaches it."""

    of: dict[str, tuple[str, ...]] = field(default_factory=dict)  # person → their companies (normalised)
    groups: dict[str, list[Person]] = field(default_factory=dict)
    _members: dict[str, list[str]] = field(default_factory=dict)

    def members(self, company: str) -> list[str]:
        if company not in self._members:
            self._members[company] = sorted((p.name for p in self.groups[company]), key=name_key)
        return self._members[company]

    def shown(self, company: str) -> str:
        """The company as the first note (by path) writes it."""
        first = min(self.groups[company], key=lambda p: p.path)
        return next(written for written in works_at(first) if normalise(written) == company)

    def shared(self, one: str, other: str) -> str | None:
        """The company two colleagues share (the first by its normalised name), or None."""
        theirs = self.of.get(other, ())
        return next((company for company in self.of.get(one, ()) if company in theirs), None)


def companies_of(people: Iterable[Person], most: int) -> Companies:
    groups: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        for company in works_at(person):
            if term := normalise(company):
                group = groups[term]
                if not group or group[-1] is not person:  # one company written twice: once
                    group.append(person)
    found = Companies()
    found.groups = {term: group for term, group in groups.items() if 2 <= len(group) <= most}
    of: dict[str, list[str]] = defaultdict(list)
    for term in sorted(found.groups):
        for person in found.groups[term]:
            of[person.name].append(term)
    found.of = {name: tuple(terms) for name, terms in of.items()}
    return found


@dataclass
class Links:
    """`knows` edges (both directions), introduced pairs, pairs asked about an introduction (with the
    first ask's date), pairs who have met, and warnings for links to nobody."""

    knows: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    introduced: set[frozenset[str]] = field(default_factory=set)
    asked: dict[frozenset[str], date] = field(default_factory=dict)
    met: set[frozenset[str]] = field(default_factory=set)  # pairs who have met (SPEC §4.4), colleagues aside
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Population:
    """How many people the vault has, and how many hold each of some terms: what rarity weighs
    (intros.Candidates, clippings.Readers), for an index that holds only the people who share a term
    with someone (the store answers these by its `terms` table)."""

    people: int
    interests: dict[str, int]  # people with each interest
    interests_or_needs: dict[str, int]  # people with each as an interest or a need (once each)


@dataclass
class Index:
    """People by name, every name and alias they are linked by, who was mentioned when, and the
    links between people (resolved once here for every insight that needs them)."""

    people: dict[str, Person]
    lookup: dict[str, str]
    mentions: dict[str, list[date]]
    problems: list[Problem] = field(default_factory=list)
    links: Links = field(default_factory=Links)
    # normalised term → how the first note (by path) that writes it otherwise writes it
    spelled: dict[str, str] = field(default_factory=dict)
    companies: Companies = field(default_factory=Companies)
    clippings: list[Clipping] = field(default_factory=list)  # by path
    # links from dated notes to no person (target, day), and every note's name folded: People you mention
    unresolved: list[tuple[str, date]] = field(default_factory=list)
    note_names: set[str] = field(default_factory=set)
    promises: dict[str, list[Promise]] = field(default_factory=dict)  # person → open tasks to them, by note
    # person → the contact other notes record with them, and where (the brief's Recent)
    contacts: dict[str, list[Contact]] = field(default_factory=lambda: defaultdict(list))
    # For an index that holds only some of the people (brief, from the store): the whole vault's counts
    population: Population | None = None
    trips: list[tuple[str, Trip]] = field(default_factory=list)  # (path, trip), by path (SPEC §1)
    inside: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a place note's name → the places it is in

    @property
    def knows(self) -> dict[str, set[str]]:
        return self.links.knows

    @property
    def introduced(self) -> set[frozenset[str]]:
        return self.links.introduced

    def resolve(self, target: str) -> str | None:
        """The person a link target names, by file name or alias, case-insensitively."""
        return self.lookup.get(fold(target))

    def matching(self, query: str) -> list[str]:
        """The person whose file name is `query`, case-insensitively: a name always wins over another
        person's alias (SPEC §8); else every person one of whose aliases it is."""
        key = fold(query.strip())
        named = self.lookup.get(key)
        if named is not None and fold(named) == key:
            return [named]
        return sorted((p.name for p in self.people.values() if key in map(fold, p.aliases)), key=name_key)

    def find(self, query: str, prefix: bool = True) -> list[str]:
        """The people a command's NAME means (SPEC §8): by name or alias (`matching`); else the one
        person whose name is it without accents (`jose nunez`), else the one whose first name, or
        (with `prefix`: not for a write) the start of whose name, it is (`Jose`, `kenji`). More than
        one: all of them, for the error."""
        found = self.matching(query)
        key = bare(query)
        if found or not key:
            return found
        tests: list[Callable[[str], bool]] = [
            lambda name: name == key,
            lambda name: first_name(name) == key,
        ]
        if prefix:
            tests.append(lambda name: name.startswith(key))
        for test in tests:
            candidates = sorted((name for name in self.people if test(bare(name))), key=name_key)
            if candidates:
                return candidates
        return []

    def twins(self, name: str) -> list[Person]:
        """The people whose name or an alias is `name` compared without accents and case (`new`
        refuses to make a near duplicate of them)."""
        key = bare(name)
        return [p for p in self.sorted_people() if key in {bare(p.name), *map(bare, p.aliases)}]

    def sorted_people(self) -> list[Person]:
        return [self.people[name] for name in sorted(self.people, key=name_key)]

    def last_contact(self, person: Person, today: date) -> date | None:
        return last_contact(person, self.mentions.get(person.name, ()), today)

    def last_contacts(self, today: date) -> dict[str, date | None]:
        """Everyone's last contact as of today, computed once for all the insights."""
        return {name: self.last_contact(person, today) for name, person in self.people.items()}

    def unmet_targets(self, today: date) -> frozenset[str]:
        """Targets you were never in touch with: you cannot introduce someone you do not know."""
        return frozenset(p.name for p in self.people.values() if p.target and self.last_contact(p, today) is None)

    def linked(self, one: str, other: str) -> bool:
        """Already connected: `knows` either way, `introduced`, or an `#intro` log line; or asked about
        an introduction (`#intro-ask`), which waits in Introductions in flight; or they have met
        (SPEC §4.4): colleagues, named together in a meeting note or a calendar event, or one's log
        line links the other."""
        if other in self.knows.get(one, ()):
            return True
        pair = frozenset((one, other))
        links = self.links
        return pair in links.introduced or pair in links.asked or pair in links.met or self.colleagues(one, other)

    def colleagues(self, one: str, other: str) -> bool:
        return self.companies.shared(one, other) is not None


def last_contact(person: Person, mentions: Sequence[date], today: date) -> date | None:
    """The latest of `last_contact`, log dates and daily-note mentions, never after today."""
    if not person.interactions and not mentions:  # most people in a large vault
        return person.last_contact if person.last_contact is not None and person.last_contact <= today else None
    dates = [interaction.date for interaction in person.interactions if not interaction.news]
    dates.extend(mentions)
    if person.last_contact is not None:
        dates.append(person.last_contact)
    past = [day for day in dates if day <= today]
    return max(past) if past else None


def _people(notes: list[Note], problems: list[Problem]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    by_key: dict[str, Person] = {}
    for note in notes:
        person = note.person
        if person is None:
            continue
        twin = by_key.get(fold(person.name))
        if twin is not None:
            message = f"another person note is also named {code(person.name)} ({code(twin.path)}); rename one of them"
            problems.append(Problem(person.path, None, message))
            continue
        by_key[fold(person.name)] = person
        people[person.name] = person
    return people


def _lookup(people: dict[str, Person]) -> dict[str, str]:
    """Names first, then aliases in name order, so a name always wins over another's alias."""
    lookup = {fold(name): name for name in people}
    for name in sorted((name for name, person in people.items() if person.aliases), key=name_key):
        for alias in people[name].aliases:
            lookup.setdefault(fold(alias), name)
    return lookup


def person_link_warnings(person: Person, resolve: Callable[[str], str | None]) -> list[Problem]:
    """A warning for each `knows`, `met_through` or `introduced` link to nobody in the vault."""
    warnings = []
    for key, targets in (
        ("knows", person.knows),
        ("met_through", person.met_through),
        ("introduced", person.introduced),
    ):
        for target in targets:
            if resolve(target) is None:
                message = f"{code(key)} links to {code(target)}, who has no note in the vault; check the spelling"
                warnings.append(Problem(person.path, dict(person.link_lines).get(key), message, "warning"))
    return warnings


def alias_warnings(
    person: Person, resolve: Callable[[str], str | None], path_of: Callable[[str], str | None]
) -> list[Problem]:
    """A warning for each alias that is another person's name: the name wins (SPEC §8), so the alias
    reaches nobody; the warning names both notes so that it can be repaired by hand."""
    warnings = []
    for alias in person.aliases:
        other = resolve(alias)
        if other is not None and other != person.name and fold(other) == fold(alias):
            message = (
                f"alias {code(alias)} is the name of another person ({code(path_of(other) or other)}); the name"
                " wins, so links and imports reach that note, not this one: rename or remove the alias"
            )
            warnings.append(Problem(person.path, dict(person.link_lines).get("aliases"), message, "warning"))
    return warnings


def link_people(index: Index, notes: Iterable[Note] = ()) -> Links:
    """Resolve `knows`, `introduced` and `#intro` links into edges, and who has met whom (their log
    lines, calendar events and the meeting `notes`); a link to nobody is a warning."""
    links = Links()
    knows, introduced = links.knows, links.introduced
    lookup = index.lookup  # resolve(), without a call per link: a large vault has a hundred thousand
    events: dict[tuple[date, str], list[str]] = defaultdict(list)  # a calendar event → its people
    for person in index.people.values():
        name = person.name
        to_nobody = False
        for target in (*person.knows, *person.met_through):
            other = lookup.get(fold(target))
            if other is None:
                to_nobody = True
            elif other != name:
                knows[name].add(other)
                knows[other].add(name)
        for target in person.introduced:
            other = lookup.get(fold(target))
            if other is None:
                to_nobody = True
            elif other != name:
                introduced.add(frozenset((name, other)))
        if person.interactions:  # most people of a large vault have none
            for target in (t for i in person.interactions if i.intro for t in i.links):
                other = lookup.get(fold(target))
                if other is not None and other != name:
                    introduced.add(frozenset((name, other)))
            _asks(person, lookup, links.asked)
            _met(person, lookup, links.met, events)
        if to_nobody:  # rare: say which, with their lines
            links.warnings.extend(person_link_warnings(person, index.resolve))
        if person.aliases:
            links.warnings.extend(alias_warnings(person, index.resolve, lambda other: index.people[other].path))
    groups = [names for names in events.values() if len(names) > 1]
    for note in notes:
        if note.daily_date is not None and len(note.attendees) > 1:
            groups.append([found for target in note.attendees if (found := lookup.get(fold(target))) is not None])
    for group in groups:
        links.met.update(pairs_of(group))
    return links


def pairs_of(group: Iterable[str]) -> Iterator[frozenset[str]]:
    """The pairs of the people named together in one meeting or event: N people make N·(N-1)/2 pairs,
    so one of more than MEETING_MAX people (a conference, an all-hands) makes none."""
    names = sorted(set(group))
    if len(names) <= MEETING_MAX:
        yield from (frozenset(pair) for pair in itertools.combinations(names, 2))


def _met(
    person: Person, lookup: dict[str, str], met: set[frozenset[str]], events: dict[tuple[date, str], list[str]]
) -> None:
    """Whom a person has met by their own log: those its lines link, and the calendar events in it."""
    name = person.name
    for target in met_links(person):
        other = lookup.get(fold(target))
        if other is not None and other != name:
            met.add(frozenset((name, other)))
    for event in calendar_events(person):
        events[event].append(name)


def _contacts_and_promises(index: Index, notes: list[Note], config: Config) -> None:
    """Contact dates from dated notes and done tasks, links from dated notes to no person (People you
    mention), and the promises of open tasks."""
    promises: dict[str, list[Promise]] = defaultdict(list)
    for note in notes:
        if note.daily_date is None and not note.tasks:
            continue  # most notes of a large vault
        for contact in contacts_in(note, index.resolve, config):
            index.mentions[contact.name].append(contact.date)
            index.contacts[contact.name].append(contact)
        if note.daily_date is not None and config.daily_notes_count:
            day = note.daily_date
            index.unresolved.extend((target, day) for target in note.mentions if index.resolve(target) is None)
        if note.tasks:
            for promise in promises_in(note, index.resolve):
                promises[promise.name].append(promise)
    index.promises = dict(promises)


def _asks(person: Person, lookup: dict[str, str], asked: dict[frozenset[str], date]) -> None:
    """The pairs a person's `#intro-ask` lines name, with the first ask's date."""
    for interaction in person.interactions:
        if not interaction.ask:
            continue
        for target in interaction.links:
            other = lookup.get(fold(target))
            if other is not None and other != person.name:
                pair = frozenset((person.name, other))
                asked[pair] = min(asked.get(pair, interaction.date), interaction.date)


def identities_of(people: Iterable[Person]) -> list[Known]:
    """The people who hold an e-mail, phone or URL, with them (duplicate_warnings' input)."""
    return [
        Known.of_details(person.name, person.path, dict(person.details))
        for person in people
        if any(key in IDENTITY_DETAILS for key, _ in person.details)
    ]


IDENTITY_DETAILS = ("email", "phone", "url")


def build_index(store: NoteStore, config: Config, links: Links | None = None) -> Index:
    """Derive the index from every parsed note; linear in the number of notes.

    `links` from an earlier index of the same `store.network_version` are still right and reused."""
    notes = [store.notes[path] for path in sorted(store.notes)]
    problems = [problem for note in notes for problem in note.problems]
    people = _people(notes, problems)
    index = Index(people, _lookup(people), defaultdict(list), problems)
    for note in notes:
        if note.person is not None:
            for norm, written in note.person.spelled:
                index.spelled.setdefault(norm, written)
    index.companies = companies_of(people.values(), config.colleague_max)
    index.clippings = [note.clipping for note in notes if note.clipping is not None]
    index.trips = [(note.path, note.trip) for note in notes if note.trip is not None]
    index.inside = {note.path.rpartition("/")[2][:-3]: note.inside for note in notes if note.inside}
    _contacts_and_promises(index, notes, config)
    if index.unresolved:  # only then are the names of the notes that are not people needed
        index.note_names = {fold(path.rpartition("/")[2][:-3]) for path in store.notes}
    index.links = links if links is not None else link_people(index, notes)
    index.problems.extend(index.links.warnings)
    index.problems.extend(duplicate_warnings(identities_of(people.values())))
    index.problems.sort(key=Problem.sort_key)
    return index
