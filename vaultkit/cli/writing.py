"""The commands that write into a vault or bring things in and out: log, new, import, export, init."""

from __future__ import annotations

import functools
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vaultkit.cli.commands import help_line
from vaultkit.cli.common import (
    F,
    IsoDate,
    answered,
    common_options,
    load_vault,
    people_named,
    today_or_now,
    vault_option,
    vault_options,
)
from vaultkit.errors import VaultError
from vaultkit.files import lock
from vaultkit.questions import NamedTwice
from vaultkit.read.config import TIES, load_config
from vaultkit.read.dates import CADENCE_HINT, add_months, parse_cadence
from vaultkit.read.locate import MARKERS

if TYPE_CHECKING:  # what `log` does not load: each command imports what it runs (SPEC §7: start fast)
    from vaultkit.exchange.contacts import Contact, Contacts
    from vaultkit.exchange.messages import Correspondents, Exchange, MessagesReport


@click.command("log", short_help=help_line("log"))
@click.argument("name")
@click.argument("text", nargs=-1, required=True)
@click.option("--date", "day", type=IsoDate(), help="The day it happened (default: today).")
@click.option("--gave", is_flag=True, help="You gave something: adds #gave.")
@click.option("--got", is_flag=True, help="You received something: adds #got.")
@click.option("--with", "others", multiple=True, metavar="OTHER", help="Someone else at the same meeting (repeat).")
@vault_option
@common_options
def log_command(
    name: str,
    text: tuple[str, ...],
    day: date | None,
    gave: bool,
    got: bool,
    others: tuple[str, ...],
    vault: Path,
    today: date | None,
) -> None:
    """Record an interaction in a person's Log section.

    NAME is a file name or an alias, in any case. Only one line is inserted; nothing else in the
    note changes. With --with, a meeting of several: the same line goes into each person's log,
    naming the others; every name is found before anything is written.

    \b
    Example:
      vaultkit log "Asha Rao" Coffee at Blue Tokai, talked about her documentary --gave
      vaultkit log asha Sent the festival calendar --date 2026-11-02 --vault ~/Notes
      vaultkit log Asha Film club dinner --with "Bo Kim" --with "Cy Ray"
    """
    from vaultkit.recording import log_entries, log_refusal, record

    words = " ".join(text)
    if refusal := log_refusal(words, gave, got):
        raise click.UsageError(refusal)
    _refuse_a_vault_in_the_text(text)
    people = people_named(vault, today, (name, *others))  # all found, or nothing written
    try:
        entries = log_entries(people, words, day or today_or_now(today), gave, got)
    except NamedTwice as twice:
        raise click.UsageError(str(twice)) from None
    # found first, then locked: the index may ask `watch`, which could not answer meanwhile
    for path, line in record(vault, entries):
        click.echo(f"{path}: {line}")


def _refuse_a_vault_in_the_text(text: tuple[str, ...]) -> None:
    """`log Maya coffee ~/Notes` would log the path: the vault is named with --vault."""
    last = Path(text[-1]).expanduser()
    if len(text) > 1 and last.is_dir() and any((last / marker).exists() for marker in MARKERS):
        raise click.UsageError(f"the text ends with the vault {text[-1]}; name a vault with --vault {text[-1]}")


@click.command("intro", short_help=help_line("intro"))
@click.argument("first")
@click.argument("second")
@click.option("--made", is_flag=True, help="They both said yes: record the introduction itself (#intro on both).")
@vault_option
@common_options
def intro_command(first: str, second: str, made: bool, vault: Path, today: date | None) -> None:
    """Ask two people whether they would like to meet: print a draft to each, record #intro-ask.

    The drafts say what they share, from their notes (messages.md.j2, which you can copy into
    .vaultkit/templates/ and rewrite in your own voice). The pair then waits in Introductions in
    flight until you tick it on the dashboard or run the command again with --made. A pair already
    asked or introduced is refused, naming the date.

    \b
    Example:
      vaultkit intro "Asha Rao" "Hana Suzuki"
      vaultkit intro asha hana --made
    """
    from vaultkit.questions import draft_intro, intro_pair
    from vaultkit.recording import record_intro

    with answered(vault, today) as answers:  # found first: the index may ask `watch` (see log)
        try:
            pair = intro_pair(answers, first, second, made)
        except NamedTwice as twice:
            raise click.UsageError(str(twice)) from None
        written, problems = ([], []) if made else draft_intro(answers, pair)
    # written first, under the lock: of several run at once, only the one that recorded the ask prints drafts
    for path, line in record_intro(vault, pair.one, pair.other, today_or_now(today), made):
        click.echo(f"{path}: {line}", err=not made)
    for problem in problems:
        click.echo(f"warning: {problem.location()}: {problem.message}", err=True)
    for draft in written:
        click.echo(f"To {draft.to}:\n\n{draft.text}")


