"""The reading commands' driver (SPEC §7): every command that reads answers from the index.

When the store holds today's answers for the vault as it is (the listing's sizes and times are the
store's), a command reads them and no note; this path imports only the store and the scan. When a few
notes changed, a warm update brings the store up to date first (store/warm.py); on a new day, or after
many changes, every note is read (from the store's records where a file is unchanged), the sections
computed, and the store written anew in a forked process. The dashboard is left as it is, for the
next build to render. Either way the items are the same, so a command prints the same bytes as with
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
from vaultkit.store import current
from vaultkit.store.database import WARM_MAX, Store

if TYPE_CHECKING:
    from vaultkit.insights.people import PersonLine
    from vaultkit.insights.sections import Insights
    from vaultkit.network.duplicates import Duplicate
    from vaultkit.network.index import Index
    from vaultkit.read.model import Clipping, Person
    from vaultkit.vault import Vault

Warn = Callable[[str], None]


@dataclass
class Answers:
    """What the reading commands ask: from the store when it is current (`db`), else computed from
    every note (`insights`, with the `vault` they came from)."""

    root: Path
    config: Config
    today: date
    notes: int = 0  # how many the listing found
    report: ScanReport = field(default_factory=ScanReport)
    db: Store | None = None
    insights: Insights | None = None
    vault: Vault | None = None

    def section(self, name: str) -> list[Any]:
        """A bounded section whole: `today`, `due`, `milestones`, `news`, `promises`, `revive`,
        `balance`, `problems`."""
        if self.insights is not None:
            return list(self.insights.items(name))
        assert self.db is not None
        if name == "problems":  # the index's, and the listing's (a folder that cannot be read, …)
            return sorted([*self.db.every(name), *self.report.problems], key=Problem.sort_key)
        return self.db.every(name)

    def result(self, name: str) -> list[Any]:
        """A section found from the whole network: `intros`, `paths`, `share`, `untracked`, `inflight`."""
        if self.insights is not None:
            return list(self.insights.items(name))
        assert self.db is not None
        return list(self.db.result(name) or [])

    def people(self, names: Sequence[str] = ()) -> Index:
        """Whom a command can name (SPEC §8: by name, alias, without accents, first name, start of
        name): every person's name, path and aliases. From the store, no note is read; when each of
        `names` is a person's name (the usual case), only those people are read."""
        if self.vault is not None:
            return self.vault.index()
        from vaultkit.network.index import Index

        assert self.db is not None
        exact = [self.db.person_named(name) for name in names]
        if names and all(person is not None for person in exact):
            people = {person.name: person for person in exact if person is not None}
            return Index(people, {fold(name): name for name in people}, {})
        everyone, lookup = self.db.directory()
        return Index({person.name: person for person in everyone}, lookup, {})

    def network(self, person: Person) -> Index:
        """What `brief` ranks someone's introductions, matches and clippings among (SPEC §6): the
        terms, ties and last contact of those who share a term with them (no one else can be paired
        with them) and the vault's counts of their terms (what rarity weighs), the person's own links
        and colleagues,
        the clippings and how the notes write their terms; with `person` whole, their contact and
        their promises."""
        if self.vault is not None:
            return self.vault.index()
        from vaultkit.network.index import Index, Links

        assert self.db is not None
        people = {p.name: p for p in self.db.sharing(person)}
        people[person.name] = person
        knows, introduced, asked, met = self.db.links(person.name)  # only theirs: brief ranks pairs with them
        index = Index(people, {}, {person.name: self.db.mentions(person.name)})
        index.links = Links(knows, introduced, asked, met)
        index.companies = self.db.colleagues(person, self.config.colleague_max)
        index.spelled = self.db.result("spelled") or {}
        index.clippings = self.db.result("clippings") or []
        index.promises = {person.name: self.db.promises(person.name)}
        index.contacts = {person.name: self.db.contacts(person.name)}
        index.population = self.db.population([*person.interests, *person.needs])
        return index

    def clipping(self, query: str) -> Clipping:
        """The note `vaultkit share NOTE` is asked about, read as a clipping (KeyError when none): from
        the store, the note at that path and those of that name are the only ones looked at."""
        from vaultkit.insights.clippings import asked_note, note_as_clipping

        if self.vault is not None:
            return note_as_clipping(self.vault.store.notes, self.root, self.config, query)
        assert self.db is not None
        rel, key = asked_note(query)
        candidates = {note.path: note for note in self.db.notes_folded_as(key)}
        if (exact := self.db.note(rel)) is not None:
            candidates[rel] = exact
        return note_as_clipping(candidates, self.root, self.config, query)

    def readers(self, clipping: Clipping) -> Index:
        """Whom a clipping may resonate with (SPEC §4.5): from the store, those with one of its terms as
        an interest or a need, whole (their logs tell what was sent), and the vault's counts of its
        terms (what rarity weighs)."""
        if self.vault is not None:
            return self.vault.index()
        from vaultkit.network.index import Index

        assert self.db is not None
        index = Index({person.name: person for person in self.db.holding(clipping.terms)}, {}, {})
        index.spelled = self.db.result("spelled") or {}
        index.population = self.db.population(clipping.terms)
        return index

    def everyone(self) -> Index:
        """What a search of introductions among everyone looks at (`intros --limit` above what the
        index keeps): every person's terms, ties, companies and last contact, every link, how notes
        write terms."""
        if self.vault is not None:
            return self.vault.index()
        from vaultkit.network.index import Index, Links, companies_of

        assert self.db is not None
        index = Index({person.name: person for person in self.db.profiles(companies=True)}, {}, {})
        index.links = Links(*self.db.links())
        index.companies = companies_of(index.people.values(), self.config.colleague_max)
        index.spelled = self.db.result("spelled") or {}
        return index

    def pair(self, one: Person, other: Person) -> Index:
        """What `vaultkit intro` looks at for two people: both whole, their links, whom their log lines
        link (to date an introduction), how the notes write terms and the vault's counts of their
        interests (what rarity weighs)."""
        if self.vault is not None:
            return self.vault.index()
        from vaultkit.network.index import Index, Links

        assert self.db is not None
        people = {person.name: self.person(person) for person in (one, other)}
        links = {fold(link) for person in people.values() for i in person.interactions for link in i.links}
        lookup = {key: name for key in sorted(links) if (name := self.db.resolve(key)) is not None}
        index = Index(people, lookup, {})
        index.links = Links(*self.db.links(one.name))  # every pair with `one`: theirs among them
        index.spelled = self.db.result("spelled") or {}
        index.population = self.db.population([term for person in people.values() for term in person.interests])
        return index

    def person(self, found: Person) -> Person:
        """A person as their note says, whole (from the index's record, when `found` came from it)."""
        if self.vault is not None:
            return found
        assert self.db is not None
        note = self.db.note(found.path)
        return note.person if note is not None and note.person is not None else found

    def paths(self) -> list[Any] | None:
        return self.result("paths")

    def trip_plans(self) -> list[Any] | None:
        """Your coming trips and the places each reaches, as the index keeps them (None: found from
        the vault's notes by whoever asks)."""
        return None if self.db is None else list(self.db.result("trip_plans") or [])

    def profiles(self, holding: Sequence[str] = ()) -> Index:
        """People with their terms, company, role and location: what `who` looks at. From the store,
        only those with a term or text `holding` one of these (when given, and SQLite can tell)."""
        if self.vault is not None:
            return self.vault.index()
        from vaultkit.network.index import Index

        assert self.db is not None
        picked = self.db.profiles_holding(holding) if holding else None
        people = picked if picked is not None else self.db.profiles()
        return Index({person.name: person for person in people}, {}, {})

    def people_list(self) -> list[PersonLine]:
        """Every person by name (SPEC §6 `people`): from the store's people table, no note read."""
        if self.vault is not None:
            from vaultkit.insights.people import people_lines

            index = self.vault.index()
            facts = self.vault.person_facts(self.today)
            return people_lines(((index.people[name], found) for name, found in facts.items()), self.config)
        assert self.db is not None
        return self.db.people_lines(self.config)

    def duplicates(self) -> list[Duplicate]:
        """Pairs of notes that are probably one person (SPEC §6 `duplicates`), certain first, then by
        name: everyone's names and identities grouped by key, from the people table."""
        from vaultkit.network.duplicates import Known, duplicates

        if self.vault is not None:
            return duplicates([Known(p.name, p.path, p.email, p.phone, p.url) for p in self.people_list()])
        assert self.db is not None
        return duplicates(self.db.sharing_a_key())  # only those who share a key can be paired

    def template_problems(self) -> list[Problem]:
        """A failing dashboard template of the vault's own, as a build would report it."""
        if not has_override(self.root, DASHBOARD_TEMPLATE):
            return []  # the packaged one never fails
        from vaultkit.store.warm import stored_insights
        from vaultkit.vault import Vault

        vault = self.vault or Vault(self.root, self.config)
        if self.insights is not None:
            return vault.template_problems(self.insights)
        assert self.db is not None
        vault.scan_report = self.report
        return vault.template_problems(stored_insights(vault, self.db, self.today))

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


