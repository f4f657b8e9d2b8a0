"""What a note's tasks and links say about people: promises (SPEC §4.10) and contact (§3).

An open task that links a person, and an open task in a person's own note, is a promise to that
person; a ticked task with a done date is contact on that date with the same people; a daily or
meeting note's links are contact on its date. No I/O: a link is resolved by the caller's `resolve`
(the index's, or the store's).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.read.dates import add_days
from vaultkit.read.fields import WHOLE_LINK
from vaultkit.read.names import name_key
from vaultkit.read.terms import link_target

if TYPE_CHECKING:
    from vaultkit.read.config import Config
    from vaultkit.read.model import Note, Task

Resolve = Callable[[str], str | None]


@dataclass(frozen=True)
class Promise:
    """An open task to one person, where it is, and its dates."""

    name: str
    text: str  # as written, without the Tasks plugin's and Dataview's fields
    made: date | None  # the date of the daily or meeting note it is in, else its created date
    due: date | None
    note: str  # the path of the note it is in
    line: int

    @property
    def day(self) -> date | None:
        """The date it is listed by: its due date, else the day it was made."""
        return self.due or self.made

    def past_due(self, today: date, promise_days: int) -> bool:
        """Due before today; or, with no due date, made more than `promise_days` ago."""
        if self.due is not None:
            return self.due < today
        return self.made is not None and self.made < add_days(today, -promise_days)

    def plain(self) -> str:
        """The text with each link as the text it shows (`[[Sam Okafor|Sam]]` → `Sam`), for a list."""
        if "[[" not in self.text:
            return self.text
        return WHOLE_LINK.sub(lambda m: (m["shown"] or "").strip() or link_target(m["target"]), self.text)

    @property
    def note_name(self) -> str:
        return self.note.rpartition("/")[2].removesuffix(".md")

    def sort_key(self) -> tuple[str, tuple[str, str], str, int]:
        """Oldest first (its due date, else the day made; neither: last), then name, note and line."""
        return (self.day.isoformat() if self.day else "9999-99-99", name_key(self.name), self.note, self.line)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "text": self.text,
            "made": self.made.isoformat() if self.made else None,
            "due": self.due.isoformat() if self.due else None,
            "note": self.note,
        }


def _people_of(note: Note, task: Task, resolve: Resolve) -> Iterator[str]:
    """The people a task is to: the person whose note it is in, and each person it links."""
    seen = set()
    if note.person is not None and (own := resolve(note.person.name)) == note.person.name:
        seen.add(own)
        yield own
    for target in task.links:
        name = resolve(target)
        if name is not None and name not in seen:
            seen.add(name)
            yield name


def promises_in(note: Note, resolve: Resolve) -> list[Promise]:
    """The promises of one note: an open task to each of its people."""
    made_on = note.daily_date
    return [
        Promise(name, task.text, made_on or task.created, task.due, note.path, task.line)
        for task in note.tasks
        if task.done is None
        for name in _people_of(note, task, resolve)
    ]


class Contact(NamedTuple):
    """Contact a note records with a person (SPEC §3), and where (the brief's Recent, SPEC §6): a
    meeting note's contact properties name them (`meeting`, the text its title), a daily note's body
    links them (`daily`, the line that does), a done task (`task`, its text)."""

    name: str
    date: date
    source: str  # `meeting`, `daily` or `task`
    text: str
    note: str  # the path of the note it is recorded in


def contacts_in(note: Note, resolve: Resolve, config: Config) -> list[Contact]:
    """Each contact a note records: a daily or meeting note's links on its date (when
    `daily_notes_count`), a done task's people on its done date."""
    found: list[Contact] = []
    if note.daily_date is not None and config.daily_notes_count:
        met = {name for target in note.attendees if (name := resolve(target)) is not None}
        said, seen = dict(note.said), set()
        for target in note.mentions:
            if (name := resolve(target)) is None or name in seen:
                continue
            seen.add(name)
            if name in met:
                found.append(Contact(name, note.daily_date, "meeting", meeting_title(note.path), note.path))
            else:
                found.append(Contact(name, note.daily_date, "daily", said.get(target, ""), note.path))
    for task in note.tasks:
        if task.done is not None:
            found.extend(
                Contact(name, task.done, "task", task.text, note.path) for name in _people_of(note, task, resolve)
            )
    return found


def meeting_title(path: str) -> str:
    """What a meeting note is called, without the date its name starts with (`2023-09-12 Meeting with
    Steph` → `Meeting with Steph`); the whole name when nothing else is left."""
    name = path.rpartition("/")[2].removesuffix(".md")
    rest = DATED_NAME.sub("", name, count=1).strip()
    return rest or name


DATED_NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[\s·,:\-–—]*")
