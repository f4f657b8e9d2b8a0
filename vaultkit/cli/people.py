"""The commands about who is in the vault: everyone (`people`), the notes that are probably one
person (`duplicates`), and folding two notes into one (`merge`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from vaultkit.cli.commands import help_line
from vaultkit.cli.common import answered, common_options, json_option, show, vault_argument


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
