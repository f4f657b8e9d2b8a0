"""Birthdays, family birthdays and milestones coming up within `milestone_days` (SPEC §4.2)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.read.dates import add_days, next_occurrence
from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.read.config import Config
    from vaultkit.read.model import PartialDate, Person

BIRTHDAY = "birthday"
FAMILY = "family"  # a family member's birthday: its label names them, `Mira (daughter)`
MILESTONE = "milestone"
KIND_ORDER = {BIRTHDAY: 0, FAMILY: 1, MILESTONE: 2}


@dataclass(frozen=True)
class Milestone:
    """One upcoming yearly date of a person; `years` is the count it reaches, when the year is known."""

    name: str
    label: str
    date: date
    years: int | None
    kind: str = MILESTONE
    gift_ideas: tuple[str, ...] = ()  # beside the person's own birthday

    def sort_key(self) -> tuple[datetime.date, tuple[str, str], int, str]:
        """By date, then name, the person's birthday, then family birthdays, then other labels."""
        return (self.date, name_key(self.name), KIND_ORDER[self.kind], self.label)

    @property
    def title(self) -> str:
        """`birthday (turns 40)`, `Mira (daughter)'s birthday (turns 7)`, `work anniversary (5 years)`,
        or the label alone."""
        label = f"{self.label}'s birthday" if self.kind == FAMILY else self.label
        if self.years is not None:
            label += f" (turns {self.years})" if self.kind != MILESTONE else f" ({self.years} years)"
        return label

    @property
    def description(self) -> str:
        """The title, and the gift ideas beside a birthday: `birthday (turns 40) · gift ideas: a, b`."""
        return self.title + (" · gift ideas: " + ", ".join(self.gift_ideas) if self.gift_ideas else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "years": self.years,
            "gift_ideas": list(self.gift_ideas),
        }


def _occurrence(person: Person, label: str, yearly: PartialDate, kind: str, today: date) -> Milestone | None:
    when = next_occurrence(yearly, today)
    if when is None:
        return None
    years = when.year - yearly.year if yearly.year is not None and when.year > yearly.year else None
    gifts = person.gift_ideas if kind == BIRTHDAY else ()
    return Milestone(person.name, label, when, years, kind, gifts)


def yearly_dates(person: Person) -> list[tuple[str, PartialDate, str]]:
    """Every yearly date of a person: (label, date, kind), the birthday first."""
    dates = [(BIRTHDAY, person.birthday, BIRTHDAY)] if person.birthday is not None else []
    dates.extend((label, when, FAMILY) for label, when in person.family)
    dates.extend((label, when, MILESTONE) for label, when in person.milestones)
    return dates


def person_milestones(person: Person, config: Config, today: date) -> tuple[Milestone, ...]:
    """One person's birthday and milestones whose next occurrence is within the window."""
    if person.birthday is None and not person.milestones and not person.family:
        return ()
    until = add_days(today, config.milestone_days)
    found = (_occurrence(person, label, yearly, kind, today) for label, yearly, kind in yearly_dates(person))
    return tuple(milestone for milestone in found if milestone is not None and milestone.date <= until)


def in_order(milestones: Iterable[Milestone]) -> list[Milestone]:
    return sorted(milestones, key=Milestone.sort_key)
