"""The command line: parse options, call the library, turn its errors into messages and exit codes."""

from __future__ import annotations

import difflib
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from vaultkit import __version__, lock
from vaultkit.build import BuildResult, Vault, VaultError, build
from vaultkit.calendar import export_ics
from vaultkit.config import TIES, ConfigError
from vaultkit.contacts import Contact, Contacts, ImportFailure, read_linkedin, read_vcards
from vaultkit.create import CreateError, create_note, render_person
from vaultkit.dates import CADENCE_HINT, parse_cadence, parse_iso_date
from vaultkit.edit import EditError, LogLine, insert_log_line
from vaultkit.followups import due_follow_ups
from vaultkit.importer import import_contacts
from vaultkit.initialise import initialise
from vaultkit.intros import suggest_intros
from vaultkit.lock import Busy
from vaultkit.model import Problem
from vaultkit.paths import paths_to_targets
from vaultkit.watch import Watcher
from vaultkit.who import who as find_people
from vaultkit.write import atomic_write

F = TypeVar("F", bound=Callable[..., Any])
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageFailure(click.ClickException):
    """A config or vault error: the message names the file and what to do; exit code 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:
        click.echo(f"vaultkit: {self.format_message()}", err=True)


class ProblemsFound(click.ClickException):
    exit_code = EXIT_PROBLEMS

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class IsoDate(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        parsed = parse_iso_date(value)
        if parsed is None:
            self.fail(f"{value!r} is not a real date; write it as YYYY-MM-DD", param, ctx)
        return parsed


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["vaultkit.debug"] = True
    return value


def _set_no_cache(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["vaultkit.no_cache"] = True
    return value


def use_cache() -> bool:
    return not click.get_current_context().find_root().meta.get("vaultkit.no_cache", False)


def common_options(command: F) -> F:
    """--today, --no-cache and --debug, shared by every command."""
    command = click.option(
        "--no-cache",
        is_flag=True,
        expose_value=False,
        callback=_set_no_cache,
        help="Parse every note; neither read nor write the index cache.",
    )(command)
    command = click.option(
        "--today",
        type=IsoDate(),
        envvar="VAULTKIT_TODAY",
        help="Pretend today is this date (also VAULTKIT_TODAY).",
    )(command)
    return click.option(
        "--debug", is_flag=True, expose_value=False, callback=_set_debug, help="Show tracebacks on errors."
    )(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(command)


vault_argument = click.argument("vault", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)
vault_option = click.option(
    "--vault", "vault", type=click.Path(file_okay=False, path_type=Path), default=".", help="The vault folder."
)


def today_or_now(today: date | None) -> date:
    return today if today is not None else date.today()


class VaultkitGroup(click.Group):
    """Turns library errors into messages: no traceback reaches a user unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (ConfigError, VaultError, EditError, CreateError, ImportFailure, Busy) as error:
            if ctx.meta.get("vaultkit.debug"):
                raise
            raise UsageFailure(str(error)) from None
        except OSError as error:  # the disk said no: name the file and the reason
            if ctx.meta.get("vaultkit.debug"):
                raise
            where = error.filename or "a file"
            raise UsageFailure(f"{where}: {error.strerror or error}; check that it exists and can be written") from None
        except Exception as error:
            if ctx.meta.get("vaultkit.debug") or os.environ.get("VAULTKIT_DEBUG"):
                raise
            message = f"internal error: {type(error).__name__}: {error}; run again with --debug and report it"
            raise UsageFailure(message) from None


@click.group(cls=VaultkitGroup)
@click.version_option(__version__, prog_name="vaultkit")
@click.option("--debug", is_flag=True, expose_value=False, callback=_set_debug, help="Show tracebacks on errors.")
def cli() -> None:
    """Keep in touch with the people in your Markdown vault.

    \b
    Example:
      vaultkit build ~/Notes
    """


def _load(vault: Path) -> Vault:
    """The vault with every note, from the cache where it can; notes parsed anew go into the cache."""
    loaded = Vault(vault, cache=use_cache())
    loaded.load_all()
    loaded.save_cache(None, date.today(), background=True)
    return loaded


def _print_json(items: Iterable[Any]) -> None:
    click.echo(json.dumps([item.to_json() for item in items], indent=2, ensure_ascii=False))


def _problem_line(problem: Problem) -> str:
    prefix = "warning: " if problem.severity == "warning" else ""
    return f"{problem.location()}: {prefix}{problem.message}"


@cli.command("build")
@vault_argument
@click.option("--strict", is_flag=True, help="Exit 1 when any note has a problem, like check.")
@common_options
def build_command(vault: Path, strict: bool, today: date | None) -> None:
    """Index the vault and write the dashboard.

    \b
    Example:
      vaultkit build ~/Notes --today 2026-11-21
    """
    with lock.writing(vault):
        result = build(vault, today_or_now(today), cache=use_cache(), background=True)
    click.echo(result.summary())
    _report_strict(result, strict)


