"""`vaultkit import ics`: contact recorded from your calendar (SPEC §6).

Every past event within `since` whose attendees or organizer match a person's `email` (one address or
several), or whose title holds a person's full name as whole words (the note's name, or an alias of two
words or more: a one-word alias such as `Mai` or `Bob` is no evidence in "Tag der Arbeit (1. Mai)"), becomes
`- DATE TITLE (calendar)` in that person's log. A recurring event counts once per past occurrence
(expanded by `recurring_ical_events`), an event's date is taken in its own time zone (an all-day event
is its date), your own addresses (`me:`) are nobody, and a line already in the log is not added again.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.exchange.contacts import read_limited
from vaultkit.exchange.exports import ImportFailure, wrong_kind
from vaultkit.exchange.messages import plural
from vaultkit.exchange.recurrence import TooOften, before_window, occurrences, window
from vaultkit.files.edit import LogLine, insert_log_lines, logged_lines
from vaultkit.network.identity import Identities, Record, email_key
from vaultkit.read.names import fold
from vaultkit.read.plain import plain_text

if TYPE_CHECKING:
    from vaultkit.network.index import Index

WORD = re.compile(r"\w+")
FULL_NAME = 2  # words an alias needs to name someone in a title (`Kate` in "Kate Bush listening party" does not)


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
    matched: int = 0  # days of an event (occurrences) with someone in the vault
    lines: dict[str, list[LogLine]] = field(default_factory=lambda: defaultdict(list))  # note path → lines
    added: int = 0
    already: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (the event, why it was skipped)
    days: int = 0  # days of an event in the window that had ended (a recurring event has many)
    how: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))  # note → how matched → days

    def summary(self, dry_run: bool) -> str:
        """`3 events read: 5 event days in the window, 4 with someone in the vault; added 6 lines, 0
        already there` (a recurring event has many days, and a day with two people adds two lines)."""
        verb = "would add" if dry_run else "added"
        text = f"{plural(self.events, 'event')} read: {plural(self.days, 'event day')} in the window, {self.matched:,}"
        text += f" with someone in the vault; {verb} {plural(self.added, 'line')}, {self.already:,} already there"
        return text + (f", skipped {len(self.skipped):,} that could not be read" if self.skipped else "")


@dataclass
class Calendar:
    """What a calendar file holds for the import: the meetings of the window, and what was skipped."""

    meetings: list[Meeting]
    events: int
    skipped: list[tuple[str, str]]


FOLDED = re.compile(rb"\r?\n[ \t]")


def read_calendar(path: Path) -> list[Any]:
    """The file's calendars (a file may hold several `VCALENDAR`s, one after another). Folded lines
    are unfolded before the bytes are decoded, so a character that a fold split in two (`Jos` + `é`)
    is read whole; a byte-order mark (Windows tools write one) is left; a byte that is not UTF-8 is
    replaced. A file without `BEGIN:VCALENDAR` is refused, saying what it looks like."""
    import icalendar

    data = read_limited(path)
    text = FOLDED.sub(b"", data).decode("utf-8-sig", errors="replace").lstrip("\ufeff \t\r\n")
    if not text[:15].upper().startswith("BEGIN:VCALENDAR"):
        raise wrong_kind(path, data[:4096], "an iCalendar file (it does not begin with BEGIN:VCALENDAR)")
    try:
        return list(icalendar.Calendar.from_ical(text, multiple=True))
    except (ValueError, IndexError, KeyError) as error:
        raise ImportFailure(f"{path}: not a readable iCalendar file ({error}); export it again as .ics") from None


def read_meetings(path: Path, since: date, today: date, now: datetime, me: Iterable[str] = ()) -> Calendar:
    """The occurrences of the calendar's events from `since` to today that ended before `now` (an
    aware date-time), each event on its own: one that cannot be read is skipped and named."""
    calendars = read_calendar(path)
    start, stop = window(since, today)
    mine = {email_key(address) for address in me}
    timezones = [zone for calendar in calendars for zone in calendar.walk("VTIMEZONE")]
    groups: dict[str, list[Any]] = {}
    events = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    for number, event in enumerate(events):
        groups.setdefault(str(event.get("UID") or f"event {number + 1}"), []).append(event)
    meetings: dict[tuple[str, date], Meeting] = {}
    skipped = []
    for uid, events in groups.items():
        try:
            _readable(events)
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
    summary = " ".join(_text(event.get("SUMMARY", "")).split())
    return f"UID {uid}" + (f" ({summary})" if summary else "")


class Unreadable(ValueError):
    """An event that cannot be read, said in words."""


def _readable(events: list[Any]) -> None:
    """Unreadable, saying why in words, for an event whose start is missing, written twice, or no date."""
    for event in events:
        start = event.get("DTSTART")
        if start is None:
            raise Unreadable("it has no start (DTSTART)")
        if isinstance(start, list):
            raise Unreadable(f"it has {len(start)} starts (DTSTART) where an event has one")
        if not isinstance(getattr(start, "dt", None), date):
            raise Unreadable("its start (DTSTART) is no date")
        rules = event.get("RRULE")
        if rules is not None and any(not rule.get("FREQ") for rule in _as_list(rules)):
            raise Unreadable("its repeat rule (RRULE) is not iCalendar's (vCalendar 1.0 writes `W1 MO #3`)")
        for key in ("DTEND", "DURATION", "RRULE", "RECURRENCE-ID"):
            if key != "RRULE" and isinstance(event.get(key), list):
                raise Unreadable(f"it has {len(event.get(key))} {key} lines where an event has one")


def _reason(error: Exception) -> str:
    """Why an event was skipped, in words: never a Python message (`'list' object has no attribute 'dt'`)."""
    if isinstance(error, Unreadable):
        return f"cannot be read: {error}"
    text = str(error)
    if isinstance(error, OverflowError) or "out of range" in text or ("year" in text and "is out" in text):
        return "cannot be read: a date of it falls outside the calendar (years 1 to 9999)"
    if isinstance(error, TooOften):
        return f"cannot be read: {text}"
    if "RRULE" in text.upper() or "rrule" in text:
        return "cannot be read: its repeat rule (RRULE) is not valid iCalendar"
    if isinstance(error, (KeyError, LookupError)) or "zone" in text.lower():
        return "cannot be read: its time zone is not one the file defines or the world knows"
    return "cannot be read: its dates, duration or repeat rule are not valid iCalendar"


def _meeting(begin: Any, end: Any, event: Any, now: datetime, me: set[str]) -> Meeting | None:
    """An occurrence as contact: None when it was cancelled, declined by you, or has not ended yet."""
    if not isinstance(begin, date):
        raise Unreadable("its start (DTSTART) is no date")
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
    title = " ".join(_text(event.get("SUMMARY", "")).split()) or "Meeting"
    return Meeting(day, title, frozenset(addresses))


def _text(value: Any) -> str:
    """A text property; vCalendar 1.0 (`.vcs`, from phones and older Outlook) may write it
    quoted-printable (`SUMMARY;ENCODING=QUOTED-PRINTABLE:Caf=C3=A9`), which icalendar leaves encoded."""
    params = getattr(value, "params", {})
    if str(params.get("ENCODING", "")).upper() != "QUOTED-PRINTABLE":
        return str(value)
    import quopri

    charset = str(params.get("CHARSET", "utf-8"))
    try:
        return quopri.decodestring(str(value).encode("utf-8")).decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know: UTF-8, which most are
        return quopri.decodestring(str(value).encode("utf-8")).decode("utf-8", errors="replace")


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
    by name and by an alias of two words or more, as whole words of the title (a name wins over another
    person's alias; a one-word alias names nobody in a title)."""

    def __init__(self, index: Index, me: Iterable[str]) -> None:
        self.me = {email_key(address) for address in me}
        self.identities = Identities.of(index.people.values())
        names: dict[tuple[str, ...], set[str]] = defaultdict(set)  # a name's words → notes
        aliases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for person in sorted(index.people.values(), key=lambda p: p.path):
            names[tuple(WORD.findall(fold(person.name)))].add(person.path)
            for alias in person.aliases:
                if len(words := tuple(WORD.findall(fold(alias)))) >= FULL_NAME:
                    aliases[words].add(person.path)
        self.by_words = {**{words: paths for words, paths in aliases.items() if words not in names}, **names}
        self.how = {  # a title's words that are an alias, not a name: matched `by alias in the title`
            (words, path): "by alias in the title"
            for words, paths in aliases.items()
            if words not in names
            for path in paths
        }
        self.by_words.pop((), None)
        self.lengths = sorted({len(words) for words in self.by_words})

    def people(self, meeting: Meeting) -> dict[str, str]:
        """The notes of the people at a meeting (by note path), each with how it matched (`by e-mail`,
        `by name in the title`)."""
        found: dict[str, str] = {}
        for address in sorted(meeting.addresses - self.me):
            guest = self.identities.match(Record(emails=(address,)))
            if guest is not None and not guest.ambiguous:
                found.setdefault(guest.path, "by e-mail")
        words = WORD.findall(fold(meeting.title))
        for at in range(len(words)):
            for length in self.lengths:
                for path in sorted(self.by_words.get(tuple(words[at : at + length]), ())):
                    found.setdefault(path, self.how.get((tuple(words[at : at + length]), path), "by name in the title"))
        return found


def match_meetings(calendar: Calendar, directory: Directory) -> CalendarReport:
    """Which line goes into which note."""
    report = CalendarReport(events=calendar.events, skipped=calendar.skipped, days=len(calendar.meetings))
    for meeting in calendar.meetings:
        people = directory.people(meeting)
        report.matched += bool(people)
        for path, how in sorted(people.items()):
            report.lines[path].append(meeting.line())
            report.how[path][how] += 1
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
