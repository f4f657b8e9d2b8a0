"""Birthdays and milestones coming up within `milestone_days` (SPEC §4.2)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vaultkit.config import Config
from vaultkit.dates import add_days, next_occurrence
from vaultkit.index import Index
from vaultkit.model import PartialDate, Person
from vaultkit.names import name_key

BIRTHDAY = "birthday"


@dataclass(frozen=True)
class Milestone:
    """One upcoming yearly date of a person; `years` is the count it reaches, when the year is known."""

    name: str
    label: str
    date: date
    years: int | None

    def sort_key(self) -> tuple[datetime.date, tuple[str, str], bool, str]:
        """By date, then name, a birthday before other labels, then label."""
        return (self.date, name_key(self.name), self.label != BIRTHDAY, self.label)

    @property
    def is_birthday(self) -> bool:
        return self.label == BIRTHDAY

    @property
    def description(self) -> str:
        """`birthday (turns 40)`, `work anniversary (5 years)`, or the label alone."""
        if self.years is None:
            return self.label
        return f"{self.label} (turns {self.years})" if self.is_birthday else f"{self.label} ({self.years} years)"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "date": self.date.isoformat(), "years": self.years}


def _occurrence(name: str, label: str, yearly: PartialDate, today: date) -> Milestone | None:
    when = next_occurrence(yearly, today)
    if when is None:
        return None
    years = when.year - yearly.year if yearly.year is not None and when.year > yearly.year else None
    return Milestone(name, label, when, years)


def person_milestones(person: Person, config: Config, today: date) -> tuple[Milestone, ...]:
    """One person's birthday and milestones whose next occurrence is within the window."""
    if person.birthday is None and not person.milestones:
        return ()
    until = add_days(today, config.milestone_days)
    dates = list(person.milestones)
    if person.birthday is not None:
        dates.insert(0, (BIRTHDAY, person.birthday))
    found = (_occurrence(person.name, label, yearly, today) for label, yearly in dates)
    return tuple(milestone for milestone in found if milestone is not None and milestone.date <= until)


def in_order(milestones: Iterable[Milestone]) -> list[Milestone]:
    return sorted(milestones, key=Milestone.sort_key)


def upcoming_milestones(index: Index, config: Config, today: date) -> list[Milestone]:
    """Each birthday and milestone whose next occurrence is within the window."""
    return in_order(m for person in index.people.values() for m in person_milestones(person, config, today))
