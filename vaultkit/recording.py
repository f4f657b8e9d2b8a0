"""What the writing commands record in people's logs, written once: `vaultkit log` and `vaultkit intro`
and the assistant's write tools (`vaultkit mcp --allow-writes`, SPEC §9) make the same lines and
write them through the same swap-and-check edit (files/edit.py), under the vault's write lock."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.files import lock
from vaultkit.files.edit import LogLine, insert_log_line
from vaultkit.questions import NamedTwice

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
    and #gave or #got. One person named twice is refused (NamedTwice)."""
    if len({person.name for person in people}) < len(people):
        raise NamedTwice("a person is named twice; name each person at the meeting once")
    tag = f" #{'gave' if gave else 'got'}" if gave or got else ""
    words = words.strip()
    entries = []
    for person in people:
        met = [f"[[{other.name}]]" for other in people if other is not person]
        entries.append((person, LogLine(when, f"{words} with {', '.join(met)}{tag}" if met else f"{words}{tag}")))
    return entries


def intro_entries(one: Person, other: Person, when: date, made: bool) -> Entries:
    """`#intro` on both (made), else `#intro-ask` on both (asked whether they would like to meet)."""
    text = "Introduced to [[{}]] #intro" if made else "Asked about an introduction to [[{}]] #intro-ask"
    return [(one, LogLine(when, text.format(other.name))), (other, LogLine(when, text.format(one.name)))]


def record(root: Path, entries: Entries, once: bool = False) -> Iterator[tuple[str, str]]:
    """Insert each line into its person's Log, under the write lock; yields each note's path and the
    line as written, once it is written. `once`: a line the log holds already is not added again."""
    with lock.writing(root):
        for person, entry in entries:
            insert_log_line(root / person.path, entry, once=once, root=root)
            yield person.path, entry.render()