def _report_strict(result: BuildResult, strict: bool) -> None:
    if strict and result.errors:
        raise ProblemsFound(f"{result.errors} problems; run 'vaultkit check' to list them")


@cli.command()
@vault_argument
@common_options
def check(vault: Path, today: date | None) -> None:
    """Report problems as path:line: message; exit 1 if any (for pre-commit and CI).

    \b
    Example:
      vaultkit check ~/Notes
    """
    result = build(vault, today_or_now(today), write=False, cache=use_cache())
    assert result.insights is not None  # a build that does not write always computes
    for problem in result.insights.problems:
        click.echo(_problem_line(problem))
    if result.errors:
        raise ProblemsFound(f"{result.errors} problems in {result.notes} notes")
    click.echo(f"no problems in {result.notes} notes", err=True)


@cli.command()
@vault_argument
@json_option
@common_options
def due(vault: Path, as_json: bool, today: date | None) -> None:
    """List who is due a follow-up within the horizon.

    \b
    Example:
      vaultkit due ~/Notes --json
    """
    loaded = _load(vault)
    day = today_or_now(today)
    items = due_follow_ups(loaded.index(), loaded.config, day)
    if as_json:
        return _print_json(items)
    for item in items:
        late = " (overdue)" if item.overdue else ""
        last = item.last_contact.isoformat() if item.last_contact else "never"
        click.echo(f"{item.due}{late}  {item.name}  · {item.cadence or 'follow-up date'} · last {last}")
    if not items:
        click.echo(f"Nobody is due in the next {loaded.config.horizon_days} days.")
    return None


@cli.command()
@vault_argument
@json_option
@common_options
def intros(vault: Path, as_json: bool, today: date | None) -> None:
    """Suggest introductions between people who should know each other.

    \b
    Example:
      vaultkit intros ~/Notes
    """
    loaded = _load(vault)
    items = suggest_intros(loaded.index(), loaded.config)
    if as_json:
        return _print_json(items)
    for item in items:
        click.echo(f"{item.a} ↔ {item.b}: {item.reason}")
    if not items:
        click.echo("No introductions to suggest.")
    return None


@cli.command()
@vault_argument
@json_option
@common_options
def paths(vault: Path, as_json: bool, today: date | None) -> None:
    """Show how to reach each target through people you know.

    \b
    Example:
      vaultkit paths ~/Notes --json
    """
    loaded = _load(vault)
    index = loaded.index()
    items = paths_to_targets(index, index.last_contacts(today_or_now(today)))
    if as_json:
        return _print_json(items)
    for item in items:
        click.echo(f"{item.target}: " + " → ".join(item.path))
    if not items:
        click.echo("No paths to targets.")
    return None


@cli.command()
@click.argument("query")
@vault_option
@json_option
@common_options
def who(query: str, vault: Path, as_json: bool, today: date | None) -> None:
    """Find people by interest, offer, need, company, role or location.

    \b
    Example:
      vaultkit who rust --vault ~/Notes
      vaultkit who Acme
    """
    loaded = _load(vault)
    found = find_people(loaded.index(), loaded.config, query)
    if as_json:
        return _print_json(found)
    for person in found:
        click.echo(f"{person.name}: {person.reason()}")
    if not found:
        click.echo(f"Nobody matches {query!r}.")
    return None


