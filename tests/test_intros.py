"""SPEC §4.3: suggested introductions, scored by rarity and need ↔ offer, never all pairs."""

from __future__ import annotations

import itertools
import json
import math
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import person, run
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.network.index import Index, NoteStore, build_index
from vaultkit.network.intros import suggest_intros
from vaultkit.read.config import Config
from vaultkit.read.model import Interaction, Note, Person

TODAY = date(2026, 11, 21)
Make = Callable[[dict[str, str | bytes]], Path]


def intros(root: Path) -> list[dict[str, object]]:
    result = run("intros", root, "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def pairs(root: Path) -> list[tuple[object, object]]:
    return [(item["a"], item["b"]) for item in intros(root)]


def common_crowd(count: int = 6) -> dict[str, str | bytes]:
    """People who all share one common interest, so it is not rare."""
    return {f"People/Crowd {i}.md": person(interests="[cooking]", no_intros="true") for i in range(count)}


def test_rare_shared_interest_beats_a_common_one(vault: Make) -> None:
    root = vault(
        {
            **common_crowd(),
            "People/Ann.md": person(interests="[cooking, falconry]"),
            "People/Bob.md": person(interests="[falconry]"),
            "People/Cat.md": person(interests="[cooking]"),
        }
    )
    found = intros(root)
    assert [(i["a"], i["b"]) for i in found] == [("Ann", "Bob"), ("Ann", "Cat")]
    assert found[0]["score"] > found[1]["score"]
    assert found[0]["reason"] == "both into falconry"


def test_need_offer_match_beats_any_shared_interests(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(interests="[falconry, origami, sumo]"),
            "People/Bob.md": person(interests="[falconry, origami, sumo]"),
            "People/Cy.md": person(needs="[video editing]"),
            "People/Dee.md": person(offers="[Video-Editing]"),
        }
    )
    found = intros(root)
    assert [(i["a"], i["b"]) for i in found] == [("Cy", "Dee"), ("Ann", "Bob")]
    assert found[0]["matches"] == [{"needs": "Cy", "offers": "Dee", "what": "video editing"}]
    assert found[0]["reason"] == "Dee offers Video-Editing, which Cy needs"  # as the note writes it
    assert found[1]["shared"] == ["falconry", "origami", "sumo"]


def test_every_kind_of_existing_link_excludes_a_pair(vault: Make) -> None:
    shared = "[falconry]"
    root = vault(
        {
            "People/A1.md": person(interests=shared, knows="['[[B1|Bee]]']"),
            "People/B1.md": person(interests=shared),
            "People/A2.md": person(interests=shared),
            "People/B2.md": person(interests=shared, knows="['[[a2]]']"),
            "People/A3.md": person(interests=shared, introduced="['[[Bee Three#Work]]']"),
            "People/B3.md": person(interests=shared, aliases="[Bee Three]"),
            "People/A4.md": person(interests=shared) + "- 2026-01-01 Introduced to [[B4]] #intro\n",
            "People/B4.md": person(interests=shared),
            "People/B5.md": person(interests=shared) + "### 2026-01-02\n- wrote to [[A5|her]] #intro\n",
            "People/A5.md": person(interests=shared),
        }
    )
    linked = {("A1", "B1"), ("A2", "B2"), ("A3", "B3"), ("A4", "B4"), ("A5", "B5")}
    found = set(pairs(root))
    assert found and not found & linked


def test_no_intros_person_is_never_suggested(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(interests="[falconry]"),
            "People/Bob.md": person(interests="[falconry]", no_intros="true"),
            "People/Cy.md": person(needs="[law]"),
            "People/Dan.md": person(offers="[law]", no_intros="true"),
        }
    )
    assert pairs(root) == []


def test_per_person_cap_and_max_intros(vault: Make) -> None:
    star = {f"People/Fan {i}.md": person(interests="[falconry]") for i in range(5)}
    root = vault({"People/Star.md": person(offers="[falconry lessons]"), **star})
    for i in range(5):
        (root / f"People/Fan {i}.md").write_text(person(interests="[falconry]", needs="[falconry lessons]"))
    found = pairs(root)
    assert sum("Star" in pair for pair in found) == 2
    assert all(sum(name in pair for pair in found) <= 2 for name in [f"Fan {i}" for i in range(5)])
    (root / "vaultkit.yaml").write_text("max_intros: 3\n")
    assert len(pairs(root)) == 3


def test_synonyms_and_interest_tags_count(vault: Make) -> None:
    root = vault(
        {
            "vaultkit.yaml": "synonyms: {ml: machine learning}\n",
            "People/Ann.md": person(interests="[ML]"),
            "People/Bob.md": person(tags="[interest/machine-learning, work]"),
        }
    )
    assert intros(root)[0]["shared"] == ["machine learning"]


def test_ties_are_broken_by_name(vault: Make) -> None:
    notes: dict[str, str | bytes] = {
        f"People/{name}.md": person(interests="[falconry]") for name in ["dora", "Bea", "Cal", "Al"]
    }
    # equal scores: name order; then the cap of two per person leaves dora out
    assert pairs(vault(notes)) == [("Al", "Bea"), ("Al", "Cal"), ("Bea", "Cal")]


