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
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.exchange.contacts import ImportFailure, read_limited
from vaultkit.exchange.recurrence import before_window, occurrences, window
from vaultkit.files.edit import LogLine, insert_log_lines, logged_lines
from vaultkit.network.identity import Identities, Record, email_key
from vaultkit.read.names import fold
from vaultkit.read.plain import plain_text

if TYPE_CHECKING:
    from vaultkit.network.index import Index

WORD = re.compile(r"\w+")


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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (the event, why it was skipped)

    def summary(self, dry_run: bool) -> str:
        verb = "would add" if dry_run else "added"
        matched = f"{self.events} events read, {self.matched} matched"
        text = f"{matched}, {verb} {self.added} lines, {self.already} already there"
        return text + (f", skipped {len(self.skipped)} that could not be read" if self.skipped else "")


@dataclass
class Calendar:
    """What a calendar file holds for the import: the meetings of the window, and what was skipped."""

    meetings: list[Meeting]
    events: int
    skipped: list[tuple[str, str]]


FOLDED = re.compile(rb"\r?\n[ \t]")


def read_calendar(path: Path) -> Any:
    """The parsed file. Folded lines are unfolded before the bytes are decoded, so a character that a
    fold split in two (`Jos` + `é`) is read whole; a byte that is not UTF-8 is replaced."""
    import icalendar

    text = FOLDED.sub(b"", read_limited(path)).decode("utf-8", errors="replace")
    try:
        return icalendar.Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as error:
        raise ImportFailure(f"{path}: not a readable iCalendar file ({error}); export it again as .ics") from None


def read_meetings(path: Path, since: date, today: date, now: datetime, me: Iterable[str] = ()) -> Calendar:
    """The occurrences of the calendar's events from `since` to today that ended before `now` (an
    aware date-time), each event on its own: one that cannot be read is skipped and named."""
    calendar = read_calendar(path)
    start, stop = window(since, today)
    mine = {email_key(address) for address in me}
    timezones = calendar.walk("VTIMEZONE")
    groups: dict[str, list[Any]] = {}
    for number, event in enumerate(calendar.walk("VEVENT")):
        groups.setdefault(str(event.get("UID") or f"event {number + 1}"), []).append(event)
    meetings: dict[tuple[str, date], Meeting] = {}
    skipped = []
    for uid, events in groups.items():
        try:
            early = before_window(events, since, start) if since < start else None
            for begin, end, occurrence in [early] if early else occurrences(events, timezones, start, stop):
                meeting = _meeting(begin, end, occurrence, now, mine)
                if meeting is not None and min(since, start) <= meeting.day < stop:
                    meetings.setdefault((uid, meeting.day), meeting)  # an event's day is one line
        except Exception as error:  # a broken event only: the library and dateutil raise many kinds
            skipped.append((_named(uid, events[0]), _reason(error)))
    found = sorted(meetings.values(), key=lambda m: (m.day, m.title))
    return Calendar(found, len(groups), skipped)


def _named(uid: str, event: Any) -> str:
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    return f"UID {uid}" + (f" ({summary})" if summary else "")


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return f"cannot be read ({text[:200]})"


def _meeting(begin: Any, end: Any, event: Any, now: datetime, me: set[str]) -> Meeting | None:
    """An occurrence as contact: None when it was cancelled, declined by you, or has not ended yet."""
    if not isinstance(begin, date):
        raise ValueError(f"DTSTART {begin!r} is not a date or a date-time")
    if str(event.get("STATUS", "")).upper() == "CANCELLED" or not _ended(end, now):
        return None
    addresses = set()
    for person in [event.get("ORGANIZER"), *_as_list(event.get("ATTENDEE"))]:
        if person is None or not (address := email_key(str(person))):
            continue
        declined = str(getattr(person, "params", {}).get("PARTSTAT", "")).upper() == "DECLINED"
        if declined and address in me:
            return None  # you did not go
        if not declined:
            addresses.add(address)
    day = begin.date() if isinstance(begin, datetime) else begin  # the date in the event's own zone
    title = " ".join(str(event.get("SUMMARY", "")).split()) or "Meeting"
    return Meeting(day, title, frozenset(addresses))


def _ended(end: Any, now: datetime) -> bool:
    """Whether an occurrence had ended by `now`: a date's day is over at its end (exclusive); a
    floating time is read in `now`'s zone."""
    if isinstance(end, datetime):
        return (end if end.tzinfo is not None else end.replace(tzinfo=now.tzinfo)) <= now
    return isinstance(end, date) and end <= now.date()


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


class Directory:
    """Who an address or a title names: guests as the identity rules match them (SPEC §8), and people
    by name and alias as whole words of the title (a name wins over another person's alias)."""

    def __init__(self, index: Index, me: Iterable[str]) -> None:
        self.me = {email_key(address) for address in me}
        self.identities = Identities.of(index.people.values())
        names: dict[tuple[str, ...], set[str]] = defaultdict(set)  # a name's words → notes
        aliases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for person in sorted(index.people.values(), key=lambda p: p.path):
            names[tuple(WORD.findall(fold(person.name)))].add(person.path)
            for alias in person.aliases:
                aliases[tuple(WORD.findall(fold(alias)))].add(person.path)
        self.by_words = {**{words: paths for words, paths in aliases.items() if words not in names}, **names}
        self.by_words.pop((), None)
        self.lengths = sorted({len(words) for words in self.by_words})

    def people(self, meeting: Meeting) -> set[str]:
        """The notes of the people at a meeting (by note path)."""
        guests = (self.identities.match(Record(emails=(address,))) for address in meeting.addresses - self.me)
        found = {guest.path for guest in guests if guest is not None}
        words = WORD.findall(fold(meeting.title))
        for at in range(len(words)):
            for length in self.lengths:
                found.update(self.by_words.get(tuple(words[at : at + length]), ()))
        return found


def match_meetings(calendar: Calendar, directory: Directory) -> CalendarReport:
    """Which line goes into which note."""
    report = CalendarReport(events=calendar.events, skipped=calendar.skipped)
    for meeting in calendar.meetings:
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
            have = logged_lines((root / path).read_bytes().decode("utf-8", errors="replace"))
            new = [line for line in dict.fromkeys(lines) if line.render() not in have]
            added = len(new)
        else:
            added = insert_log_lines(root / path, lines, once=True, root=root)
            new = lines[:added]
        report.added += added
        report.already += len(lines) - added
        shown.extend(f"{path}: {line.render()}" for line in new)
    return shown
