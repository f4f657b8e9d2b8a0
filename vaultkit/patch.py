"""A warm build after a few notes changed, from the last build's insights instead of every note.

The cache keeps what the last build showed, before rendering (`LastBuild`). A note whose change
touches nobody else's part of the dashboard keeps:
  - its names, terms and links (its network signature): so introductions, the `knows` graph, warnings
    about links to nobody and duplicate names are what they were;
  - its `target` flag, and (near a target) whether the person was ever in touch: so the paths to
    targets are what they were too;
  - its daily-note date and mentions: so everyone else's last contact is too.
When every changed note is such a note, the dashboard is the last build's, with those people's
follow-up, milestones and balance computed again and those notes' problems swapped. Anything else (a
note added, removed or renamed, a changed network, a new day, a ticked box) takes a full build.
tests/test_patch.py checks that both give the same dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from vaultkit import balance, followups, milestones
from vaultkit.balance import Balance
from vaultkit.config import Config
from vaultkit.facts import person_facts
from vaultkit.followups import FollowUp
from vaultkit.index import Index, NoteStore, last_contact, network_signature
from vaultkit.insights import Insights
from vaultkit.intros import Intro, Match
from vaultkit.milestones import Milestone
from vaultkit.model import Note, Problem
from vaultkit.paths import TargetPath, near_targets
from vaultkit.records import day_number, from_day_number


@dataclass(frozen=True)
class LastBuild:
    """The last build's insights (its problems are the notes' and the index's, not the build's own:
    unrecorded ticks, a failing template), with what patching them needs."""

    insights: Insights
    mentions: dict[str, tuple[date, ...]]  # daily-note dates by person
    twins: frozenset[str]  # person notes left out of the index because another has their name
    near_targets: frozenset[str]  # people whose first contact can change a path (paths.near_targets)


def remember(index: Index, insights: Insights, store: NoteStore) -> LastBuild:
    shown = {id(person) for person in index.people.values()}
    twins = frozenset(path for path, note in store.notes.items() if note.person and id(note.person) not in shown)
    mentions = {name: tuple(dates) for name, dates in index.mentions.items()}
    near = frozenset(near_targets(index))
    return LastBuild(replace(insights, problems=list(index.problems)), mentions, twins, near)


def touches_only_itself(old: Note, new: Note, last: LastBuild) -> bool:
    """Whether a note's change leaves every other person's part of the dashboard as it was."""
    if old.path != new.path or old.daily_date != new.daily_date or old.mentions != new.mentions:
        return False
    if old.person is None or new.person is None:
        return old.person is None and new.person is None
    if old.path in last.twins or network_signature(old) != network_signature(new):
        return False
    if old.person.target != new.person.target:
        return False
    if old.person.name not in last.near_targets:
        return True
    today, mentions = last.insights.today, last.mentions.get(old.person.name, ())
    in_touch = (last_contact(old.person, mentions, today), last_contact(new.person, mentions, today))
    return (in_touch[0] is None) == (in_touch[1] is None)


def patched(last: LastBuild, changes: list[tuple[Note, Note]], config: Config) -> Insights | None:
    """The last build's insights with `changes` (old note, new note) applied; None when one of them
    touches more than itself."""
    if not all(touches_only_itself(old, new, last) for old, new in changes):
        return None
    insights, today = last.insights, last.insights.today
    problems = list(insights.problems)
    for old, new in changes:
        for problem in old.problems:
            if problem not in problems:  # not the build this cache says it is
                return None
            problems.remove(problem)
        problems.extend(new.problems)
    people = {new.person.name: new.person for _, new in changes if new.person is not None}
    due = [item for item in insights.due if item.name not in people]
    marks = [item for item in insights.milestones if item.name not in people]
    balances = [item for item in insights.balance if item.name not in people]
    horizon = today + timedelta(days=config.horizon_days)
    for name, person in people.items():
        facts = person_facts(person, last.mentions.get(name, ()), config, today)
        if facts.follow_up is not None and facts.follow_up.due <= horizon:
            due.append(facts.follow_up)
        marks.extend(facts.milestones)
        if facts.balance is not None:
            balances.append(facts.balance)
    return replace(
        insights,
        due=followups.in_order(due),
        milestones=milestones.in_order(marks),
        balance=balance.in_order(balances),
        problems=sorted(problems, key=Problem.sort_key),
    )


# The cache keeps a LastBuild as JSON lists (dates as ordinals); reading one back checks every shape
# and raises ValueError on anything else.


def to_json(last: LastBuild) -> dict[str, Any]:
    i = last.insights
    return {
        "today": i.today.toordinal(),
        "people": i.people,
        "due": [[f.name, f.due.toordinal(), day_number(f.last_contact), f.cadence, f.overdue] for f in i.due],
        "milestones": [[m.name, m.label, m.date.toordinal(), m.years] for m in i.milestones],
        "intros": [
            [x.a, x.b, x.score, list(x.shared), [[m.needs, m.offers, m.what] for m in x.matches]] for x in i.intros
        ],
        "paths": [[p.target, list(p.path)] for p in i.paths],
        "balance": [[b.name, b.gave, b.got] for b in i.balance],
        "problems": [list(p) for p in i.problems],
        "mentions": {name: [day.toordinal() for day in days] for name, days in last.mentions.items()},
        "twins": sorted(last.twins),
        "near_targets": sorted(last.near_targets),
    }


def from_json(data: Any) -> LastBuild:
    """A LastBuild from the cache; ValueError when it is not one."""
    try:
        insights = Insights(
            today=date.fromordinal(data["today"]),
            due=[
                FollowUp(name, date.fromordinal(due), from_day_number(last), cadence, overdue)
                for name, due, last, cadence, overdue in data["due"]
            ],
            milestones=[
                Milestone(name, label, date.fromordinal(day), years) for name, label, day, years in data["milestones"]
            ],
            intros=[
                Intro(a, b, float(score), tuple(shared), tuple(Match(*match) for match in matches))
                for a, b, score, shared, matches in data["intros"]
            ],
            paths=[TargetPath(target, tuple(path)) for target, path in data["paths"]],
            balance=[Balance(name, gave, got) for name, gave, got in data["balance"]],
            problems=[Problem(path, line, message, severity) for path, line, message, severity in data["problems"]],
            people=int(data["people"]),
        )
        mentions = {str(name): tuple(map(date.fromordinal, days)) for name, days in data["mentions"].items()}
        twins = frozenset(_texts(data["twins"]))
        near = frozenset(_texts(data["near_targets"]))
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as error:
        raise ValueError(f"not a saved build: {error}") from error
    return LastBuild(insights, mentions, twins, near)


def _texts(values: Iterable[Any]) -> list[str]:
    texts = list(values)
    if not all(isinstance(text, str) for text in texts):
        raise ValueError("expected text")
    return texts
