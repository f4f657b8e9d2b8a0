"""The click group: its commands are imported only when they run (listed in commands.py), and
library errors become messages and exit codes (no traceback unless --debug)."""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable
from typing import Any

import click

from vaultkit import __version__
from vaultkit.cli.commands import COMMANDS, HIDDEN, ROOT_HELP, help_line
from vaultkit.cli.failures import UsageFailure, set_debug
from vaultkit.errors import UserError, refusal


class VaultkitGroup(click.Group):
    """Imports a command only when it runs, and turns library errors into messages: no traceback
    reaches a user unless --debug."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name, _ = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(f"vaultkit.cli.{module}"), name)
        assert isinstance(command, click.Command)
        if command.callback is not None and not hasattr(command.callback, "text_checked"):
            command.callback = _text_checked(command, command.callback)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click lists commands, from the short help kept here, so that listing them imports none."""
        rows = [(name, help_line(name)) for name in self.list_commands(ctx) if name not in HIDDEN]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except UserError as error:
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


def _text_checked(command: click.Command, callback: Callable[..., Any]) -> Callable[..., Any]:
    """The command's callback, after a check that every argument meant as text is text: a shell with
    a broken locale passes bytes that are not UTF-8 as lone surrogates (`\\udcff`), which no note,
    index or terminal can take. A path may be any bytes the file system holds, so paths are left be."""
    text_params = [
        param
        for param in command.params
        if param.name and not isinstance(param.type, click.Path | click.File) and param.name != "vault"
    ]

    @functools.wraps(callback)
    def checked(**values: Any) -> Any:
        for param in text_params:
            value = values.get(param.name or "")
            for text in value if isinstance(value, tuple | list) else (value,):
                if isinstance(text, str) and not is_text(text):
                    shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                    raise click.UsageError(
                        f"{param.human_readable_name} '{shown}' is not valid text (UTF-8): check the terminal's"
                        " locale (LANG=en_US.UTF-8) and type it again"
                    )
        return callback(**values)

    checked.text_checked = True  # type: ignore[attr-defined]
    return checked


def is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@click.group(cls=VaultkitGroup, help=ROOT_HELP)
@click.version_option(__version__, prog_name="vaultkit")
@click.option("--debug", is_flag=True, expose_value=False, callback=set_debug, help="Show tracebacks on errors.")
def cli() -> None:
    pass
