"""The command line: parse options, call the library, turn its errors into messages and exit codes."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from vaultkit import __version__
from vaultkit.build import BuildResult, Vault, VaultError, build
from vaultkit.config import ConfigError
from vaultkit.dates import parse_iso_date
from vaultkit.followups import due_follow_ups
from vaultkit.intros import suggest_intros
from vaultkit.model import Problem
from vaultkit.paths import paths_to_targets
from vaultkit.who import who as find_people

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


def common_options(command: F) -> F:
    """--today and --debug, shared by every command."""
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


def today_or_now(today: date | None) -> date:
    return today if today is not None else date.today()


class VaultkitGroup(click.Group):
    """Turns library errors into messages: no traceback reaches a user unless --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (ConfigError, VaultError) as error:
            if ctx.meta.get("vaultkit.debug"):
                raise
            raise UsageFailure(str(error)) from None
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
    loaded = Vault(vault)
    loaded.load_all()
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
    result = build(vault, today_or_now(today))
    click.echo(result.summary())
    _report_strict(result, strict)


def _report_strict(result: BuildResult, strict: bool) -> None:
    if strict and result.errors:
        raise ProblemsFound(f"{len(result.errors)} problems; run 'vaultkit check' to list them")


@cli.command()
@vault_argument
@common_options
def check(vault: Path, today: date | None) -> None:
    """Report problems as path:line: message; exit 1 if any (for pre-commit and CI).

    \b
    Example:
      vaultkit check ~/Notes
    """
    result = build(vault, today_or_now(today), write=False)
    for problem in result.insights.problems:
        click.echo(_problem_line(problem))
    if result.errors:
        raise ProblemsFound(f"{len(result.errors)} problems in {result.notes} notes")
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
@click.option("--vault", "vault", type=click.Path(file_okay=False, path_type=Path), default=".")
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


def main() -> None:
    """Console entry point."""
    cli(prog_name="vaultkit")
