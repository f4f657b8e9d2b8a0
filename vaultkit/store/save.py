"""Writing everything a full build found to the store, in one transaction: here, in a forked process
(the CLI: the command does not wait), or in a thread (the watcher, which lives on)."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit import process
from vaultkit.dashboard.file import templates_fingerprint
from vaultkit.insights.clippings import recent_clippings
from vaultkit.insights.facts import Extras, PersonFacts, section_items
from vaultkit.insights.sections import Insights, extras_of
from vaultkit.insights.trips import TripPlan
from vaultkit.network.index import Index
from vaultkit.network.promises import contacts_in, promises_in
from vaultkit.read.config import Config
from vaultkit.read.dates import add_days
from vaultkit.read.model import Note
from vaultkit.read.scan import Stat
from vaultkit.sections import NETWORK_SECTIONS
from vaultkit.store.database import LastListing, Row, Store

if TYPE_CHECKING:
    from vaultkit.result import BuildResult
    from vaultkit.vault import Vault


def last_build(result: BuildResult, root: Path, today: date, rendered: bool = True) -> dict[str, Any]:
    """What the store says of the build that wrote the dashboard: what it left, not what is there now
    (a box ticked since is still to be read). Not `rendered`: a command that reads brought the store
    up to date and left the dashboard as it was, for the next build to render."""
    found = {
        "today": today.isoformat(),
        "dashboard": result.content,
        "templates": templates_fingerprint(root),
        "counts": result.counts,
    }
    return found if rendered else {**found, "rendered": False}


def next_of(facts: PersonFacts) -> date | None:
    """A person's next follow-up date (SPEC §4 `people`: `next`), or None when they are not tracked."""
    return facts.follow_up.due if facts.follow_up is not None else None


def person_rows(name: str, facts: PersonFacts, horizon: date, extras: Extras) -> list[Row]:
    return [
        Row(section, name, item) for section, items in section_items(name, facts, horizon, extras) for item in items
    ]


@dataclass(frozen=True)
class FullBuild:
    """What a full build found, taken apart from the vault (which the watcher goes on changing)."""

    root: Path
    config: Config
    today: date
    notes: list[tuple[Note, Stat]]
    index: Index
    facts: dict[str, PersonFacts]
    insights: Insights
    plans: list[TripPlan]  # the coming trips the sections were found with
    last: dict[str, Any]
    listing: LastListing

    @classmethod
    def of(cls, vault: Vault, result: BuildResult, today: date, rendered: bool = True) -> FullBuild:
        assert vault.last_index is not None and result.insights is not None
        # In the listing's order, so that the next listing is byte for byte the stats kept (Store.changed)
        kept = vault.store.notes
        notes = [(kept[rel], stat) for rel, stat in vault.stats.items() if stat is not None and rel in kept]
        facts = vault.person_facts(today)
        last = last_build(result, vault.root, today, rendered)
        listing = LastListing(result.notes, list(vault.scan_report.problems))
        index, insights, plans = vault.last_index, result.insights, vault.last_plans
        return cls(vault.root, vault.config, today, notes, index, facts, insights, plans, last, listing)


def save(db: Store, found: FullBuild) -> bool:
    """Everything the build found, in one transaction; a store that cannot take it is deleted (False)."""
    try:
        _save(db, found)
        return True
    except sqlite3.Error:
        db.close()
        Store.discard(found.root)
        return False


def written(found: FullBuild, db: Store | None) -> Store:
    """A store holding everything the build found, for a command to answer from: the vault's, `db`,
    written here; one in memory when there is none (`--no-cache`) or it cannot take it."""
    if db is not None and save(db, found):
        return db
    memory = Store.in_memory()
    _save(memory, found)
    return memory


def save_in_background(found: FullBuild) -> None:
    """Write the store in a forked process, so that the command returns at once (where there is no
    fork, here); the process writes from its copy of what the build found. SQLite commits the whole
    of it or nothing: a writer killed halfway leaves the last build's store."""
    if not hasattr(os, "fork"):
        _save_on_own_connection(found)
    elif not forked_writer():
        try:
            _save_on_own_connection(found)
        finally:
            os._exit(0)  # the writer ends here, whatever happened


def save_in_thread(found: FullBuild) -> threading.Thread:
    """Write the store in a thread of its own (join it before the store is used again)."""
    thread = threading.Thread(target=_save_on_own_connection, args=(found,), name="vaultkit store", daemon=True)
    thread.start()
    return thread


def _save_on_own_connection(found: FullBuild) -> None:
    db = Store.open_or_none(found.root, found.config)  # a connection of its own: never one shared
    if db is not None:
        try:
            save(db, found)
        finally:
            db.close()


def _save(db: Store, found: FullBuild) -> None:
    with db.db:
        db.clear()
        _save_facts(db, found)
        _save_sections(db, found)


def _save_facts(db: Store, found: FullBuild) -> None:
    """What the notes say: each note's record, the people, whom names and links resolve to, and the
    contact and promises the notes record for each person."""
    index, config = found.index, found.config
    db.put_notes(found.notes, time.time_ns(), {})
    people = ((index.people[name], f.last_contact, next_of(f)) for name, f in found.facts.items())
    db.put_people(people, config.default_tie)
    db.put_network(index.lookup, network_edges(index))
    for note, _ in found.notes:
        if note.daily_date is not None or note.tasks:
            db.put_mentions(note.path, contacts_in(note, index.resolve, config))
            db.put_promises(note.path, promises_in(note, index.resolve))


def _save_sections(db: Store, found: FullBuild) -> None:
    """What the build found from the facts: each section's items, the network's results, and what
    the next build starts from."""
    index, config, today, insights = found.index, found.config, found.today, found.insights
    horizon = add_days(today, config.horizon_days)
    plans = found.plans
    extras = extras_of(insights.items("share"), insights.items("paths"), plans, today, config.trip_days)
    rows = [row for name, f in found.facts.items() for row in person_rows(name, f, horizon, extras)]
    rows += [Row("problems", problem.path, problem) for problem in index.problems]
    rows += [Row("promises", promise.note, promise) for promise in insights.items("promises")]
    db.put_items((), rows)
    db.put_results({name: insights.items(name) for name in NETWORK_SECTIONS})
    db.put_results({"clippings": index.clippings, "spelled": index.spelled, "trip_plans": plans})
    terms = {term for clipping in recent_clippings(index, config, today) for term in clipping.terms}
    db.set_meta({"last": found.last, "share_terms": sorted(terms), "listing": found.listing})


def network_edges(index: Index) -> list[tuple[str, str, str, str | None]]:
    """`knows` edges (both ways), introduced pairs, pairs who have met, and pairs asked about an
    introduction (with the first ask's date), for anyone reading the store and for `brief`."""
    edges: list[tuple[str, str, str, str | None]] = [
        (a, "knows", b, None) for a, others in index.knows.items() for b in sorted(others)
    ]
    edges += [(a, "introduced", b, None) for a, b in map(sorted, index.introduced)]
    edges += [(a, "met", b, None) for a, b in sorted(map(sorted, index.links.met))]
    for pair, day in index.links.asked.items():
        a, b = sorted(pair)
        edges.append((a, "asked", b, day.isoformat()))
    return edges


def forked_writer() -> bool:
    """Fork a process to write the store: True in the parent, which goes on at once, False in the
    writer. The writer is forked twice so that it never lingers as a zombie of a long-lived parent."""
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return True
    if os.fork():
        os._exit(0)
    # The writer holds nothing of the command's: no lock, and no end of its output pipes.
    process.forget_inherited()
    devnull = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(devnull, stream)
    return False
