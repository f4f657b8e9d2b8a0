"""What every command shares: options, argument types, errors for people, loading a vault, and
finding in it the person or note a command is given."""

from __future__ import annotations

import contextlib
import functools
import gc
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vaultkit.cli.failures import UsageFailure, set_debug
from vaultkit.lookup import clipping_named, named, people_in, person_in
from vaultkit.read.dates import parse_iso_date
from vaultkit.read.locate import NotAVault, find_vault

if TYPE_CHECKING:  # what a command that answers from the index does not load (SPEC §7: start fast)
    from vaultkit.answers import Answers
    from vaultkit.read.model import Person
    from vaultkit.vault import Vault

__all__ = ["clipping_named", "named", "person_in"]  # found in vaultkit.lookup, as the server finds them

F = TypeVar("F", bound=Callable[..., Any])


class IsoDate(click.ParamType):  # type: ignore[type-arg]
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        parsed = parse_iso_date(value)
        if parsed is None:
            self.fail(f"{value!r} is not a real date; write it as YYYY-MM-DD", param, ctx)
        return parsed


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
        help="Parse every note; neither read nor write the index database.",
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


VAULT_PATH = click.Path(file_okay=False, path_type=Path)


def vault_options(positional: bool, find: bool = True) -> Callable[[F], F]:
    """Every command takes its vault the same way (SPEC §6): `--vault PATH` or VAULTKIT_VAULT, and a
    positional VAULT where the command has no other argument. The command receives `vault`, found as
    git finds a repository (locate.py); without `find` (`init`), the folder given, or the current one."""

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def with_vault(*args: Any, vault_option: Path | None, vault_argument: Path | None = None, **kwargs: Any) -> Any:
            if vault_argument is not None and vault_option is not None and vault_argument != vault_option:
                raise click.UsageError(f"two vaults given: {vault_argument} and --vault {vault_option}; pass one")
            given = vault_argument or vault_option
            try:
                kwargs["vault"] = find_vault(given) if find else (given or Path.cwd()).absolute()
            except NotAVault as error:
                raise UsageFailure(str(error)) from None
            return command(*args, **kwargs)

        wrapped = click.option(
            "--vault",
            "vault_option",
            type=VAULT_PATH,
            envvar="VAULTKIT_VAULT",
            help="The vault folder (also VAULTKIT_VAULT; default: found from the current folder).",
        )(with_vault)
        if positional:
            wrapped = click.argument("vault_argument", metavar="[VAULT]", type=VAULT_PATH, required=False)(wrapped)
        return wrapped  # type: ignore[return-value]

    return decorate


vault_argument = vault_options(positional=True)
vault_option = vault_options(positional=False)


def today_or_now(today: date | None) -> date:
    return today if today is not None else date.today()


def warn(message: str) -> None:
    """A warning on stderr: the command goes on."""
    click.echo(f"warning: {message}", err=True)


@contextlib.contextmanager
def answered(vault: Path, today: date | None, compute: bool = True) -> Iterator[Answers]:
    """The answers of the index (SPEC §7), brought up to date first when it is stale or missing
    (without `compute`, for a command that only looks people up: see answers.answers)."""
    from vaultkit.answers import answers

    found = answers(vault, today_or_now(today), use_cache(), warn, compute)
    try:
        yield found
    finally:
        found.close()
    gc.freeze()  # what was computed lives until the command ends: no collection walks it


def load_vault(vault: Path) -> Vault:
    """The vault with every note, from the store where it can (a command that only reads leaves the
    store to the next build)."""
    from vaultkit.read.config import load_config
    from vaultkit.store.database import Store
    from vaultkit.vault import Vault

    config = load_config(vault)
    db = Store.open_or_none(vault, config, warn) if use_cache() else None
    loaded = Vault(vault, config, db)
    loaded.load_all()
    if db is not None:
        db.close()
        loaded.db = None
    # The notes live until the command ends: keep the cyclic garbage collector from walking them all
    # (most of a second at 50,000 people) the first time the command makes a few objects.
    gc.freeze()
    return loaded


def show(items: list[Any], as_json: bool, line: Callable[[Any], str], nothing: str) -> None:
    """A command's list: JSON for scripts, else a line each, or a sentence when it is empty."""
    if as_json:
        print_json(items)
        return
    for item in items:
        click.echo(line(item))
    if not items:
        click.echo(nothing)


def print_json(items: Iterable[Any]) -> None:
    """A JSON array, two spaces to a level, UTF-8 as it is (msgspec: the Python encoder took a second
    for 28,000 follow-ups)."""
    print_json_array(item.to_json() for item in items)


def print_json_array(values: Iterable[Any]) -> None:
    """A JSON array of these values (anything msgspec encodes), as print_json_value prints a list, but
    written a value at a time: a list of 50,000 people is never held as one text (SPEC §7: 100 MB)."""
    import msgspec

    encoder = msgspec.json.Encoder()
    sys.stdout.flush()  # what was written as text goes first
    out = sys.stdout.buffer
    ahead = b"[\n"
    for value in values:
        out.write(ahead + b"  " + msgspec.json.format(encoder.encode(value), indent=2).replace(b"\n", b"\n  "))
        ahead = b",\n"
    out.write(b"[]\n" if ahead == b"[\n" else b"\n]\n")
    out.flush()


def print_json_value(value: Any) -> None:
    import msgspec

    click.echo(msgspec.json.format(msgspec.json.encode(value), indent=2).decode("utf-8"))


def people_named(vault: Path, today: date | None, queries: Sequence[str]) -> list[Person]:
    """The person each query means for a write, found in the index (SPEC §7: `log` reads only the
    notes it writes), or an error naming the candidates, a note that cannot be read, or the nearest names."""
    with answered(vault, today, compute=False) as answers:
        return people_in(answers, queries, prefix=False)  # a write never guesses from the start of a name
