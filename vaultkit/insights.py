"""Everything the dashboard shows, as one plain object: pure functions of the index and today."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from vaultkit.balance import Balance, owed
from vaultkit.config import Config
from vaultkit.followups import FollowUp, due_follow_ups
from vaultkit.index import Index
from vaultkit.intros import Intro, suggest_intros
from vaultkit.milestones import Milestone, upcoming_milestones
from vaultkit.model import Problem
from vaultkit.paths import TargetPath, paths_to_targets


@dataclass(frozen=True)
class Insights:
    today: date
    due: list[FollowUp]
    milestones: list[Milestone]
    intros: list[Intro]
    paths: list[TargetPath]
    balance: list[Balance]
    problems: list[Problem]
    people: int

    def context(self, config: Config) -> dict[str, Any]:
        """What templates see."""
        return {
            "today": self.today,
            "due": self.due,
            "milestones": self.milestones,
            "intros": self.intros,
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
    intros: list[Intro] | None = None,
) -> Insights:
    """Every section of the dashboard; `intros` when the caller knows they have not changed."""
    problems = sorted([*index.problems, *(extra_problems or [])], key=Problem.sort_key)
    contacts = index.last_contacts(today)
    return Insights(
        today=today,
        due=due_follow_ups(index, config, today, contacts),
        milestones=upcoming_milestones(index, config, today),
        intros=suggest_intros(index, config) if intros is None else intros,
        paths=paths_to_targets(index, contacts),
        balance=owed(index, today),
        problems=problems,
        people=len(index.people),
    )
