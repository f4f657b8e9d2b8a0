"""`vaultkit new`: a note from the template, safe names, never overwriting, never outside the vault."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]


def test_new_creates_a_note_from_the_template(vault: Make) -> None:
    root = vault({})
    result = run(
        "new", "Asha Rao", "--interest", "documentary", "--interest", "travel",
        "--tie", "strong", "--cadence", "1m", "--company", "Lantern Pictures", "--vault", root,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "created People/Asha Rao.md\n"
    note = root / "People/Asha Rao.md"
    post = frontmatter.loads(note.read_text())
    assert post.metadata == {
        "tie": "strong",
        "cadence": "1m",
        "interests": ["documentary", "travel"],
        "company": "Lantern Pictures",
    }
    assert "## Log" in post.content
    assert stat.S_IMODE(note.stat().st_mode) & 0o644 == 0o644
    assert run("check", root).exit_code == 0
    due = run("due", root, "--json", "--today", "2026-11-21")
    assert '"name": "Asha Rao"' in due.output  # a cadence and never contacted: due today


def test_new_never_overwrites_and_knows_names_and_aliases(vault: Make) -> None:
    root = vault({"People/Asha Rao.md": "mine\n", "Work/Ben.md": person(type="person", aliases="[Benny]")})
    for name in ("Asha Rao", "asha rao", "benny"):
        result = run("new", name, "--vault", root)
        assert result.exit_code == 2, name
        assert "already" in result.output or "benny is an alias of Work/Ben.md" in result.output
    assert (root / "People/Asha Rao.md").read_text() == "mine\n"


@pytest.mark.parametrize(
    "name",
    [
        "../evil",
        "a/b",
        "a\\b",
        "x[y]",
        "x|y",
        "x#y",
        "x^y",
        "x\x00y",
        "CON",
        "nul.txt",
        "LPT1",
        "",
        " padded",
        ".hidden",
        "a:b",
    ],
)
def test_unsafe_names_are_refused_with_a_reason(vault: Make, name: str) -> None:
    root = vault({})
    result = run("new", name, "--vault", root)
    assert result.exit_code == 2
    assert "a name" in result.output or "reserved" in result.output
    assert not any(root.rglob("*.md"))


def test_new_refuses_a_people_folder_outside_the_vault(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "People").symlink_to(outside)
    result = run("new", "Ann", "--vault", root)
    assert result.exit_code == 2
    assert "outside the vault" in result.output
    assert not any(outside.iterdir())


def test_person_template_override_is_used_and_sandboxed(vault: Make) -> None:
    root = vault({".vaultkit/templates/person.md.j2": "---\n{{ front_matter }}---\nHi {{ name }}\n"})
    assert run("new", "Ann", "--cadence", "2w", "--vault", root).exit_code == 0
    assert (root / "People/Ann.md").read_text() == "---\ncadence: 2w\n---\nHi Ann\n"
    (root / ".vaultkit/templates/person.md.j2").write_text("{{ ''.__class__.__mro__ }}")
    result = run("new", "Bob", "--vault", root)
    assert result.exit_code == 2
    assert "template failed" in result.output
    assert not (root / "People/Bob.md").exists()


def test_bad_cadence_is_a_usage_error(vault: Make) -> None:
    result = run("new", "Ann", "--cadence", "often", "--vault", vault({}))
    assert result.exit_code == 2
    assert "--cadence" in result.output


def test_new_names_an_alias_as_an_alias_and_offers_force(vault: Make) -> None:
    root = vault({"People/Katherine Moore.md": person(aliases="[Kate]")})
    refused = run("new", "Kate", "--vault", root)
    assert refused.exit_code == 2
    assert "Kate is an alias of People/Katherine Moore.md; nothing was created (--force creates it anyway)" in (
        refused.output
    )
    assert "same but for accents" not in refused.output
    forced = run("new", "Kate", "--force", "--vault", root)
    assert forced.exit_code == 0 and (root / "People/Kate.md").exists()


def test_new_beside_a_note_of_exactly_that_name_does_not_offer_force(vault: Make) -> None:
    root = vault({"Work/Ben Ode.md": person(type="person")})
    for argv in (["new", "Ben Ode"], ["new", "Ben Ode", "--force"]):
        refused = run(*argv, "--vault", root)
        assert refused.exit_code == 2, argv
        assert "Work/Ben Ode.md already exists" in refused.output and "--force" not in refused.output
    assert not (root / "People/Ben Ode.md").exists()
