"""All notes → people, link targets and contact dates. No I/O: the watcher swaps single notes in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from vaultkit.config import Config
from vaultkit.model import Note, Person, Problem
from vaultkit.names import name_key


class NoteStore:
    """The parsed notes of a vault by path; one changed file is parsed again and swapped in."""

    def __init__(self, notes: Iterable[Note] = ()) -> None:
        self.notes: dict[str, Note] = {note.path: note for note in notes}

    def put(self, note: Note) -> None:
        self.notes[note.path] = note

    def remove(self, path: str) -> None:
        self.notes.pop(path, None)

    def __len__(self) -> int:
        return len(self.notes)


@dataclass
class Index:
    """People by name, every name and alias they are linked by, and who was mentioned when."""

    people: dict[str, Person]
    lookup: dict[str, str]
    mentions: dict[str, list[date]]
    problems: list[Problem] = field(default_factory=list)

    def resolve(self, target: str) -> str | None:
        """The person a link target names, by file name or alias, case-insensitively."""
        return self.lookup.get(target.casefold())

    def sorted_people(self) -> list[Person]:
        return [self.people[name] for name in sorted(self.people, key=name_key)]

    def last_contact(self, person: Person, today: date) -> date | None:
        """The latest of `last_contact`, log dates and daily-note mentions, never after today."""
        dates = [interaction.date for interaction in person.interactions]
        dates.extend(self.mentions.get(person.name, ()))
        if person.last_contact is not None:
            dates.append(person.last_contact)
        past = [day for day in dates if day <= today]
        return max(past) if past else None


def _people(notes: list[Note], problems: list[Problem]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    by_key: dict[str, Person] = {}
    for note in notes:
        person = note.person
        if person is None:
            continue
        twin = by_key.get(person.name.casefold())
        if twin is not None:
            message = f"another person note is also named {person.name} ({twin.path}); rename one of them"
            problems.append(Problem(person.path, None, message))
            continue
        by_key[person.name.casefold()] = person
        people[person.name] = person
    return people


def _lookup(people: dict[str, Person]) -> dict[str, str]:
    """Names first, then aliases in name order, so a name always wins over another's alias."""
    lookup = {name.casefold(): name for name in people}
    for name in sorted(people, key=name_key):
        for alias in people[name].aliases:
            lookup.setdefault(alias.casefold(), name)
    return lookup


def _unknown_links(index: Index) -> list[Problem]:
    warnings = []
    for person in index.sorted_people():
        for key, targets in (("knows", person.knows), ("introduced", person.introduced)):
            for target in targets:
                if index.resolve(target) is None:
                    message = f"'{key}' links to [[{target}]], who has no note in the vault; check the spelling"
                    warnings.append(Problem(person.path, None, message, "warning"))
    return warnings


def build_index(store: NoteStore, config: Config) -> Index:
    """Derive the index from every parsed note; linear in the number of notes."""
    notes = [store.notes[path] for path in sorted(store.notes)]
    problems = [problem for note in notes for problem in note.problems]
    people = _people(notes, problems)
    index = Index(people, _lookup(people), defaultdict(list), problems)
    if config.daily_notes_count:
        for note in notes:
            if note.daily_date is None:
                continue
            for target in note.mentions:
                name = index.resolve(target)
                if name is not None:
                    index.mentions[name].append(note.daily_date)
    index.problems.extend(_unknown_links(index))
    index.problems.sort(key=Problem.sort_key)
    return index
