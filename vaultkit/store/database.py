"""The index, kept in a SQLite database in the user's cache folder (never in the vault), so a build
after a few changes reads only the notes that changed (see docs/store.md for the schema).

It holds each note's size, time and parsed record; the people, their links and log for anyone who
opens it with `sqlite3` or Datasette; and every item of the dashboard's bounded sections as of the last
build's day, with its sort key, so the dashboard's first lines are a query. A database of another
vaultkit, config or vault, or one that cannot be read, is deleted and built again: it is a cache.
SQLite commits whole transactions, so a build killed while it writes leaves the last one's.
"""

from __future__ import annotations

import errno
import functools
import importlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import msgspec

from vaultkit import __version__
from vaultkit.read.model import Note, Person, Problem, lives_in, works_at
from vaultkit.read.names import fold, name_key
from vaultkit.read.scan import recent
from vaultkit.read.terms import normalise
from vaultkit.sections import ITEMIZED, NETWORK_SECTIONS, SECTIONS
from vaultkit.userdirs import cache_dir, vault_key

if TYPE_CHECKING:
    from vaultkit.insights.people import PersonLine
    from vaultkit.network.duplicates import Known
    from vaultkit.network.index import Companies, Population
    from vaultkit.network.promises import Contact, Promise
    from vaultkit.read.config import Config
    from vaultkit.read.scan import Stat

FORMAT = 18  # of the schema: a database of another format is built again
UNSURE = -1  # the time kept for a note read too soon after it changed: it matches no file, so it is read again
WARM_MAX = 64  # changed notes a warm build takes on; more (a checkout, a sync) take a full build

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE notes (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER,
    device INTEGER, record TEXT) WITHOUT ROWID;
CREATE TABLE people (name TEXT PRIMARY KEY, path TEXT, tie TEXT, cadence TEXT, target INTEGER,
    last_contact TEXT, company TEXT, role TEXT, interests TEXT, offers TEXT, needs TEXT, aliases TEXT,
    location TEXT, no_intros INTEGER, folded TEXT, next TEXT, email TEXT, phone TEXT, url TEXT, companies TEXT,
    locations TEXT, by TEXT) WITHOUT ROWID;
