"""Dates as vaultkit reads them: strict ISO days, yearly dates, and cadences in calendar units."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from vaultkit.read.model import PartialDate

# ASCII digits only: `\d` would take Arabic-Indic and other digits for a date.
# An Obsidian "Date & time" property counts as its date: a time (seconds, fraction, zone optional) may follow.
TIME = r"[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
ISO_DATE = re.compile(rf"^([0-9]{{4}})-([0-9]{{2}})-([0-9]{{2}})(?:{TIME})?$")
MONTH_DAY = re.compile(r"^-{0,2}([0-9]{2})-([0-9]{2})$")
CADENCE_FORM = re.compile(r"^\s*([0-9]+)\s*([dwmy])\s*$")
CADENCE_WORDS = {"weekly": "1w", "monthly": "1m", "quarterly": "3m", "yearly": "1y"}
CADENCE_HINT = (
    "a cadence like `10d`, `2w`, `3m`, `1y`, `weekly`, `monthly`, `quarterly`, `yearly`, `never` (at most 100"
    " years), or a window `2w..6w`"
)
MAX_CADENCE_DAYS, MAX_CADENCE_MONTHS = 36525, 1200  # a hundred years: longer is surely a typo


def parse_iso_date(value: object) -> date | None:
    """A real `YYYY-MM-DD` date, or None. YAML dates arrive as text (see yamlload)."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    match = ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


DATE_AT_START = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?![0-9])")


def date_at_start(name: str) -> date | None:
    """The real date a file name begins with (`2026-11-21 Sat`), if it begins with one."""
    match = DATE_AT_START.match(name)
    return parse_iso_date(match[1]) if match else None


def parse_yearly(value: object) -> PartialDate | None:
    """`YYYY-MM-DD` or `MM-DD` (also vCard's `--MM-DD`); Feb 29 is allowed without a year."""
    full = parse_iso_date(value)
    if full is not None:
        return PartialDate(full.month, full.day, full.year)
    if not isinstance(value, str):
        return None
    match = MONTH_DAY.match(value.strip())
    if not match:
        return None
    month, day = int(match[1]), int(match[2])
    try:
        date(2000, month, day)  # a leap year, so 02-29 is valid
    except ValueError:
        return None
    return PartialDate(month, day)


def occurrence_in(yearly: PartialDate, year: int) -> date:
    """The day a yearly date falls on in `year`; Feb 29 falls on Feb 28 in other years."""
    return date(year, yearly.month, min(yearly.day, days_in_month(year, yearly.month)))


def next_occurrence(yearly: PartialDate, today: date) -> date | None:
    """The first occurrence on or after today; None past the calendar's last year (9999)."""
    this_year = occurrence_in(yearly, today.year)
    if this_year >= today:
        return this_year
    return occurrence_in(yearly, today.year + 1) if today.year < date.max.year else None


def add_days(day: date, days: int) -> date:
    """`day` plus `days`, held at the calendar's ends: a date past 9999-12-31 simply never comes."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's end: Jan 31 + 1 month = Feb 28 (held at 9999-12-31).
    dateutil's relativedelta clamps alike but takes 7.6 µs a call to this one's 1 µs, and a build
    calls it for every person (0.4 s at 50,000), so the arithmetic stays here; tests hold the two equal."""
    total = start.year * 12 + start.month - 1 + months
    year, month = divmod(total, 12)
    if year > date.max.year:
        return date.max
    return date(year, month + 1, min(start.day, days_in_month(year, month + 1)))


DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """calendar.monthrange(year, month)[1], without working out the weekday it also returns."""
    return 29 if month == 2 and calendar.isleap(year) else DAYS_IN_MONTH[month]


@dataclass(frozen=True)
class Cadence:
    """A keep-in-touch rhythm: a number of days, or of calendar months; a window (`2w..6w`) has its
    worst case too: due from the first, late past the second (SPEC §2)."""

    text: str
    days: int = 0
    months: int = 0
    worst: Cadence | None = None  # the window's end

    def after(self, start: date) -> date:
        if self.months:
            return add_months(start, self.months)
        return add_days(start, self.days)

    def late_after(self, start: date, strong: bool) -> date | None:
        """The last day that is not yet late: the window's end; for a strong tie with a plain cadence,
        twice it; else None (never late, only overdue)."""
        if self.worst is not None:
            return self.worst.after(start)
        if strong:
            return add_months(start, 2 * self.months) if self.months else add_days(start, 2 * self.days)
        return None


