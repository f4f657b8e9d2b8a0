"""A warm build after a few notes changed: their lines of the last dashboard are replaced in place.

The packaged dashboard template puts each follow-up, milestone, balance and problem on a line of its
own, inside a block per section, in a known order (their `sort_key`). A full build keeps, in the
cache, where each section starts and every item's sort key (a `Layout`), and what it found about each
person note from the other notes (`Facts`: the dates of daily notes that mention them, whether they
are near a target, whether another note has their name).

A note whose change touches nobody else's part of the dashboard keeps:
  - its names, terms and links (its network signature): so introductions, the `knows` graph, warnings
    about links to nobody and duplicate names are what they were;
  - its `target` flag, and (near a target) whether the person was ever in touch: so the paths to
    targets are what they were too;
  - its daily-note date and mentions: so everyone else's last contact is too.
When every changed note is such a note, a build renders only their items, as they were and as they
are, through the template's blocks, takes the old lines out and puts the new ones where their sort
keys say. Anything else (a note added, removed or renamed, a changed network, a new day, a ticked
box, a section that appears or empties, a line that is not where the layout says) takes a full
build. tests/test_patch.py checks that both give the same dashboard, byte for byte.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, Protocol

from vaultkit.config import Config
from vaultkit.dates import add_days
from vaultkit.facts import person_facts
from vaultkit.index import Index, NoteStore, last_contact, network_signature
from vaultkit.insights import Insights
from vaultkit.model import Note
from vaultkit.paths import near_targets
from vaultkit.records import json_line
from vaultkit.render import render_packaged_block

TEMPLATE = "dashboard.md.j2"
SECTIONS = ("due", "milestones", "news", "balance", "problems")  # the template's blocks, in its order
Key = tuple[Any, ...]  # a sort key as JSON keeps it: flat, dates as ordinals
PAGE = 256  # sort keys per page of a section's keys in the cache


class Item(Protocol):
    def sort_key(self) -> tuple[Any, ...]: ...


def flat(key: Iterable[Any]) -> Key:
    """A sort key without nested tuples or dates; it orders items as the key itself does."""
    out: list[Any] = []
    for part in key:
        if isinstance(part, tuple):
            out.extend(flat(part))
        else:
            out.append(part.toordinal() if isinstance(part, date) else part)
    return tuple(out)


class Page:
    """Sort keys in order, as columns (one list per part of the key): a few long lists of text and
    numbers load quicker than thousands of short ones, and a search makes a key only of the rows it
    looks at."""

    def __init__(self, columns: list[list[Any]]) -> None:
        if len({len(column) for column in columns}) > 1:
            raise ValueError("columns of different lengths")
        self.columns = columns

    @classmethod
    def of(cls, keys: list[Key]) -> Page:
        return cls([list(column) for column in zip(*keys, strict=True)])

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def _key(self, row: int) -> Key:
        return tuple([column[row] for column in self.columns])

    def _row(self, key: Key) -> int:
        return bisect_left(range(len(self)), key, key=self._key)

    def take(self, key: Key) -> int | None:
        """Remove `key`; its row, or None when it is not there."""
        row = self._row(key)
        if row == len(self) or self._key(row) != key:
            return None
        for column in self.columns:
            del column[row]
        return row

    def put(self, key: Key) -> int | None:
        """Insert `key` in order; its row, or None when an equal key is there (their order would be
        the full build's to decide) or it is not of the section's kind."""
        row = self._row(key)
        if len(key) != len(self.columns) or (row < len(self) and self._key(row) == key):
            return None
        for column, part in zip(self.columns, key, strict=True):
            column.insert(row, part)
        return row

    def to_json(self) -> str:
        return json.dumps([_column_to_json(column) for column in self.columns], ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Page:
        columns = [column.split("\n") if isinstance(column, str) else column for column in json.loads(text)]
        if not all(isinstance(column, list) for column in columns):
            raise ValueError("keys are not columns")
        return cls(columns)


Pages = Callable[[int], str]  # the JSON text of a saved page, by its number (ValueError if there is none)


def no_pages(number: int) -> str:
    raise ValueError(f"no saved page {number}")


class Keys:
    """A section's sort keys in the dashboard's order, in pages of PAGE keys, each kept in the cache
    as a JSON text of its own: a build reads and parses only the pages its changes fall in (routed by
    each page's first key), however long the section. A page not read yet is its number in `saved`."""

    def __init__(self, firsts: list[Key], counts: list[int], pages: list[Page | int], saved: Pages = no_pages) -> None:
        if not len(firsts) == len(counts) == len(pages):
            raise ValueError("pages, their first keys and counts do not match")
        self.firsts, self.counts, self.pages, self.saved = firsts, counts, pages, saved

    @classmethod
    def of(cls, keys: list[Key]) -> Keys:
        chunks = [keys[at : at + PAGE] for at in range(0, len(keys), PAGE)]
        return cls([chunk[0] for chunk in chunks], [len(chunk) for chunk in chunks], [Page.of(c) for c in chunks])

    def __len__(self) -> int:
        return sum(self.counts)

    def _page(self, key: Key) -> tuple[int, Page]:
        """The page `key` belongs in (loaded), and its number."""
        number = max(bisect_right(self.firsts, key) - 1, 0)
        page = self.pages[number]
        if not isinstance(page, Page):
            page = self.pages[number] = Page.from_json(self.saved(page))
            if len(page) != self.counts[number]:
                raise ValueError("a page of another length than its count")
        return number, page

    def take(self, key: Key) -> int | None:
        """Remove `key`; its row, or None when it is not there."""
        return self._move(key, Page.take, -1)

    def put(self, key: Key) -> int | None:
        """Insert `key` in order (see Page.put); its row, or None."""
        return self._move(key, Page.put, +1)

    def _move(self, key: Key, move: Callable[[Page, Key], int | None], change: int) -> int | None:
        if not self.pages:
            return None
        number, page = self._page(key)
        row = move(page, key)
        if row is None:
            return None
        self.counts[number] += change
        return sum(self.counts[:number]) + row

    def to_json(self, texts: list[str]) -> dict[str, Any]:
        """The keys as JSON, their pages' texts added to `texts` (and numbered by their place there)."""
        numbers = []
        for page in self.pages:
            numbers.append(len(texts))
            texts.append(page.to_json() if isinstance(page, Page) else self.saved(page))
        return {"firsts": self.firsts, "counts": self.counts, "pages": numbers}

    @classmethod
    def from_json(cls, data: Any, saved: Pages) -> Keys:
        firsts = [tuple(first) for first in data["firsts"]]
        return cls(firsts, [int(count) for count in data["counts"]], [int(page) for page in data["pages"]], saved)


@dataclass
class Section:
    start: int  # the dashboard line of its first item
    keys: Keys


@dataclass
class Layout:
    """Where the last dashboard's items are: each section's first line and its items' sort keys."""

    today: date
    sections: dict[str, Section]

    def counts(self) -> dict[str, int]:
        return {name: len(section.keys) for name, section in self.sections.items()}


@dataclass(frozen=True)
class Facts:
    """What the last build found about one person note from the other notes."""

    mentions: tuple[date, ...] = ()  # dates of daily notes that mention the person
    near_target: bool = False  # whether being in touch or not can change a path (paths.near_targets)
    twin: bool = False  # left out of the index because another note has the person's name


Delta = dict[str, tuple[list[Key], list[Key]]]  # by section: the keys taken out, the keys put in


@dataclass
class Change:
    old: Note
    new: Note
    facts: Facts


@dataclass
class Spliced:
    data: bytes
    delta: Delta = field(default_factory=dict)
    errors: int = 0  # how many more problems of severity "error" than before


def touches_only_itself(change: Change, today: date) -> bool:
    """Whether a note's change leaves every other person's part of the dashboard as it was."""
    old, new, facts = change.old, change.new, change.facts
    if old.path != new.path or old.daily_date != new.daily_date or old.mentions != new.mentions:
        return False
    if old.person is None or new.person is None:
        return old.person is None and new.person is None
    if facts.twin or network_signature(old) != network_signature(new):
        return False
    if old.person.target != new.person.target:
        return False
    if not facts.near_target:
        return True
    in_touch = (last_contact(old.person, facts.mentions, today), last_contact(new.person, facts.mentions, today))
    return (in_touch[0] is None) == (in_touch[1] is None)


def shown(note: Note, facts: Facts, config: Config, today: date) -> dict[str, list[Item]]:
    """A note's items on the dashboard, by section."""
    items: dict[str, list[Item]] = {name: [] for name in SECTIONS}
    items["problems"].extend(note.problems)
    if note.person is not None:
        person = person_facts(note.person, facts.mentions, config, today)
        if person.follow_up is not None and person.follow_up.due <= add_days(today, config.horizon_days):
            items["due"].append(person.follow_up)
        items["milestones"].extend(person.milestones)
        items["news"].extend(person.news)
        if person.balance is not None:
            items["balance"].append(person.balance)
    return items


def lines_of(section: str, items: list[Item], config: Config, today: date) -> list[str] | None:
    """The items' lines as the template's block renders them; None unless it is one line each."""
    if not items:
        return []  # (an empty block may say so: "Nobody is due")
    insights = Insights(today, [], [], [], [], [], [], [], [], 0)
    context = insights.context(config) | {section: items}
    lines = render_packaged_block(TEMPLATE, section, context).split("\n")
    return lines[:-1] if len(lines) == len(items) + 1 and lines[-1] == "" else None


def splice(layout: Layout, data: bytes, changes: list[Change], config: Config) -> Spliced | None:
    """The dashboard `data` with the changed notes' lines replaced, and `layout` moved along; None
    when one of them touches more than itself or the dashboard is not as the layout says."""
    today = layout.today
    if not all(touches_only_itself(change, today) for change in changes):
        return None
    gone = _merged(shown(change.old, change.facts, config, today) for change in changes)
    came = _merged(shown(change.new, change.facts, config, today) for change in changes)
    lines = Lines(data.split(b"\n"))
    spliced, shift = Spliced(data), 0
    for name in SECTIONS:
        section = layout.sections[name]
        section.start += shift
        if not gone[name] and not came[name]:
            continue
        moved = _spliced_section(section, lines, name, (gone[name], came[name]), config, today)
        if moved is None:
            return None
        spliced.delta[name] = moved
        shift += len(moved[1]) - len(moved[0])
    spliced.errors = sum(_errors(change.new) - _errors(change.old) for change in changes)
    spliced.data = b"\n".join(lines.lines)
    return spliced


class Lines:
    """The dashboard's lines, as written: with the line endings the file had (write.match_style),
    all of them the same, so the first line says which."""

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines
        self.end = b"\r" if lines[0].endswith(b"\r") else b""

    def take(self, at: int, text: str) -> bool:
        """Remove line `at` if it is `text`; whether it was."""
        if not 0 < at < len(self.lines) or self.lines[at] != text.encode("utf-8") + self.end:
            return False
        del self.lines[at]
        return True

    def put(self, at: int, text: str) -> None:
        self.lines.insert(at, text.encode("utf-8") + self.end)


def _spliced_section(
    section: Section,
    lines: Lines,
    name: str,
    items: tuple[list[Item], list[Item]],
    config: Config,
    today: date,
) -> tuple[list[Key], list[Key]] | None:
    """Take a section's old items' lines out and put its new ones in; the keys taken and put, or None
    when the section appears or empties (its heading, or "Nobody is due", changes) or its lines are
    not where its keys say."""
    gone, came = items
    if len(section.keys) == 0 or len(section.keys) == len(gone) - len(came):
        return None
    old_lines, new_lines = lines_of(name, gone, config, today), lines_of(name, came, config, today)
    if old_lines is None or new_lines is None:
        return None
    removed, added = [flat(item.sort_key()) for item in gone], [flat(item.sort_key()) for item in came]
    for key, text in zip(removed, old_lines, strict=True):
        row = section.keys.take(key)
        if row is None or not lines.take(section.start + row, text):
            return None
    for key, text in zip(added, new_lines, strict=True):
        row = section.keys.put(key)
        if row is None:
            return None
        lines.put(section.start + row, text)
    return removed, added


def replay(layout: Layout, delta: Delta) -> bool:
    """Move `layout` along a splice's delta (as kept in the cache's journal); False when it does not fit."""
    shift = 0
    for name in SECTIONS:
        section = layout.sections[name]
        section.start += shift
        removed, added = delta.get(name, ([], []))
        if any(section.keys.take(key) is None for key in removed):
            return False
        if any(section.keys.put(key) is None for key in added):
            return False
        shift += len(added) - len(removed)
    return True


def _merged(parts: Iterable[dict[str, list[Item]]]) -> dict[str, list[Item]]:
    merged: dict[str, list[Item]] = {name: [] for name in SECTIONS}
    for part in parts:
        for name, items in part.items():
            merged[name].extend(items)
    return merged


def _errors(note: Note) -> int:
    return sum(1 for problem in note.problems if problem.severity == "error")


def layout_of(insights: Insights, text: str, config: Config) -> Layout | None:
    """Where a full build's dashboard `text` shows each section's items: its first item's line, found
    after the section before, and its last item's line as many lines further on as it has items (so
    one line each); None when they are not there, or the items are not in the order of their keys."""
    lines, sections, at = text.split("\n"), {}, 0
    for name in SECTIONS:
        items: list[Item] = getattr(insights, name)
        keys = [flat(item.sort_key()) for item in items]
        if any(a > b for a, b in pairwise(keys)):
            return None
        sections[name] = Section(0, Keys.of(keys))
        if not items:
            continue
        first, last = (lines_of(name, [item], config, insights.today) for item in (items[0], items[-1]))
        start = _found(lines, first[0], at) if first is not None else None
        if start is None or last is None:
            return None
        at = start + len(items)
        if lines[at - 1 : at] != last:
            return None
        sections[name].start = start
    return Layout(insights.today, sections)


def _found(lines: list[str], line: str, at: int) -> int | None:
    """Where `line` is, from `at` on."""
    try:
        return lines.index(line, at)
    except ValueError:
        return None


def facts_of(index: Index, store: NoteStore) -> dict[str, Facts]:
    """What the build found about each person note from the others (see Facts)."""
    near = near_targets(index)
    facts = {}
    for path, note in store.notes.items():
        person = note.person
        if person is None:
            continue
        if index.people.get(person.name) is not person:
            facts[path] = Facts(twin=True)
        else:
            facts[path] = Facts(tuple(index.mentions.get(person.name, ())), person.name in near)
    return facts


# The cache keeps a Layout as JSON (dates as ordinals) and Facts one line per note; reading them back
# checks their shape and raises ValueError on anything else.


def layout_to_json(layout: Layout) -> tuple[dict[str, Any], list[str]]:
    """The layout as JSON, and the texts of its pages of keys (which it refers to by number)."""
    texts: list[str] = []
    sections = {name: {"start": s.start, "keys": s.keys.to_json(texts)} for name, s in layout.sections.items()}
    return {"today": layout.today.toordinal(), "sections": sections}, texts


def _column_to_json(column: list[Any]) -> list[Any] | str:
    """A column of text as one text of lines when it can be (about three times quicker to load)."""
    if column and all(isinstance(part, str) and "\n" not in part for part in column):
        return "\n".join(column)
    return column


def layout_from_json(data: Any, saved: Pages) -> Layout:
    """A layout from the cache; `saved` reads the texts of its pages when they are needed."""
    try:
        sections = {}
        for name in SECTIONS:
            section = data["sections"][name]
            sections[name] = Section(int(section["start"]), Keys.from_json(section["keys"], saved))
        return Layout(date.fromordinal(data["today"]), sections)
    except (TypeError, KeyError, AttributeError, OverflowError) as error:
        raise ValueError(f"not a saved layout: {error}") from error


def facts_line(path: str, facts: Facts | None) -> bytes:
    """A note's facts as the cache keeps them: a line of JSON (dates as ordinals)."""
    if facts is None:
        return json_line([path])
    return json_line([path, [day.toordinal() for day in facts.mentions], facts.near_target, facts.twin])


def facts_from_line(line: bytes, path: str) -> Facts | None:
    """The facts of the note at `path`: None for a note that is no person's; ValueError when the line
    holds no facts, or another note's."""
    try:
        data = json.loads(line)
        if data[0] != path:
            raise ValueError("the facts of another note")
        if len(data) == 1:
            return None
        _, mentions, near, twin = data
        return Facts(tuple(date.fromordinal(day) for day in mentions), bool(near), bool(twin))
    except (TypeError, IndexError, KeyError, OverflowError) as error:
        raise ValueError(f"not saved facts: {error}") from error


def delta_from_json(data: Any) -> Delta:
    """A splice's delta as the journal keeps it (keys as lists)."""
    try:
        return {
            str(name): ([tuple(key) for key in removed], [tuple(key) for key in added])
            for name, (removed, added) in data.items()
        }
    except (TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"not a saved delta: {error}") from error
