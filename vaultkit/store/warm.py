"""Builds with the store (database.py): as little work as the change since the last build.

- Nothing changed (no note, setting, template or date, and the dashboard is still what the last build
  wrote): nothing to do, the last build's summary (current.py, which the drivers ask first).
- A few notes changed and each touches only its own people (`touches_only_its_own`: not the names,
  terms or links introductions and paths read, no clipping, no first contact, no term of a clipping
  to share): those notes are parsed, their people's facts computed again, and their rows of the
  store replaced; the dashboard's first lines are a query, rendered whole.
- Anything else: every note is loaded (from the store where unchanged), every stage runs, and the
  store is written anew (save.py: in a forked process for the CLI, so the command does not wait).

`build` is the one-shot command's; the watcher calls `after_changes` with the notes it saw change.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from vaultkit.files.write import ChangedOnDisk, Snapshot
from vaultkit.insights.facts import PersonFacts, person_facts
from vaultkit.insights.sections import Insights, extras_of
from vaultkit.network.duplicates import is_duplicate_warning
from vaultkit.network.index import IDENTITY_DETAILS, alias_warnings, network_signature, person_link_warnings
from vaultkit.network.promises import Resolve, contacts_in, promises_in
from vaultkit.read.dates import add_days
from vaultkit.read.names import fold
from vaultkit.read.parse import read_note
from vaultkit.read.scan import Scanned, Stat, items_of
from vaultkit.store import current
from vaultkit.store.database import ITEM_TYPES, NOTE_SECTIONS, PERSON_SECTIONS, WARM_MAX, Row, Store
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
    """Replace the changed notes' rows and their people's; the people, or None when a change
    touches others (then nothing is kept: the caller rolls back)."""
    found = read_changes(vault, db, changed)
    if found is None:
        return None
    read, affected = found
    notes = {note.path: note for note, _ in read}
    people = people_now(vault, db, notes, affected, today)
    if people is None:
        return None
    config = vault.config
    horizon = add_days(today, config.horizon_days)
    extras = extras_of(db.result("share") or [], db.result("paths") or [])
    rows = [row for person, facts in people for row in person_rows(person.name, facts, horizon, extras)]
    db.put_items(sorted(affected), rows, PERSON_SECTIONS)
    resolve = resolver(db)
    own = [Row("problems", note.path, problem) for note in notes.values() for problem in note_problems(note, db)]
    own += [
        Row("promises", note.path, promise)
        for note in notes.values()
        for promise in promises_in(note, resolve)
        if promise.past_due(today, config.promise_days)
    ]
    db.put_items(list(notes), own, NOTE_SECTIONS)
    db.put_notes(read, time.time_ns(), db.stats())
    db.put_people(((person, facts.last_contact, next_of(facts)) for person, facts in people), config.default_tie)
    return sorted(affected)


def read_changes(vault: Vault, db: Store, changed: list[Scanned]) -> tuple[list[tuple[Note, Stat]], set[str]] | None:
    """The changed notes parsed, and the people whose facts they change (themselves, and the people
    a changed daily note is contact with, before and after); None when one touches others."""
    config = vault.config
    resolve = resolver(db)
    read: list[tuple[Note, Stat]] = []
    affected: set[str] = set()
    for item in changed:
        try:
            old = db.note(item.rel)
        except ValueError:
            return None
        new, stat = read_note(item.rel, item.path, config)
        if old is None or stat is None or not touches_only_its_own(old, new, db):
            return None
        read.append((new, stat))
        if new.person is not None:
            affected.add(new.person.name)
        if config.daily_notes_count and unresolved(old, db) != unresolved(new, db):
            return None  # a link to no note: People you mention is found from every note
        before, after = contacts_in(old, resolve, config), contacts_in(new, resolve, config)
        if before != after:
            affected.update(name for name, _ in before + after)
            db.put_mentions(new.path, after)
        promised, promises = promises_in(old, resolve), promises_in(new, resolve)
        if promised != promises:
            affected.update(promise.name for promise in promised + promises)
            db.put_promises(new.path, promises)
    return read, affected


def resolver(db: Store) -> Resolve:
    """The person a link names, as the store's index resolves it."""
    return lambda target: db.resolve(fold(target))


def people_now(
    vault: Vault, db: Store, notes: dict[str, Note], affected: set[str], today: date
) -> list[tuple[Person, PersonFacts]] | None:
    """Each affected person with their facts as of now; None for a first contact (paths and
    introductions change) or a reader of a recent clipping (its readers may change)."""
    share_terms = set(db.meta("share_terms") or ())
    people = []
    for name in sorted(affected):
        path = db.person_path(name)
        note = notes.get(path) if path in notes else db.note(path) if path is not None else None
        if note is None or note.person is None:
            return None
        facts = person_facts(note.person, db.mentions(name), vault.config, today, db.promises(name))
        first_contact = (facts.last_contact is not None) != db.contacted(name)
        if first_contact or share_terms & {*note.person.interests, *note.person.needs}:
            return None
        people.append((note.person, facts))
    return people


def touches_only_its_own(old: Note, new: Note, db: Store) -> bool:
    """Whether a note's change leaves every other person's rows, introductions, paths and clippings
    as they are: the same names, terms, links and targets, no clipping, no second note of a name."""
    if network_signature(old) != network_signature(new) or old.clipping is not None or new.clipping is not None:
        return False
    if new.person is None:
        return True
    assert old.person is not None  # the same signature
    same_identities = identities(old.person) == identities(new.person)  # what duplicate warnings compare
    return same_identities and old.person.target == new.person.target and db.person_path(new.person.name) == new.path


def identities(person: Person) -> tuple[tuple[str, str], ...]:
    return tuple((key, text) for key, text in person.details if key in IDENTITY_DETAILS)


def unresolved(note: Note, db: Store) -> tuple[date | None, list[str]]:
    """A dated note's links to no person, with its date."""
    return note.daily_date, [target for target in note.mentions if db.resolve(fold(target)) is None]


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
    """The dashboard's sections as the store holds them: each bounded one's first lines and totals."""
    config = vault.config
    first = {section: db.first(section, getattr(config, f"max_{section}")) for section in ITEM_TYPES}
    insights = Insights(
        today,
        first["due"],
        first["milestones"],
        db.result("intros") or [],
        first["news"],
        db.result("share") or [],
        db.result("paths") or [],
        first["balance"],
        first["problems"],
        db.people_count(),
        db.totals(),
        reach=first["today"],
        revive=first["revive"],
        untracked=db.result("untracked") or [],
        promises=first["promises"],
        inflight=db.result("inflight") or [],
    )
    for problem in vault.scan_report.problems:
        insights = insights.with_problem(problem)
    return insights
