"""A calendar event's occurrences within an import's window, bounded by the window (SPEC §8).

`recurring_ical_events` expands rules, exceptions (`EXDATE`, `RECURRENCE-ID`) and time zones, but it
asks dateutil for every occurrence from the event's first one: `FREQ=MINUTELY` since year 1 is a
billion steps. So before it sees an event, a rule of fixed-length periods (daily, weekly) whose start
lies far before the window starts a whole number of periods later (its `COUNT` less what those
periods used), which leaves every occurrence in the window where it was. A rule of periods shorter
than a day (`HOURLY`, `MINUTELY`, `SECONDLY`), which no person's meeting has but a hostile file may,
is not given to the library at all: for each day of the window it asks dateutil for the first
occurrence on or after that day, from a start moved just before it, so it costs a step per line it
adds (its `EXDATE`s and exceptions are not read).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

FIXED = {"DAILY": timedelta(days=1), "WEEKLY": timedelta(days=7)}
SHORT = {"HOURLY": timedelta(hours=1), "MINUTELY": timedelta(minutes=1), "SECONDLY": timedelta(seconds=1)}
FAR = 1000  # periods before the window past which a start is moved (fewer cost the library nothing)
MOST_COUNTED = 100_000  # a COUNT with BY… parts must be counted from the start: at most this many
FIRST, LAST = date(1, 1, 8), date(9999, 12, 24)  # a window is clamped inside these (durations are added)


class TooOften(ValueError):
    """An event whose rule cannot be expanded within bounds."""


Occurrence = tuple[date | datetime, date | datetime, Any]  # start, end, the component it is of


def clamp(day: date) -> date:
    """A window's end inside the calendar's ends, never past them."""
    return min(max(day, FIRST), LAST)


def window(since: date, today: date) -> tuple[date, date]:
    """From `since` to the end of today, clamped to the calendar's ends."""
    return clamp(since), clamp(today) + timedelta(days=1)


def occurrences(events: list[Any], timezones: list[Any], start: date, stop: date) -> Iterator[Occurrence]:
    """The occurrences of one event (its components of one UID) from `start` to before `stop`."""
    core = next((event for event in events if event.get("RECURRENCE-ID") is None), events[0])
    rule = _rule(core)
    if rule is not None and rule["FREQ"] in SHORT:
        yield from _short_periods(core, rule, start, stop)
        return
    if rule is not None and rule["FREQ"] in FIXED and not _move_start(core, rule, start):
        return
    yield from _library(events, timezones, start, stop)


def before_window(events: list[Any], since: date, start: date) -> Occurrence | None:
    """A single event (no rule, no extra dates) dated from `since` to before the clamped window's
    `start` (the first days of year 1, which the library cannot look at: it subtracts durations): its
    own start and end. A recurring event there is the library's, from `start` on."""
    event = events[0]
    if len(events) != 1 or event.get("RRULE") is not None or event.get("RDATE") is not None:
        return None
    begin = event["DTSTART"].dt  # a KeyError for none: the caller skips and names the event
    day = begin.date() if isinstance(begin, datetime) else begin
    if not isinstance(day, date) or not since <= day < start:
        return None
    if event.get("DTEND") is not None:
        end = event["DTEND"].dt
    elif event.get("DURATION") is not None:
        end = begin + event["DURATION"].dt
    else:  # RFC 5545: a date lasts the day, a date-time no time
        end = begin if isinstance(begin, datetime) else begin + timedelta(days=1)
    return begin, end, event


def _rule(event: Any) -> dict[str, Any] | None:
    """The event's one rule as {"FREQ": …, "INTERVAL": n, "COUNT": n or None, "BY": bool}; None if it
    has none. Several RRULEs are the library's to read."""
    value = event.get("RRULE")
    if value is None or isinstance(value, list):
        return None
    freq = str(value.get("FREQ", [""])[0]).upper()
    interval = int(value.get("INTERVAL", [1])[0] or 1)
    count = value.get("COUNT")
    by = any(key.startswith("BY") for key in value)
    return {"FREQ": freq, "INTERVAL": max(interval, 1), "COUNT": int(count[0]) if count else None, "BY": by}


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time())


def _periods_before(first: date | datetime, day: date, period: timedelta) -> int:
    """Whole periods from the event's start to the start of `day` (0 when it starts later)."""
    begin = _as_datetime(first)
    at = datetime.combine(day, time(), tzinfo=begin.tzinfo)
    return max(0, (at - begin) // period)


def _move_start(core: Any, rule: dict[str, Any], start: date) -> bool:
    """Move a fixed-period rule's start near the window; False when its COUNT ends before it."""
    period = FIXED[rule["FREQ"]] * rule["INTERVAL"]
    first = core.decoded("DTSTART")
    skipped = _periods_before(first, start, period) - 1
    if skipped < FAR:
        return True
    count = rule["COUNT"]
    if count is not None and rule["BY"]:
        if count > MOST_COUNTED:
            raise TooOften(f"its rule repeats {count:,} times, too often to count from its start")
        return True  # bounded by its COUNT: the library counts it from the start
    if count is not None:
        if count <= skipped:
            return False
        core["RRULE"]["COUNT"] = [count - skipped]
    shift = period * skipped
    for key in ("DTSTART", "DTEND"):
        if key in core:
            moved = core.decoded(key) + shift
            params = core[key].params
            core.pop(key)
            core.add(key, moved, parameters=params)
    return True


def _short_periods(core: Any, rule: dict[str, Any], start: date, stop: date) -> Iterator[Occurrence]:
    """A rule of periods shorter than a day: the first occurrence of each day, a step a day."""
    from dateutil.rrule import rrulestr

    first = _as_datetime(core.decoded("DTSTART"))
    end = core.decoded("DTEND") if "DTEND" in core else first
    length = _as_datetime(end) - first
    period = SHORT[rule["FREQ"]] * rule["INTERVAL"]
    count, text = rule["COUNT"], core["RRULE"].to_ical().decode("ascii")
    if count is not None and rule["BY"] and count > MOST_COUNTED:
        raise TooOften(f"its rule repeats {count:,} times, too often to count from its start")
    day = start
    while day < stop:
        skipped = 0 if count is not None and rule["BY"] else _periods_before(first, day, period)
        base = first + period * skipped
        if count is not None and not rule["BY"]:
            if count <= skipped:
                return
            text = _with_count(text, count - skipped)
        found = rrulestr(text, dtstart=base).after(datetime.combine(day, time(), tzinfo=first.tzinfo), inc=True)
        if found is None or found.date() >= stop:
            return
        yield found, found + length, core
        day = found.date() + timedelta(days=1)


def _with_count(rule: str, count: int) -> str:
    parts = [part for part in rule.split(";") if not part.upper().startswith("COUNT=")]
    return ";".join([*parts, f"COUNT={count}"])


def _library(events: list[Any], timezones: list[Any], start: date, stop: date) -> Iterator[Occurrence]:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar()
    for component in (*timezones, *events):
        calendar.add_component(component)
    for series in recurring_ical_events.of(calendar).series:
        for occurrence in series.between(start, stop):
            yield occurrence.start, occurrence.end, _component_of(occurrence)


def _component_of(occurrence: Any) -> Any:
    """The event an occurrence is of (the series' own, or the exception for its day), as the library
    holds it: a copy of it per occurrence (its public `as_component`) is most of the time a daily
    meeting of 30 years takes. The copy where a later version of the library holds it elsewhere."""
    component = getattr(getattr(occurrence, "_adapter", None), "_component", None)
    return component if component is not None else occurrence.as_component(False)
