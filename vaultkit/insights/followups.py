"""Who is due a follow-up (SPEC §4.1): a pure function of the index, the config and today."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.read.dates import add_days, cadence_in_words, parse_cadence
from vaultkit.read.names import name_key

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config
    from vaultkit.read.model import Person


class FollowUp(NamedTuple):
    """A person's next follow-up date and how it was reached."""

    name: str
    due: date
    last_contact: date | None
    cadence: str | None
    overdue: bool
    late: date | None = None  # the day it became late (past the window's end), once it has

    def sort_key(self) -> tuple[date, tuple[str, str]]:
        """By date, then name."""
        return (self.due, name_key(self.name))

    @property
    def cadence_words(self) -> str:
        """`every month`; `follow-up date` for an explicit `follow_up`."""
        return cadence_in_words(self.cadence) if self.cadence else "follow-up date"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "due": self.due.isoformat(),
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "cadence": self.cadence,
            "overdue": self.overdue,
            "late": self.late.isoformat() if self.late else None,
        }


def next_follow_up(person: Person, last: date | None, config: Config, today: date) -> FollowUp | None:
    """`follow_up` while it is after the last contact; else last contact + cadence; else today
    for someone never contacted whose note sets a cadence; None when the person is not tracked."""
    if person.follow_up is not None and (last is None or person.follow_up > last):
        return FollowUp(person.name, person.follow_up, last, None, person.follow_up < today)
    cadence_text = person.cadence or config.default_cadence[person.tie or config.default_tie]
    cadence = parse_cadence(cadence_text)
    if cadence is None:
        return None
    if last is not None:
        due = cadence.after(last)
    elif person.cadence is not None:
        due = today
    else:
        return None
    late = None
    if last is not None and (worst := cadence.late_after(last, (person.tie or config.default_tie) == "strong")):
        late = add_days(worst, 1) if worst < today else None
    return FollowUp(person.name, due, last, cadence_text, due < today, late)


def all_follow_ups(
    index: Index,
    config: Config,
    today: date,
    contacts: Mapping[str, date | None] | None = None,
) -> list[FollowUp]:
    """Every tracked person's next follow-up, by date then name: what the calendar export takes (the
    dashboard's are those due by the horizon: sections.person_sections).

    `contacts` is everyone's last contact, when the caller has it already."""
    if contacts is None:
        contacts = index.last_contacts(today)
    found = []
    for person in index.people.values():
        follow_up = next_follow_up(person, contacts[person.name], config, today)
        if follow_up is not None:
            found.append(follow_up)
    return in_order(found)


def in_order(follow_ups: Iterable[FollowUp]) -> list[FollowUp]:
    return sorted(follow_ups, key=FollowUp.sort_key)
