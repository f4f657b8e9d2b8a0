"""The commands about who is in the vault: everyone (`people`), the notes that are probably one
person (`duplicates`), and folding two notes into one (`merge`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from vaultkit.cli.commands import help_line
from vaultkit.cli.common import (
    answered,
    common_options,
    json_option,
    print_json_array,
    show,
    vault_argument,
    vault_option,
)
from vaultkit.read.names import fold


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
    if as_json:  # every person: the lines encoded as they are (no dict made of each), a person at a time
        return print_json_array(items)
    show(items, as_json, lambda person: person.line(), "The vault has no person notes yet.")
    return None


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
    from vaultkit.lookup import people_in

    with answered(vault, today, compute=False) as answers:
        kept, folded = people_in(answers, (keep, other), prefix=False)  # a write takes no guesses (SPEC §8)
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
