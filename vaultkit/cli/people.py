"""The commands about who is in the vault: everyone (`people`), the notes that are probably one
person (`duplicates`), and folding two notes into one (`merge`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultkit.cli.commands import help_line
from vaultkit.cli.common import answered, common_options, json_option, show, vault_argument, vault_option
from vaultkit.errors import UserError
from vaultkit.read.names import fold

if TYPE_CHECKING:
    from vaultkit.answers import Answers
    from vaultkit.network.index import Index
    from vaultkit.read.model import Person


@click.command(short_help=help_line("people"))
@vault_argument
@json_option
@common_options
def people(vault: Path, as_json: bool, today: date | None) -> None:
    """List every person by name: tie, cadence, last contact, next follow-up, company, location.

    With --json, also the note's path, aliases, e-mail addresses and phone numbers: what a script or
    a spreadsheet wants.

    \b
    Example:
      vaultkit people ~/Notes
      vaultkit people --json > people.json
    """
    with answered(vault, today) as found:
        items = found.people_list()
    if as_json:  # every person: the lines encoded as they are, written as bytes (no dict, no text made of each)
        import msgspec

        click.echo(msgspec.json.format(msgspec.json.encode(items), indent=2))  # bytes: written as they are
        return
    show(items, as_json, lambda person: person.line(), "The vault has no person notes yet.")


@click.command(short_help=help_line("duplicates"))
@vault_argument
@json_option
@common_options
def duplicates(vault: Path, as_json: bool, today: date | None) -> None:
    """List person notes that are probably one person, certain pairs first.

    Certain: both notes hold the same e-mail address, phone number (by digits) or LinkedIn profile
    URL. Likely: their names are equal without accents, case, punctuation and word order, or but for
    a middle name or initial, and no e-mail, phone or LinkedIn URL differs between them. Fold a pair
    into one note with vaultkit merge.

    \b
    Example:
      vaultkit duplicates ~/Notes
      vaultkit duplicates --json
    """
    with answered(vault, today) as found:
        items = found.duplicates()
    line = lambda d: f"{'certain' if d.certain else 'likely '}  {d.a} ↔ {d.b}  · {d.reason()}"  # noqa: E731
    show(items, as_json, line, "No two notes look like one person.")


@click.command("merge", short_help=help_line("merge"))
@click.argument("keep")
@click.argument("other")
@click.option("--dry-run", is_flag=True, help="Print the diff of KEEP and the move; write nothing.")
@vault_option
@common_options
def merge_command(keep: str, other: str, dry_run: bool, vault: Path, today: date | None) -> None:
    """Fold OTHER's note into KEEP's: the one command that edits front matter, only KEEP's, only by adding.

    OTHER's name and aliases become KEEP's aliases (links to OTHER keep working); its e-mails, phones,
    URLs and other list values KEEP lacks are added, and keys KEEP lacks; where both hold different
    values KEEP's stays and the report names OTHER's. OTHER's log entries join KEEP's Log in date
    order, and its own text goes under "## From OTHER". Then OTHER's file moves to .trash/ (never
    deleted). Found by name, alias, the name without accents or a unique first name; never a prefix.

    \b
    Example:
      vaultkit merge "Chris Lee" "Christopher Lee" --dry-run
      vaultkit merge "Chris Lee" "Christopher Lee" --vault ~/Notes
    """
    from vaultkit.files import lock
    from vaultkit.files.merge import merge, plan

    with answered(vault, today, compute=False) as answers:
        index = answers.people([keep, other])
        kept, folded = (person_for_write(answers, index, query) for query in (keep, other))
    if kept.path == folded.path:
        if fold(other.strip()) != fold(kept.name):
            click.echo(f"Nothing left to merge: {other} is an alias of {kept.path}.")
            return
        raise click.UsageError(f"{kept.name} is named twice; a merge folds one note into another")
    paths = (vault / kept.path, vault / folded.path)
    with lock.writing(vault):
        if dry_run:
            found, _, _ = plan(vault, *paths, kept.name, folded.name)
            click.echo(found.diff(kept.path), nl=False)
            _report(found.kept)
            click.echo(f"would move {folded.path} to {_shown(found.trash, vault)}")
            return
        done = merge(vault, *paths, kept.name, folded.name)
    shown = "; ".join(done.added) if done.added else f"nothing new ({kept.path} already holds all of it)"
    click.echo(f"{kept.path}: added {shown}".replace("OTHER", folded.name))
    _report(done.kept)
    click.echo(f"moved {folded.path} to {_shown(done.trash, vault)}")


def _shown(path: Path, vault: Path) -> str:
    """A path in the vault as the vault's own (`.trash/Christopher Lee.md`)."""
    root = vault.resolve()
    real = path.parent.resolve() / path.name
    return str(real.relative_to(root)) if real.is_relative_to(root) else str(path)


def _report(kept: list[str]) -> None:
    for line in kept:
        click.echo(line)


def person_for_write(answers: Answers, index: Index, query: str) -> Person:
    """The person a write names (SPEC §8 "Writes take no guesses"): by name or alias, the name
    without accents, or a unique first name written whole; a prefix is a suggestion, never a write."""
    from vaultkit.read.names import bare, name_key, suggest

    found = index.matching(query)
    key = bare(query)
    if not found and key:
        found = sorted((name for name in index.people if bare(name) == key), key=name_key)
    if not found and key and " " not in key:
        found = sorted((name for name in index.people if bare(name).split(" ", 1)[0] == key), key=name_key)
    if len(found) == 1:
        return index.people[found[0]]
    if found:
        listed = ", ".join(f"{name} ({index.people[name].path})" for name in found)
        raise UserError(f"{query!r} could be {listed}; use the full name")
    if len(index.people) < answers.notes and answers.db is not None:  # only the named were looked up
        everyone = answers.people()
        if len(everyone.people) > len(index.people):
            return person_for_write(answers, everyone, query)
    close = suggest(query, index.people)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UserError(f"no person named {query!r} in {answers.root}{hint}")
