"""Builds with the store (database.py): as little work as the change since the last build.

- Nothing changed (no note, setting, template or date, and the dashboard is still what the last build
  wrote): nothing to do, the last build's summary (current.py, which the drivers ask first).
- A few notes changed: those notes are parsed and compared with their records, kind of fact by kind
  (network/changes.py). The sections that read a kind that changed are stale (vaultkit/sections.py
  declares what each reads): a section kept per person is redone for the people the change touches,
  one kept per note for the notes that changed; when a section found from the whole network is stale
  (introductions, paths, clippings, people you mention), it takes a full build. The dashboard's first
  lines are then a query, rendered whole.
- Anything else: every note is loaded (from the store where unchanged), every stage runs, and the
  store is written anew (save.py: in a forked process for the CLI, so the command does not wait).

`build` is the one-shot command's; the watcher calls `after_changes` with the notes it saw change.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from vaultkit import sections
from vaultkit.files.write import ChangedOnDisk, Snapshot
from vaultkit.insights.facts import PersonFacts, person_facts
from vaultkit.insights.sections import Insights, extras_of
from vaultkit.network.changes import Change, merged, note_change
from vaultkit.network.duplicates import is_duplicate_warning
from vaultkit.network.index import alias_warnings, person_link_warnings
from vaultkit.network.promises import Resolve, promises_in
from vaultkit.read.dates import add_days
from vaultkit.read.names import fold
from vaultkit.read.parse import read_note
from vaultkit.read.scan import Scanned, Stat, items_of
from vaultkit.sections import NOTE_SECTIONS, PERSON_SECTIONS, SECTIONS, Fact, Kept
from vaultkit.store import current
from vaultkit.store.database import WARM_MAX, Row, Store
from vaultkit.store.save import last_build, next_of, person_rows

if TYPE_CHECKING:
    from vaultkit.read.model import Note, Person, Problem
    from vaultkit.result import BuildResult
    from vaultkit.vault import Vault


def from_store(vault: Vault, db: Store, today: date) -> BuildResult | None:
    """A warm build after a few changes (or none: a template changed, or a command left the dashboard
    to render); None when it takes a full build. Nothing to do at all is current.py's to see."""
    start = last_build_of_today(vault, db, today)
    found = vault.listed() if start is not None else {}
    changed = db.changed(found) if start is not None else None
    if start is None or changed is None or len(changed) > WARM_MAX:
        return None
    return warm_build(vault, db, *start, items_of(vault.root, changed), today, len(found))


def warm_update(vault: Vault, db: Store, last: dict[str, Any], changed: list[Scanned], today: date) -> bool:
    """For a command that reads (SPEC §7): the changed notes' rows replaced, as a warm build does, the
    dashboard left for the next build to render (`rendered` false); False (and nothing kept) when it
    takes every note. `last` and `changed`: what the caller read of the store and the listing."""

    def work() -> bool | None:
        if update(vault, db, changed, today) is None:
            return None
        db.set_meta({"last": {**last, "rendered": False}})
        return True

    return in_one_transaction(db, last, work) is not None


def finds_the_same_people(vault: Vault, db: Store, changed: list[Scanned]) -> bool:
    """Whether the store still finds whom the vault names after these changes: each changed note is
    the same person (name and aliases), or no one, before and after. All that a command that only
    looks people up asks of it (`log`, `new`), when a warm update cannot take the changes."""
    for item in changed:
        try:
            old = db.note(item.rel)
        except ValueError:
            return False
        new, _ = read_note(item.rel, item.path, vault.config)
        if old is None or named(old) != named(new):
            return False
    return True


def named(note: Note) -> tuple[str, tuple[str, ...]] | None:
    return (note.person.name, note.person.aliases) if note.person is not None else None


def after_changes(vault: Vault, db: Store, changed: list[str], today: date) -> BuildResult | None:
    """A warm build after notes the caller saw change (the watcher's events: no listing of the vault);
    None when it takes a full build."""
    start = last_build_of_today(vault, db, today) if 0 < len(changed) <= WARM_MAX else None
    if start is None:
        return None
    items = [Scanned(rel, str(vault.root / rel), None) for rel in changed]
    return warm_build(vault, db, *start, items, today, len(vault.store))


def last_build_of_today(vault: Vault, db: Store, today: date) -> tuple[dict[str, Any], Snapshot] | None:
    """What the store says of the last build, and the dashboard as it is, when a build can start from
    them: the last build was today's and the dashboard is as it left it (current.left_as_built)."""
    last = current.last_of(db, today)
    if last is None:
        return None
    previous = vault.read_dashboard()
    return (last, previous) if current.left_as_built(last, previous) else None


def warm_build(
    vault: Vault, db: Store, last: dict[str, Any], previous: Snapshot, changed: list[Scanned], today: date, notes: int
) -> BuildResult | None:
    """Replace the changed notes' rows and render from the store, all in one transaction that
    commits once the dashboard is written; None (and nothing kept) when it takes a full build."""

    def work() -> BuildResult | None:
        if update(vault, db, changed, today) is None:
            return None
        try:
            result = vault.write(stored_insights(vault, db, today), previous, notes)
        except ChangedOnDisk:  # a box ticked meanwhile: a full build records it
            return None
        db.set_meta({"last": last_build(result, vault.root, today)})
        return result

    return in_one_transaction(db, last, work)


T = TypeVar("T")


