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
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import msgspec

from vaultkit import __version__
from vaultkit.read.model import Note, Person, Problem
from vaultkit.read.names import fold
from vaultkit.userdirs import cache_dir, vault_key

if TYPE_CHECKING:
    from vaultkit.network.index import Population
    from vaultkit.network.promises import Promise
    from vaultkit.read.config import Config
    from vaultkit.read.scan import Stat

FORMAT = 15  # of the schema: a database of another format is built again
UNSURE = -1  # the time kept for a note read too soon after it changed: it matches no file, so it is read again
WARM_MAX = 64  # changed notes a warm build takes on; more (a checkout, a sync) take a full build
RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same clock tick

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE notes (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, inode INTEGER,
    device INTEGER, record TEXT) WITHOUT ROWID;
CREATE TABLE people (name TEXT PRIMARY KEY, path TEXT, tie TEXT, cadence TEXT, target INTEGER,
    last_contact TEXT, company TEXT, role TEXT, interests TEXT, offers TEXT, needs TEXT, aliases TEXT,
    location TEXT, no_intros INTEGER, folded TEXT) WITHOUT ROWID;
CREATE TABLE names (key TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;
CREATE TABLE terms (name TEXT, kind TEXT, term TEXT);
CREATE TABLE links (source TEXT, kind TEXT, target TEXT, date TEXT);
CREATE TABLE log (name TEXT, date TEXT, text TEXT, gave INTEGER, got INTEGER, intro INTEGER, news INTEGER);
CREATE TABLE mentions (note TEXT, name TEXT, date TEXT);
CREATE TABLE promises (note TEXT, name TEXT, record TEXT);
CREATE TABLE items (section TEXT, owner TEXT, k1, k2, k3, k4, k5, error INTEGER, item TEXT);
CREATE TABLE results (section TEXT PRIMARY KEY, items TEXT) WITHOUT ROWID;
CREATE INDEX people_path ON people (path);
CREATE INDEX terms_term ON terms (kind, term);
CREATE INDEX terms_name ON terms (name);
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

TABLES = {"meta", "notes", "people", "names", "terms", "links", "log", "mentions", "promises", "items", "results"}

# The bounded sections kept item by item (SPEC §4), and the type of their items, named by where it is
# defined: a command imports only the types of the sections it reads (SPEC §7: start fast). Each item
# has an owner: a person's name, or for NOTE_SECTIONS the path of the note it comes from.
ITEM_TYPES: dict[str, str] = {
    "today": "vaultkit.insights.reach:Reach",
    "due": "vaultkit.insights.followups:FollowUp",
    "milestones": "vaultkit.insights.milestones:Milestone",
    "news": "vaultkit.insights.news:News",
    "promises": "vaultkit.network.promises:Promise",
    "revive": "vaultkit.insights.reach:Revive",
    "balance": "vaultkit.insights.balance:Balance",
    "problems": "vaultkit.read.model:Problem",
}
NOTE_SECTIONS = ("promises", "problems")
PERSON_SECTIONS = tuple(section for section in ITEM_TYPES if section not in NOTE_SECTIONS)
# The sections found from the whole network, kept whole: a list of items of the type named (`spelled`:
# a mapping of spellings to names).
RESULT_TYPES: dict[str, str] = {
    "intros": "vaultkit.network.intros:Intro",
    "paths": "vaultkit.network.paths:TargetPath",
    "share": "vaultkit.insights.clippings:Share",
    "untracked": "vaultkit.insights.reach:Untracked",
    "inflight": "vaultkit.network.intros:InFlight",
    "clippings": "vaultkit.read.model:Clipping",
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


class Listed(NamedTuple):
    """What the last full build's listing found besides the notes' stats: how many notes, and the
    folders it could not read (problems). A command that asks the watcher (files/sync.py) instead of
    listing the vault answers with them."""

    notes: int
    problems: list[Problem]


def recent(stat: Stat | None, now_ns: int | None = None) -> bool:
    """Whether a file's modification time is too fresh to trust: a second change could hide in the
    same tick (file systems with coarse clocks), so its stat alone does not show it is unchanged. As in
    git, only the modification time is looked at: a note restored with an old time (`cp -p`) has a new
    status change time or inode, and only a second restore in the same clock tick, after a build read
    the first, could go unseen."""
    return stat is not None and (now_ns if now_ns is not None else time.time_ns()) - stat[1] < RACY_NS


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

    def listed(self) -> Listed | None:
        """What the last full build's listing found; None when there is none or it cannot be read."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'listing'").fetchone()
        try:
            return msgspec.json.decode(row[0], type=Listed) if row is not None else None
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

    def every(self, section: str) -> list[Any]:
        """Every item of a bounded section, in dashboard order (what its command lists)."""
        return self.first(section, -1)  # SQLite: no limit

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
        rows = self.db.execute("SELECT name, path, aliases FROM people")
        people = [Person(name, path, aliases.decode(found) if found != "[]" else ()) for name, path, found in rows]
        return people, dict(self.db.execute("SELECT key, name FROM names"))

    def profiles(self, where: str = "", values: Sequence[str] = ()) -> list[Person]:
        """Every person (or those `where` picks) with what `who` looks at and `brief` ranks with (SPEC
        §4.4, §4.5, §6): terms (normalised), company, role and location, `no_intros`, `target` and the
        last contact (as of the index's day)."""
        terms = msgspec.json.Decoder(tuple[str, ...])
        query = (
            "SELECT name, path, interests, offers, needs, no_intros, target, last_contact, company, role, location"
            f" FROM people {where}"
        )
        found = []
        for name, path, interests, offers, needs, no_intros, target, last, *texts in self.db.execute(query, values):
            details = tuple((k, v) for k, v in zip(TEXTS, texts, strict=True) if v is not None)
            found.append(
                Person(name, path, interests=terms.decode(interests), offers=terms.decode(offers),
                       needs=terms.decode(needs), no_intros=bool(no_intros), target=bool(target),
                       last_contact=date.fromisoformat(last) if last else None, details=details)
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
    ) -> tuple[dict[str, set[str]], set[frozenset[str]], dict[frozenset[str], date]]:
        """A person's links (everyone's without `name`): `knows` (both ways), introduced pairs, and
        pairs asked about an introduction with the date."""
        knows: dict[str, set[str]] = {}
        introduced: set[frozenset[str]] = set()
        asked: LinkDates = {}
        query = "SELECT source, kind, target, date FROM links" + (" WHERE source = ? OR target = ?" if name else "")
        for source, kind, target, day in self.db.execute(query, (name, name) if name else ()):
            if kind == "knows":
                knows.setdefault(source, set()).add(target)
            elif kind == "introduced":
                introduced.add(frozenset((source, target)))
            elif kind == "asked" and day:
                asked[frozenset((source, target))] = date.fromisoformat(day)
        return knows, introduced, asked

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

    def put_people(self, people: Iterable[tuple[Person, date | None]], default_tie: str) -> None:
        """People with their tie (or the default), last contact and log (for `sqlite3` and Datasette);
        each statement is run once for all of them (a statement run per person took a second at 50,000)."""
        people = list(people)
        self.db.executemany("DELETE FROM log WHERE name = ?", ((person.name,) for person, _ in people))
        self.db.executemany("DELETE FROM terms WHERE name = ?", ((person.name,) for person, _ in people))
        self.db.executemany("INSERT INTO terms VALUES (?, ?, ?)", (row for p, _ in people for row in term_rows(p)))
        self.db.executemany("INSERT OR REPLACE INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (person_row(person, last, default_tie) for person, last in people))  # fmt: skip
        self.db.executemany(
            "INSERT INTO log VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (p.name, i.date.isoformat(), i.text, i.gave, i.got, i.intro, i.news)
                for p, _ in people
                for i in p.interactions
            ),
        )

    def put_network(self, lookup: dict[str, str], edges: Iterable[tuple[str, str, str, str | None]]) -> None:
        self.db.executemany("INSERT INTO names VALUES (?, ?)", lookup.items())
        self.db.executemany("INSERT INTO links VALUES (?, ?, ?, ?)", edges)

    def put_mentions(self, note: str, mentions: Iterable[tuple[str, date]]) -> None:
        self.db.execute("DELETE FROM mentions WHERE note = ?", (note,))
        self.db.executemany("INSERT INTO mentions VALUES (?, ?, ?)", ((note, n, d.isoformat()) for n, d in mentions))

    def put_promises(self, note: str, promises: Iterable[Promise]) -> None:
        self.db.execute("DELETE FROM promises WHERE note = ?", (note,))
        rows = ((note, promise.name, as_json(promise)) for promise in promises)
        self.db.executemany("INSERT INTO promises VALUES (?, ?, ?)", rows)

    def put_items(self, owners: Sequence[str], rows: Iterable[Row], sections: Sequence[str] = ()) -> None:
        """Replace the items of these owners in these sections (all of them by default)."""
        sections = sections or tuple(ITEM_TYPES)
        marks = ", ".join("?" * len(sections))
        query = f"DELETE FROM items WHERE owner = ? AND section IN ({marks})"
        self.db.executemany(query, ((owner, *sections) for owner in owners))
        self.db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (row.values() for row in rows))

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


TEXTS = ("company", "role", "location")  # the details the people table keeps


def person_row(person: Person, last: date | None, default_tie: str) -> tuple[object, ...]:
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
    )


KINDS = (("interest", "interests"), ("offer", "offers"), ("need", "needs"))  # the terms table's kinds


def term_rows(person: Person) -> Iterator[tuple[str, str, str]]:
    for kind, field in KINDS:  # every time a note writes one: Candidates counts so too
        for term in getattr(person, field):
            yield (person.name, kind, term)


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
