"""A one-shot build with the store (store.py): as little work as the change since the last one.

- Nothing changed (no note, setting, template or date, and the dashboard is still what the last build
  wrote): nothing to do, the last build's summary.
- A few notes changed and each touches only its own people (`touches_only_its_own`: not the names,
  terms or links introductions and paths read, no clipping, no first contact, no term of a clipping
  to share): those notes are parsed, their people's facts computed again, and their rows of the
  store replaced; the dashboard's first lines are a query, rendered whole.
- Anything else: every note is loaded (from the store where unchanged), every stage runs, and the
  store is written anew (in a forked process for the CLI, so the command does not wait).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from datetime import date
from typing import Any

from vaultkit.build import BuildResult, Vault, forked_writer, templates_fingerprint
from vaultkit.files.write import ChangedOnDisk, Snapshot, digest, remove_leftovers
from vaultkit.insights.clippings import recent_clippings
from vaultkit.insights.facts import PersonFacts, person_facts, section_items
from vaultkit.insights.sections import Insights
from vaultkit.network.index import Index, network_signature, person_link_warnings
from vaultkit.read.model import Note, Person, Problem
from vaultkit.read.names import fold
from vaultkit.read.parse import read_note
from vaultkit.read.scan import Scanned, Stat
from vaultkit.store.database import ITEM_TYPES, Row, Store, changed_since

WARM_MAX = 64  # changed notes a warm build takes on; more (a checkout, a sync) take a full build


def build(vault: Vault, today: date, write: bool, background: bool) -> BuildResult:
    db = vault.db
    if write and db is not None:
        try:
            done = from_store(vault, db, today)
        except sqlite3.Error:  # damaged past what opening it shows: built again below
            done = None
        if done is not None:
            remove_leftovers(vault.scan_report.leftovers)
            return done
    vault.load_all()
    result = vault.build(today, write)
    if write:
        remove_leftovers(vault.scan_report.leftovers)  # under the write lock: no other writer's file
        if db is not None and background and hasattr(os, "fork"):
            save_in_background(vault, result, today)
        elif db is not None:
            save(vault, db, result, today)
    return result


def last_build(result: BuildResult, vault: Vault, today: date) -> dict[str, Any]:
    # What this build left, not what is there now: a box ticked since is still to be read.
    return {
        "today": today.isoformat(),
        "dashboard": result.content,
        "templates": templates_fingerprint(vault.root),
        "counts": result.counts,
    }


def from_store(vault: Vault, db: Store, today: date) -> BuildResult | None:
    """The last build's result when nothing it read changed since, or a warm build after a few
    changes; None when it takes a full build."""
    last = db.meta("last")
    if not isinstance(last, dict) or last.get("today") != today.isoformat():
        return None
    changed = changed_since(vault.listing(), db.stats())
    if changed is None or len(changed) > WARM_MAX:
        return None
    previous = vault.read_dashboard()
    if last.get("dashboard") != digest(previous.data):
        return None  # a box ticked, or the dashboard edited: a full build records it
    if not changed and last.get("templates") == templates_fingerprint(vault.root):
        return BuildResult(vault.config.dashboard, False, len(vault.listing()), dict(last["counts"]))
    return warm_build(vault, db, last, changed, previous, today)


def warm_build(
    vault: Vault, db: Store, last: object, changed: list[Scanned], previous: Snapshot, today: date
) -> BuildResult | None:
    """Replace the changed notes' rows and render from the store, all in one transaction that
    commits once the dashboard is written; None (and nothing kept) when it takes a full build."""
    db.db.execute("BEGIN IMMEDIATE")  # no other writer until this one is done
    try:
        result = None
        if db.meta("last") == last and update(vault, db, changed, today) is not None:  # no build since it read
            with contextlib.suppress(ChangedOnDisk):  # a box ticked meanwhile: a full build records it
                result = vault.write(stored_insights(vault, db, today), previous, len(vault.listing()))
        if result is None:
            db.db.rollback()
            return None
        db.set_meta({"last": last_build(result, vault, today)})
        db.db.commit()
        return result
    except BaseException:
        db.db.rollback()
        raise


def update(vault: Vault, db: Store, changed: list[Scanned], today: date) -> list[str] | None:
    """Replace the changed notes' rows and their people's; the people, or None when a change
    touches others (then nothing is kept: the caller rolls back)."""
    config = vault.config
    share_terms = set(db.meta("share_terms") or ())
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
        if config.daily_notes_count and (old.daily_date, old.mentions) != (new.daily_date, new.mentions):
            before, after = mentions_of(old, db), mentions_of(new, db)
            affected.update(name for name, _ in before + after)
            db.put_mentions(new.path, after)
    notes = {note.path: note for note, _ in read}
    rows: list[Row] = []
    people: list[tuple[Person, date | None]] = []
    for name in sorted(affected):
        path = db.person_path(name)
        note = notes.get(path) if path in notes else db.note(path) if path is not None else None
        if note is None or note.person is None:
            return None
        facts = person_facts(note.person, db.mentions(name), config, today)
        first_contact = (facts.last_contact is not None) != db.contacted(name)
        if first_contact or share_terms & {*note.person.interests, *note.person.needs}:
            return None  # paths and introductions change, or a clipping's readers may: a full build
        rows.extend(person_rows(name, facts, vault, today))
        people.append((note.person, facts.last_contact))
    for note in notes.values():
        rows.extend(Row("problems", note.path, problem) for problem in note_problems(note, db))
    db.put_items(sorted(affected), [row for row in rows if row.section != "problems"], PERSON_SECTIONS)
    db.put_items(list(notes), [row for row in rows if row.section == "problems"], ("problems",))
    db.put_notes(read, time.time_ns())
    db.put_people(people)
    return sorted(affected)


PERSON_SECTIONS = tuple(section for section in ITEM_TYPES if section != "problems")


def touches_only_its_own(old: Note, new: Note, db: Store) -> bool:
    """Whether a note's change leaves every other person's rows, introductions, paths and clippings
    as they are: the same names, terms, links and targets, no clipping, no second note of a name."""
    if network_signature(old) != network_signature(new) or old.clipping is not None or new.clipping is not None:
        return False
    if new.person is None:
        return True
    assert old.person is not None  # the same signature
    return old.person.target == new.person.target and db.person_path(new.person.name) == new.path


def mentions_of(note: Note, db: Store) -> list[tuple[str, date]]:
    """The people a daily note is contact with, as the index resolves its links."""
    if note.daily_date is None:
        return []
    found = (db.resolve(fold(target)) for target in note.mentions)
    return [(name, note.daily_date) for name in found if name is not None]


def note_problems(note: Note, db: Store) -> list[Problem]:
    """A note's problems as the index reports them: its own, and its links to nobody."""
    if note.person is None:
        return list(note.problems)
    return [*note.problems, *person_link_warnings(note.person, lambda target: db.resolve(fold(target)))]