def brute_force(index: Index, limit: int, today: date = TODAY) -> list[tuple[str, str, float, tuple[str, ...]]]:
    """SPEC §4.4 read literally, comparing every pair: the reference the search must agree with.

    Candidates: no `no_intros`, not a target never in touch with, something to share or match. A pair
    is out when linked (`knows` either way, `introduced`, an `#intro` line). Score: each shared
    interest adds ln(1 + P / n_t) (n_t over everyone), each need ↔ offer match adds 100; pairs with a
    match first, then by score, then by name; at most two per person, until the limit."""
    everyone = list(index.people.values())
    counts = Counter(t for p in everyone for t in p.interests)
    weight = {t: math.log1p(len(everyone) / n) for t, n in counts.items()}
    people = [
        p
        for p in everyone
        if not p.no_intros
        and (p.interests or p.needs or p.offers)
        and not (p.target and index.last_contact(p, today) is None)
    ]
    ranked = []
    for one, two in itertools.combinations(people, 2):
        a, b = sorted((one, two), key=lambda p: (p.name.casefold(), p.name))
        if index.linked(a.name, b.name):
            continue
        shared = set(a.interests) & set(b.interests)
        matches = len(set(a.needs) & set(b.offers)) + len(set(b.needs) & set(a.offers))
        if not shared and not matches:
            continue
        score = math.fsum(weight[t] for t in shared) + 100.0 * matches
        key = (matches == 0, -score, (a.name.casefold(), a.name), (b.name.casefold(), b.name))
        ranked.append((key, (a.name, b.name, score, tuple(sorted(shared)))))
    taken: list[tuple[str, str, float, tuple[str, ...]]] = []
    count: Counter[str] = Counter()
    for _, pair in sorted(ranked):
        if len(taken) == limit:
            break
        if count[pair[0]] < 2 and count[pair[1]] < 2:
            taken.append(pair)
            count.update(pair[:2])
    return taken


def found(index: Index, limit: int) -> list[tuple[str, str, float, tuple[str, ...]]]:
    return [
        (i.a, i.b, i.score, tuple(sorted(i.shared)))
        for i in suggest_intros(index, Config().with_limit("intros", limit), TODAY)
    ]


def network(
    people: list[tuple[set[str], set[str], set[str]]], knows: list[tuple[int, int]], targets: dict[int, bool]
) -> Index:
    notes = []
    for i, (interests, offers, needs) in enumerate(people):
        links = tuple(f"P{j:02d}" for a, j in knows if a == i and j < len(people))
        found = Person(
            f"P{i:02d}", f"People/P{i:02d}.md", interests=tuple(sorted(interests)),
            offers=tuple(sorted(offers)), needs=tuple(sorted(needs)), knows=links,
            target=i in targets, last_contact=TODAY if targets.get(i) else None,
        )  # fmt: skip
        notes.append(Note(found.path, person=found))
    return build_index(NoteStore(notes), Config())


Network = tuple[list[tuple[set[str], set[str], set[str]]], list[tuple[int, int]], dict[int, bool]]


@st.composite
def networks(draw: st.DrawFn, terms: list[str], most: tuple[int, int, int], size: int) -> Network:
    """People with up to most[0] interests, most[1] offers and most[2] needs from `terms`; `knows`
    links, and targets (met or not) among them."""
    pick = st.sampled_from(terms)
    person = st.tuples(*(st.sets(pick, max_size=n) for n in most))
    people = draw(st.lists(person, min_size=2, max_size=size))
    knows = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=size // 2))
    targets = draw(st.dictionaries(st.integers(0, size - 1), st.booleans(), max_size=4))
    return people, knows, targets


@settings(max_examples=200, deadline=None)
@given(drawn=networks(list("abcdefg"), (4, 1, 1), 14), limit=st.integers(min_value=1, max_value=8))
def test_search_finds_exactly_what_comparing_all_pairs_finds(drawn: Network, limit: int) -> None:
    index = network(*drawn)
    assert found(index, limit) == brute_force(index, limit)


@settings(max_examples=200, deadline=None)
@given(drawn=networks(list("xyz"), (2, 2, 2), 30), limit=st.integers(min_value=1, max_value=12))
def test_dense_needs_offers_and_common_interests_agree_with_all_pairs(drawn: Network, limit: int) -> None:
    """Many people needing and offering a handful of things and sharing a handful of interests: large
    classes of pairs with equal scores, taken in name order."""
    index = network(*drawn)
    assert found(index, limit) == brute_force(index, limit)


