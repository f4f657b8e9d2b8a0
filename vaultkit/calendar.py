"""`vaultkit export ics`: follow-ups, birthdays and milestones as an iCalendar file.

Every tracked person's next follow-up is an all-day event (not only those within the horizon); each
birthday and milestone is a yearly all-day event. UIDs come from the person and the event's kind, so a
calendar that subscribes to the file updates events instead of duplicating them; DTSTAMP is the build
date, so the same vault and date give the same bytes.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, vRecur

from vaultkit import __version__
from vaultkit.config import Config
from vaultkit.followups import all_follow_ups
from vaultkit.index import Index
from vaultkit.milestones import BIRTHDAY
from vaultkit.model import PartialDate
from vaultkit.names import name_key

LEAP_YEAR = 2000  # for yearly dates written without a year


def uid(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{digest}@vaultkit"


def _all_day(summary: str, day: date, key: tuple[str, ...], stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid(*key))
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    if day < date.max:  # an all-day event without DTEND lasts its one day (RFC 5545)
        event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    return event


def _yearly(name: str, label: str, when: PartialDate, stamp: datetime) -> Event:
    first = date(when.year or LEAP_YEAR, when.month, when.day)
    summary = f"{name}'s birthday" if label == BIRTHDAY else f"{name}: {label}"
    event = _all_day(summary, first, ("yearly", name, label), stamp)
    rule = {"freq": "yearly"}
    if (when.month, when.day) == (2, 29):  # the last day of February: the 28th in other years
        rule.update({"bymonth": "2", "bymonthday": "-1"})
    event.add("rrule", vRecur(rule))
    return event


def export_ics(index: Index, config: Config, today: date) -> bytes:
    """The calendar as bytes: same vault and date, same bytes."""
    stamp = datetime.combine(today, time(0, 0), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", f"-//vaultkit//vaultkit {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "vaultkit")
    contacts = index.last_contacts(today)
    for item in all_follow_ups(index, config, today, contacts):
        calendar.add_component(_all_day(f"Follow up with {item.name}", item.due, ("follow-up", item.name), stamp))
    for person in sorted(index.people.values(), key=lambda p: name_key(p.name)):
        dates = [(BIRTHDAY, person.birthday)] if person.birthday else []
        for label, when in [*dates, *person.milestones]:
            calendar.add_component(_yearly(person.name, label, when, stamp))
    return bytes(calendar.to_ical())
