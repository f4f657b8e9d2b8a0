"""`vaultkit people` lists everyone and `vaultkit duplicates` the notes that are probably one person
(SPEC §6, §4's JSON keys, §7: grouped by key, never all pairs; §8: identities)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import person, run

from vaultkit.network import duplicates as duplicates_module
from vaultkit.network.duplicates import Known, duplicates

DAY = "2026-11-21"
Vault = Callable[[dict[str, str | bytes]], Path]


def listed(root: Path, *argv: str) -> list[dict[str, object]]:
    result = run(*argv, "--vault", root, "--today", DAY, "--json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.output)
    return found


def test_people_lists_everyone_by_name_with_the_json_keys(vault: Vault) -> None:
    root = vault(
        {
            "People/bo Kim.md": person(
                tie="strong", cadence="2w", last_contact="2026-11-01", email="[bo@x.org, b@y.org]"
            ),
            "People/Asha Rao.md": person(
                company="'[[Lantern Pictures]]'", location="Mumbai", phone="'+91 98200 00000'"
            ),
        }
    )
    found = listed(root, "people")
    assert [p["name"] for p in found] == ["Asha Rao", "bo Kim"]
    assert found[0] == {
        "name": "Asha Rao", "path": "People/Asha Rao.md", "aliases": [], "tie": "loose", "cadence": "3m",
        "last_contact": None, "next": None, "company": ["Lantern Pictures"], "location": ["Mumbai"], "email": [],
        "phone": ["+91 98200 00000"], "url": [],
    }  # fmt: skip
    assert found[1]["cadence"] == "2w" and found[1]["next"] == "2026-11-15" and found[1]["last_contact"] == "2026-11-01"
    assert found[1]["email"] == ["bo@x.org", "b@y.org"]
    text = run("people", "--vault", root, "--today", DAY).output
    assert "bo Kim  · strong, every 2 weeks · last 2026-11-01 · next 2026-11-15" in text


def test_people_of_an_empty_vault_says_so_in_words(vault: Vault) -> None:
    root = vault({"Notes/idea.md": "# nothing here\n"})
    result = run("people", "--vault", root, "--today", DAY)
    assert result.exit_code == 0 and result.output == "The vault has no person notes yet.\n"


def test_people_and_duplicates_answer_the_same_from_the_index_as_without_it(vault: Vault) -> None:
    root = vault(
        {
            "People/Chris Lee.md": person(email="chris@x.com", cadence="1m", last_contact="2026-10-01"),
            "People/Christopher Lee.md": person(email="CHRIS@x.com"),
            "People/José Núñez.md": person(location="Madrid"),
            "People/Jose Nunez.md": "",
        }
    )
    for argv in (["people"], ["people", "--json"], ["duplicates"], ["duplicates", "--json"], ["check"]):
        first = run(*argv, "--vault", root, "--today", DAY)
        assert run(*argv, "--vault", root, "--today", DAY).output == first.output  # the index now current
        assert run(*argv, "--vault", root, "--today", DAY, "--no-cache").output == first.output, argv


def test_the_same_email_phone_or_linkedin_url_makes_a_certain_pair(vault: Vault) -> None:
    root = vault(
        {
            "People/Chris Lee.md": person(email="chris@example.com"),
            "People/C. Lee.md": person(email="[other@x.org, Chris@Example.com]"),
            "People/Ana Costa.md": person(phone="'+351 912 345 678'"),
            "People/Ana C.md": person(phone="'912 345 678'"),  # no country code: the last nine digits
            "People/Raj Patel.md": person(url="https://www.linkedin.com/in/rajpatel/"),
            "People/R. Patel.md": person(url="[https://example.com, 'linkedin.com/in/rajpatel?trk=x']"),
        }
    )
    found = listed(root, "duplicates")
    assert [(d["a"], d["b"], d["certain"]) for d in found] == [
        ("Ana C", "Ana Costa", True),
        ("C. Lee", "Chris Lee", True),
        ("R. Patel", "Raj Patel", True),
    ]
    assert [d["evidence"] for d in found] == [
        [{"kind": "phone", "value": "912345678"}],
        [{"kind": "email", "value": "chris@example.com"}],
        [{"kind": "linkedin", "value": "linkedin.com/in/rajpatel"}],
    ]


def test_names_equal_without_accents_case_punctuation_and_order_or_a_middle_name_are_likely(vault: Vault) -> None:
    root = vault(
        {
            "People/José Núñez.md": "",
            "People/Núñez, José.md": "",
            "People/Zoë Keller.md": "",
            "People/keller zoe.md": "",
            "People/Chris J. Lee.md": "",
            "People/Chris Lee.md": "",
            "People/Maria Anna Ruiz.md": "",
            "People/Maria A Ruiz.md": "",
        }
    )
    found = listed(root, "duplicates")
    pairs = {(d["a"], d["b"]) for d in found}
    assert ("José Núñez", "Núñez, José") in pairs
    assert ("keller zoe", "Zoë Keller") in pairs
    assert ("Chris J. Lee", "Chris Lee") in pairs
    assert ("Maria A Ruiz", "Maria Anna Ruiz") in pairs
    assert all(d["certain"] is False and d["evidence"][0]["kind"] == "name" for d in found)


def test_certain_pairs_come_first_then_by_name(vault: Vault) -> None:
    root = vault(
        {
            "People/Ann Bo.md": "",
            "People/Bo, Ann.md": "",
            "People/Zed One.md": person(email="z@x.org"),
            "People/Zed Two.md": person(email="z@x.org"),
        }
    )
    found = listed(root, "duplicates")
    assert [(d["a"], d["certain"]) for d in found] == [("Zed One", True), ("Ann Bo", False)]


def test_notes_whose_identities_of_one_kind_differ_are_never_proposed(vault: Vault) -> None:
    root = vault(
        {
            "People/Sarah Chen.md": person(email="sarah@a.com"),
            "People/sarah chen.md": person(email="sarah@b.com"),  # the same name, different e-mails
            "People/Chris Lee.md": person(email="chris@a.com"),
            "People/Chris Lee (2).md": person(email="chris@b.com"),  # the importers' second Chris Lee
            "People/Chris J Lee.md": person(email="cj@c.com"),
            "People/Kim Ode.md": person(url="https://linkedin.com/in/kimode"),
            "People/Kim X Ode.md": person(url="https://linkedin.com/in/kim-ode-2"),
        }
    )
    assert listed(root, "duplicates") == []
    assert run("duplicates", "--vault", root, "--today", DAY).output == "No two notes look like one person.\n"


def test_check_warns_about_each_certain_pair_naming_both_notes_and_does_not_fail(vault: Vault) -> None:
    root = vault(
        {
            "People/Chris Lee.md": person(email="chris@x.com"),
            "People/Christopher Lee.md": person(email="chris@x.com"),
            "People/Jose Nunez.md": "",
            "People/José Núñez.md": "",  # likely only: no warning
        }
    )
    result = run("check", "--vault", root, "--today", DAY)
    assert result.exit_code == 0
    assert result.output.count("warning:") == 1
    assert "People/Chris Lee.md: warning: probably the same person as `People/Christopher Lee.md`" in result.output
    assert "0 problems, 1 warning" in result.output


def test_duplicates_groups_by_key_and_never_compares_all_pairs(monkeypatch: object) -> None:
    """Who is compared with whom: only people who share a key, however many people there are."""
    compared: list[tuple[str, str]] = []
    real = duplicates_module._middles_agree

    def counting(one: list[str], other: list[str]) -> bool:
        compared.append((" ".join(one), " ".join(other)))
        return real(one, other)

    import pytest

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duplicates_module, "_middles_agree", counting)
        people = [Known(f"First{n} Last{n}", f"People/{n}.md", (f"p{n}@x.org",)) for n in range(5000)]
        people += [Known("First1 Middle Last1", "People/m.md")]
        found = duplicates(people)
    assert [(d.a, d.b) for d in found] == [("First1 Last1", "First1 Middle Last1")]
    assert len(compared) == 1


def test_a_certain_pairs_warning_stays_when_one_of_its_notes_changes_otherwise(vault: Vault) -> None:
    root = vault(
        {
            "People/Chris Lee.md": person(email="chris@x.com") + "## Log\n",
            "People/Christopher Lee.md": person(email="chris@x.com"),
        }
    )
    assert run("build", root, "--today", DAY).exit_code == 0
    with (root / "People/Chris Lee.md").open("a", encoding="utf-8") as note:
        note.write("- 2026-11-20 Coffee\n")  # a change a warm update takes
    for argv in (["check"], ["duplicates", "--json"], ["people", "--json"]):
        found = run(*argv, "--vault", root, "--today", DAY)
        assert found.output == run(*argv, "--vault", root, "--today", DAY, "--no-cache").output, argv
    assert "0 problems, 1 warning" in run("check", "--vault", root, "--today", DAY).output


def test_a_changed_email_changes_the_pairs_at_once(vault: Vault) -> None:
    root = vault(
        {"People/Chris Lee.md": person(email="chris@x.com"), "People/Christopher Lee.md": person(email="chris@x.com")}
    )
    assert run("build", root, "--today", DAY).exit_code == 0
    (root / "People/Christopher Lee.md").write_text(person(email="christopher@y.org"), encoding="utf-8")
    assert listed(root, "duplicates") == []
    check = run("check", "--vault", root, "--today", DAY)
    assert "warning" not in check.output
