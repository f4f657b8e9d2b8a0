"""`vaultkit mcp`: the vault served to an AI assistant over the Model Context Protocol (SPEC §9). The
SDK is an optional extra, imported only here, when the command runs."""

from __future__ import annotations

import contextlib
import time
from datetime import date
from pathlib import Path

import click

from vaultkit.cli.commands import help_line
from vaultkit.cli.common import common_options, use_cache, vault_argument, warn
from vaultkit.cli.failures import UsageFailure


@click.command("mcp", short_help=help_line("mcp"))
@vault_argument
@click.option("--allow-writes", is_flag=True, help="Offer the write tools too: log, intro_ask, intro_made.")
@click.option("--verbose", is_flag=True, help="Log every call and its outcome to stderr.")
@common_options
def mcp_command(vault: Path, allow_writes: bool, verbose: bool, today: date | None) -> None:
    """Serve the vault to an AI assistant over the Model Context Protocol (stdio).

    The tools answer from the index as the reading commands do (today, due, who, brief, intros,
    paths, share, ...); with --allow-writes, log, intro_ask and intro_made record what the commands
    record. Needs the SDK: pip install 'vaultkit[mcp]'.

    \b
    Example:
      vaultkit mcp --vault ~/Notes
      claude mcp add vaultkit -- vaultkit mcp --vault ~/Notes
    """
    try:
        from vaultkit.assistant.server import serve
    except ImportError as error:
        if not (error.name or "").startswith(("mcp", "pydantic", "anyio")):
            raise
        raise UsageFailure(
            f"vaultkit mcp needs the Model Context Protocol SDK ({error.name} is missing): pip install 'vaultkit[mcp]'"
        ) from None
    from vaultkit.assistant.session import Session

    session = Session(vault, today, use_cache(), warn)
    log = _log_line if verbose else None
    if log:
        log(f"serving {vault}{' (writes allowed)' if allow_writes else ''}")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C where it runs in a terminal: a way to stop, no error
        serve(session, allow_writes, log)
    if log:
        log(f"stopped serving {vault}")


def _log_line(message: str) -> None:
    click.echo(f"{time.strftime('%H:%M:%S')} {message}", err=True)
