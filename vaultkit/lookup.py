"""Finding in the index the person or note a command is given (SPEC §8), or an error for people that
names the candidates, a note that cannot be read, or the nearest names. The commands and the
assistant's server (vaultkit mcp) ask the same functions, so a name means the same person to both."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, NoReturn

from vaultkit.errors import UserError

if TYPE_CHECKING:  # what a command that answers from the index does not load (SPEC §7: start fast)
    from vaultkit.answers import Answers
    from vaultkit.network.index import Index
    from vaultkit.read.model import Clipping, Person, Problem


def clipping_named(answers: Answers, query: str) -> Clipping:
    """The note `vaultkit share` is asked about, read as a clipping; an error for people when there is
    none, or when the path is outside the vault (nothing outside it is read)."""
    try:
        return answers.clipping(in_vault(answers.root, query))
    except KeyError:
        raise UserError(f"no note named {query!r} in {answers.root}; give its path in the vault or its name") from None


def in_vault(root: Path, query: str) -> str:
    """A note's path as given (in the vault, or absolute within it) as a path in the vault, or a name as
    it is; an error for a path that leaves the vault (`..`, or absolute elsewhere)."""
    outside = UserError(f"{query!r} is outside the vault {root}; give a note's path in the vault or its name")
    if Path(query).is_absolute() or PureWindowsPath(query).drive:
        try:
            query = Path(query).relative_to(root).as_posix()
        except ValueError:
            raise outside from None
    if ".." in PurePosixPath(query.replace("\\", "/")).parts:
        raise outside
    return query


def named(index: Index, query: str, prefix: bool = True) -> Person | None:
    """The one person a name or alias means; an error listing them when it means several; None when
    it means nobody. Without `prefix` (a write), the start of a name means nobody."""
    found = index.find(query, prefix)
    if not prefix and not found and (could := index.find(query)):  # the start of a name: named, not taken
        listed = ", ".join(f"{name} ({index.people[name].path})" for name in could)
        guess = f"a write takes no guesses: did you mean {listed}? Use the full name"
        raise UserError(f"no person named {query!r}; {guess}")
    if len(found) == 1:
        return index.people[found[0]]
    if found:
        listed = ", ".join(f"{name} ({index.people[name].path})" for name in found)
        raise UserError(f"{query!r} could be {listed}; use the full name")
    return None


def people_in(answers: Answers, queries: Sequence[str], prefix: bool = True) -> list[Person]:
    """The person each query means, found in the index (SPEC §7: `log` reads only the notes it
    writes), or an error as person_in's."""
    index = answers.people(queries)
    return [person_in(answers, query, index, prefix) for query in queries]


def person_in(answers: Answers, query: str, index: Index, prefix: bool = True) -> Person:
    """The person a name or alias means in `index` (answers.people of the queries), or an error as
    _not_found's. A query it misses means `index` is every person already (answers.people reads
    only the people named when each query is a name)."""
    if (person := named(index, query, prefix)) is not None:
        return person
    from vaultkit.read.names import suggest

    unreadable = [note.problems[0] for note in answers.notes_named(query) if note.problems]
    _not_found(query, answers.root, unreadable, suggest(query, index.people))


def _not_found(query: str, root: Path, unreadable: list[Problem], close: list[str]) -> NoReturn:
    if unreadable:
        raise UserError(f"{unreadable[0].location()}: {unreadable[0].message}; nothing was recorded")
    hint = f"; did you mean {', '.join(close)}?" if close else "; create the note with 'vaultkit new'"
    raise UserError(f"no person named {query!r} in {root}{hint}")
