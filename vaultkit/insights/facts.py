"""What each person contributes to the dashboard, remembered between builds.

A rebuild after one note changed recomputes the facts of that person only: every other Person object
is the very same object as before (notes are immutable and swapped in whole), so its facts still hold
while its daily-note mentions and the date are the same. A cold build fills the memo as it goes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from vaultkit.insights.balance import Balance, balance_of
from vaultkit.insights.followups import FollowUp, next_follow_up
from vaultkit.insights.milestones import Milestone, person_milestones
from vaultkit.insights.news import News, person_news
from vaultkit.network.index import Index, last_contact
from vaultkit.read.config import Config
from vaultkit.read.model import Person


class PersonFacts(NamedTuple):
    last_contact: date | None
    follow_up: FollowUp | None
    milestones: tuple[Milestone, ...]
    balance: Balance | None
    news: tuple[News, ...]


def person_facts(person: Person, mentions: Sequence[date], config: Config, today: date) -> PersonFacts:
    """What one person shows on the dashboard; `mentions` are the dates of daily notes naming them."""
    last = last_contact(person, mentions, today)
    return PersonFacts(
        last,
        next_follow_up(person, last, config, today),
        person_milestones(person, config, today),
        balance_of(person, today),
        person_news(person, config, today),
    )


def section_items(facts: PersonFacts, horizon: date) -> list[tuple[str, Sequence[object]]]:
    """What a person's facts put in each bounded section of the dashboard (a follow-up only when it
    is due by `horizon`: today + `horizon_days`, worked out once by the caller for everyone)."""
    due = facts.follow_up if facts.follow_up is not None and facts.follow_up.due <= horizon else None
    return [
        ("due", (due,) if due else ()),
        ("milestones", facts.milestones),
        ("news", facts.news),
        ("balance", (facts.balance,) if facts.balance else ()),
    ]


class FactsMemo:
    """Facts by name, with the note and the mentions they were computed from (config is fixed)."""

    def __init__(self) -> None:
        self._today: date | None = None
        self._memo: dict[str, tuple[Person, tuple[date, ...], PersonFacts]] = {}

    def facts(self, index: Index, config: Config, today: date) -> dict[str, PersonFacts]:
        if today != self._today:
            self._memo, self._today = {}, today
        memo, fresh = self._memo, {}
        for name, person in index.people.items():
            mentions = tuple(index.mentions.get(name, ()))
            known = memo.get(name)
            if known is not None and known[0] is person and known[1] == mentions:
                fresh[name] = known
            else:
                fresh[name] = (person, mentions, person_facts(person, mentions, config, today))
        self._memo = fresh
        return {name: entry[2] for name, entry in fresh.items()}
