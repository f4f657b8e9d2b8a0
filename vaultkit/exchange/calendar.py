"""`vaultkit export ics`: follow-ups, birthdays and milestones as an iCalendar file.

Every tracked person's next follow-up is an all-day event (not only those within the horizon; an
overdue one is on today, so a calendar's today view shows it); each birthday and milestone is a yearly
all-day event. Every event's description says why, and links to the note (`obsidian://open?…`).
UIDs come from the person and the event's kind, so a calendar that subscribes to the file updates
events instead of duplicating them; DTSTAMP is the build date, so the same vault and date give the
same bytes.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from icalendar import Calendar, Event, vRecur

from vaultkit import __version__
from vaultkit.insights.followups import FollowUp, all_follow_ups
from vaultkit.insights.milestones import BIRTHDAY, FAMILY, yearly_dates
from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config
    from vaultkit.read.model import PartialDate, Person

LEAP_YEAR = 2000  # for yearly dates written without a year


def uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@vaultkit"


def note_url(vault: str, path: str) -> str:
    """The `obsidian://` link that opens a note: the vault by its folder's name, the file without `.md`."""
    return f"obsidian://open?vault={quote(vault, safe='')}&file={quote(path.removesuffix('.md'), safe='')}"


def _all_day(summary: str, day: date, key: tuple[str, ...], stamp: datetime, description: str) -> Event:
    event = Event()
    event.add("uid", uid(*key))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    if day < date.max:  # an all-day event without DTEND lasts its one day (RFC 5545)
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def _follow_up(item: FollowUp, person: Person, vault: str, today: date, stamp: datetime) -> Event:
    """On its due date, or today when overdue: a calendar's today view shows what is late."""
    last = item.last_contact.isoformat() if item.last_contact else "never"
    lines = [f"{item.cadence_words.capitalize()}; last contact {last}."]
    if item.overdue:
        lines.append(f"Due since {item.due.isoformat()}.")
    lines.append(note_url(vault, person.path))
    when = max(item.due, today)
    return _all_day(f"Follow up with {item.name}", when, ("follow-up", item.name), stamp, "\n".join(lines))


def _yearly(person: Person, label: str, when: PartialDate, kind: str, vault: str, stamp: datetime) -> Event:
    first = date(when.year or LEAP_YEAR, when.month, when.day)
    if kind == BIRTHDAY:
        summary, what = f"{person.name}'s birthday", "Birthday"
    elif kind == FAMILY:
        summary = what = f"{person.name}: {label}'s birthday"
    else:
        summary, what = f"{person.name}: {label}", label.capitalize()
    since = f" (since {when.year})" if when.year else ""
    gifts = f"\nGift ideas: {', '.join(person.gift_ideas)}." if kind == BIRTHDAY and person.gift_ideas else ""
    description = f"{what}{since}.{gifts}\n{note_url(vault, person.path)}"
    event = _all_day(summary, first, ("yearly", person.name, label), stamp, description)
    rule = {"freq": "yearly"}
    if (when.month, when.day) == (2, 29):  # the last day of February: the 28th in other years
        rule.update({"bymonth": "2", "bymonthday": "-1"})
    event.add("rrule", vRecur(rule))
    return event


def export_ics(index: Index, config: Config, today: date, vault: str) -> bytes:
    """The calendar as bytes: same vault and date, same bytes. `vault` is the vault folder's name."""
    stamp = datetime.combine(today, time(0, 0), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//vaultkit//vaultkit {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "vaultkit")
    contacts = index.last_contacts(today)
    for item in all_follow_ups(index, config, today, contacts):
        calendar.add_component(_follow_up(item, index.people[item.name], vault, today, stamp))
    for person in sorted(index.people.values(), key=lambda p: name_key(p.name)):
        for label, when, kind in yearly_dates(person):
            calendar.add_component(_yearly(person, label, when, kind, vault, stamp))
    return bytes(calendar.to_ical())
