"""`vaultkit import ics`: contact recorded from your calendar (SPEC §6).

Every past event within `since` whose attendees or organizer match a person's `email` (one address or
several), or whose title holds a person's name or an alias as whole words, becomes
`- DATE TITLE (calendar)` in that person's log. A recurring event counts once per past occurrence
(expanded by `recurring_ical_events`), an event's date is taken in its own time zone (an all-day event
is its date), your own addresses (`me:`) are nobody, and a line already in the log is not added again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from vaultkit.exchange.contacts import ImportFailure, read_limited
from vaultkit.files.edit import LogLine, already_logged, insert_log_lines
from vaultkit.network.index import Index
from vaultkit.read.names import fold
from vaultkit.read.plain import plain_text

WORD = re.compile(r"\w+")
ADDRESS = re.compile(r"[^\s,;<>]+@[^\s,;<>]+")


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a calendar event: its day, title, and every address on it."""

    day: date
    title: str
    addresses: frozenset[str]

    def line(self) -> LogLine:
        return LogLine(self.day, f"{plain_text(self.title)} (calendar)")


@dataclass
class CalendarReport:
    events: int = 0
    matched: int = 0
    lines: dict[str, list[LogLine]] = field(default_factory=lambda: defaultdict(list))  # note path → lines
    added: int = 0
    already: int = 0

    def summary(self, dry_run: bool) -> str:
        verb = "would add" if dry_run else "added"
        matched = f"{self.events} events read, {self.matched} matched"
        return f"{matched}, {verb} {self.added} lines, {self.already} already there"


def read_meetings(path: Path, since: date, today: date) -> tuple[list[Meeting], int]:
    """The past occurrences of the calendar's events from `since` to today, and how many events it holds."""
    import icalendar
    import recurring_ical_events

    try:
        calendar = icalendar.Calendar.from_ical(read_limited(path))
    except (ValueError, IndexError, KeyError) as error:
        raise ImportFailure(f"{path}: not a readable iCalendar file ({error}); export it again as .ics") from None
    events = len(calendar.walk("VEVENT"))
    try:
        occurrences = recurring_ical_events.of(calendar).between(since, today + timedelta(days=1))
    except Exception as error:  # a malformed rule of one event: the library raises many kinds
        raise ImportFailure(f"{path}: its recurrence rules cannot be read ({error})") from None
    meetings = [m for event in occurrences if (m := _meeting(event)) is not None and since <= m.day <= today]
    return sorted(meetings, key=lambda m: (m.day, m.title)), events


def _meeting(event: Any) -> Meeting | None:
    start = event.get("DTSTART")
    if start is None:
        return None
    when = start.dt
    day = when.date() if isinstance(when, datetime) else when  # the date in the event's own zone
    title = " ".join(str(event.get("SUMMARY", "")).split()) or "Meeting"
    people = [event.get("ORGANIZER"), *_as_list(event.get("ATTENDEE"))]
    addresses = frozenset(_address(str(p)) for p in people if p is not None and _address(str(p)))
    return Meeting(day, title, addresses)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _address(value: str) -> str:
    return value.removeprefix("mailto:").removeprefix("MAILTO:").strip().casefold()


class Directory:
    """Who an address or a title names: people by `email`, and by name and alias as whole words."""

    def __init__(self, index: Index, me: Iterable[str]) -> None:
        self.me = {address.casefold() for address in me}
        self.by_address: dict[str, str] = {}
        self.by_words: dict[tuple[str, ...], set[str]] = defaultdict(set)  # a name's words → notes
        for person in sorted(index.people.values(), key=lambda p: p.path):
            for address in ADDRESS.findall(dict(person.details).get("email", "")):
                self.by_address.setdefault(address.casefold(), person.path)
            for name in (person.name, *person.aliases):
                words = tuple(WORD.findall(fold(name)))
                if words:
                    self.by_words[words].add(person.path)
        self.lengths = sorted({len(words) for words in self.by_words})

    def people(self, meeting: Meeting) -> set[str]:
        """The notes of the people at a meeting (by note path)."""
        found = {self.by_address[a] for a in meeting.addresses - self.me if a in self.by_address}
        words = WORD.findall(fold(meeting.title))
        for at in range(len(words)):
            for length in self.lengths:
                found.update(self.by_words.get(tuple(words[at : at + length]), ()))
        return found


def match_meetings(meetings: list[Meeting], directory: Directory, events: int) -> CalendarReport:
    """Which line goes into which note."""
    report = CalendarReport(events=events)
    for meeting in meetings:
        people = directory.people(meeting)
        report.matched += bool(people)
        for path in sorted(people):
            report.lines[path].append(meeting.line())
    return report


def record(report: CalendarReport, root: Path, dry_run: bool) -> list[str]:
    """Insert each note's lines (or, with `dry_run`, only count them); what was added, one line each."""
    shown: list[str] = []
    for path, lines in sorted(report.lines.items()):
        if dry_run:
            text = (root / path).read_bytes().decode("utf-8", errors="replace")
            new = [line for line in dict.fromkeys(lines) if not already_logged(text, line.render())]
            added = len(new)
        else:
            added = insert_log_lines(root / path, lines, once=True, root=root)
            new = lines[:added]
        report.added += added
        report.already += len(lines) - added
        shown.extend(f"{path}: {line.render()}" for line in new)
    return shown