@click.command("new", short_help=help_line("new"))
@click.argument("name")
@click.option("--interest", "interests", multiple=True, help="An interest (repeat for several).")
@click.option("--tie", type=click.Choice(TIES), help="strong or loose.")
@click.option("--cadence", help="Keep-in-touch rhythm: 10d, 2w, 3m, 1y, monthly, never, ...")
@click.option("--company", help="Where they work.")
@click.option("--force", is_flag=True, help="Create it even beside a person of the same name but for accents or case.")
@vault_option
@common_options
def new_command(
    name: str, interests: tuple[str, ...], tie: str | None, cadence: str | None, company: str | None,
    force: bool, vault: Path, today: date | None,
) -> None:  # fmt: skip
    """Create a person note from the template, in the first people folder.

    Never overwrites a note; refuses names that are paths or would break a wikilink.

    \b
    Example:
      vaultkit new "Asha Rao" --interest documentary --interest travel --tie strong --cadence 1m
    """
    if cadence is not None:
        try:
            parse_cadence(cadence)
        except ValueError:
            raise click.BadParameter(f"expected {CADENCE_HINT}", param_hint="--cadence") from None
    fields = {"tie": tie, "cadence": cadence, "interests": list(interests), "company": company}
    with lock.writing(vault):
        with answered(vault, today, compute=False) as answers:  # who is in the vault: the index, no note read
            everyone, config = answers.people(), answers.config
        from vaultkit.files.create import create_note, new_note_place, render_person, twin_refusal

        if refusal := twin_refusal(name, everyone.twins(name), force):
            raise VaultError(refusal)
        folder, convention = new_note_place(vault, config, everyone.people.values())
        path = create_note(vault, config, name, render_person(vault, name, {**convention, **fields}), folder)
    click.echo(f"created {path.relative_to(vault).as_posix()}")


@click.group("import", short_help=help_line("import"))
def import_group() -> None:
    """Bring people and contact in from other tools: new notes from LinkedIn or an address book
    (linkedin, vcard), contact from a calendar (ics) and from your messages (whatsapp, telegram, mbox).

    \b
    Example:
      vaultkit import linkedin ~/Downloads/Basic_LinkedInDataExport.zip --vault ~/Notes
      vaultkit import vcard contacts.vcf --dry-run
      vaultkit import ics ~/Downloads/calendar.ics --since 2026-01-01
      vaultkit import whatsapp "WhatsApp Chat - Sam Okafor.zip"
    """


def _import(vault: Path, contacts: Contacts, dry_run: bool, today: date) -> None:
    from vaultkit.exchange.importer import import_contacts

    def progress(items: Iterable[Contact]) -> Iterable[Contact]:
        if len(contacts.found) < 200 or not sys.stderr.isatty():
            return items
        return click.progressbar(items, length=len(contacts.found), label="importing", file=sys.stderr)

    with lock.writing(vault):
        loaded = load_vault(vault)
        report = import_contacts(loaded, contacts, dry_run, progress, today)
    for name, path, how in report.rows if dry_run else ():
        click.echo(f"{name} → {path} ({how})")
    for line in report.news:
        click.echo(f"news: {line}")
    for where in report.nameless_at:
        click.echo(f"skipped {where}: no name, so no note (give it a name in the app and export it again)", err=True)
    for (name, reason), count in Counter(report.failed).items():  # two Raj Patels skipped alike: one line
        click.echo(f"skipped {f'{count} ' if count > 1 else ''}{name!r}: {reason}", err=True)
    click.echo(report.summary(dry_run))


def import_options(command: F) -> F:
    command = vault_option(command)
    command = click.option("--dry-run", is_flag=True, help="Say what would be created; write nothing.")(command)
    command = click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))(command)
    return common_options(command)


@import_group.command("linkedin")
@import_options
def import_linkedin(file: Path, dry_run: bool, vault: Path, today: date | None) -> None:
    """Import LinkedIn connections (Connections.csv, or the export's ZIP).

    Existing notes' front matter is never changed; a second import of the same file changes nothing.
    `Connected On` is kept as `connected:`, which is not a contact. Someone already in the vault at
    another company or position gets `- DATE Now POSITION at COMPANY (LinkedIn) #news` in their log.

    \b
    Example:
      vaultkit import linkedin Connections.csv --vault ~/Notes
    """
    from vaultkit.exchange.contacts import read_linkedin

    _import(vault, read_linkedin(file), dry_run, today_or_now(today))


@import_group.command("vcard")
@import_options
def import_vcard(file: Path, dry_run: bool, vault: Path, today: date | None) -> None:
    """Import people from a vCard file (2.1, 3.0 or 4.0, one or many cards, as phones and mail clients write them).

    \b
    Example:
      vaultkit import vcard contacts.vcf --vault ~/Notes
    """
    from vaultkit.exchange.contacts import read_vcards

    _import(vault, read_vcards(file), dry_run, today_or_now(today))