def in_one_transaction(db: Store, last: dict[str, Any], work: Callable[[], T | None]) -> T | None:
    """`work` under the store's write lock, committed when it gives something; nothing kept when it
    gives None, or when another build wrote the store since `last` was read."""
    db.db.execute("BEGIN IMMEDIATE")  # no other writer until this one is done
    try:
        found = work() if db.meta("last") == last else None
        if found is None:
            db.db.rollback()
            return None
        db.db.commit()
        return found
    except BaseException:
        db.db.rollback()
        raise


def update(vault: Vault, db: Store, changed: list[Scanned], today: date) -> list[str] | None:
    """Replace the changed notes' rows, and their people's in the sections the change leaves stale;
    the people, or None when it leaves stale a section found from the whole network (then nothing is
    kept: the caller rolls back, and a full build follows)."""
    found = read_changes(vault, db, changed)
    if found is None:
        return None
    read, change = found
    notes = {note.path: note for note, _ in read}
    for path, contacts in change.contacts.items():  # what people_now finds their facts from
        db.put_mentions(path, contacts)
    for path, promises in change.promises.items():
        db.put_promises(path, promises)
    people = people_now(vault, db, notes, change, today)
    if people is None or not sections.redone_in_place(change.facts):
        return None
    stale = sections.stale(change.facts)
    redone = [section.name for section in stale]
    config = vault.config
    horizon = add_days(today, config.horizon_days)
    plans = db.result("trip_plans") or []
    extras = extras_of(db.result("share") or [], db.result("paths") or [], plans, today, config.trip_days)
    if mine := [name for name in redone if name in PERSON_SECTIONS]:
        rows = [row for person, facts in people for row in person_rows(person.name, facts, horizon, extras)]
        db.put_items(sorted(change.people), rows, mine)
    if theirs := [name for name in redone if name in NOTE_SECTIONS]:
        db.put_items(list(notes), note_rows(db, notes.values(), today, config.promise_days), theirs)
    db.put_notes(read, time.time_ns(), db.stats())
    db.put_people(((person, facts.last_contact, next_of(facts)) for person, facts in people), config.default_tie)
    return sorted(change.people)


def note_rows(db: Store, notes: Iterable[Note], today: date, promise_days: int) -> list[Row]:
    """The items the notes own: their problems, and their promises past due."""
    resolve = resolver(db)
    rows = []
    for note in notes:
        rows += [Row("problems", note.path, problem) for problem in note_problems(note, db)]
        rows += [Row("promises", note.path, p) for p in promises_in(note, resolve) if p.past_due(today, promise_days)]
    return rows


def read_changes(vault: Vault, db: Store, changed: list[Scanned]) -> tuple[list[tuple[Note, Stat]], Change] | None:
    """The changed notes parsed, and what they change (network/changes.py); None for a note added, or
    one the store cannot give as it was."""
    resolve = resolver(db)
    share_terms = frozenset(db.meta("share_terms") or ())
    read: list[tuple[Note, Stat]] = []
    changes = []
    for item in changed:
        try:
            old = db.note(item.rel)
        except ValueError:
            return None
        new, stat = read_note(item.rel, item.path, vault.config)
        if old is None or stat is None:
            return None
        read.append((new, stat))
        change = note_change(old, new, resolve, vault.config, share_terms)
        if new.person is not None and db.person_path(new.person.name) != new.path:
            change.facts.add(Fact.NAMES)  # a second note of one name: which one is the person is the index's
        changes.append(change)
    return read, merged(changes)


def resolver(db: Store) -> Resolve:
    """The person a link names, as the store's index resolves it."""
    return lambda target: db.resolve(fold(target))


def people_now(
    vault: Vault, db: Store, notes: dict[str, Note], change: Change, today: date
) -> list[tuple[Person, PersonFacts]] | None:
    """Each person the change touches, with their facts as of now; a first contact is a change of
    fact too (paths and introductions read it). None for one the store cannot give."""
    people = []
    for name in sorted(change.people):
        path = db.person_path(name)
        note = notes.get(path) if path in notes else db.note(path) if path is not None else None
        if note is None or note.person is None:
            return None
        facts = person_facts(note.person, db.mentions(name), vault.config, today, db.promises(name))
        if (facts.last_contact is not None) != db.contacted(name):
            change.facts.add(Fact.FIRST_CONTACT)
        people.append((note.person, facts))
    return people


def note_problems(note: Note, db: Store) -> list[Problem]:
    """A note's problems as the index reports them: its own, and its links to nobody."""
    if note.person is None:
        return list(note.problems)
    resolve = resolver(db)
    return [
        *note.problems,
        *person_link_warnings(note.person, resolve),
        *alias_warnings(note.person, resolve, db.person_path),
        *(problem for problem in db.problems_of(note.path) if is_duplicate_warning(problem)),  # identities unchanged
    ]


def stored_insights(vault: Vault, db: Store, today: date) -> Insights:
    """The dashboard's sections as the store holds them: each itemized one's first lines, with the
    totals, and the network's whole."""
    config = vault.config
    lists: dict[str, list[Any]] = {}
    groups: dict[str, int] = {}
    for section in SECTIONS:
        if section.per_group:
            lists[section.name], found = db.first_of_each(section.name, getattr(config, section.per_group))
            groups.update(found)
        elif section.kept is Kept.NETWORK:
            lists[section.name] = db.result(section.name) or []
        else:
            lists[section.name] = db.first(section.name, config.limit(section.name))
    insights = Insights(today, lists, db.people_count(), db.totals(), groups)
    for problem in vault.scan_report.problems:
        insights = insights.with_problem(problem)
    return insights
