"""SPEC §4.4 paths to targets and §4.5 give before you take."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import person, run
from hypothesis import given, settings
from hypothesis import strategies as st

Make = Callable[[dict[str, str | bytes]], Path]
KNOWN = {"last_contact": "2026-10-01"}


def paths(root: Path) -> list[tuple[object, list[str]]]:
    result = run("paths", root, "--json", "--today", "2026-11-21")
    assert result.exit_code == 0, result.output
    return [(item["target"], item["path"]) for item in json.loads(result.output)]


def chain(*names: str, last_known: bool = True) -> dict[str, str | bytes]:
    """A line of people, each knowing the next; the first is known, the last a target."""
    notes: dict[str, str | bytes] = {}
    for i, name in enumerate(names):
        fields: dict[str, object] = {}
        if i + 1 < len(names):
            fields["knows"] = f"['[[{names[i + 1]}]]']"
        if i == 0 and last_known:
            fields.update(KNOWN)
        if i == len(names) - 1:
            fields["target"] = "true"
        notes[f"People/{name}.md"] = person(**fields)
    return notes


def test_one_two_and_three_hops_are_found(vault: Make) -> None:
    root = vault({**chain("A", "T1"), **chain("B", "B2", "T2"), **chain("C", "C2", "C3", "T3")})
    assert paths(root) == [("T1", ["A", "T1"]), ("T2", ["B", "B2", "T2"]), ("T3", ["C", "C2", "C3", "T3"])]


def test_a_four_hop_chain_is_not_listed(vault: Make) -> None:
    assert paths(vault(chain("D", "D2", "D3", "D4", "T4"))) == []


def test_edges_go_either_way_and_only_the_shortest_are_kept(vault: Make) -> None:
    root = vault(
        {
            "People/Target.md": person(target="true", knows="['[[Mid]]']"),
            "People/Mid.md": person(),
            "People/Me1.md": person(knows="['[[Mid]]']", **KNOWN),
            "People/Far.md": person(knows="['[[Me2]]']", **KNOWN),
            "People/Me2.md": person(knows="['[[Target]]']"),
        }
    )
    # Me1 → Mid → Target and Far → Me2 → Target are both two edges long; Me2 itself is not known
    assert paths(root) == [("Target", ["Far", "Me2", "Target"]), ("Target", ["Me1", "Mid", "Target"])]


def test_up_to_three_chains_per_target_in_name_order(vault: Make) -> None:
    notes: dict[str, str | bytes] = {"People/T.md": person(target="true")}
    for name in ["Eve", "Bob", "Dan", "Cy", "Al"]:
        notes[f"People/{name}.md"] = person(knows="['[[T]]']", **KNOWN)
    assert paths(vault(notes)) == [("T", ["Al", "T"]), ("T", ["Bob", "T"]), ("T", ["Cy", "T"])]


def test_a_target_you_are_in_touch_with_needs_no_path(vault: Make) -> None:
    root = vault({**chain("A", "T"), "Daily/2026-11-01.md": "met [[T]]\n"})
    assert paths(root) == []


def test_dashboard_lists_paths_as_links(vault: Make) -> None:
    root = vault(chain("Me", "Mid", "Star"))
    run("build", root, "--today", "2026-11-21")
    assert "- [[Star]]: [[Me]] → [[Mid]] → [[Star]]\n" in (root / "Dashboard.md").read_text()


def test_give_before_you_take_lists_the_largest_imbalance_first(vault: Make) -> None:
    root = vault(
        {
            "People/Even.md": person() + "- 2026-01-01 a #got\n- 2026-01-02 b #gave\n",
            "People/One.md": person() + "- 2026-01-01 a #got\n",
            "People/Three.md": person() + "- 2026-01-01 a #got\n- 2026-01-02 b #got\n- 2026-01-03 c #got\n",
            "People/Future.md": person() + "- 2027-01-01 planned favour #got\n",
        }
    )
    run("build", root, "--today", "2026-11-21")
    text = (root / "Dashboard.md").read_text()
    section = text.split("## Give before you take\n", 1)[1]
    assert section.startswith("- [[Three]] — received 3, gave 0\n- [[One]] — received 1, gave 0\n")
    assert "Even" not in section and "Future" not in section


def test_colleagues_are_a_step_shown_with_their_company(vault: Make) -> None:
    root = vault(
        {
            "People/Ines.md": person(company="Rhea Sen Atelier", last_contact="2026-10-05"),
            "People/Rhea.md": person(company="rhea-sen atelier", target="true"),
            "People/Zoe.md": person(last_contact="2026-11-01", knows="['[[Kabir]]']"),
            "People/Kabir.md": person(knows="['[[Rhea]]']"),
        }
    )
    found = json.loads(run("paths", root, "--today", "2026-11-21", "--json").output)
    assert found == [{"target": "Rhea", "path": ["Ines", "Rhea"], "via": ["Rhea Sen Atelier"]}]
    run("build", root, "--today", "2026-11-21")
    assert "- [[Rhea]]: [[Ines]] →(Rhea Sen Atelier) [[Rhea]]\n" in (root / "Dashboard.md").read_text()


def test_a_company_larger_than_colleague_max_links_nobody(vault: Make) -> None:
    notes: dict[str, str | bytes] = {f"People/P{i:03d}.md": person(company="Giant Corp") for i in range(60)}
    notes["People/P000.md"] = person(company="Giant Corp", last_contact="2026-11-01")
    notes["People/Star.md"] = person(company="Giant Corp", target="true")
    root = vault(notes)
    assert json.loads(run("paths", root, "--today", "2026-11-21", "--json").output) == []
    (root / "vaultkit.yaml").write_text("colleague_max: 100\n")
    found = json.loads(run("paths", root, "--today", "2026-11-21", "--json").output)
    assert found == [{"target": "Star", "path": ["P000", "Star"], "via": ["Giant Corp"]}]


def reference_paths(people: dict[str, dict[str, object]], contacted: set[str]) -> list[tuple[str, list[str]]]:
    """SPEC §4.6 read literally: every chain of at most 3 edges (knows either way, or the same company
    shared by 2 to 50 people) from someone contacted to each target never contacted; the shortest
    length only; three per target in name order."""
    edges: dict[str, set[str]] = {name: set() for name in people}
    for name, fields in people.items():
        for other in fields["knows"]:  # type: ignore[attr-defined]
            if other in people and other != name:
                edges[name].add(other)
                edges[other].add(name)
    companies: dict[str, list[str]] = {}
    for name, fields in people.items():
        if fields["company"]:
            companies.setdefault(str(fields["company"]), []).append(name)
    for members in companies.values():
        if 2 <= len(members) <= 50:
            for one in members:
                edges[one].update(other for other in members if other != one)
    found = []
    for target in sorted(people, key=str.casefold):
        if not people[target]["target"] or target in contacted:
            continue
        chains = [[start] for start in people if start in contacted]
        for _ in range(3):
            done = sorted((chain for chain in chains if chain[-1] == target), key=lambda c: [n.casefold() for n in c])
            if done:
                break
            chains = [[*chain, nxt] for chain in chains for nxt in edges[chain[-1]] if nxt not in chain]
        done = sorted((chain for chain in chains if chain[-1] == target), key=lambda c: [n.casefold() for n in c])
        found.extend((target, chain) for chain in done[:3])
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.integers(0, 9), max_size=2),
            st.sampled_from(["", "", "Acme", "Bolt"]),
            st.booleans(),
            st.booleans(),
        ),
        min_size=2,
        max_size=10,
    )
)
def test_paths_agree_with_every_chain_compared(drawn: list[tuple[list[int], str, bool, bool]]) -> None:
    from datetime import date

    from vaultkit.network.index import NoteStore, build_index
    from vaultkit.network.paths import paths_to_targets
    from vaultkit.read.config import Config
    from vaultkit.read.model import Note, Person

    names = [f"P{i}" for i in range(len(drawn))]
    people: dict[str, dict[str, object]] = {}
    notes = []
    for name, (knows, company, target, contacted) in zip(names, drawn, strict=True):
        links = tuple(names[j] for j in knows if j < len(names))
        people[name] = {"knows": links, "company": company, "target": target}
        details = (("company", company),) if company else ()
        last = date(2026, 11, 1) if contacted else None
        found = Person(name, f"People/{name}.md", knows=links, target=target, details=details, last_contact=last)
        notes.append(Note(found.path, person=found))
    index = build_index(NoteStore(notes), Config())
    contacts = index.last_contacts(date(2026, 11, 21))
    got = [(p.target, list(p.path)) for p in paths_to_targets(index, contacts)]
    assert got == reference_paths(people, {n for n, day in contacts.items() if day is not None})
