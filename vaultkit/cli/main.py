"""The command line: parse options, call the library, turn its errors into messages and exit codes.

The commands that write into the vault live in cli_write; options and errors shared by all in cli_common.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import shlex
import signal
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from vaultkit import __version__
from vaultkit.build import BuildResult, VaultError, build, counted, problems_counted
from vaultkit.cli.common import (
    ProblemsFound,
    UsageFailure,
    clipping_named,
    common_options,
    json_option,
    load_vault,
    one_person,
    print_json,
    set_debug,
    show,
    today_or_now,
    use_cache,
    vault_argument,
    vault_option,
    warn,
)
from vaultkit.cli.writing import export_group, import_group, init_command, intro_command, log_command, new_command
from vaultkit.exchange.contacts import ImportFailure
from vaultkit.files import lock
from vaultkit.files.create import CreateError
from vaultkit.files.edit import EditError
from vaultkit.files.gitmerge import merge_dashboard, merge_note, missing_drivers
from vaultkit.files.lock import Busy
from vaultkit.files.write import OutsideVault
from vaultkit.insights.sections import past_due, people_mentioned, person_section
from vaultkit.network.intros import suggest_intros
from vaultkit.network.paths import TargetPath, paths_to_targets
from vaultkit.network.who import who as find_people
from vaultkit.read.config import MAX_LINES, ConfigError
from vaultkit.read.model import Problem


class VaultkitGroup(click.Group):
    """Turns library errors into messages: no traceback reaches a user unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (ConfigError, VaultError, EditError, CreateError, ImportFailure, Busy, OutsideVault) as error:
            if ctx.meta.get("vaultkit.debug"):
                raise
            raise UsageFailure(str(error)) from None
        except BrokenPipeError:  # `vaultkit due | head -1`: a closed pipe is not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush into it
            return None
        except OSError as error:  # the disk said no: name the file and the reason
            if ctx.meta.get("vaultkit.debug"):
                raise
            raise UsageFailure(refusal(error)) from None
        except Exception as error:
            if ctx.meta.get("vaultkit.debug") or os.environ.get("VAULTKIT_DEBUG"):
                raise
            message = f"internal error: {type(error).__name__}: {error}; run again with --debug and report it"
            raise UsageFailure(message) from None


def refusal(error: OSError) -> str:
    """What the system refused, for a person: the file, the reason, and what to do."""
    where = error.filename or "a file"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{where}: the disk is full; free some space and run the command again (nothing was lost)"
    return f"{where}: {error.strerror or error}; check that it exists and can be written"


@click.group(cls=VaultkitGroup)
@click.version_option(__version__, prog_name="vaultkit")
@click.option("--debug", is_flag=True, expose_value=False, callback=set_debug, help="Show tracebacks on errors.")
def cli() -> None:
    """Keep in touch with the people in your Markdown vault.

    \b
    Example:
      vaultkit build ~/Notes
    """


F = TypeVar("F", bound=Callable[..., Any])


def list_command(function: F) -> click.Command:
    """A command that lists a section whole: its vault, `--json` and the shared options (SPEC §6)."""
    return cli.command()(vault_argument(json_option(common_options(function))))


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
        result = build(vault, today_or_now(today), cache=use_cache(), background=True, warn=warn)
    click.echo(result.summary())
    _warn_missing_drivers(vault)
    _warn_no_people(vault, result)
    _report_strict(result, strict)


def _warn_no_people(vault: Path, result: BuildResult) -> None:
    """No person found, but a folder named like a people folder: say which, and the line to add."""
    if result.counts.get("people", 0):
        return
    from vaultkit.read.locate import people_folders

    if found := people_folders(vault):
        listed = ", ".join(found[:5])
        click.echo(
            f"warning: no person found, but {listed} looks like a people folder; to read it, add to "
            f"vaultkit.yaml: people_dirs: [{', '.join(found[:5])}] (or run 'vaultkit init {vault}')",
            err=True,
        )