def parse_cadence(value: object) -> Cadence | None:
    """Parse a cadence; `never` gives None. Raises ValueError with a hint for anything else."""
    if type(value) is str:  # the common case, checked first: a build asks once per person
        return _parse_cadence_text(value.strip())
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise ValueError(CADENCE_HINT)
    return _parse_cadence_text(str(value).strip())


UNIT_WORDS = {"d": ("day", "days"), "w": ("week", "weeks"), "m": ("month", "months"), "y": ("year", "years")}


def cadence_in_words(text: str) -> str:
    """`every 2 weeks`, `every month`, `every quarter`, `every 2 weeks to 6 weeks`: how the dashboard
    says a cadence."""
    if ".." in text:
        first, _, last = text.partition("..")
        return f"{cadence_in_words(first)} to {cadence_in_words(last).removeprefix('every ')}"
    lowered = text.strip().lower()
    if lowered == "never":  # `cadence: never`: a person kept without reminders
        return "no follow-ups"
    match = CADENCE_FORM.match(CADENCE_WORDS.get(lowered, lowered))
    if not match:
        return f"every {text}"
    count, unit = int(match[1]), match[2]
    if (count, unit) == (3, "m"):
        return "every quarter"
    one, many = UNIT_WORDS[unit]
    return f"every {one}" if count == 1 else f"every {count} {many}"


@functools.lru_cache(maxsize=1024)  # a vault uses a handful of cadences, thousands of times
def _parse_cadence_text(text: str) -> Cadence | None:
    lowered = text.lower()
    if lowered == "never":
        return None
    if ".." in lowered:
        return _window(text)
    match = CADENCE_FORM.match(CADENCE_WORDS.get(lowered, lowered))
    if not match or len(match[1]) > 6 or int(match[1]) == 0:
        raise ValueError(CADENCE_HINT)
    count, unit = int(match[1]), match[2]
    if unit in "dw":
        days = count * (7 if unit == "w" else 1)
        if days > MAX_CADENCE_DAYS:
            raise ValueError(CADENCE_HINT)
        return Cadence(text, days=days)
    months = count * (12 if unit == "y" else 1)
    if months > MAX_CADENCE_MONTHS:
        raise ValueError(CADENCE_HINT)
    return Cadence(text, months=months)


MOMENT_LITERAL = re.compile(r"\[[^\[]*\]")  # Moment.js's own: a scan stops at the next `[` (linear)
MOMENT_PARTS = {"year": re.compile(r"Y"), "month": re.compile(r"M"), "day": re.compile(r"D")}


def date_in_format(text: str, form: str) -> date | None:
    """The date a daily note's path below its folder (`2026/11/2026-11-21`, `21-11-2026`, `Saturday,
    November 21st 2026`) reads as in a Moment.js format, or None. Arrow knows the tokens; a format of
    folders (`YYYY/MM/…`) is read a part at a time, and the date must give back exactly the text in
    that format (so `Friday, November 21st 2026` is no date)."""
    import arrow

    parts, texts = form.split("/"), text.split("/")
    if len(parts) != len(texts):
        return None
    found: dict[str, int] = {}
    for part, piece in reversed(list(zip(parts, texts, strict=True))):
        tokens = MOMENT_LITERAL.sub("", part)
        try:
            parsed = arrow.get(piece, part)
        except (ValueError, TypeError, arrow.parser.ParserError):
            return None
        for unit, token in MOMENT_PARTS.items():
            if unit not in found and token.search(tokens):
                found[unit] = getattr(parsed, unit)
    try:
        day = date(found["year"], found["month"], found["day"])
    except (KeyError, ValueError):
        return None
    return day if arrow.get(day).format(form) == text else None


def _window(text: str) -> Cadence:
    """`2w..6w`: ideally after the first, at worst after the second, which must be the longer."""
    first_text, _, last_text = text.partition("..")
    first, last = _parse_cadence_text(first_text.strip()), _parse_cadence_text(last_text.strip())
    if first is None or last is None or ".." in last_text:
        raise ValueError(CADENCE_HINT)
    probe = date(2000, 1, 31)
    if last.after(probe) < first.after(probe):
        raise ValueError(f"{CADENCE_HINT}, whose second part is not shorter than its first")
    return Cadence(text, first.days, first.months, last)
