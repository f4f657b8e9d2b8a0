"""A name vaultkit writes into a note is a link and nothing else (SPEC §8): a person whose file name
holds a tag (`Bo #gave Kim.md`, which a vault from someone else can hold) cannot be written as
`[[Bo #gave Kim]]`, which would count a `#gave` for the other person; `intro` and `log --with` refuse
it (exit 2, naming the note), before anything is written or drafted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

from vaultkit.read.plain import plain_text, wikilink

DAY = "2026-11-21"
SAM = "---\ninterests: [film]\n---\n# Sam\n\n## Log\n- 2026-10-01 coffee\n"
TAGGED = "---\ninterests: [film]\n---\n\n## Log\n- 2026-10-01 coffee\n"


@pytest.fixture
def tagged(vault: Callable[[dict[str, str | bytes]], Path]) -> Path:
    return vault({"People/Sam.md": SAM, "People/Bo #gave Kim.md": TAGGED, "People/Cy.md": SAM.replace("Sam", "Cy")})


def gave_and_got(root: Path, name: str) -> tuple[int, int]:
    result = run("brief", name, "--vault", root, "--today", DAY, "--json", "--no-cache")
    found = json.loads(result.output)
    return found["gave"], found["got"]


def notes_of(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "People").iterdir())}


@pytest.mark.parametrize(
    "command",
    [
        ["intro", "Sam", "Bo #gave Kim"],
        ["intro", "Bo #gave Kim", "Sam"],
        ["intro", "Sam", "Bo #gave Kim", "--made"],
        ["log", "Sam", "lunch", "--with", "Bo #gave Kim"],
        ["log", "Sam", "lunch", "--with", "Cy", "--with", "Bo #gave Kim"],
    ],
)
def test_a_name_holding_a_tag_is_never_written_as_a_link(tagged: Path, command: list[str]) -> None:
    before = notes_of(tagged)
    result = run(*command, "--vault", tagged, "--today", DAY)
    assert result.exit_code == 2, result.output
    assert "People/Bo #gave Kim.md" in result.output and "cannot be written as a link" in result.output
    assert "nothing was recorded" in result.output and "To Sam" not in result.output  # no draft either
    assert notes_of(tagged) == before
    assert gave_and_got(tagged, "Sam") == (0, 0)
    assert run("intros", "--in-flight", "--vault", tagged, "--today", DAY, "--json").output.strip() == "[]"


def test_a_plain_name_is_still_linked(tagged: Path) -> None:
    result = run("intro", "Sam", "Cy", "--vault", tagged, "--today", DAY)
    assert result.exit_code == 0, result.output
    assert f"- {DAY} Asked about an introduction to [[Cy]] #intro-ask" in (tagged / "People/Sam.md").read_text()
    assert gave_and_got(tagged, "Sam") == (0, 0)


@pytest.mark.parametrize(
    "name", ["Bo #gave Kim", "Bo#got", "a^block", "x|y", "a[[b", "a]]b", "back\\slash", "two\nlines"]
)
def test_what_cannot_be_a_link_is_what_plain_text_would_change(name: str) -> None:
    """wikilink (read/plain.py) refuses what the neutralising of outside text escapes or joins."""
    assert wikilink(name) is None
    assert wikilink("Zoë Keller") == "[[Zoë Keller]]" and plain_text("Zoë Keller") == "Zoë Keller"


def test_a_ticked_introduction_naming_a_tagged_name_by_an_alias_is_not_recorded(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    """A dashboard edited to tick an introduction to `Bo #gave Kim` through an alias: the tick would
    write `[[Bo #gave Kim]]` into Sam's log; it is kept ticked and listed as a problem instead."""
    root = vault({"People/Sam.md": SAM, "People/Bo #gave Kim.md": "---\naliases: [Bok]\n---\n" + TAGGED[4:]})
    assert run("build", root, "--today", DAY).exit_code == 0
    dashboard = root / "Dashboard.md"
    text = dashboard.read_text()
    dashboard.write_text(text + "\n## Suggested introductions\n- [x] [[Sam]] ↔ [[Bok]]\n")
    before = notes_of(root)
    result = run("build", root, "--today", DAY)
    assert result.exit_code == 0, result.output
    assert notes_of(root) == before
    assert gave_and_got(root, "Sam") == (0, 0)
    shown = dashboard.read_text()
    assert "- [x] [[Sam]] ↔ [[Bok]]" in shown and "cannot be written as a link" in shown