def answers(root: Path, today: date, cache: bool, warn: Warn | None = None, compute: bool = True) -> Answers:
    """Today's answers: from the store when it is current or a warm update makes it so; else from
    every note, the store then written anew. Without `compute` (a command that only looks people up:
    `log`, `new`), the store answers while it finds the same people, else every note is loaded from
    the store's records; nothing is computed or written."""
    config = load_config(root)
    db = Store.open_or_none(root, config, warn) if cache else None
    if db is not None:
        try:
            found = _from_store(root, config, db, today, compute)
        except sqlite3.Error:  # damaged past what opening it shows: written anew below
            found = None
        if found is not None:
            return found
    if not compute:
        return _every_note_loaded(root, config, db, today)
    return _from_every_note(root, config, db, today)


def _every_note_loaded(root: Path, config: Config, db: Store | None, today: date) -> Answers:
    from vaultkit.memory import collection_paused
    from vaultkit.vault import Vault

    vault = Vault(root, config, db)
    with collection_paused():
        vault.load_all()
    return Answers(root, config, today, len(vault.stats), vault.scan_report, db=None, vault=vault)


def _from_store(root: Path, config: Config, db: Store, today: date, compute: bool = True) -> Answers | None:
    """The answers from the store when it is current, or made so by a warm update; without `compute`,
    also when the changes leave whom it finds by name as it is."""
    last = current.last_of(db, today)
    if last is None:
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
    if not warm_update(vault, db, last, notes, today) and (compute or not finds_the_same_people(vault, db, notes)):
        return None
    return Answers(root, config, today, len(found), report, db=db)


def _from_every_note(root: Path, config: Config, db: Store | None, today: date) -> Answers:
    from vaultkit.files.write import Snapshot, digest
    from vaultkit.memory import collection_paused
    from vaultkit.result import BuildResult
    from vaultkit.store.save import save_in_background
    from vaultkit.vault import Vault

    vault = Vault(root, config, db)
    notes = len(vault.listed())
    report = vault.scan_report
    with collection_paused():
        vault.load_all()
        insights = vault.insights(today)
    if db is not None:
        db.close()  # no connection may cross the writer's fork
        shown = digest(Snapshot.read(vault.dashboard_path).data)
        result = BuildResult(config.dashboard, False, len(vault.store), insights.counts(), insights, content=shown)
        save_in_background(vault, result, today, rendered=False)
    vault.db = None
    return Answers(root, config, today, notes, report, insights=insights, vault=vault)
