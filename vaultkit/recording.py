"""What the writing commands record in people's logs, written once: `vaultkit log` and `vaultkit intro`
and the assistant's write tools (`vaultkit mcp --allow-writes`, SPEC §9) make the same lines and
write them through the same swap-and-check edit (files/edit.py), under the vault's write lock."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.errors import VaultError
from vaultkit.files import lock
from vaultkit.files.edit import LogLine, insert_in_each
from vaultkit.questions import NamedTwice, asked_already, introduced_already
from vaultkit.read.plain import wikilink

if TYPE_CHECKING:
    from datetime import date

    from vaultkit.read.model import Person

Entries = list[tuple["Person", LogLine]]


def log_refusal(words: str, gave: bool, got: bool) -> str | None:
    """Why a log line cannot be written as asked, in the words `vaultkit log` says it; None when it can."""
    if not words.strip():
        return "say what happened, e.g. vaultkit log Asha Coffee at Blue Tokai"
    if gave and got:
        return "--gave and --got together: a line records one or the other; log twice for both"
    return None


def log_entries(people: Sequence[Person], words: str, when: date, gave: bool, got: bool) -> Entries:
    """The line each person at a meeting gets: the words, the others as links by their note names,
    and #gave or #got. One person named twice is refused (NamedTwice); so is a name that cannot be a
    plain link (link_to)."""
    if len({person.name for person in people}) < len(people):
        raise NamedTwice("a person is named twice; name each person at the meeting once")
    tag = f" #{'gave' if gave else 'got'}" if gave or got else ""
    words = words.strip()
    links = {person.name: link_to(person) for person in people} if len(people) > 1 else {}
    entries = []
    for person in people:
        met = [links[other.name] for other in people if other is not person]
        entries.append((person, LogLine(when, f"{words} with {', '.join(met)}{tag}" if met else f"{words}{tag}")))
    return entries


def intro_entries(one: Person, other: Person, when: date, made: bool) -> Entries:
    """`#intro` on both (made), else `#intro-ask` on both (asked whether they would like to meet)."""
    text = "Introduced to {} #intro" if made else "Asked about an introduction to {} #intro-ask"
    return [(one, LogLine(when, text.format(link_to(other)))), (other, LogLine(when, text.format(link_to(one))))]


def link_to(person: Person) -> str:
    """The person's name as the link a log line carries (read/plain.py's wikilink), or a refusal
    naming their note, before anything is written: a name that cannot be a plain link would carry a
    tag or link elsewhere (`[[Bo #gave Kim]]` counts a #gave), and escaped it would link nobody."""
    link = wikilink(person.name)
    if link is None:
        raise VaultError(
            f"{person.path}: the name {person.name!r} cannot be written as a link (it holds one of # ^ | [ ] \\"
            " or a control character, which Obsidian and vaultkit read as a heading, a tag or a block);"
            " rename the note without them and run the command again; nothing was recorded"
        )
    return link


def record(
    root: Path, entries: Entries, once: bool = False, check: Callable[[], None] | None = None
) -> Iterator[tuple[str, str]]:
    """Insert each line into its person's Log, under the write lock, all or nothing (files/edit.py:
    insert_in_each); yields each note's path and the line as written, once all are written. `once`: a
    line the log holds already is not added again. `check`: what must still hold under the lock before
    anything is written (it raises if not)."""
    with lock.writing(root):
        if check is not None:
            check()
        insert_in_each([(root / person.path, [entry]) for person, entry in entries], once, root)
    for person, entry in entries:
        yield person.path, entry.render()


def record_intro(root: Path, one: Person, other: Person, when: date, made: bool) -> Iterator[tuple[str, str]]:
    """An introduction asked or made, written once. The pair is checked again under the write lock,
    from the two notes themselves: an `intro` run at the same moment may have recorded it since the
    index was read; then this one says so (exit 2), as a second call does."""
    entries = intro_entries(one, other, when, made)
    return record(root, entries, once=True, check=lambda: refuse_a_pair_recorded(root, one, other, made))


def refuse_a_pair_recorded(root: Path, one: Person, other: Person, made: bool) -> None:
    """questions' refusal of a pair done, from the two notes as they are now: a line of either's log
    that links the other, `#intro` (introduced) or, for an ask, `#intro-ask`."""
    from vaultkit.read.config import load_config
    from vaultkit.read.names import fold
    from vaultkit.read.parse import read_note
    from vaultkit.read.terms import link_target

    config = load_config(root)
    introduced: list[date] = []
    asked: list[date] = []
    for person, partner in ((one, other), (other, one)):
        note = read_note(person.path, root / person.path, config)[0].person
        keys = {fold(name) for name in (partner.name, *partner.aliases)}
        for line in note.interactions if note is not None else ():
            if any(fold(link_target(link)) in keys for link in line.links):
                (introduced if line.intro else asked if line.ask else []).append(line.date)
    if introduced:
        raise introduced_already(one.name, other.name, f" on {min(introduced)}")
    if asked and not made:
        raise asked_already(one.name, other.name, min(asked))