@import_group.command("ics")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--since", type=IsoDate(), help="Only events from this day on (default: a year before today).")
@click.option("--dry-run", is_flag=True, help="List the lines each person would get; write nothing.")
@vault_option
@common_options
def import_ics(file: Path, since: date | None, dry_run: bool, vault: Path, today: date | None) -> None:
    """Record contact from a calendar export (.ics from Google, Outlook or Apple Calendar).

    Every past event whose attendees or organizer have a person's e-mail, or whose title holds a
    person's full name (the note's name, or an alias of two words or more), adds `- DATE TITLE
    (calendar)` to their log. A second import adds nothing. --dry-run says how each person matched.

    \b
    Example:
      vaultkit import ics ~/Downloads/calendar.ics --dry-run
      vaultkit import ics calendar.ics --since 2026-01-01 --vault ~/Notes
    """
    from vaultkit.exchange.meetings import Directory, match_meetings, read_meetings, record  # icalendar: import on use
    from vaultkit.exchange.messages import plural

    day = today_or_now(today)
    now = datetime.combine(day, datetime.now().time()).astimezone()  # today (or --today) at the clock's time
    me = load_config(vault).me
    calendar = read_meetings(file, since or a_year_before(day), day, now, me)
    with lock.writing(vault):
        loaded = load_vault(vault)
        report = match_meetings(calendar, Directory(loaded.index(), loaded.config.me))
        for line in record(report, loaded.root, dry_run):
            click.echo(line)
    for where, why in report.skipped:
        click.echo(f"skipped {where}: {why}")
    for path, hows in sorted(report.how.items()) if dry_run else ():
        matched = ", ".join(f"{how} ({plural(count, 'event day')})" for how, count in sorted(hows.items()))
        click.echo(f"{path}: matched {matched}")
    click.echo(report.summary(dry_run))


def _import_messages(
    vault: Path,
    source: str,
    read: Callable[[Correspondents, MessagesReport], Iterable[Exchange]],
    since: date | None,
    dry_run: bool,
    today: date | None,
) -> None:
    """What the three message imports share: match, count each person's days, write or list them."""
    from vaultkit.exchange.messages import Correspondents, MessagesReport, first_name_hints, plural, record, tally

    day = today_or_now(today)
    report = MessagesReport(source)
    advice = "their address" if source == "e-mail" else "their phone number (phone:) or an alias"
    with lock.writing(vault):
        loaded = load_vault(vault)
        people = Correspondents(loaded.index(), loaded.config.me, advice)
        tally(read(people, report), people, report, since or a_year_before(day), day)
        for line in record(report, people, loaded.root, dry_run):
            click.echo(line)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    for who, why in sorted(report.ambiguous.items()):
        click.echo(f"skipped {who!r}: {why}", err=True)
    if dry_run:
        for who, match in sorted(report.matched.items()):
            click.echo(f"{who} → {match.path} (by {match.by})")
        for who, count in sorted(report.unmatched.items(), key=lambda item: (-item[1], item[0])):
            click.echo(f"matched nobody: {who} ({plural(count, 'message')})")
    for hint in first_name_hints(report, people):
        click.echo(hint, err=not dry_run)
    click.echo(report.summary(dry_run))


def message_options(command: F, folders: bool = False) -> F:
    command = vault_option(command)
    command = click.option(
        "--dry-run", is_flag=True, help="List each person's days and who matched nobody; write nothing."
    )(command)
    command = click.option(
        "--since", type=IsoDate(), help="Only messages from this day on (default: a year before today)."
    )(command)
    command = click.argument("file", type=click.Path(dir_okay=folders, exists=True, path_type=Path))(command)
    return common_options(command)


@import_group.command("whatsapp")
@message_options
@click.option(
    "--date-order", type=click.Choice(["dmy", "mdy"]), help="Day-first or month-first, where the file cannot tell."
)
def import_whatsapp(
    file: Path, since: date | None, dry_run: bool, vault: Path, today: date | None, date_order: str | None
) -> None:
    """Record contact from a WhatsApp chat export (the .txt, or the .zip WhatsApp shares).

    Each day with messages adds `- DATE 14 messages (WhatsApp)` to the log of the person the chat is
    with (a group: to each member who wrote that day). No message text is copied. A second import,
    even of a newer export, adds nothing for a day already logged.

    \b
    Example:
      vaultkit import whatsapp "WhatsApp Chat - Sam Okafor.zip" --dry-run
      vaultkit import whatsapp "WhatsApp Chat with Sam Okafor.txt" --date-order mdy
    """
    from vaultkit.exchange import whatsapp

    chat = whatsapp.read_file(file)

    def read(people: Correspondents, report: MessagesReport) -> Iterable[Exchange]:
        order, note = whatsapp.date_order(chat, date_order)
        report.notes.extend([note] if note else [])
        return whatsapp.exchanges(chat, order, people, report)

    _import_messages(vault, "WhatsApp", read, since, dry_run, today)


