"""`vaultkit who`: normalised interests, offers and needs; substrings of company, role and location."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from conftest import person, run, wait_for

from vaultkit.read.config import load_config
from vaultkit.read.model import Person
from vaultkit.store.database import Store

Make = Callable[[dict[str, str | bytes]], Path]


def test_who_matches_terms_exactly_and_details_by_substring(vault: Make) -> None:
    root = vault(
        {
            "vaultkit.yaml": "synonyms: {rustlang: rust}\n",
            "People/Ann.md": person(interests="[Rust]", company="Acme Corp"),
            "People/Bob.md": person(offers="[rust]", role="Rustacean"),
            "People/Cy.md": person(interests="[trust]", location="Rustavi"),
            "People/Dee.md": person(needs="[RustLang]"),
        }
    )
    result = run("who", "#Rust", "--vault", root)
    assert result.output.splitlines() == [
        "Ann: interests: rust",
        "Bob: offers: rust",
        "Dee: needs: rust",
    ]
    found = json.loads(run("who", "acme", "--vault", root, "--json").output)
    assert found == [{"name": "Ann", "matched": [{"field": "company", "value": "Acme Corp"}]}]
    assert run("who", "rusta", "--vault", root).output.splitlines() == ["Bob: role: Rustacean", "Cy: location: Rustavi"]
    assert run("who", "nobody", "--vault", root).output == "Nobody matches 'nobody'.\n"


def last_build_kept(root: Path) -> bool:
    db = Store.open(root, load_config(root))
    try:
        return db.meta("last") is not None
    finally:
        db.close()


def test_who_from_the_index_looks_only_at_those_holding_the_query_and_finds_as_without_it(
    vault: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index picks in SQLite whoever holds the query (terms as it keeps them, JSON; texts case-
    folded), and `who` looks only at them: the same people as without the index, whatever the text."""
    root = vault(
        {
            "vaultkit.yaml": "synonyms: {rustlang: rust}\n",
            "People/Ann.md": person(interests='["rust mentoring", trust]', company='"Straße AG"'),
            "People/Bob.md": person(interests="[rust]", role="CTO"),
            "People/Cy.md": person(interests='["say \\"hi\\"", docs]', location='"İstanbul"'),
            "People/Dee.md": person(offers="[trust]", needs='["back\\\\slash"]'),
            "People/Eve.md": person(interests="[film]", company='"Ünïcode Ltd"'),
        }
    )
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    wait_for(lambda: last_build_kept(root))
    looked_at: list[int] = []
    profiles = Store.profiles

    def counted(self: Store, where: str = "", values: Sequence[str] = ()) -> list[Person]:
        found = profiles(self, where, values)
        looked_at.append(len(found))
        return found

    monkeypatch.setattr(Store, "profiles", counted)
    queries = ["rust", "RustLang", "strasse", "Straße", 'say "hi"', "back\\slash", "cto", "i̇stanbul", "ünï", "trust"]
    for query in queries:
        for extra in ((), ("--json",)):
            argv = ["who", query, "--vault", root, "--today", "2026-11-21", *extra]
            assert run(*argv).output == run(*argv, "--no-cache").output, query
    assert run("who", "rust", "--vault", root, "--today", "2026-11-21").output.splitlines() == [
        "Bob: interests: rust",
        "Ann: interests: rust mentoring",
    ]
    assert looked_at[0] == 3  # `rust`: Ann, Bob and Dee (whose `trust` holds it), not Cy or Eve
