"""Everything the dashboard shows, as one plain object: pure functions of the index and today."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.insights import balance, followups, milestones
from vaultkit.insights.balance import Balance
from vaultkit.insights.clippings import Share, worth_sharing
from vaultkit.insights.facts import Extras, FactsMemo, PersonFacts, section_items
from vaultkit.insights.followups import FollowUp
from vaultkit.insights.milestones import Milestone
from vaultkit.insights.news import News
from vaultkit.insights.reach import Reach, Revive, Untracked, untracked
from vaultkit.network.intros import InFlight, Intro, in_flight, suggest_intros
from vaultkit.network.paths import TargetPath, paths_to_targets
from vaultkit.network.promises import Promise
from vaultkit.read.dates import add_days
from vaultkit.read.model import Problem

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config

# The sections whose length the dashboard bounds (config `max_*`, SPEC §4), each listed whole by the
# command of its name (`problems` by `check`).
BOUNDED = (
    "today", "due", "milestones", "news", "promises", "inflight", "share", "revive", "paths", "balance", "untracked",
    "problems",
)  # fmt: skip


@dataclass(frozen=True)
class Insights:
    today: date
    due: list[FollowUp]
    milestones: list[Milestone]
    intros: list[Intro]
    news: list[News]
    share: list[Share]
    paths: list[TargetPath]
    balance: list[Balance]
    problems: list[Problem]
    people: int
    # How many items each section has in all, where its list holds only the first (a build from the
    # store reads only what the dashboard shows); a section not named here holds all of them.
    totals: dict[str, int] = field(default_factory=dict)
    reach: list[Reach] = field(default_factory=list)  # Reach out today (§4.9); `today` is the date
    revive: list[Revive] = field(default_factory=list)
    untracked: list[Untracked] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)  # past due (§4.10)
    inflight: list[InFlight] = field(default_factory=list)  # introductions asked about (§4.11)

    def items(self, section: str) -> list[Any]:
        return self.reach if section == "today" else getattr(self, section)

    def total(self, section: str) -> int:
        return self.totals.get(section, len(self.items(section)))

    def counts(self) -> dict[str, int]:
        """What the summary line reports."""
        counts = {section: self.total(section) for section in BOUNDED}
        counts["intros"] = len(self.intros)
        counts["people"] = self.people
        errors = self.totals.get("errors")
        counts["errors"] = errors if errors is not None else sum(1 for p in self.problems if p.severity == "error")
        return counts

    def context(self, config: Config) -> dict[str, Any]:
        """What templates see: each section's first `max_*` items, and how many more there are."""
        shown: dict[str, Any] = {}
        more: dict[str, int] = {}
        for section in BOUNDED:
            items = self.items(section)[: getattr(config, f"max_{section}")]
            shown["reach" if section == "today" else section] = items  # `today` is the date
            more[section] = self.total(section) - len(items)
        return shown | {
            "today": self.today,
            "intros": self.intros,
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
        return replace(self, problems=sorted([*self.problems, problem], key=Problem.sort_key), totals=totals)


def compute(
    index: Index,
    config: Config,
    today: date,
    extra_problems: list[Problem] | None = None,
    intros: list[Intro] | Callable[[], list[Intro]] | None = None,
    memo: FactsMemo | None = None,
) -> Insights:
    """Every section of the dashboard. `intros`: when the caller knows they have not changed, or
    what waits for them when they are being found meanwhile (parallel.meanwhile); `memo`: per-person
    facts from the previous build, if any."""
    problems = sorted([*index.problems, *(extra_problems or [])], key=Problem.sort_key)
    facts = (memo or FactsMemo()).facts(index, config, today)
    paths = paths_to_targets(index, {name: f.last_contact for name, f in facts.items()})
    if intros is None:
        intros = suggest_intros(index, config, today)
    elif callable(intros):
        intros = intros()
    share = worth_sharing(index, config, today)
    sections = person_sections(facts, config, today, extras_of(share, paths))
    due, marks, news, balances = (sections[name] for name in ("due", "milestones", "news", "balance"))
    mentioned = people_mentioned(index, today)
    return Insights(
        today, due, marks, intros, news, share, paths, balances, problems, len(index.people),
        reach=sections["today"], revive=sections["revive"], untracked=mentioned,
        promises=past_due(index, config, today), inflight=in_flight(index, today),
    )  # fmt: skip


def past_due(index: Index, config: Config, today: date) -> list[Promise]:
    """Promises past due (§4.10), oldest first: for the dashboard and `vaultkit promises` alike."""
    found = (p for promises in index.promises.values() for p in promises if p.past_due(today, config.promise_days))
    return sorted(found, key=Promise.sort_key)


def people_mentioned(index: Index, today: date) -> list[Untracked]:
    """People you mention (§4.13): for the dashboard and `vaultkit untracked` alike."""
    return untracked(index.unresolved, index.note_names, today, index.resolve)


def extras_of(share: Iterable[Share], paths: Iterable[TargetPath]) -> Extras:
    """The network's part of each person's sections: a clipping to share, a place on a path."""
    first: dict[str, str] = {}
    for item in share:
        first.setdefault(item.person, item.clipping)
    return Extras(first, frozenset(name for path in paths for name in path.path))


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
    }


PERSON_SECTIONS = ("today", "due", "milestones", "news", "revive", "balance")


def person_section(index: Index, config: Config, today: date, section: str) -> list[Any]:
    """One of person_sections, for a command that lists it whole (the whole network's part found
    first where the section needs it)."""
    facts = FactsMemo().facts(index, config, today)
    extras = Extras()
    if section in ("today", "revive"):
        paths = paths_to_targets(index, {name: f.last_contact for name, f in facts.items()})
        extras = extras_of(worth_sharing(index, config, today) if section == "today" else [], paths)
    return person_sections(facts, config, today, extras)[section]