def _warn_missing_drivers(vault: Path) -> None:
    """A fresh clone has the committed `.gitattributes` but not the drivers' git config (SPEC §5)."""
    if missing := missing_drivers(vault):
        click.echo(
            f"warning: .gitattributes names vaultkit's merge drivers ({', '.join(missing)}) but this clone's git "
            f"config lacks them, so merges of the dashboard and of logs will conflict; run 'vaultkit init {vault}'",
            err=True,
        )


@cli.command("merge-note", hidden=True)
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
def merge_note_command(base: Path, ours: Path, theirs: Path) -> None:
    """Git's merge driver for person notes (set up by `vaultkit init`): keeps both sides' new log lines.

    Exit 1 leaves a conflict to git, marked as usual.

    \b
    Example:
      vaultkit merge-note %O %A %B      (git runs it; you never need to)
    """
    if not merge_note(base, ours, theirs):
        raise click.exceptions.Exit(1)


@cli.command("merge-dashboard", hidden=True)
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
def merge_dashboard_command(base: Path, ours: Path, theirs: Path) -> None:
    """Git's merge driver for the dashboard (set up by `vaultkit init`): ours, with every box ticked on
    either side, so the next build records it. Never a conflict.

    \b
    Example:
      vaultkit merge-dashboard %O %A %B      (git runs it; you never need to)
    """
    merge_dashboard(ours, theirs)


def _report_strict(result: BuildResult, strict: bool) -> None:
    if strict and result.errors:
        raise ProblemsFound(f"{counted(result.errors, 'problems')}; run 'vaultkit check' to list them")


@cli.command()
@vault_argument
@common_options
def check(vault: Path, today: date | None) -> None:
    """Report problems as path:line: message; exit 1 if any (for pre-commit and CI).

    \b
    Example:
      vaultkit check ~/Notes
    """
    result = build(vault, today_or_now(today), write=False, cache=use_cache(), warn=warn)
    _warn_missing_drivers(vault)
    assert result.insights is not None  # a build that does not write always computes
    for problem in result.insights.problems:
        click.echo(_problem_line(problem))
    found = f"{problems_counted(result.errors, result.warnings)} in {counted(result.notes, 'notes')}"
    if result.errors:
        raise ProblemsFound(found)
    click.echo(found, err=True)


@list_command
def due(vault: Path, as_json: bool, today: date | None) -> None:
    """List who is due a follow-up within the horizon.

    \b
    Example:
      vaultkit due ~/Notes --json
    """
    loaded = load_vault(vault)
    items = person_section(loaded.index(), loaded.config, today_or_now(today), "due")
    if as_json:
        return print_json(items)
    for item in items:
        late = " (overdue)" if item.overdue else ""
        last = item.last_contact.isoformat() if item.last_contact else "never"
        since = f" · late since {item.late}" if item.late else ""
        click.echo(f"{item.due}{late}  {item.name}  · {item.cadence_words} · last {last}{since}")
    if not items:
        click.echo(f"Nobody is due in the next {loaded.config.horizon_days} days.")
    return None


@list_command
def milestones(vault: Path, as_json: bool, today: date | None) -> None:
    """List the birthdays, family birthdays and milestones of the next milestone_days.

    \b
    Example:
      vaultkit milestones ~/Notes --json
    """
    loaded = load_vault(vault)
    items = person_section(loaded.index(), loaded.config, today_or_now(today), "milestones")
    nothing = f"No birthdays or milestones in the next {loaded.config.milestone_days} days."
    show(items, as_json, lambda m: f"{m.date}  {m.name}  · {m.description}", nothing)


@list_command
def balance(vault: Path, as_json: bool, today: date | None) -> None:
    """List the people whose #got outnumbers #gave: give before you take.

    \b
    Example:
      vaultkit balance ~/Notes
    """
    loaded = load_vault(vault)
    items = person_section(loaded.index(), loaded.config, today_or_now(today), "balance")
    show(items, as_json, lambda b: f"{b.name}: received {b.got}, gave {b.gave}", "Nobody owes you a favour back.")