CREATE TABLE names (key TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;
CREATE TABLE terms (name TEXT, kind TEXT, term TEXT);
CREATE TABLE identities (name TEXT, kind TEXT, key TEXT);
CREATE TABLE links (source TEXT, kind TEXT, target TEXT, date TEXT);
CREATE TABLE log (name TEXT, date TEXT, text TEXT, gave INTEGER, got INTEGER, intro INTEGER, news INTEGER);
CREATE TABLE mentions (note TEXT, name TEXT, date TEXT, source TEXT, text TEXT);
CREATE TABLE promises (note TEXT, name TEXT, record TEXT);
CREATE TABLE items (section TEXT, owner TEXT, k1, k2, k3, k4, k5, error INTEGER, item TEXT);
CREATE TABLE results (section TEXT PRIMARY KEY, items TEXT) WITHOUT ROWID;
CREATE INDEX people_path ON people (path);
CREATE INDEX terms_term ON terms (kind, term);
CREATE INDEX terms_name ON terms (name);
CREATE INDEX identities_key ON identities (kind, key);
CREATE INDEX identities_name ON identities (name);
CREATE INDEX links_source ON links (source);
CREATE INDEX links_target ON links (target);
CREATE INDEX log_name ON log (name);
CREATE INDEX mentions_name ON mentions (name);
CREATE INDEX mentions_note ON mentions (note);
CREATE INDEX promises_name ON promises (name);
CREATE INDEX promises_note ON promises (note);
CREATE INDEX items_order ON items (section, k1, k2, k3, k4, k5);
CREATE INDEX items_owner ON items (owner);
"""

TABLES = {
    "meta", "notes", "people", "names", "terms", "identities", "links", "log", "mentions", "promises", "items",
    "results",
}  # fmt: skip

# Each section's items, and the type they decode to, as the sections declare them (vaultkit/sections.py):
# a section kept per person or per note item by item (its owner: a person's name, or the path of the
# note it comes from), one found from the whole network as one row of `results`. A command imports
# only the types of the sections it reads (SPEC §7: start fast).
ITEM_TYPES: dict[str, str] = {section.name: section.item for section in SECTIONS if section.name in ITEMIZED}
# The results besides the network's sections: the clippings, and how notes spell their terms (a
# mapping of spellings to names, no type of ours).
RESULT_TYPES: dict[str, str] = {
    **{section.name: section.item for section in SECTIONS if section.name in NETWORK_SECTIONS},
    "clippings": "vaultkit.read.model:Clipping",
    "trip_plans": "vaultkit.insights.trips:TripPlan",  # the coming trips and the places they reach
    "spelled": "",
}

ENCODER = msgspec.json.Encoder()
STATS = msgspec.json.Decoder(dict[str, tuple[int, int, int, int, int]])


def named_type(where: str) -> Any:
    """The type `module:Name` names, its module imported now."""
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(module), name)


@functools.cache
def item_decoder(section: str) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(named_type(ITEM_TYPES[section]))


@functools.cache
def result_decoder(section: str) -> msgspec.json.Decoder[Any]:
    where = RESULT_TYPES[section]
    return msgspec.json.Decoder(list[named_type(where)] if where else dict[str, str])  # type: ignore[misc]


@functools.cache
def note_decoder() -> msgspec.json.Decoder[Note]:
    return msgspec.json.Decoder(Note)


LinkDates = dict[frozenset[str], date]  # pairs asked about an introduction, with the first ask's date


class LastListing(NamedTuple):
    """What the last full build's listing found besides the notes' stats: how many notes, and the
    folders it could not read (problems). A command that asks the watcher (files/sync.py) instead of
    listing the vault answers with them."""

    notes: int
    problems: list[Problem]


def trusted(stat: Stat, now_ns: int) -> Stat:
    """A note's stat as the store keeps it: its time UNSURE for one changed in the last moments."""
    return stat if not recent(stat, now_ns) else (stat[0], UNSURE, *stat[2:])


def sort_columns(key: tuple[Any, ...]) -> list[Any]:
    """A sort key as five columns SQLite orders as Python orders the tuple (text compares by code
    point in both; a date as ISO text keeps its order)."""
    flat: list[Any] = []
    for part in key:
        flat.extend(part if isinstance(part, tuple) else (part,))
    assert len(flat) <= 5, key
    return [part.isoformat() if isinstance(part, date) else part for part in flat] + [None] * (5 - len(flat))


class Row(NamedTuple):
    """An item of a bounded section, of one owner (a person's name, or a problem's note)."""

    section: str
    owner: str
    item: Any

    def values(self) -> list[Any]:
        error = self.section == "problems" and self.item.severity == "error"
        return [self.section, self.owner, *sort_columns(self.item.sort_key()), error, as_json(self.item)]


class Store:
    """One vault's database under one config; open with `Store.open`."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    @staticmethod
    def path_for(root: Path) -> Path:
        return cache_dir() / "index" / f"{vault_key(root)}.sqlite"

    @classmethod
    def open_or_none(cls, root: Path, config: Config, warn: Callable[[str], None] | None = None) -> Store | None:
        """The store, or None where it cannot be written (its disk full, its folder read-only): the
        command goes on without it, and `warn` is told, naming it (SPEC §5)."""
        try:
            return cls.open(root, config)
        except (OSError, sqlite3.Error) as error:
            if warn is not None:
                full = getattr(error, "errno", None) == errno.ENOSPC or "full" in str(error)
                reason = "the disk is full" if full else getattr(error, "strerror", None) or str(error)
                warn(f"the index {cls.path_for(root)} cannot be written ({reason}); going on without it")
            return None

    @classmethod
    def open(cls, root: Path, config: Config) -> Store:
        """The store of `root`, empty when it was missing, damaged or of another key."""
        path = cls.path_for(root)
        path.parent.mkdir(parents=True, exist_ok=True)
        key = {"format": FORMAT, "vaultkit": __version__, "config": config.fingerprint(), "vault": str(root.resolve())}
        try:
            store = cls(connect(path))
            if store.meta("key") == key and store.tables() == TABLES:
                return store
            store.db.close()
        except (sqlite3.Error, ValueError):
            pass
        cls.discard(root)
        store = cls(connect(path))
        with store.db:
            store.db.executescript(SCHEMA)
            store.set_meta({"key": key})
        return store

    @classmethod
    def in_memory(cls) -> Store:
        """An empty store that no file holds: what a command answers from without the index
        (`--no-cache`), or when the index cannot be written."""
        store = cls(sqlite3.connect(":memory:"))
        store.db.executescript(SCHEMA)
        return store

    @classmethod
    def discard(cls, root: Path) -> None:
        """Delete the store (and SQLite's files beside it, and an earlier vaultkit's JSON cache)."""
        path = cls.path_for(root)
        for leftover in path.parent.glob(f"{path.stem}.*"):  # .sqlite, -wal, -shm; .stats.json, …
            leftover.unlink(missing_ok=True)

    def close(self) -> None:
        self.db.close()

    def tables(self) -> set[str]:
        return {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    # what a build reads

    def meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return msgspec.json.decode(row[0]) if row is not None else None

    def has_notes(self) -> bool:
        return self.db.execute("SELECT 1 FROM notes LIMIT 1").fetchone() is not None

    def stats(self) -> dict[str, Stat]:
        """Each note's size and time as it was read. The `notes` table has them too, a row each; every
        build reads them all, and one JSON text of them decodes three times faster than the rows."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'stats'").fetchone()
        return STATS.decode(row[0]) if row is not None else {}

    def changed(self, found: dict[str, Stat | None]) -> dict[str, Stat | None] | None:
        """changed_since the last build, for a listing (scan.listed). The usual answer, nothing, is
        seen without decoding the stats: the listing as JSON is byte for byte the stats kept (the
        file system lists an unchanged folder in the same order)."""
        row = self.db.execute("SELECT CAST(value AS BLOB) FROM meta WHERE key = 'stats'").fetchone()
        if row is not None and ENCODER.encode(found) == row[0]:
            return {}
        return changed_since(found, STATS.decode(row[0]) if row is not None else {})

    def last_listing(self) -> LastListing | None:
        """What the last full build's listing found; None when there is none or it cannot be read."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
        try:
            return msgspec.json.decode(row[0], type=LastListing) if row is not None else None
        except msgspec.DecodeError:  # a command then lists the vault itself
            return None

    def notes(self) -> Iterator[Note]:
        """Every note kept (ValueError for a record that is not one)."""
        for (record,) in self.db.execute("SELECT record FROM notes"):
            yield decode_note(record)

    def note(self, path: str) -> Note | None:
        row = self.db.execute("SELECT record FROM notes WHERE path = ?", (path,)).fetchone()
        return decode_note(row[0]) if row is not None else None

    def person_path(self, name: str) -> str | None:
        """The note of a person of the index (not of a second note of the same name)."""
        row = self.db.execute("SELECT path FROM people WHERE name = ?", (name,)).fetchone()
        return row[0] if row is not None else None

    def contacted(self, name: str) -> bool:
        row = self.db.execute("SELECT last_contact FROM people WHERE name = ?", (name,)).fetchone()
        return row is not None and row[0] is not None

    def resolve(self, target: str) -> str | None:
        """The person a link names (by folded name or alias), as the index resolved it."""
        row = self.db.execute("SELECT name FROM names WHERE key = ?", (target,)).fetchone()
        return row[0] if row is not None else None

    def mentions(self, name: str) -> list[date]:
        rows = self.db.execute("SELECT date FROM mentions WHERE name = ?", (name,))
        return [date.fromisoformat(day) for (day,) in rows]

    def contacts(self, name: str) -> list[Contact]:
        """The contact other notes record with a person, and where (the brief's Recent, SPEC §6)."""
        from vaultkit.network.promises import Contact

        rows = self.db.execute("SELECT date, source, text, note FROM mentions WHERE name = ?", (name,))
        return [Contact(name, date.fromisoformat(day), source, text, note) for day, source, text, note in rows]

    def promises(self, name: str) -> list[Promise]:
        """Every open promise to a person (SPEC §4.10), due or not."""
        rows = self.db.execute("SELECT record FROM promises WHERE name = ?", (name,))
        decoder = item_decoder("promises")
        return [decoder.decode(record) for (record,) in rows]

    def first(self, section: str, count: int) -> list[Any]:
        """The first `count` items of a bounded section, in dashboard order."""
        rows = self.db.execute(
            "SELECT item FROM items WHERE section = ? ORDER BY k1, k2, k3, k4, k5 LIMIT ?", (section, count)
        )
        decoder = item_decoder(section)
        return [decoder.decode(item) for (item,) in rows]

    def first_of_each(self, section: str, count: int) -> tuple[list[Any], dict[str, int]]:
        """The first `count` items of each group of a grouped section (its first sort column: a trip),
        in dashboard order, and how many items each group has in all: a query a group, each read from
        the index of the items in order (one window over them all sorted every row)."""
        totals = dict(
            self.db.execute("SELECT k1, count(*) FROM items WHERE section = ? GROUP BY k1 ORDER BY k1", (section,))
        )
        decoder = item_decoder(section)
        found = []
        for group in totals:
            rows = self.db.execute(
                "SELECT item FROM items WHERE section = ? AND k1 = ? ORDER BY k2, k3, k4, k5 LIMIT ?",
                (section, group, count),
            )
            found += [decoder.decode(item) for (item,) in rows]
        return found, totals

    def every(self, section: str) -> list[Any]:
        """Every item of a bounded section, in dashboard order (what its command lists)."""
        return self.first(section, -1)  # SQLite: no limit

    def problems_of(self, path: str) -> list[Problem]:
        """The problems the index holds of one note (its own, and the warnings that name it first)."""
        rows = self.db.execute("SELECT item FROM items WHERE section = 'problems' AND owner = ?", (path,))
        decoder = item_decoder("problems")
        return [decoder.decode(item) for (item,) in rows]

    def totals(self) -> dict[str, int]:
        """How many items each bounded section holds, and how many of the problems are errors."""
        totals = dict.fromkeys(ITEM_TYPES, 0)
        totals.update(self.db.execute("SELECT section, count(*) FROM items GROUP BY section").fetchall())
        totals["errors"] = self.db.execute("SELECT count(*) FROM items WHERE error").fetchone()[0]
        return totals

    def result(self, section: str) -> Any:
        row = self.db.execute("SELECT items FROM results WHERE section = ?", (section,)).fetchone()
        return result_decoder(section).decode(row[0]) if row is not None else None

    def notes_named(self, query: str) -> list[Note]:
        """The notes whose file name is the query, case-folded, by path."""
        return self.notes_folded_as(fold(query.strip()))

    def notes_folded_as(self, key: str) -> list[Note]:
        """The notes whose file name, case-folded, is `key`, by path."""
        paths = sorted(path for (path,) in self.db.execute("SELECT path FROM notes") if fold(note_name(path)) == key)
        return [note for path in paths if (note := self.note(path)) is not None]

    def holding(self, terms: Iterable[str]) -> list[Person]:
        """The people with one of these terms as an interest or a need (whom a clipping may resonate
        with, SPEC §4.5), whole (from their notes' records), by name: one query for all of them."""
        terms = sorted(set(terms))
        asked = ", ".join("?" for _ in terms)
        rows = self.db.execute(
            "SELECT notes.record FROM people JOIN notes ON notes.path = people.path WHERE people.name IN"
            f" (SELECT name FROM terms WHERE kind IN ('interest', 'need') AND term IN ({asked})) ORDER BY people.name",
            terms,
        )
        return [note.person for (record,) in rows if (note := decode_note(record)).person is not None]

    def person_named(self, query: str) -> Person | None:
        """The person whose name (not an alias) a query is, by name, path and aliases; None else."""
        key = fold(query.strip())
        row = self.db.execute(
            "SELECT people.name, path, aliases FROM names JOIN people ON people.name = names.name WHERE key = ?", (key,)
        ).fetchone()
        if row is None or fold(row[0]) != key:
            return None
        return Person(row[0], row[1], msgspec.json.decode(row[2], type=tuple[str, ...]))

    def directory(self) -> tuple[list[Person], dict[str, str]]:
        """Every person by name, path and aliases (what a command needs to find one: SPEC §8), and
        how links resolve (the `names` table)."""
        aliases = msgspec.json.Decoder(tuple[str, ...])
        rows = self.db.execute("SELECT name, path, aliases, by FROM people")
        people = [
            Person(name, path, aliases.decode(found) if found != "[]" else (), by=by) for name, path, found, by in rows
        ]
        return people, dict(self.db.execute("SELECT key, name FROM names"))

    def people_lines(self, config: Config) -> list[PersonLine]:
        """Every person as `vaultkit people` lists them (SPEC §4 `people`), by name, from the people table."""
        from vaultkit.insights.people import PersonLine, texts

        aliases = msgspec.json.Decoder(tuple[str, ...])
        defaults = config.default_cadence
        query = "SELECT name, path, aliases, tie, cadence, last_contact, next, companies, locations, email, phone, url"
        found = [
            PersonLine(
                name, path, aliases.decode(written) if written != "[]" else (), tie, cadence or defaults.get(tie),
                last, next_day, aliases.decode(company), aliases.decode(location),  # each a JSON list
                (email,) if email and "," not in email else texts(email),  # most hold one address, or none
                (phone,) if phone and "," not in phone else texts(phone),
                (url,) if url and "," not in url else texts(url),
            )
            for name, path, written, tie, cadence, last, next_day, company, location, email, phone, url
            in self.db.execute(query + " FROM people")
        ]  # fmt: skip
        return sorted(found, key=PersonLine.sort_key)

    def sharing_a_key(self) -> list[Known]:
        """The people who share a key of `duplicates` (an e-mail, phone, LinkedIn URL or name key) with
        at most SHARED_MAX others: the only ones it can pair, found by SQLite's grouping, by name."""
        from vaultkit.network.duplicates import SHARED_MAX, Known

        shared = "SELECT kind, key FROM identities GROUP BY kind, key HAVING count(*) BETWEEN 2 AND ?"
        query = f"SELECT DISTINCT name FROM identities WHERE (kind, key) IN ({shared})"
        rows = self.db.execute(
            f"SELECT name, path, email, phone, url FROM people WHERE name IN ({query})", (SHARED_MAX,)
        )
        found = [
            Known.of_details(name, path, {"email": e or "", "phone": p or "", "url": u or ""})
            for name, path, e, p, u in rows
        ]
        return sorted(found, key=lambda known: name_key(known.name))

    def profiles(self, where: str = "", values: Sequence[str] = (), companies: bool = False) -> list[Person]:
        """Every person (or those `where` picks) with what `who` looks at and `brief` ranks with (SPEC
        §4.4, §4.5, §6): terms (normalised), company, role and location, `no_intros`, `target` and the
        last contact (as of the index's day); with `companies`, each of their companies (colleagues)."""
        terms = msgspec.json.Decoder(tuple[str, ...])
        query = (
            "SELECT name, path, interests, offers, needs, no_intros, target, last_contact,"
            f" {'companies' if companies else 'NULL'}, company, role, location FROM people {where}"
        )
        found = []
        rows = self.db.execute(query, values)
        for name, path, interests, offers, needs, no_intros, target, last, held, *texts in rows:
            details = tuple((k, v) for k, v in zip(TEXTS, texts, strict=True) if v is not None)
            found.append(
                Person(name, path, interests=terms.decode(interests), offers=terms.decode(offers),
                       needs=terms.decode(needs), no_intros=bool(no_intros), target=bool(target),
                       last_contact=date.fromisoformat(last) if last else None, details=details,
                       companies=terms.decode(held) if held else ())
            )  # fmt: skip
        return found

    def profiles_holding(self, needles: Sequence[str]) -> list[Person] | None:
        """The profiles of the people any of whose terms, or whose company, role or location (case-
        folded), holds one of `needles`: a superset of whom `who` finds, picked by SQLite from the
        texts as the table keeps them (terms as JSON). None when a needle may be written otherwise in
        JSON (a quote, a backslash, a control character): `who` then looks at everyone."""
        if not needles or any(not needle.isprintable() or '"' in needle or "\\" in needle for needle in needles):
            return None
        columns = ("interests", "offers", "needs", "folded")
        held = " OR ".join(f"instr({column}, ?) > 0" for _ in needles for column in columns)
        return self.profiles(f"WHERE {held}", [needle for needle in needles for _ in columns])

    def sharing(self, person: Person) -> list[Person]:
        """The profiles of those who share an interest with a person, need what they offer or offer
        what they need (the only people `brief` may pair them with), by the terms table."""
        wanted = [("interest", t) for t in person.interests]
        wanted += [("offer", t) for t in person.needs] + [("need", t) for t in person.offers]
        if not wanted:
            return []
        either = " OR ".join("(kind = ? AND term = ?)" for _ in wanted)
        where = f"WHERE name IN (SELECT name FROM terms WHERE {either})"
        return [p for p in self.profiles(where, [part for pair in wanted for part in pair]) if p.name != person.name]

    def population(self, terms: Iterable[str]) -> Population:
        """How many people there are, and how many hold each term (as an interest; as an interest or
        a need), by the terms table: what rarity is weighed by, without reading everyone."""
        from vaultkit.network.index import Population

        terms = sorted(set(terms))
        people = self.db.execute("SELECT count(*) FROM people").fetchone()[0]
        asked = ", ".join("?" for _ in terms)
        interests = self.db.execute(
            f"SELECT term, count(*) FROM terms WHERE kind = 'interest' AND term IN ({asked}) GROUP BY term", terms
        )
        either = self.db.execute(
            f"SELECT term, count(DISTINCT name) FROM terms WHERE kind IN ('interest', 'need') AND term IN ({asked})"
            " GROUP BY term",
            terms,
        )
        return Population(people, dict(interests.fetchall()), dict(either.fetchall()))

    def links(
        self, name: str | None = None
    ) -> tuple[dict[str, set[str]], set[frozenset[str]], dict[frozenset[str], date], set[frozenset[str]]]:
        """A person's links (everyone's without `name`): `knows` (both ways), introduced pairs, pairs
        asked about an introduction with the date, and pairs who have met."""
        knows: dict[str, set[str]] = {}
        introduced: set[frozenset[str]] = set()
        asked: LinkDates = {}
        met: set[frozenset[str]] = set()
        query = "SELECT source, kind, target, date FROM links" + (" WHERE source = ? OR target = ?" if name else "")
        for source, kind, target, day in self.db.execute(query, (name, name) if name else ()):
            if kind == "knows":
                knows.setdefault(source, set()).add(target)
            elif kind == "introduced":
                introduced.add(frozenset((source, target)))
            elif kind == "asked" and day:
                asked[frozenset((source, target))] = date.fromisoformat(day)
            elif kind == "met":
                met.add(frozenset((source, target)))
        return knows, introduced, asked, met

    def colleagues(self, person: Person, most: int) -> Companies:
        """A person's colleagues (SPEC §4.6) from the terms table: whom each of their companies that
        two to `most` people share links them to. Only `of` is filled, for them and those: enough to
        tell whether someone is their colleague (`Index.linked`), not to walk paths."""
        from vaultkit.network.index import Companies

        of: dict[str, list[str]] = {}
        for company in sorted({term for written in works_at(person) if (term := normalise(written))}):
            rows = self.db.execute("SELECT DISTINCT name FROM terms WHERE kind = 'company' AND term = ?", (company,))
            names = [name for (name,) in rows]
            if 2 <= len(names) <= most:
                for name in names:
                    of.setdefault(name, []).append(company)
        return Companies(of={name: tuple(terms) for name, terms in of.items()})

    def people_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM people").fetchone()[0])

    # what a build writes

    def set_meta(self, values: dict[str, Any]) -> None:
        rows = [(key, as_json(value)) for key, value in values.items()]
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)

    def put_notes(self, notes: Iterable[tuple[Note, Stat]], now_ns: int, stats: dict[str, Stat]) -> None:
        """Notes as read, with their stats (`trusted`), added to `stats`, all of them, which are kept."""
        rows = []
        for note, stat in notes:
            stats[note.path] = trusted(stat, now_ns)
            rows.append((note.path, *stats[note.path], as_json(note)))
        self.db.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        self.set_meta({"stats": stats})

    def put_people(self, people: Iterable[tuple[Person, date | None, date | None]], default_tie: str) -> None:
        """People with their tie (or the default), last contact, next follow-up and log (for `sqlite3`
        and Datasette); each statement is run once for all of them (a statement run per person took a
        second at 50,000)."""
        people = list(people)
        self.db.executemany("DELETE FROM log WHERE name = ?", ((person.name,) for person, *_ in people))
        self.db.executemany("DELETE FROM terms WHERE name = ?", ((person.name,) for person, *_ in people))
        self.db.executemany("INSERT INTO terms VALUES (?, ?, ?)", (row for p, *_ in people for row in term_rows(p)))
        self.db.executemany("DELETE FROM identities WHERE name = ?", ((person.name,) for person, *_ in people))
        self.db.executemany(
            "INSERT INTO identities VALUES (?, ?, ?)", (r for p, *_ in people for r in identity_rows(p))
        )
        marks = ", ".join("?" * PEOPLE_COLUMNS)
        rows = (person_row(person, last, next_day, default_tie) for person, last, next_day in people)
        self.db.executemany(f"INSERT OR REPLACE INTO people VALUES ({marks})", rows)
        self.db.executemany(
            "INSERT INTO log VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (p.name, i.date.isoformat(), i.text, i.gave, i.got, i.intro, i.news)
                for p, *_ in people
                for i in p.interactions
            ),
        )

    def put_network(self, lookup: dict[str, str], edges: Iterable[tuple[str, str, str, str | None]]) -> None:
        self.db.executemany("INSERT INTO names VALUES (?, ?)", lookup.items())
        self.db.executemany("INSERT INTO links VALUES (?, ?, ?, ?)", edges)

    def put_mentions(self, note: str, contacts: Iterable[Contact]) -> None:
        self.db.execute("DELETE FROM mentions WHERE note = ?", (note,))
        rows = ((note, c.name, c.date.isoformat(), c.source, c.text) for c in contacts)
        self.db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?)", rows)

    def put_promises(self, note: str, promises: Iterable[Promise]) -> None:
        self.db.execute("DELETE FROM promises WHERE note = ?", (note,))
        rows = ((note, promise.name, as_json(promise)) for promise in promises)
        self.db.executemany("INSERT INTO promises VALUES (?, ?, ?)", rows)

    def put_items(self, owners: Sequence[str], rows: Iterable[Row], sections: Sequence[str] = ()) -> None:
        """Replace the items of these owners in these sections (all of them by default): the rows of
        other sections are left out."""
        sections = sections or tuple(ITEM_TYPES)
        marks = ", ".join("?" * len(sections))
        query = f"DELETE FROM items WHERE owner = ? AND section IN ({marks})"
        self.db.executemany(query, ((owner, *sections) for owner in owners))
        kept = (row.values() for row in rows if row.section in sections)
        self.db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", kept)

    def put_results(self, results: dict[str, Any]) -> None:
        rows = ((section, as_json(items)) for section, items in results.items())
        self.db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", rows)

    def clear(self) -> None:
        """Everything but the key, before a build writes it all anew."""
        for table in sorted(TABLES - {"meta"}):
            self.db.execute(f"DELETE FROM {table}")
        self.db.execute("DELETE FROM meta WHERE key != 'key'")


