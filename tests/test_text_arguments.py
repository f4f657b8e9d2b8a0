"""An argument meant as text that is not text (a lone surrogate, which Python makes of bytes that are
not UTF-8 from a shell with a broken locale) is a usage error that says so, for every command: never
an internal error, and nothing written. A path may hold any bytes a file system allows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

BROKEN = "S\udcffam"  # `Säm` typed in Latin-1 into a UTF-8 vaultkit


@pytest.mark.parametrize(
    "command",
    [
        ["brief", BROKEN],
        ["who", BROKEN],
        ["share", BROKEN],
        ["new", BROKEN],
        ["log", BROKEN, "coffee"],
        ["log", "Sam", "coffee", BROKEN],
        ["log", "Sam", "coffee", "--with", BROKEN],
        ["intro", "Sam", BROKEN],
    ],
)
def test_an_argument_that_is_not_text_is_a_usage_error(
    vault: Callable[[dict[str, str | bytes]], Path], command: list[str]
) -> None:
    root = vault({"People/Sam.md": "---\ninterests: [film]\n---\n# Sam\n", "People/Bo.md": "# Bo\n"})
    assert run("build", root, "--today", "2026-11-21").exit_code == 0  # with an index, and without
    before = {path: path.read_bytes() for path in root.rglob("*.md")}
    for extra in ([], ["--no-cache"]):
        result = run(*command, "--vault", root, "--today", "2026-11-21", *extra)
        assert result.exit_code == 2, result.output
        assert "'S\\xffam' is not valid text (UTF-8)" in result.output and "internal error" not in result.output
    assert {path: path.read_bytes() for path in root.rglob("*.md")} == before
