"""`vaultkit who`: normalised interests, offers and needs; substrings of company, role and location."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import person, run

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