def connect(path: Path) -> sqlite3.Connection:
    """WAL: readers (`sqlite3`, Datasette, another command) never wait for a build that writes."""
    db = sqlite3.connect(path, timeout=5)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # a cache: a power cut may lose the last build, never the file
    return db


PEOPLE_COLUMNS = 22
TEXTS = ("company", "role", "location")  # the details the people table keeps


def person_row(person: Person, last: date | None, next_day: date | None, default_tie: str) -> tuple[object, ...]:
    details = dict(person.details)
    interests, offers, needs = (as_json(terms) for terms in (person.interests, person.offers, person.needs))
    tie, contact = person.tie or default_tie, last.isoformat() if last else None
    company, role = details.get("company"), details.get("role")
    return (
        person.name,
        person.path,
        tie,
        person.cadence,
        person.target,
        contact,
        company,
        role,
        interests,
        offers,
        needs,
        as_json(person.aliases),
        details.get("location"),
        person.no_intros,
        "\n".join(details[key].casefold() for key in TEXTS if key in details),  # what `who` looks in
        next_day.isoformat() if next_day else None,
        *(details.get(key) for key in ("email", "phone", "url")),  # as the note lists them, comma-separated
        as_json(works_at(person)),
        as_json(lives_in(person)),
        person.by,
    )


