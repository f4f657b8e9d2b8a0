"""Everything the dashboard shows, as one plain object: pure functions of the index and today."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.insights import balance, followups, milestones
from vaultkit.insights.clippings import Share, worth_sharing
from vaultkit.insights.facts import Extras, FactsMemo, PersonFacts, section_items
from vaultkit.insights.news import News
from vaultkit.insights.reach import Reach, Revive, Untracked, untracked
from vaultkit.insights.trips import (
    REASON_DAYS,
    TripPerson,
    TripPlan,
    first_of_each,
    grouped,
    plans_by_place,
)
from vaultkit.network.intros import Intro, in_flight, suggest_intros
from vaultkit.network.paths import TargetPath, paths_to_targets
from vaultkit.network.promises import Promise
from vaultkit.read.dates import add_days
from vaultkit.read.model import Problem
from vaultkit.sections import BOUNDED, NAMES, PERSON_SECTIONS, SECTIONS

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config


@dataclass(frozen=True)
class Insights:
    """Every section's items by name (vaultkit/sections.py), in dashboard order: whole, or where a
    build from the store read only what the dashboard shows, its first lines with `totals` saying how
    many there are in all."""

    today: date
    lists: dict[str, list[Any]]
    people: int
    totals: dict[str, int] = field(default_factory=dict)  # a section not named here holds all its items
    # How many items each group of a grouped section has in all (a trip's people), where the list holds
    # only the first of each; a group not named here holds all of them.
    group_totals: dict[str, int] | None = None

    def items(self, section: str) -> list[Any]:
        return self.lists.get(section, [])

    def total(self, section: str) -> int:
        return self.totals.get(section, len(self.items(section)))

    def counts(self) -> dict[str, int]:
        """What the summary line reports."""
        counts = {section: self.total(section) for section in BOUNDED}
        counts["intros"] = len(self.items("intros"))
        counts["people"] = self.people
        errors = self.totals.get("errors")
        problems = self.items("problems")
        counts["errors"] = errors if errors is not None else sum(1 for p in problems if p.severity == "error")
        return counts

    def context(self, config: Config) -> dict[str, Any]:
        """What templates see: each section's first `max_*` items, and how many more there are."""
        shown: dict[str, Any] = {}
        more: dict[str, int] = {}
        for section in SECTIONS:
            if section.per_group:  # each group's first lines, and how many more it has
                groups = grouped(self.items(section.name), self.group_totals)
                shown[section.template_name] = first_of_each(groups, getattr(config, section.per_group))
                continue
            items = self.items(section.name)[: config.limit(section.name)]
            shown[section.template_name] = items
            if section.more:
                more[section.name] = self.total(section.name) - len(items)
        return shown | {
            "today": self.today,
            "more": more,
            "people": self.people,
            "horizon_days": config.horizon_days,
            "milestone_days": config.milestone_days,
        }

    def with_problem(self, problem: Problem) -> Insights:
        totals = dict(self.totals)  # counts of a list cut short go up with it
        if "problems" in totals:
            totals["problems"] += 1
        if "errors" in totals and problem.severity == "error":
            totals["errors"] += 1
        problems = sorted([*self.items("problems"), problem], key=Problem.sort_key)
        return replace(self, lists={**self.lists, "problems": problems}, totals=totals)


def compute(
    index: Index,
    config: Config,
    today: date,
    plans: list[TripPlan],
    extra_problems: list[Problem] | None = None,
    intros: list[Intro] | Callable[[], list[Intro]] | None = None,
    memo: FactsMemo | None = None,
) -> Insights:
    """Every section of the dashboard. `plans`: the coming trips (trip_plans, which the store keeps
    too); `intros`: when the caller knows they have not changed, or what waits for them when they are
    being found meanwhile (parallel.meanwhile); `memo`: per-person facts from the previous build, if any."""
    problems = sorted([*index.problems, *(extra_problems or [])], key=Problem.sort_key)
    facts = (memo or FactsMemo()).facts(index, config, today)
    paths = paths_to_targets(index, {name: f.last_contact for name, f in facts.items()})
    if intros is None:
        intros = suggest_intros(index, config, today)
    elif callable(intros):
        intros = intros()
    share = worth_sharing(index, config, today)
    extras = extras_of(share, paths, plans, today, config.trip_days)
    found: dict[str, list[Any]] = person_sections(facts, config, today, extras)
    found |= {"promises": past_due(index, config, today), "inflight": in_flight(index, today), "intros": intros}
    found |= {"share": share, "paths": paths, "untracked": people_mentioned(index, today), "problems": problems}
    return Insights(today, {name: found[name] for name in NAMES}, len(index.people))


def past_due(index: Index, config: Config, today: date) -> list[Promise]:
    """Promises past due (§4.10), oldest first: for the dashboard and `vaultkit promises` alike."""
    found = (p for promises in index.promises.values() for p in promises if p.past_due(today, config.promise_days))
    return sorted(found, key=Promise.sort_key)


def people_mentioned(index: Index, today: date) -> list[Untracked]:
    """People you mention (§4.13): for the dashboard and `vaultkit untracked` alike."""
    return untracked(index.unresolved, index.note_names, today, index.resolve)


def extras_of(
    share: Iterable[Share],
    paths: Iterable[TargetPath],
    plans: Iterable[TripPlan] = (),
    today: date = date.min,
    trip_days: int = 0,
) -> Extras:
    """The network's part of each person's sections: a clipping to share, a place on a path, the
    places your coming trips reach (those starting within 14 days, or underway, are a reason today)."""
    first: dict[str, str] = {}
    for item in share:
        first.setdefault(item.person, item.clipping)
    on_paths = frozenset(name for path in paths for name in path.path)
    return Extras(first, on_paths, plans_by_place(plans), add_days(today, REASON_DAYS), add_days(today, trip_days))


def person_sections(
    facts: Mapping[str, PersonFacts], config: Config, today: date, extras: Extras
) -> dict[str, list[Any]]:
    """The sections made of each person's facts, whole and in dashboard order: reach out today,
    follow-ups due by the horizon, milestones, news, dormant ties and balances. The dashboard shows
    their first lines; `vaultkit today`, `due`, `milestones`, `news`, `revive` and `balance` list them
    whole."""
    horizon = add_days(today, config.horizon_days)
    sections: dict[str, list[Any]] = {name: [] for name in PERSON_SECTIONS}
    for name, person in facts.items():
        for section, items in section_items(name, person, horizon, extras):
            sections[section].extend(items)
    return {
        "today": sorted(sections["today"], key=Reach.sort_key),
        "due": followups.in_order(sections["due"]),
        "milestones": milestones.in_order(sections["milestones"]),
        "news": sorted(sections["news"], key=News.sort_key),
        "revive": sorted(sections["revive"], key=Revive.sort_key),
        "balance": balance.in_order(sections["balance"]),
        "trips": sorted(sections["trips"], key=TripPerson.sort_key),
    }
