"""How a command fails, for people: exit codes (SPEC §6), messages without tracebacks, and --debug.
Only click is imported here: the group uses it before any command is loaded. What the system
refuses is worded by errors.refusal."""

from __future__ import annotations

from typing import Any

import click

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


def set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.find_root().meta["vaultkit.debug"] = True
    return value
