"""Every command has help text with an example, and the README documents every command and config key."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from conftest import run

from vaultkit.cli.group import cli
from vaultkit.read.config import VALIDATORS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def all_commands() -> list[str]:
    names = []
    context = click.Context(cli)
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            names.extend(f"{name} {sub}" for sub in command.commands)
        else:
            names.append(name)
    assert len(names) > 20  # the lazy group lists them all
    return sorted(names)


@pytest.mark.parametrize("name", all_commands())
def test_command_help_has_an_example(name: str) -> None:
    result = run(*name.split(), "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"vaultkit {name}" in result.output


@pytest.mark.parametrize("name", all_commands())
def test_readme_documents_the_command(name: str) -> None:
    assert f"vaultkit {name}" in README


@pytest.mark.parametrize("key", sorted(VALIDATORS))
def test_readme_documents_the_config_key(key: str) -> None:
    assert f"`{key}`" in README
