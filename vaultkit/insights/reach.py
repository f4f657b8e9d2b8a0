"""Whom to reach out to today (SPEC §4.9), dormant ties worth reviving (§4.12), and the people you
mention but do not track (§4.13): pure functions of a person's facts, the config and today.

Reach out today ranks people by the sum of their reasons' weights, each kind of reason counted once,
at its strongest. The weights are the SPEC's, so that a user can predict the list:

| reason | weight |
|---|---|
| a milestone of theirs today (birthday, family birthday, milestone) | 4 |
| a milestone within 3 days | 3 |
| a `#news` line since your last contact | 3 |
| a promise to them past due (§4.10) | 3 |
| late: past the end of their cadence window (a strong tie: past twice a plain cadence) | 3, +1 strong |
| else overdue: due before today | 2, +1 strong |
| in a place of a trip of yours that starts within 14 days, or is underway (§4.14) | 2 |
| a clipping worth sharing with them (§4.5) | 1 |
| worth reviving and serving one of your `goals` (§4.12) | 1 |
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.network.promises import Promise
from vaultkit.read.dates import add_days, add_months, date_at_start, parse_iso_date
from vaultkit.read.names import fold, name_key

if TYPE_CHECKING:
    from vaultkit.insights.followups import FollowUp
    from vaultkit.insights.milestones import Milestone
    from vaultkit.insights.news import News
    from vaultkit.read.config import Config
    from vaultkit.read.model import Person

SOON = 3  # days: a milestone this close is a reason
SOURCE = "(LinkedIn)"  # the source `news` says; taken off a reason
KIND_ORDER = ("milestone", "news", "promise", "late", "overdue", "trip", "share", "revive")
MENTIONED_DAYS, MENTIONED_MIN = 90, 2  # a link to no note on at least 2 days of the last 90 (§4.13)


@dataclass(frozen=True)
class Reason:
    kind: str  # one of KIND_ORDER
    text: str
    date: date | None
    weight: int

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "date": self.date.isoformat() if self.date else None}


@dataclass(frozen=True)
class Reach:
    """A person to write to today, with every reason, strongest first."""

    name: str
    score: int
    reasons: tuple[Reason, ...]
    due: date | None  # their next follow-up, for the order

    def sort_key(self) -> tuple[int, int, tuple[str, str]]:
        """The highest score first, then the earliest due date (none last), then name."""
        return (-self.score, self.due.toordinal() if self.due else date.max.toordinal(), name_key(self.name))

    def line(self) -> str:
        return " · ".join(reason.text for reason in self.reasons)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score, "reasons": [reason.to_json() for reason in self.reasons]}


@dataclass(frozen=True)
class Revive:
    """A dormant tie (no contact for `dormant_years`), with what makes it worth reviving."""

    name: str
    last_contact: date | None
    met: date | None
    goals: tuple[str, ...]  # the goal terms they offer, need or are into
    entries: int  # their log entries: the fewer, the more novel what they know
    on_path: bool = False  # on a shortest path to a target

    @property
    def since(self) -> date:
        return self.last_contact or self.met or date.min

    def sort_key(self) -> tuple[int, int, int, tuple[str, str]]:
        """Goals first, then on a path to a target, then fewest entries, then the longest quiet."""
        rank = (0 if self.goals else 2) + (0 if self.on_path else 1)
        return (rank, self.entries, self.since.toordinal(), name_key(self.name))

    def line(self, today: date) -> str:
        years = max(0, (today - self.since).days // 365)
        when = f"last contact {self.last_contact}" if self.last_contact else f"never in touch, met {self.met}"
        parts = [f"{when} ({years} year{'s' if years != 1 else ''})"]
        if self.goals:
            parts.append(f"{', '.join(self.goals)} (your goal{'s' if len(self.goals) > 1 else ''})")
        if self.on_path:
            parts.append("on a path to a target")
        return " · ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "met": self.met.isoformat() if self.met else None,
            "goals": list(self.goals),
            "entries": self.entries,
        }


@dataclass(frozen=True)
class Untracked:
    """A link from daily and meeting notes to a note that does not exist: a person to add?"""

    name: str  # the link's target, as first written
    days: int  # days it was written on, in the last 90
    last: date

    def sort_key(self) -> tuple[int, int, tuple[str, str]]:
        return (-self.days, -self.last.toordinal(), name_key(self.name))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "days": self.days, "last": self.last.isoformat()}


def reasons_of(
    person: Person,
    last: date | None,
    follow_up: FollowUp | None,
    milestones: Iterable[Milestone],
    news: Iterable[News],
    revive: Revive | None,
    promises: Sequence[Promise],
    config: Config,
    today: date,
) -> tuple[Reason, ...]:
    """A person's own reasons to be in touch today (the share reason is added with the clippings');
    `promises`: theirs past due."""
    overdue = follow_up is not None and (follow_up.overdue or follow_up.late is not None)
    if not (milestones or news or overdue or promises or (revive is not None and revive.goals)):
        return ()  # most people of a large vault, most days
    strong = (person.tie or config.default_tie) == "strong"
    found: list[Reason] = []
    coming = [m for m in milestones if today <= m.date <= add_days(today, SOON)]
    if coming:
        first = min(coming, key=lambda m: m.date)
        found.append(Reason("milestone", f"{first.title} {first.date}", first.date, 4 if first.date == today else 3))
    fresh = [n for n in news if last is None or n.date > last]
    if fresh:
        latest = max(fresh, key=lambda n: n.date)
        text = latest.text  # `Now CEO at Framewise (LinkedIn)`: the source is said by `news`
        text = text.removesuffix(SOURCE).rstrip() if text.endswith(SOURCE) else text
        found.append(Reason("news", f"{text} (news, {latest.date})", latest.date, 3))
    if promises:
        oldest = min(promises, key=Promise.sort_key)
        when = f"due {oldest.due}" if oldest.due else f"of {oldest.made}"
        found.append(Reason("promise", f"promise {when}: {oldest.plain()}", oldest.day, 3))
    if follow_up is not None and follow_up.late is not None:
        found.append(Reason("late", f"late since {follow_up.late}", follow_up.late, 3 + strong))
    elif follow_up is not None and follow_up.overdue:
        found.append(Reason("overdue", f"due {follow_up.due}", follow_up.due, 2 + strong))
    if revive is not None and revive.goals:
        found.append(Reason("revive", f"dormant, serves {', '.join(revive.goals)} (your goal)", revive.since, 1))
    return tuple(found)


def reach(name: str, reasons: Iterable[Reason], due: date | None) -> Reach | None:
    """Reasons in the line's order (strongest first, then the SPEC's order of kinds), summed."""
    ordered = tuple(sorted(reasons, key=lambda r: (-r.weight, KIND_ORDER.index(r.kind))))
    return Reach(name, sum(r.weight for r in ordered), ordered, due) if ordered else None


def share_reason(clipping: str) -> Reason:
    return Reason("share", f"share {clipping}", None, 1)


def dormant(person: Person, last: date | None, config: Config, today: date) -> Revive | None:
    """A dormant tie: no contact for `dormant_years` (or never, while met that long ago); never one
    whose cadence is `never`."""
    before = dormant_before(today, config.dormant_years)
    if last is not None and last > before:
        return None
    if (person.cadence or "").strip().casefold() == "never":
        return None
    if last is None and (person.met is None or person.met > before):
        return None
    goals = served_goals(person, config)
    entries = sum(1 for interaction in person.interactions if not interaction.news)
    return Revive(person.name, last, person.met, goals, entries)


@functools.lru_cache(maxsize=8)
def dormant_before(today: date, years: int) -> date:
    """The last day of contact that still makes a tie dormant today (worked out once a build)."""
    return add_months(today, -12 * years) if today.year > years else date.min


def served_goals(person: Person, config: Config) -> tuple[str, ...]:
    """The goals (normalised) a person offers, needs or is into."""
    if not config.goals:
        return ()
    terms = {*person.offers, *person.needs, *person.interests}
    return tuple(goal for goal in config.goals if goal in terms)


def untracked(mentions: Iterable[tuple[str, date]], known: set[str], today: date, resolve: Any) -> list[Untracked]:
    """Links (target, day) from dated notes to no note, on at least two days of the last 90; never one
    whose target reads as a date (a daily note not written yet) or names a file of another kind."""
    since = add_days(today, -MENTIONED_DAYS)
    days: dict[str, set[date]] = {}
    written: dict[str, str] = {}
    for target, day in mentions:
        if not since < day <= today:
            continue
        key = fold(target)
        if key in known or resolve(target) is not None or _not_a_person(target):
            continue
        days.setdefault(key, set()).add(day)
        written.setdefault(key, target)
    found = [Untracked(written[key], len(seen), max(seen)) for key, seen in days.items() if len(seen) >= MENTIONED_MIN]
    return sorted(found, key=Untracked.sort_key)


def _not_a_person(target: str) -> bool:
    """A date (`2026-11-30`, `2026-11-30 Mon`), or a file name with an extension (`paper.pdf`)."""
    if parse_iso_date(target) is not None or date_at_start(target) is not None:
        return True
    stem, dot, extension = target.rpartition(".")
    return bool(dot and stem and extension.isalnum() and len(extension) <= 5)