def identity_rows(person: Person) -> Iterator[tuple[str, str, str]]:
    """The keys `duplicates` groups a person under (their e-mails, phones, LinkedIn URLs, name)."""
    from vaultkit.network.duplicates import Known, keys_of

    for kind, key in keys_of(Known.of_details(person.name, person.path, dict(person.details))):
        yield (person.name, kind, key)


KINDS = (("interest", "interests"), ("offer", "offers"), ("need", "needs"))  # the terms table's kinds


def term_rows(person: Person) -> Iterator[tuple[str, str, str]]:
    for kind, field in KINDS:  # every time a note writes one: Candidates counts so too
        for term in getattr(person, field):
            yield (person.name, kind, term)
    for company in dict.fromkeys(term for written in works_at(person) if (term := normalise(written))):
        yield (person.name, "company", company)  # who their colleagues are (Store.colleagues)


def as_json(value: object) -> str:
    return ENCODER.encode(value).decode()


def note_name(path: str) -> str:
    return path.rpartition("/")[2].removesuffix(".md")


def decode_note(record: str | bytes) -> Note:
    try:
        return note_decoder().decode(record)
    except msgspec.ValidationError as error:
        raise ValueError(f"not a note record: {error}") from error


def changed_since(found: dict[str, Stat | None], stored: dict[str, Stat]) -> dict[str, Stat | None] | None:
    """The listed notes whose stat (size, times, inode, device) is not the store's; None when a note
    was added or removed."""
    if found == stored:  # compared in C: the usual answer, at once
        return {}
    if found.keys() != stored.keys():
        return None
    return {rel: stat for rel, stat in found.items() if stat != stored[rel]}
