"""What every command shares: options, argument types, errors for people, and loading a vault."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from vaultkit.build import Vault
from vaultkit.dates import parse_iso_date

F = TypeVar("F", bound=Callable[..., Any])
EXIT_PROBLEMS, EXIT_USAGE = 1, 2  # and 0 for ok (SPEC §6)


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


def set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
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
        "--debug", is_flag=True, expose_value=False, callback=set_debug, help="Show tracebacks on errors."
    )(command)


def json_option(command: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(command)


vault_argument = click.argument("vault", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)
vault_option = click.option(
    "--vault", "vault", type=click.Path(file_okay=False, path_type=Path), default=".", help="The vault folder."
)


def today_or_now(today: date | None) -> date:
    return today if today is not None else date.today()


def load_vault(vault: Path) -> Vault:
    """The vault with every note, from the cache where it can; notes parsed anew go into the cache."""
    loaded = Vault(vault, cache=use_cache())
    loaded.load_all()
    loaded.save_cache(None, date.today(), background=True)
    # The notes live until the command ends: keep the cyclic garbage collector from walking them all
    # (most of a second at 50,000 people) the first time the command makes a few objects.
    gc.freeze()
    return loaded


def print_json(items: Iterable[Any]) -> None:
    click.echo(json.dumps([item.to_json() for item in items], indent=2, ensure_ascii=False))