def person_rows(name: str, facts: PersonFacts, vault: Vault, today: date) -> list[Row]:
    return [Row(section, name, item) for section, items in section_items(facts, vault.config, today) for item in items]


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
    )
    for problem in vault.scan_report.problems:
        insights = insights.with_problem(problem)
    return insights


# writing the store after a full build


def save_in_background(vault: Vault, result: BuildResult, today: date) -> None:
    """Write the store in a forked process: the command returns at once (SQLite commits the whole
    of it or nothing, so a writer killed halfway leaves the last build's store)."""
    if not forked_writer():
        try:
            db = Store.open_or_none(vault.root, vault.config)  # a connection of its own, not the parent's
            if db is not None:
                save(vault, db, result, today)
        finally:
            os._exit(0)  # the writer ends here, whatever happened


def save(vault: Vault, db: Store, result: BuildResult, today: date) -> None:
    """Everything the build found, in one transaction; a store that cannot take it is deleted."""
    try:
        _save(vault, db, result, today)
    except sqlite3.Error:
        db.close()
        Store.discard(vault.root)


def _save(vault: Vault, db: Store, result: BuildResult, today: date) -> None:
    index, insights = vault.last_index, result.insights
    assert index is not None and insights is not None
    facts = vault.person_facts(today)
    now = time.time_ns()
    with db.db:
        db.clear()
        db.put_notes(((note, stat) for note in vault.store.notes.values() if (stat := vault.stats.get(note.path))), now)
        db.put_people((index.people[name], f.last_contact) for name, f in facts.items())
        db.put_network(index.lookup, network_edges(index))
        for note in vault.store.notes.values():
            if note.daily_date is not None and vault.config.daily_notes_count:
                db.put_mentions(note.path, mentions_in(note, index))
        rows = [row for name, f in facts.items() for row in person_rows(name, f, vault, today)]
        rows += [Row("problems", problem.path, problem) for problem in index.problems]
        db.put_items((), rows)
        db.put_results({"intros": insights.intros, "paths": insights.paths, "share": insights.share})
        terms = {term for clipping in recent_clippings(index, vault.config, today) for term in clipping.terms}
        db.set_meta({"last": last_build(result, vault, today), "share_terms": sorted(terms)})


def mentions_in(note: Note, index: Index) -> list[tuple[str, date]]:
    assert note.daily_date is not None
    return [(name, note.daily_date) for target in note.mentions if (name := index.resolve(target)) is not None]


def network_edges(index: Index) -> list[tuple[str, str, str]]:
    """`knows` edges (both ways) and introduced pairs, for anyone reading the store."""
    edges = [(a, "knows", b) for a, others in index.knows.items() for b in sorted(others)]
    edges += [(a, "introduced", b) for a, b in map(sorted, index.introduced)]
    return edges
