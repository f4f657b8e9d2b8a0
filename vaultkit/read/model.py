"""The plain objects handed from stage to stage: notes, people, interactions, problems.

They are immutable named tuples rather than dataclasses: a cold start parses notes in several
processes, and named tuples cross a process boundary about three times faster (see benchmarks/).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


def code(value: object) -> str:
    """`value` as a Markdown code span, for a message that quotes a note: nothing in it is read as
    Markdown, and it reads cleanly in a terminal too. The fence is longer than any backtick run in it."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if not text or text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class Problem(NamedTuple):
    """Something wrong with one file, reported to the user and never raised."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def sort_key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.message)


class PartialDate(NamedTuple):
    """A yearly date such as a birthday: month and day, the year when known."""

    month: int
    day: int
    year: int | None = None

    def text(self) -> str:
        md = f"{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{md}" if self.year is not None else md


class Interaction(NamedTuple):
    """One dated entry of a person's log: a list item or a dated heading."""

    date: date
    text: str
    line: int
    gave: bool = False
    got: bool = False
    intro: bool = False
    links: tuple[str, ...] = ()
    news: bool = False  # `#news`: news about them (the LinkedIn import writes it), not a contact
    ask: bool = False  # `#intro-ask`: you asked whether they would like an introduction to those it links


class Task(NamedTuple):
    """A task vaultkit reads (SPEC §3, §4.10): an open one is a promise to the people it links (and to
    the person whose note it is in); a ticked one with a done date is contact on that date."""

    line: int
    text: str  # as written after the box, without the dates and fields the Tasks plugin and Dataview add
    links: tuple[str, ...]
    due: date | None = None  # `📅 2026-11-25`, `[due:: 2026-11-25]`
    done: date | None = None  # a ticked task's `✅ 2026-11-12` or `[completion:: …]`; None: open
    created: date | None = None  # `➕ 2026-11-02`, `[created:: …]`


class Person(NamedTuple):
    """A person note's validated fields. Terms (interests, offers, needs) are already normalised."""

    name: str
    path: str
    aliases: tuple[str, ...] = ()
    tie: str | None = None
    cadence: str | None = None
    last_contact: date | None = None
    follow_up: date | None = None
    birthday: PartialDate | None = None
    milestones: tuple[tuple[str, PartialDate], ...] = ()
    knows: tuple[str, ...] = ()
    introduced: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    target: bool = False
    no_intros: bool = False
    details: tuple[tuple[str, str], ...] = ()
    interactions: tuple[Interaction, ...] = ()
    # How the note writes a term whose normalised form differs only in case or separators (`AT&T`).
    spelled: tuple[tuple[str, str], ...] = ()
    # The front matter line of each link field (`knows`, `introduced`), for warnings about its links.
    link_lines: tuple[tuple[str, int], ...] = ()
    family: tuple[tuple[str, PartialDate], ...] = ()  # `Mira (daughter): 2019-05-02`
    likes: tuple[str, ...] = ()
    gift_ideas: tuple[str, ...] = ()
    met: date | None = None
    met_through: tuple[str, ...] = ()  # link targets: an edge of the network, like `knows`
    notes: str = ""  # your own notes about them: the body outside its title and Log, as written
    companies: tuple[str, ...] = ()  # each company of theirs, as written (`company`, kepano's `org`: a list)
    by: str = ""  # what makes the note a person besides a people folder: `type`, `tag:person`, `category:People`
    locations: tuple[str, ...] = ()  # each place of theirs, as written (`location`, kepano's `loc`: a list)


def works_at(person: Person) -> tuple[str, ...]:
    """A person's companies as written: the list a note reads (`org`), else its `company` text."""
    if person.companies or not person.details:
        return person.companies
    return tuple(text for key, text in person.details if key == "company")


def lives_in(person: Person) -> tuple[str, ...]:
    """A person's places as written: the list a note reads (`loc`), else its `location` text."""
    if person.locations or not person.details:
        return person.locations
    return tuple(text for key, text in person.details if key == "location")


class Clipping(NamedTuple):
    """A saved article (SPEC §4.5): its note name, date and terms (normalised), and how they are written."""

    name: str
    day: date | None
    terms: tuple[str, ...]
    spelled: tuple[tuple[str, str], ...] = ()


class Trip(NamedTuple):
    """A trip of yours (SPEC §1): a note in a `trip_categories` category or of `type: trip`, its days
    and its places, as written (a link's shown text)."""

    name: str
    start: date
    end: date
    places: tuple[str, ...]


class Note(NamedTuple):
    """What vaultkit keeps of one Markdown file: a person, a daily note's contacts, a clipping, and
    its problems."""

    path: str
    person: Person | None = None
    daily_date: date | None = None
    mentions: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    clipping: Clipping | None = None
    tasks: tuple[Task, ...] = ()  # the open tasks that are promises, the done ones that are contact
    trip: Trip | None = None
    inside: tuple[str, ...] = ()  # a place note's `loc` links: the places it lies in (Kyoto in Japan)
    attendees: tuple[str, ...] = ()  # a dated note's contact properties' links: a meeting (SPEC §1)
    said: tuple[tuple[str, str], ...] = ()  # a daily note's body link → the first line that makes it
