"""The console entry point. `vaultkit --version` and `vaultkit --help` are answered here, from the
command list, without importing click (about 40 ms of a 50 ms budget on a slow machine, SPEC §7); the
text is click's own, byte for byte (tests/test_cli.py compares them), and anything else goes to click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from vaultkit import __version__
from vaultkit.cli.commands import COMMANDS, HIDDEN, ROOT_HELP, ROOT_OPTIONS

WIDTH = 78  # click's help width on a terminal of 80 columns or more (and off a terminal)


def version_text() -> str:
    return f"vaultkit, version {__version__}\n"


def help_text() -> str | None:
    """`vaultkit --help` as click writes it; None where click would wrap a line (a narrow terminal)."""
    if _columns() < WIDTH + 2:
        return None
    options = _rows(ROOT_OPTIONS)
    commands = _rows([(name, COMMANDS[name][2]) for name in sorted(COMMANDS) if name not in HIDDEN])
    if any(len(line) > WIDTH for line in (*options, *commands)):
        return None
    description = ROOT_HELP.replace("\b\n", "").splitlines()
    body = "\n".join(f"  {line}" if line else "" for line in description)
    return (
        f"Usage: vaultkit [OPTIONS] COMMAND [ARGS]...\n\n{body}\n\n"
        + "Options:\n" + "".join(line + "\n" for line in options)
        + "\nCommands:\n" + "".join(line + "\n" for line in commands)
    )  # fmt: skip


def _rows(pairs: Sequence[tuple[str, str]]) -> list[str]:
    """click's definition list: two spaces, the term padded to the widest, two spaces, the text."""
    width = min(max(len(term) for term, _ in pairs), 30)
    return [f"  {term:<{width}}  {text}" for term, text in pairs]


def _columns() -> int:
    try:
        return (
            int(os.environ["COLUMNS"]) if "COLUMNS" in os.environ else os.get_terminal_size(sys.stdout.fileno()).columns
        )
    except (OSError, ValueError):
        return 80  # not a terminal: click's fallback


def main() -> None:
    """Console entry point."""
    args = sys.argv[1:]
    fast = version_text() if args == ["--version"] else help_text() if args == ["--help"] else None
    if fast is not None:
        sys.stdout.write(fast)
        return
    from vaultkit.cli.group import cli

    cli(prog_name="vaultkit")