@cli.command()
@vault_argument
@click.option("--limit", type=click.IntRange(0, MAX_LINES), help="How many (default: max_intros, as the dashboard).")
@click.option("--in-flight", "in_flight", is_flag=True, help="The introductions asked about and not yet made.")
@json_option
@common_options
def intros(vault: Path, limit: int | None, in_flight: bool, as_json: bool, today: date | None) -> None:
    """Suggest the best introductions between people who should know each other.

    Never every possible pair: the best max_intros (or --limit), chosen as on the dashboard. With
    --in-flight: the pairs asked about (vaultkit intro) and not yet introduced, oldest ask first.

    \b
    Example:
      vaultkit intros ~/Notes
      vaultkit intros --limit 30 --json
      vaultkit intros --in-flight
    """
    loaded = load_vault(vault)
    day = today_or_now(today)
    if in_flight:
        from vaultkit.network.intros import in_flight as asked

        waiting = asked(loaded.index(), day)
        line = lambda f: f"{f.a} ↔ {f.b}: asked {f.asked} ({f.days} day{'' if f.days == 1 else 's'})"  # noqa: E731
        return show(waiting, as_json, line, "No introduction is waiting for an answer.")
    config = loaded.config if limit is None else dataclasses.replace(loaded.config, max_intros=limit)
    items = suggest_intros(loaded.index(), config, day)
    return show(items, as_json, lambda item: f"{item.a} ↔ {item.b}: {item.reason}", "No introductions to suggest.")


@list_command
def paths(vault: Path, as_json: bool, today: date | None) -> None:
    """Show how to reach each target through people you know.

    \b
    Example:
      vaultkit paths ~/Notes --json
    """
    loaded = load_vault(vault)
    index = loaded.index()
    items = paths_to_targets(index, index.last_contacts(today_or_now(today)))
    show(items, as_json, _chain_line, "No paths to targets.")


def _chain_line(item: TargetPath) -> str:
    steps = "".join(f" → {name}" if how == "knows" else f" →({how}) {name}" for how, name in item.steps())
    return f"{item.target}: {item.path[0]}{steps}"


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
    loaded = load_vault(vault)
    found = find_people(loaded.index(), loaded.config, query)
    show(found, as_json, lambda person: f"{person.name}: {person.reason()}", f"Nobody matches {query!r}.")


@cli.command()
@click.argument("note", required=False)
@vault_option
@json_option
@common_options
def share(note: str | None, vault: Path, as_json: bool, today: date | None) -> None:
    """The clippings worth sharing, and with whom; or the people one note resonates with.

    Without NOTE: the dashboard's Worth sharing section whole. NOTE is a note's path in the vault or its
    name: the people it resonates with, ranked as on the dashboard (the terms' rarity, then a recent
    conversation on one of them, then the name), without the dashboard's three per clipping.

    \b
    Example:
      vaultkit share
      vaultkit share "Clippings/Rust in Production.md"
      vaultkit share "Rust in Production" --json --vault ~/Notes
    """
    from vaultkit.insights.clippings import Readers, worth_sharing

    loaded = load_vault(vault)
    day = today_or_now(today)
    if note is None:
        found = worth_sharing(loaded.index(), loaded.config, day)
        nothing = f"No clipping of the last {loaded.config.share_days} days to share."
        return show(found, as_json, lambda item: f"{item.clipping} → {item.person}: {item.reason()}", nothing)
    found = Readers(loaded.index()).for_clipping(clipping_named(loaded, note), day, most=None)
    return show(found, as_json, lambda item: f"{item.person}: {item.reason()}", "Nobody in the vault shares its terms.")


@list_command
def news(vault: Path, as_json: bool, today: date | None) -> None:
    """List the #news log lines of the last news_days (job changes the LinkedIn import found), newest first.

    \b
    Example:
      vaultkit news ~/Notes
    """
    loaded = load_vault(vault)
    items = person_section(loaded.index(), loaded.config, today_or_now(today), "news")
    nothing = f"No news in the last {loaded.config.news_days} days."
    show(items, as_json, lambda n: f"{n.date}  {n.name}  · {n.text}", nothing)


