"""The reading commands' driver (SPEC §7): every command answers from the index, one way.

When the store holds today's answers for the vault as it is (the listing's sizes and times are the
store's), a command reads them and no note; this path imports only the store and the scan. When a few
notes changed, a warm update brings the store up to date first (store/warm.py). On a new day, or after
many changes, every note is read (from the store's records where a file is unchanged), the sections
computed, and the store written anew: a command that shows a section has it in hand and leaves the
writing to a forked process (save.py); one that asks the index a question (whom a name means, a
brief, `who`, …) has the store written first, and asks it. Without the index (`--no-cache`) the
store is one in memory, written the same way. The dashboard is left as it is, for the next build to
render. Either way the answers come from the same facts, so a command prints the same bytes as with
`--no-cache`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.dashboard.file import DASHBOARD_TEMPLATE, check_dashboard, has_override
from vaultkit.files.sync import synced
from vaultkit.read.config import Config, load_config
from vaultkit.read.model import Problem
from vaultkit.read.names import fold
from vaultkit.read.scan import ScanReport, items_of
from vaultkit.sections import BY_NAME, Kept
from vaultkit.store import current
from vaultkit.store.database import WARM_MAX, Store

if TYPE_CHECKING:
    from vaultkit.insights.people import PersonLine
    from vaultkit.insights.sections import Insights
    from vaultkit.network.duplicates import Duplicate
    from vaultkit.network.index import Index
    from vaultkit.read.model import Clipping, Note, Person
    from vaultkit.store.save import FullBuild

Warn = Callable[[str], None]


@dataclass
class Unsaved:
    """What a build from every note found, not yet in a store: `db`, the vault's (None without the
    index), is written when a question asks the store, else in a forked process once the command is
    done."""

    found: FullBuild
    db: Store | None

    def written(self) -> Store:
        from vaultkit.store.save import written

        return written(self.found, self.db)

    def in_background(self) -> None:
        if self.db is None:
            return
        from vaultkit.store.save import save_in_background

        self.db.close()  # no connection may cross the writer's fork
        save_in_background(self.found)


@dataclass
class Answers:
    """What the reading commands ask, answered from the store (`db`); after a build from every note,
    the sections as it computed them (`insights`), and the store once a question asks it (`unsaved`)."""

    root: Path
    config: Config
    today: date
    notes: int = 0  # how many the listing found
    report: ScanReport = field(default_factory=ScanReport)
    db: Store | None = None
    insights: Insights | None = None
    unsaved: Unsaved | None = None

    def store(self) -> Store:
        """The store that answers: written now when the build from every note has not written it."""
        if self.db is None:
            assert self.unsaved is not None
            self.db, self.unsaved = self.unsaved.written(), None
        return self.db

    def section(self, name: str) -> list[Any]:
        """A bounded section whole: `today`, `due`, `milestones`, `news`, `promises`, `revive`,
        `balance`, `problems`."""
        if self.insights is not None:
            return list(self.insights.items(name))
        db = self.store()
        if name == "problems":  # the index's, and the listing's (a folder that cannot be read, …)
            return sorted([*db.every(name), *self.report.problems], key=Problem.sort_key)
        return db.every(name)

    def result(self, name: str) -> list[Any]:
        """A section found from the whole network: `intros`, `paths`, `share`, `untracked`, `inflight`."""
        if self.insights is not None:
            return list(self.insights.items(name))
        return list(self.store().result(name) or [])

    def whole(self, name: str) -> list[Any]:
        """A section whole, as its command lists it: kept item by item or found from the network (as
        vaultkit/sections.py declares it), a section listed in groups by group."""
        section = BY_NAME[name]
        items = self.result(name) if section.kept is Kept.NETWORK else self.section(name)
        if section.per_group:
            from vaultkit.insights.trips import grouped

            return list(grouped(items))
        return items

    def people(self, names: Sequence[str] = ()) -> Index:
        """Whom a command can name (SPEC §8: by name, alias, without accents, first name, start of
        name): every person's name, path and aliases. From the store, no note is read; when each of
        `names` is a person's name (the usual case), only those people are read."""
        from vaultkit.network.index import Index

        db = self.store()
        exact = [db.person_named(name) for name in names]
        if names and all(person is not None for person in exact):
            people = {person.name: person for person in exact if person is not None}
            return Index(people, {fold(name): name for name in people}, {})
        everyone, lookup = db.directory()
        return Index({person.name: person for person in everyone}, lookup, {})

    def network(self, person: Person) -> Index:
        """What `brief` ranks someone's introductions, matches and clippings among (SPEC §6): the
        terms, ties and last contact of those who share a term with them (no one else can be paired
        with them) and the vault's counts of their terms (what rarity weighs), the person's own links
        and colleagues,
        the clippings and how the notes write their terms; with `person` whole, their contact and
        their promises."""
        from vaultkit.network.index import Index, Links

        db = self.store()
        people = {p.name: p for p in db.sharing(person)}
        people[person.name] = person
        knows, introduced, asked, met = db.links(person.name)  # only theirs: brief ranks pairs with them
        index = Index(people, {}, {person.name: db.mentions(person.name)})
        index.links = Links(knows, introduced, asked, met)
        index.companies = db.colleagues(person, self.config.colleague_max)
        index.spelled = db.result("spelled") or {}
        index.clippings = db.result("clippings") or []
        index.promises = {person.name: db.promises(person.name)}
        index.contacts = {person.name: db.contacts(person.name)}
        index.population = db.population([*person.interests, *person.needs])
        return index

    def clipping(self, query: str) -> Clipping:
        """The note `vaultkit share NOTE` is asked about, read as a clipping (KeyError when none): from
        the store, the note at that path and those of that name are the only ones looked at."""
        from vaultkit.insights.clippings import asked_note, note_as_clipping

        db = self.store()
        rel, key = asked_note(query)
        candidates = {note.path: note for note in db.notes_folded_as(key)}
        if (exact := db.note(rel)) is not None:
            candidates[rel] = exact
        return note_as_clipping(candidates, self.root, self.config, query)

    def readers(self, clipping: Clipping) -> Index:
        """Whom a clipping may resonate with (SPEC §4.5): from the store, those with one of its terms as
        an interest or a need, whole (their logs tell what was sent), and the vault's counts of its
        terms (what rarity weighs)."""
        from vaultkit.network.index import Index

        db = self.store()
        index = Index({person.name: person for person in db.holding(clipping.terms)}, {}, {})
        index.spelled = db.result("spelled") or {}
        index.population = db.population(clipping.terms)
        return index

    def everyone(self) -> Index:
        """What a search of introductions among everyone looks at (`intros --limit` above what the
        index keeps): every person's terms, ties, companies and last contact, every link, how notes
        write terms."""
        from vaultkit.network.index import Index, Links, companies_of

        db = self.store()
        index = Index({person.name: person for person in db.profiles(companies=True)}, {}, {})
        index.links = Links(*db.links())
        index.companies = companies_of(index.people.values(), self.config.colleague_max)
        index.spelled = db.result("spelled") or {}
        return index

    def pair(self, one: Person, other: Person) -> Index:
        """What `vaultkit intro` looks at for two people: both whole, their links, whom their log lines
        link (to date an introduction), how the notes write terms and the vault's counts of their
        interests (what rarity weighs)."""
        from vaultkit.network.index import Index, Links

        db = self.store()
        people = {person.name: self.person(person) for person in (one, other)}
        links = {fold(link) for person in people.values() for i in person.interactions for link in i.links}
        lookup = {key: name for key in sorted(links) if (name := db.resolve(key)) is not None}
        index = Index(people, lookup, {})
        index.links = Links(*db.links(one.name))  # every pair with `one`: theirs among them
        index.spelled = db.result("spelled") or {}
        index.population = db.population([term for person in people.values() for term in person.interests])
        return index

    def person(self, found: Person) -> Person:
        """A person as their note says, whole (from the index's record, when `found` came from it)."""
        db = self.store()
        note = db.note(found.path)
        return note.person if note is not None and note.person is not None else found

    def paths(self) -> list[Any] | None:
        return self.result("paths")

    def trip_plans(self) -> list[Any]:
        """Your coming trips and the places each reaches, as the index keeps them."""
        return list(self.store().result("trip_plans") or [])

    def profiles(self, holding: Sequence[str] = ()) -> Index:
        """People with their terms, company, role and location: what `who` looks at. From the store,
        only those with a term or text `holding` one of these (when given, and SQLite can tell)."""
        from vaultkit.network.index import Index

        db = self.store()
        picked = db.profiles_holding(holding) if holding else None
        people = picked if picked is not None else db.profiles()
        return Index({person.name: person for person in people}, {}, {})

    def people_list(self) -> list[PersonLine]:
        """Every person by name (SPEC §6 `people`): from the store's people table, no note read."""
        return self.store().people_lines(self.config)

    def duplicates(self) -> list[Duplicate]:
        """Pairs of notes that are probably one person (SPEC §6 `duplicates`), certain first, then by
        name: everyone's names and identities grouped by key, from the people table."""
        from vaultkit.network.duplicates import duplicates

        return duplicates(self.store().sharing_a_key())  # only those who share a key can be paired

    def notes_named(self, query: str) -> list[Note]:
        """The notes a name may mean that hold no person (a note that cannot be read): what a lookup
        that finds no one names instead."""
        return [note for note in self.store().notes_named(query) if note.person is None]

    def template_problems(self) -> list[Problem]:
        """A failing dashboard template of the vault's own, as a build would report it."""
        if not has_override(self.root, DASHBOARD_TEMPLATE):
            return []  # the packaged one never fails
        from vaultkit.store.warm import stored_insights
        from vaultkit.vault import Vault

        vault = Vault(self.root, self.config)
        vault.scan_report = self.report
        insights = self.insights or stored_insights(vault, self.store(), self.today)
        return vault.template_problems(insights)

    def close(self) -> None:
        """The store closed; what a build from every note found and no question asked for is written
        in a forked process."""
        if self.unsaved is not None:
            self.unsaved.in_background()
        if self.db is not None:
            self.db.close()