@cli.command()
@vault_argument
@click.option("--poll", is_flag=True, help="Poll for changes (network drives, WSL, containers).")
@click.option("--quiet", is_flag=True, help="Log only errors, not every rebuild.")
@common_options
def watch(vault: Path, poll: bool, quiet: bool, today: date | None) -> None:
    """Build, then rebuild the dashboard on every change until Ctrl-C.

    One line is logged per rebuild. Only one watcher runs per vault.

    \b
    Example:
      vaultkit watch ~/Notes
      vaultkit watch ~/Notes --poll --quiet
    """
    watcher = Watcher(vault, lambda: today_or_now(today), log=_log_line, poll=poll, quiet=quiet)
    previous = {sig: signal.signal(sig, lambda *_: watcher.stop()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        watcher.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _log_line(message: str) -> None:
    click.echo(f"{time.strftime('%H:%M:%S')} {message}", err=True)


def _one_person(loaded: Vault, query: str) -> str:
    """The person a name or alias means, or an error listing candidates."""
    index = loaded.index()
    found = index.matching(query)
    if len(found) == 1:
        return found[0]
    if found:
        listed = ", ".join(f"{name} ({index.people[name].path})" for name in found)
        raise VaultError(f"{query!r} could be {listed}; use the file name")
    close = difflib.get_close_matches(query, list(index.people), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; create the note with 'vaultkit new'"
    raise VaultError(f"no person named {query!r} in {loaded.root}{hint}")


@cli.command("log")
@click.argument("name")
@click.argument("text", nargs=-1, required=True)
@click.option("--date", "day", type=IsoDate(), help="The day it happened (default: today).")
@click.option("--gave", "tag", flag_value="gave", help="You gave something: adds #gave.")
@click.option("--got", "tag", flag_value="got", help="You received something: adds #got.")
@vault_option
@common_options
def log_command(
    name: str, text: tuple[str, ...], day: date | None, tag: str | None, vault: Path, today: date | None
) -> None:
    """Record an interaction in a person's Log section.

    NAME is a file name or an alias, in any case. Only one line is inserted; nothing else in the
    note changes.

    \b
    Example:
      vaultkit log "Asha Rao" Coffee at Blue Tokai, talked about her documentary --gave
      vaultkit log asha Sent the festival calendar --date 2026-11-02 --vault ~/Notes
    """
    words = " ".join(text).strip()
    if not words:
        raise click.UsageError("say what happened, e.g. vaultkit log Asha Coffee at Blue Tokai")
    entry = LogLine(day or today_or_now(today), f"{words} #{tag}" if tag else words)
    with lock.writing(vault):
        loaded = _load(vault)
        person = loaded.index().people[_one_person(loaded, name)]
        insert_log_line(loaded.root / person.path, entry)
    click.echo(f"{person.path}: {entry.render()}")


@cli.command("new")
@click.argument("name")
@click.option("--interest", "interests", multiple=True, help="An interest (repeat for several).")
@click.option("--tie", type=click.Choice(TIES), help="strong or loose.")
@click.option("--cadence", help="Keep-in-touch rhythm: 10d, 2w, 3m, 1y, monthly, never, ...")
@click.option("--company", help="Where they work.")
@vault_option
@common_options
def new_command(
    name: str, interests: tuple[str, ...], tie: str | None, cadence: str | None, company: str | None,
    vault: Path, today: date | None,
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
        loaded = _load(vault)
        index = loaded.index()
        if existing := index.matching(name):
            raise VaultError(
                f"{name!r} is already in the vault ({index.people[existing[0]].path}); nothing was created"
            )
        path = create_note(loaded.root, loaded.config, name, render_person(loaded.root, name, fields))
    click.echo(f"created {path.relative_to(loaded.root).as_posix()}")


@cli.group("import")
def import_group() -> None:
    """Create notes for people from LinkedIn or an address book.

    \b
    Example:
      vaultkit import linkedin ~/Downloads/Basic_LinkedInDataExport.zip --vault ~/Notes
      vaultkit import vcard contacts.vcf --dry-run
    """


def _import(vault: Path, contacts: Contacts, dry_run: bool) -> None:
    def progress(items: Iterable[Contact]) -> Iterable[Contact]:
        if len(contacts.found) < 200 or not sys.stderr.isatty():
            return items
        return click.progressbar(items, length=len(contacts.found), label="importing", file=sys.stderr)

    with lock.writing(vault):
        loaded = _load(vault)
        report = import_contacts(loaded, contacts, dry_run, progress)
    for name in report.created if dry_run else ():
        click.echo(f"would create {name}.md")
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

    Existing notes are never changed; a second import of the same file changes nothing.
    `Connected On` is kept as `connected:`, which is not a contact.

    \b
    Example:
      vaultkit import linkedin Connections.csv --vault ~/Notes
    """
    _import(vault, read_linkedin(file), dry_run)


@import_group.command("vcard")
@import_options
def import_vcard(file: Path, dry_run: bool, vault: Path, today: date | None) -> None:
    """Import people from a vCard file (3.0 or 4.0, one or many cards).

    \b
    Example:
      vaultkit import vcard contacts.vcf --vault ~/Notes
    """
    _import(vault, read_vcards(file), dry_run)


@cli.group("export")
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
    loaded = _load(vault)
    data = export_ics(loaded.index(), loaded.config, today_or_now(today))
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    written = atomic_write(output, data)
    click.echo(f"{output} {'updated' if written else 'unchanged'}", err=True)


@cli.command("init")
@vault_argument
@common_options
def init_command(vault: Path, today: date | None) -> None:
    """Write a commented vaultkit.yaml and the people folder; in git, set up dashboard merges.

    Never overwrites; running it again changes nothing.

    \b
    Example:
      vaultkit init ~/Notes
    """
    for line in initialise(vault):
        click.echo(line)


def main() -> None:
    """Console entry point."""
    cli(prog_name="vaultkit")