@import_group.command("telegram")
@message_options
def import_telegram(file: Path, since: date | None, dry_run: bool, vault: Path, today: date | None) -> None:
    """Record contact from Telegram Desktop's JSON export (a chat's result.json, or the whole account's).

    Each day with messages adds `- DATE 3 messages (Telegram)` to the person's log (a personal chat:
    every message; a group: each member's own). No message text is copied.

    \b
    Example:
      vaultkit import telegram ~/Downloads/Telegram\\ Desktop/DataExport/result.json --dry-run
    """
    from vaultkit.exchange import telegram

    export = telegram.read_export(file)

    def read(people: Correspondents, report: MessagesReport) -> Iterable[Exchange]:
        return telegram.exchanges(export, report)

    _import_messages(vault, "Telegram", read, since, dry_run, today)


@import_group.command("mbox")
@functools.partial(message_options, folders=True)
def import_mbox(file: Path, since: date | None, dry_run: bool, vault: Path, today: date | None) -> None:
    """Record contact from mail: an mbox file (Gmail Takeout, Thunderbird; Apple Mail's export, a
    folder holding a file named mbox), read as a stream.

    Each day with mail from or to a person (matched by address) adds `- DATE SUBJECT and 2 more
    (e-mail)` to their log. Mailing lists, automatic mail and mail to more than 20 people are left out.
    With `me` unset in vaultkit.yaml, every message in the file counts as yours.

    \b
    Example:
      vaultkit import mbox ~/Downloads/Takeout/Mail/All\\ mail\\ Including\\ Spam\\ and\\ Trash.mbox --dry-run
    """
    from vaultkit.exchange import mbox
    from vaultkit.exchange.exports import open_export, wrong_kind

    if file.is_dir():  # Apple Mail exports a mailbox as a folder `NAME.mbox/` holding a file `mbox`
        if not (file / "mbox").is_file():
            raise click.UsageError(f"{file} is a folder; give the mbox file (Apple Mail's export holds one named mbox)")
        file = file / "mbox"
    with open_export(file) as stream:  # a regular file, beginning as an mbox does: else refused now
        head = stream.read(4096)
    if not head.startswith(b"From "):
        raise wrong_kind(file, head, "an mbox file (it does not start with a 'From ' line)")

    def read(people: Correspondents, report: MessagesReport) -> Iterator[Exchange]:
        size = file.stat().st_size
        with open_export(file) as stream:
            if size < (64 << 20) or not sys.stderr.isatty():
                yield from mbox.exchanges(stream, people, report)
                return
            with click.progressbar(length=size, label="reading mail", file=sys.stderr) as bar:
                yield from mbox.exchanges(stream, people, report, bar.update)

    _import_messages(vault, "e-mail", read, since, dry_run, today)


def a_year_before(day: date) -> date:
    """The default `--since`: a year before today, or the calendar's first day."""
    try:
        return add_months(day, -12)
    except (ValueError, OverflowError):
        return date.min


@click.group("export", short_help=help_line("export"))
def export_group() -> None:
    """Export to other tools.

    \b
    Example:
      vaultkit export ics -o ~/Calendars/vaultkit.ics
    """


@export_group.command("ics")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not to stdout.")
@vault_option
@common_options
def export_ics_command(output: Path | None, vault: Path, today: date | None) -> None:
    """Follow-ups, birthdays and milestones as an iCalendar file.

    Stable UIDs and the same bytes for the same vault and date, so the file can be committed and
    subscribed to.

    \b
    Example:
      vaultkit export ics -o vaultkit.ics --vault ~/Notes
    """
    from vaultkit.exchange.calendar import export_ics  # here: icalendar takes longer to import than a warm build

    loaded = load_vault(vault)
    data = export_ics(loaded.index(), loaded.config, today_or_now(today), loaded.root.name)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    from vaultkit.files.write import atomic_write

    written = atomic_write(output, data)
    click.echo(f"{output} {'updated' if written else 'unchanged'}", err=True)


@click.command("init", short_help=help_line("init"))
@vault_options(positional=True, find=False)
@common_options
def init_command(vault: Path, today: date | None) -> None:
    """Write a commented vaultkit.yaml and the people folder; in git, set up dashboard merges.

    Never overwrites; running it again changes nothing.

    \b
    Example:
      vaultkit init ~/Notes
    """
    from vaultkit.files.initialise import initialise

    for line in initialise(vault):
        click.echo(line)