@list_command
def today(vault: Path, as_json: bool, today: date | None) -> None:
    """List whom to reach out to today, ranked by their reasons, each reason strongest first.

    The weights: a milestone today 4, within 3 days 3; news since your last contact 3; late 3, else
    overdue 2 (a strong tie +1); a clipping to share 1; a dormant tie serving one of your goals 1.

    \b
    Example:
      vaultkit today ~/Notes --json
    """
    loaded = load_vault(vault)
    items = person_section(loaded.index(), loaded.config, today_or_now(today), "today")
    nothing = "Nobody has a reason to hear from you today."
    show(items, as_json, lambda r: f"{r.score:>2}  {r.name}  · {r.line()}", nothing)


@list_command
def promises(vault: Path, as_json: bool, today: date | None) -> None:
    """List the promises past due: open tasks that link a person (or sit in their note), due before
    today, or made more than promise_days ago with no due date; oldest first.

    \b
    Example:
      vaultkit promises ~/Notes --json
    """
    loaded = load_vault(vault)
    items = past_due(loaded.index(), loaded.config, today_or_now(today))
    show(items, as_json, lambda p: f"{p.day}  {p.name}  · {p.plain()} — in {p.note}", "No promise is past due.")


@list_command
def revive(vault: Path, as_json: bool, today: date | None) -> None:
    """List dormant ties worth reviving: no contact for dormant_years, those serving your goals first.

    \b
    Example:
      vaultkit revive ~/Notes
    """
    loaded = load_vault(vault)
    day = today_or_now(today)
    items = person_section(loaded.index(), loaded.config, day, "revive")
    nothing = f"No tie has been quiet for {loaded.config.dormant_years} years."
    show(items, as_json, lambda r: f"{r.name}  · {r.line(day)}", nothing)


@list_command
def untracked(vault: Path, as_json: bool, today: date | None) -> None:
    """List links from daily and meeting notes to notes that do not exist, written on two days or more
    of the last 90: people you mention but do not track yet.

    \b
    Example:
      vaultkit untracked ~/Notes
    """
    loaded = load_vault(vault)
    items = people_mentioned(loaded.index(), today_or_now(today))
    line = lambda u: f"{u.name}  · mentioned on {u.days} days, last {u.last}: vaultkit new {shlex.quote(u.name)}"  # noqa: E731
    show(items, as_json, line, "Every name you mention has a note.")


@cli.command()
@click.argument("name")
@vault_option
@json_option
@common_options
def brief(name: str, vault: Path, as_json: bool, today: date | None) -> None:
    """Before you meet someone: who they are, what matters to them, how you can help each other.

    NAME is a file name or an alias, in any case. Markdown on stdout (pasteable into a note), or JSON.

    \b
    Example:
      vaultkit brief "Asha Rao"
      vaultkit brief asha --json --vault ~/Notes
    """
    from vaultkit.insights.brief import brief_of, to_markdown

    loaded = load_vault(vault)
    found = brief_of(loaded.index(), loaded.config, one_person(loaded, name), today_or_now(today))
    if as_json:
        click.echo(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(to_markdown(found), nl=False)


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
    from vaultkit.watch import Watcher  # here, not at the top: every other command starts faster without watchdog

    watcher = Watcher(vault, lambda: today_or_now(today), log=_log_line, poll=poll, quiet=quiet, store=use_cache())
    previous = {sig: signal.signal(sig, lambda *_: watcher.stop()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        watcher.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _log_line(f"stopped watching {vault}")


def _log_line(message: str) -> None:
    click.echo(f"{time.strftime('%H:%M:%S')} {message}", err=True)


for command in (log_command, intro_command, new_command, import_group, export_group, init_command):
    cli.add_command(command)


def main() -> None:
    """Console entry point."""
    cli(prog_name="vaultkit")