SHARED = "[falconry]"
# Pairs who share a rare interest: colleagues, two named in one meeting note, one whose log line
# links the other, two at one calendar event, a pair asked about; and two strangers.
ACQUAINTANCES: dict[str, str | bytes] = {
    **common_crowd(),
    "People/Ada Colleague.md": person(interests=SHARED, company="'[[Northwind Ventures]]'"),
    "People/Ben Colleague.md": person(interests=SHARED, org="['[[Northwind Ventures]]', '[[Other]]']"),
    "People/Cy Meeting.md": person(interests=SHARED),
    "People/Di Meeting.md": person(interests=SHARED),
    "Meetings/2026-11-02 Board.md": "---\npeople: ['[[Cy Meeting]]', '[[Di Meeting]]']\n---\nNotes.\n",
    "People/Ed Dinner.md": person(interests=SHARED) + "## Log\n- 2026-10-01 Dinner with [[Fay Dinner]]\n",
    "People/Fay Dinner.md": person(interests=SHARED),
    "People/Gil Event.md": person(interests=SHARED) + "## Log\n- 2026-10-05 Pitch review (calendar)\n",
    "People/Hu Event.md": person(interests=SHARED) + "## Log\n- 2026-10-05 Pitch review (calendar)\n",
    "People/Ike Asked.md": person(interests=SHARED)
    + "## Log\n- 2026-11-01 Asked about an introduction to [[Jo Asked]] #intro-ask\n",
    "People/Jo Asked.md": person(interests=SHARED),
    "People/Kai Stranger.md": person(interests="[falconry, kites]"),  # the best pair there is
    "People/Lu Stranger.md": person(interests="[falconry, kites]"),
}


def strangers_and_acquaintances(vault: Make, extra: dict[str, str | bytes] | None = None) -> Path:
    return vault({**ACQUAINTANCES, **(extra or {})})


ACQUAINTED = {
    ("Ada Colleague", "Ben Colleague"),
    ("Cy Meeting", "Di Meeting"),
    ("Ed Dinner", "Fay Dinner"),
    ("Gil Event", "Hu Event"),
    ("Ike Asked", "Jo Asked"),
}


def test_introductions_are_suggested_only_between_strangers(vault: Make) -> None:
    """SPEC §4.4: colleagues (within colleague_max), people named together in one meeting note or
    calendar event, and a person whose log line links the other have met; an asked pair is in flight."""
    root = strangers_and_acquaintances(vault)
    every = run("intros", root, "--limit", "40", "--json", "--today", "2026-11-21")
    found = {(item["a"], item["b"]) for item in json.loads(every.output)}
    assert ("Kai Stranger", "Lu Stranger") in found
    assert not found & ACQUAINTED
    for name in ("Ada Colleague", "Cy Meeting", "Ed Dinner", "Gil Event", "Ike Asked"):
        brief = json.loads(run("brief", name, "--vault", root, "--json", "--today", "2026-11-21").output)
        assert not {(i["a"], i["b"]) for i in brief["intros"]} & ACQUAINTED, name


def test_a_crowd_met_at_a_large_meeting_and_a_company_above_colleague_max_are_still_strangers(vault: Make) -> None:
    """A meeting note naming more than a dozen people (a conference) says nothing of who met whom,
    as a company of more than colleague_max people makes nobody colleagues."""
    crowd = [f"Guest {i:02d}" for i in range(13)]
    links = ", ".join(f"'[[{name}]]'" for name in crowd)
    root = strangers_and_acquaintances(
        vault,
        {
            **{f"People/{name}.md": person(interests="[origami]") for name in crowd},
            "Meetings/2026-11-03 Summit.md": f"---\nattendees: [{links}]\n---\n",
            "vaultkit.yaml": "colleague_max: 1\n",
        },
    )
    every = run("intros", root, "--limit", "60", "--json", "--today", "2026-11-21")
    found = {(item["a"], item["b"]) for item in json.loads(every.output)}
    assert ("Guest 00", "Guest 01") in found
    assert ("Ada Colleague", "Ben Colleague") in found


@settings(max_examples=100, deadline=None)
@given(
    drawn=networks(list("abcde"), (3, 1, 1), 12),
    companies=st.lists(st.sets(st.sampled_from(["Acme", "Beta", "Gamma"]), max_size=2), max_size=12),
    met=st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=6),
    limit=st.integers(min_value=1, max_value=8),
)
def test_the_search_leaves_out_colleagues_and_people_who_met_as_comparing_all_pairs_does(
    drawn: Network, companies: list[set[str]], met: list[tuple[int, int]], limit: int
) -> None:
    """Colleagues (a company of both, several each) and a log line of one linking the other: the
    search, which never compares all pairs, leaves out exactly the pairs the literal reading does."""
    index = network(*drawn)
    notes = []
    for i, found_person in enumerate(sorted(index.people.values(), key=lambda p: p.name)):
        lines = tuple(
            Interaction(date(2026, 1, 1), f"Dinner with [[P{j:02d}]]", n, links=(f"P{j:02d}",))
            for n, (a, j) in enumerate(met)
            if a == i
        )
        works = tuple(sorted(companies[i])) if i < len(companies) else ()
        notes.append(Note(found_person.path, person=found_person._replace(companies=works, interactions=lines)))
    index = build_index(NoteStore(notes), Config())
    assert found(index, limit) == brute_force(index, limit)
