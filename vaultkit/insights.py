"""Everything the dashboard shows, as one plain object: pure functions of the index and today."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from vaultkit import balance, followups, milestones
from vaultkit.balance import Balance
from vaultkit.clippings import Share, worth_sharing
from vaultkit.config import Config
from vaultkit.dates import add_days
from vaultkit.facts import FactsMemo
from vaultkit.followups import FollowUp
from vaultkit.index import Index
from vaultkit.intros import Intro, suggest_intros
from vaultkit.milestones import Milestone
from vaultkit.model import Problem
from vaultkit.news import News
from vaultkit.paths import TargetPath, paths_to_targets


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
    clippings: int = 0  # in the vault: what Worth sharing reads, which a patched build does not redo

    def context(self, config: Config) -> dict[str, Any]:
        """What templates see."""
        return {
            "today": self.today,
            "due": self.due,
            "milestones": self.milestones,
            "news": self.news,
            "intros": self.intros,
            "share": self.share,
            "paths": self.paths,
            "balance": self.balance,
            "problems": self.problems,
            "people": self.people,
            "horizon_days": config.horizon_days,
            "milestone_days": config.milestone_days,
        }

    def with_problem(self, problem: Problem) -> Insights:
        return replace(self, problems=sorted([*self.problems, problem], key=Problem.sort_key))


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
    horizon = add_days(today, config.horizon_days)
    contacts = {name: f.last_contact for name, f in facts.items()}
    due = followups.in_order(f.follow_up for f in facts.values() if f.follow_up and f.follow_up.due <= horizon)
    marks = milestones.in_order(m for f in facts.values() for m in f.milestones)
    paths = paths_to_targets(index, contacts)
    balances = balance.in_order(f.balance for f in facts.values() if f.balance is not None)
    news = sorted((item for f in facts.values() for item in f.news), key=News.sort_key)
    if intros is None:
        intros = suggest_intros(index, config, today)
    elif callable(intros):
        intros = intros()
    share = worth_sharing(index, config, today)
    people, clippings = len(index.people), len(index.clippings)
    return Insights(today, due, marks, intros, news, share, paths, balances, problems, people, clippings)
