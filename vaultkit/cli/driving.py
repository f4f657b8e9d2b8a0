"""The commands that drive the pipeline: build, check, watch, and git's merge drivers."""

from __future__ import annotations

import signal
import time
from datetime import date
from pathlib import Path

import click

from vaultkit.build import build
from vaultkit.cli.commands import help_line
from vaultkit.cli.common import answered, common_options, today_or_now, use_cache, vault_argument, warn
from vaultkit.cli.failures import ProblemsFound
from vaultkit.files import lock
from vaultkit.files.gitsetup import missing_drivers
from vaultkit.read.model import Problem
from vaultkit.result import BuildResult, counted, problems_counted


def _problem_line(problem: Problem) -> str:
    prefix = "warning: " if problem.severity == "warning" else ""
    return f"{problem.location()}: {prefix}{problem.message}"


@click.command("build", short_help=help_line("build"))
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
            "config lacks them (or holds an earlier vaultkit's), so merges of the dashboard and of logs will "
            f"conflict; run 'vaultkit init {vault}'",
            err=True,
        )


@click.command("merge-note", hidden=True, short_help=help_line("merge-note"))
@click.argument("base", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("marker_size", required=False, type=int)
@click.argument("path", required=False)
def merge_note_command(base: Path, ours: Path, theirs: Path, marker_size: int | None, path: str | None) -> None:
    """Git's merge driver for Markdown notes (set up by `vaultkit init`): a person note keeps both
    sides' new log lines; any other note is merged as `git merge-file` does; a note that is not text
    is a conflict that keeps ours.

    A nonzero exit leaves a conflict to git, marked as usual.

    \b
    Example:
      vaultkit merge-note %O %A %B %L %P      (git runs it; you never need to)
    """
    from vaultkit.files.gitmerge import merge_note

    if status := merge_note(base, ours, theirs, path, marker_size):
        raise click.exceptions.Exit(status)


@click.command("merge-dashboard", hidden=True, short_help=help_line("merge-dashboard"))
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
    from vaultkit.files.gitmerge import merge_dashboard

    merge_dashboard(ours, theirs)


def _report_strict(result: BuildResult, strict: bool) -> None:
    if strict and result.errors:
        raise ProblemsFound(f"{counted(result.errors, 'problems')}; run 'vaultkit check' to list them")


@click.command(short_help=help_line("check"))
@vault_argument
@common_options
def check(vault: Path, today: date | None) -> None:
    """Report problems as path:line: message; exit 1 if any (for pre-commit and CI).

    \b
    Example:
      vaultkit check ~/Notes
    """
    with answered(vault, today) as answers:
        problems = sorted([*answers.section("problems"), *answers.template_problems()], key=Problem.sort_key)
        notes = answers.notes
    _warn_missing_drivers(vault)
    for problem in problems:
        click.echo(_problem_line(problem))
    errors = sum(1 for problem in problems if problem.severity == "error")
    found = f"{problems_counted(errors, len(problems) - errors)} in {counted(notes, 'notes')}"
    if errors:
        raise ProblemsFound(found)
    click.echo(found, err=True)


@click.command(short_help=help_line("watch"))
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