def answers(root: Path, today: date, cache: bool, warn: Warn | None = None, compute: bool = True) -> Answers:
    """Today's answers: from the store when it is current or a warm update makes it so; else from
    every note, the store then written anew. Without `compute` (a command that only looks people up:
    `log`, `new`, `merge`), the store answers while it finds the same people, whatever its sections
    and its day."""
    config = load_config(root)
    db = Store.open_or_none(root, config, warn) if cache else None
    if db is not None:
        try:
            found = _from_store(root, config, db, today, compute)
        except sqlite3.Error:  # damaged past what opening it shows: written anew below
            found = None
        if found is not None:
            return found
    return _from_every_note(root, config, db, today)


def _from_store(root: Path, config: Config, db: Store, today: date, compute: bool = True) -> Answers | None:
    """The answers from the store when it is current, or made so by a warm update; without `compute`,
    also when the changes leave whom it finds by name as it is, whatever day it was written on (names
    and aliases do not move with the date)."""
    last = current.last_of(db, today)
    if last is None and (compute or db.meta("last") is None):
        return None
    check_dashboard(root, config.dashboard)  # a note at the dashboard's path is refused, as by build
    if synced(root) and (kept := db.last_listing()) is not None:  # `watch` has every change saved before now
        return Answers(root, config, today, kept.notes, ScanReport(list(kept.problems)), db=db)
    found, report = current.listing(root, config)
    changed = db.changed(found)
    if changed == {}:
        return Answers(root, config, today, len(found), report, db=db)
    if changed is None or len(changed) > WARM_MAX:
        return None
    from vaultkit.store.warm import finds_the_same_people, warm_update
    from vaultkit.vault import Vault

    vault = Vault(root, config, db)
    vault.use_listed(found, report)
    notes = items_of(root, changed)
    updated = last is not None and warm_update(vault, db, last, notes, today)
    if not updated and (compute or not finds_the_same_people(vault, db, notes)):
        return None
    return Answers(root, config, today, len(found), report, db=db)


def _from_every_note(root: Path, config: Config, db: Store | None, today: date) -> Answers:
    """Every note read and every section computed; the store (`db`, or one in memory without it) is
    written when a question asks it, else in a forked process at close."""
    from vaultkit.files.write import Snapshot, digest
    from vaultkit.memory import collection_paused
    from vaultkit.result import BuildResult
    from vaultkit.store.save import FullBuild
    from vaultkit.vault import Vault

    vault = Vault(root, config, db)
    notes = len(vault.listed())
    with collection_paused():
        vault.load_all()
        insights = vault.insights(today)
    shown = digest(Snapshot.read(vault.dashboard_path).data) if db is not None else None
    result = BuildResult(config.dashboard, False, len(vault.store), insights.counts(), insights, content=shown)
    found = FullBuild.of(vault, result, today, rendered=False)
    unsaved = Unsaved(found, db)
    return Answers(root, config, today, notes, vault.scan_report, insights=insights, unsaved=unsaved)
