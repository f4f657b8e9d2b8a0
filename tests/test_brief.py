"""Reasons to reach out (issue 16, first part): family, likes, gift ideas, how you met, and
`vaultkit brief` (SPEC §2, §4.2, §4.6, §6)."""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from conftest import person, run
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.insights.brief import best_intros_of
from vaultkit.network.index import Index, Links
from vaultkit.network.intros import Candidates, Intro
from vaultkit.read.model import Person

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"

ASHA = (
    person(
        aliases="[Asha]",
        tie="strong",
        cadence="1m",
        role="Producer",
        company="Lantern Pictures",
        birthday="1986-11-30",
        family="{'Mira (daughter)': 2019-11-25, 'Dev (husband)': 11-02}",
        likes="[masala chai]",
        gift_ideas="[a Wisden almanack]",
        interests="[Documentary, travel]",
        needs="[a sales agent]",
        offers="[film financing]",
        met="2024-02-10",
        met_through="'[[Arjun Mehta]]'",
    )
    + "## Log\n"
    + "".join(f"- 2026-{month:02d}-01 Call number {month}{' #gave' if month % 2 else ''}\n" for month in range(1, 11))
)


def vault_of(vault: Make) -> Path:
    return vault(
        {
            "People/Asha Rao.md": ASHA,
            "People/Arjun Mehta.md": person(last_contact="2026-11-01", knows="['[[Omar]]']"),
            "People/Omar.md": person(),
            "People/Star.md": person(target="true", met_through="'[[Omar]]'"),
            "People/Sol.md": person(offers="[a sales agent]", interests="[documentary]"),
            "People/Hana.md": person(needs="[film financing]"),
        }
    )


def test_family_birthdays_and_gift_ideas_are_on_the_milestones(vault: Make) -> None:
    root = vault_of(vault)
    assert run("build", root, "--today", TODAY).exit_code == 0
    text = (root / "Dashboard.md").read_text()
    assert "- 2026-11-25 · [[Asha Rao]] · Mira (daughter)'s birthday (turns 7)\n" in text
    assert "- 2026-11-30 · [[Asha Rao]] · birthday (turns 40) · gift ideas: a Wisden almanack\n" in text
    assert "Dev (husband)" not in text  # next on 2027-11-02, beyond the window


def test_met_through_is_an_edge_of_the_network(vault: Make) -> None:
    root = vault_of(vault)
    paths = json.loads(run("paths", root, "--today", TODAY, "--json").output)
    assert paths == [{"target": "Star", "path": ["Arjun Mehta", "Omar", "Star"], "via": ["knows", "knows"]}]
    intros = json.loads(run("intros", root, "--today", TODAY, "--json").output)
    assert all({"Asha Rao", "Arjun Mehta"} != {i["a"], i["b"]} for i in intros)  # linked: met through


def test_the_calendar_has_family_birthdays_and_gift_ideas(vault: Make) -> None:
    from icalendar import Calendar

    root = vault_of(vault)
    output = run("export", "ics", "--vault", root, "--today", TODAY).output
    events = {str(e["summary"]): e for e in Calendar.from_ical(output).walk("VEVENT")}
    assert "Asha Rao: Mira (daughter)'s birthday" in events
    assert "Gift ideas: a Wisden almanack." in str(events["Asha Rao's birthday"]["description"])


def test_brief_in_markdown(vault: Make) -> None:
    root = vault_of(vault)
    result = run("brief", "asha", "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith(
        "# Asha Rao\n\nProducer · Lantern Pictures · strong tie · met 2024-02-10 through [[Arjun Mehta]]\n"
    )
    assert "- Last contact: 2026-10-01\n- Next follow-up: 2026-11-01 (overdue) · every month\n" in text
    assert "- Interests: Documentary, travel\n- Likes: masala chai\n- Gift ideas: a Wisden almanack\n" in text
    assert "- Mira (daughter)'s birthday (turns 7): 2026-11-25\n- Birthday (turns 40): 2026-11-30\n" in text
    assert "- a sales agent — offered by [[Sol]]: you could introduce them\n" in text
    assert "- film financing — needed by [[Hana]]\n" in text
    recent = [line for line in text.splitlines() if line.startswith("- 2026-")]
    gave = " #gave"  # the user's own log lines, links and tags as written (SPEC §6)
    expected = [f"- 2026-{m:02d}-01 · Call number {m}{gave if m % 2 else ''} — in the log" for m in (10, 9, 8, 7, 6)]
    assert recent == expected
    assert "- gave 5, received 0\n" in text
    assert "[[Asha Rao]] ↔ [[Sol]] — Sol offers a sales agent, which Asha Rao needs; both into Documentary" in text
    assert "## Targets through them" not in text  # Star is reached through Arjun and Omar, not Asha


def test_brief_in_json(vault: Make) -> None:
    root = vault_of(vault)
    found = json.loads(run("brief", "Asha Rao", "--vault", root, "--today", TODAY, "--json").output)
    assert found["name"] == "Asha Rao" and found["company"] == "Lantern Pictures"
    assert found["needs"] == [{"what": "a sales agent", "offered_by": ["Sol"]}]
    assert found["offers"] == [{"what": "film financing", "needed_by": ["Hana"]}]
    assert found["recent"][0] == {
        "date": "2026-10-01", "text": "Call number 10", "source": "log", "note": "People/Asha Rao.md"
    }  # fmt: skip
    assert [f["label"] for f in found["family"]] == ["Mira (daughter)", "Dev (husband)"]
    assert found["family"][0]["years"] == 7
    assert [(i["a"], i["b"]) for i in found["intros"]][:1] == [("Asha Rao", "Sol")]
    arjun = json.loads(run("brief", "Arjun Mehta", "--vault", root, "--today", TODAY, "--json").output)
    assert arjun["paths"] == [{"target": "Star", "path": ["Arjun Mehta", "Omar", "Star"], "via": ["knows", "knows"]}]


def test_brief_of_an_unknown_name_suggests(vault: Make) -> None:
    root = vault_of(vault)
    result = run("brief", "Asha Roa", "--vault", root)
    assert result.exit_code == 2
    assert "did you mean Asha Rao" in result.output


# News (SPEC §4.3): a LinkedIn re-import that finds a new company or position


def test_a_linkedin_reimport_writes_news_once_and_news_is_no_contact(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {
            "People/Asha Rao.md": person(company="Lantern", role="Producer", cadence="1m", last_contact="2026-10-01"),
            "People/Bo Kim.md": person(company="Acme", role="Engineer"),
            "People/Cy Ray.md": person(),
        }
    )
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,Company,Position\n"
        "Asha,Rao,Lantern,Head of Sales\n"  # a new position
        "Bo,Kim,ACME,engineer\n"  # the same, written otherwise
        "Cy,Ray,Somewhere,Someone\n"  # the note says nothing to compare with
    )
    front = (root / "People/Asha Rao.md").read_text()
    first = run("import", "linkedin", export, "--vault", root, "--today", "2026-11-20")
    assert first.exit_code == 0, first.output
    assert "news: People/Asha Rao.md: - 2026-11-20 Now Head of Sales at Lantern (LinkedIn) #news" in first.output
    assert first.output.strip().endswith("already there 3, skipped 0 without a name, 1 with news")
    note = (root / "People/Asha Rao.md").read_text()
    assert note.startswith(front) and note.endswith(
        "## Log\n- 2026-11-20 Now Head of Sales at Lantern (LinkedIn) #news\n"
    )
    assert "#news" not in (root / "People/Bo Kim.md").read_text() + (root / "People/Cy Ray.md").read_text()
    again = run("import", "linkedin", export, "--vault", root, "--today", "2026-11-21")
    assert "news:" not in again.output
    assert run("build", root, "--today", TODAY).exit_code == 0
    text = (root / "Dashboard.md").read_text()
    assert "## News\n- 2026-11-20 · [[Asha Rao]] · Now Head of Sales at Lantern (LinkedIn)\n" in text
    assert "[[Asha Rao]] — due 2026-11-01 · every month · last contact 2026-10-01" in text  # news is no contact


def test_news_older_than_news_days_is_not_shown(vault: Make) -> None:
    root = vault({"People/Ann.md": person() + "## Log\n- 2026-10-01 Now CTO at X (LinkedIn) #news\n"})
    run("build", root, "--today", TODAY)
    assert "## News" not in (root / "Dashboard.md").read_text()
    (root / "vaultkit.yaml").write_text("news_days: 60\n")
    run("build", root, "--today", TODAY)
    assert "- 2026-10-01 · [[Ann]] · Now CTO at X (LinkedIn)" in (root / "Dashboard.md").read_text()


def test_a_brief_escapes_what_the_note_says(vault: Make) -> None:
    """Pasted into a note, a brief's values stay text: a role cannot become a link."""
    root = vault({"People/Ann.md": person(role="'[[Evil]] | x'", company="'# Corp'", met_through="'[[Bo]]'")})
    (root / "People/Bo.md").write_text(person())
    text = run("brief", "Ann", "--vault", root).output
    assert "\\[\\[Evil\\]\\] \\| x · \\# Corp · loose tie · met through [[Bo]]" in text


def test_a_brief_counts_and_ties_as_the_dashboard_does(vault: Make) -> None:
    """The config's default tie when the note sets none; gave/got up to today, as Give before you take."""
    log = "## Log\n- 2026-11-01 Lent a lens #gave\n- 2026-11-10 Got a lead #got\n- 2026-12-24 Gift to bring #gave\n"
    root = vault({"vaultkit.yaml": "default_tie: strong\n", "People/Ann.md": person(role="Editor") + log})
    text = run("brief", "Ann", "--vault", root, "--today", TODAY).output
    assert "Editor · strong tie" in text and "- gave 1, received 1\n" in text
    found = json.loads(run("brief", "Ann", "--vault", root, "--today", TODAY, "--json").output)
    assert (found["tie"], found["gave"], found["got"]) == ("strong", 1, 1)


def test_a_brief_has_no_empty_sections_and_shows_log_lines_as_written(vault: Make) -> None:
    """Issue 24: no heading over nothing; `[[Dmitri Volkov]]` and `#got` as the user wrote them."""
    root = vault(
        {
            "People/Ann.md": person() + "\n## Log\n- 2026-11-01 Met [[Dmitri Volkov]] through her #got\n",
            "People/Dmitri Volkov.md": person(),
            "People/Bare.md": person(),
        }
    )
    text = run("brief", "Ann", "--vault", root, "--today", TODAY).output
    assert "- 2026-11-01 · Met [[Dmitri Volkov]] through her #got — in the log" in text
    bare = run("brief", "Bare", "--vault", root, "--today", TODAY).output
    assert "## What matters to them" not in bare and "## Recent" not in bare


def test_a_targets_brief_shows_the_paths_to_them_and_anothers_the_targets_through_them(vault: Make) -> None:
    root = vault(
        {
            "People/Friend.md": person(last_contact="2026-11-01", knows="['[[Bridge]]']"),
            "People/Bridge.md": person(knows="['[[Star]]']"),
            "People/Star.md": person(target="true"),
        }
    )
    star = run("brief", "Star", "--vault", root, "--today", TODAY).output
    assert "## Paths to them\n- [[Star]]: [[Friend]] → [[Bridge]] → [[Star]]" in star
    assert "Targets through them" not in star
    bridge = run("brief", "Bridge", "--vault", root, "--today", TODAY).output
    assert "## Targets through them\n- [[Star]]: [[Friend]] → [[Bridge]] → [[Star]]" in bridge


TERMS = ("film", "rust", "jazz", "chess", "tea")


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(
        st.tuples(*(st.lists(st.sampled_from(TERMS), max_size=3, unique=True) for _ in range(3)), st.booleans()),
        min_size=2,
        max_size=14,
    ),
    knows=st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=8),
    most=st.integers(1, 6),
)
def test_the_best_introductions_of_one_person_are_those_of_every_pair_ranked(
    people: list[tuple[list[str], list[str], list[str], bool]], knows: list[tuple[int, int]], most: int
) -> None:
    """best_intros_of makes pairs in the order of a bound on their rank and stops once none can enter
    the best: on few terms (many equal scores, names decide) it must pick exactly what making every
    pair with the person and ranking them all picks."""
    names = [f"{'ÉeZa'[i % 4]}{i:02}" for i in range(len(people))]  # the names' order is not their bytes
    found = {
        name: Person(name, f"People/{name}.md", interests=tuple(i), offers=tuple(o), needs=tuple(n), no_intros=opt_out)
        for name, (i, o, n, opt_out) in zip(names, people, strict=False)
    }
    links = Links()
    for one, other in knows:
        if one < len(names) and other < len(names):
            links.knows[names[one]].add(names[other])
            links.knows[names[other]].add(names[one])
    index = Index(found, {}, {})
    index.links = links
    today = date(2026, 11, 21)
    candidates = Candidates(index, index.unmet_targets(today))
    for name in names:
        others = [other for other in candidates.people if other != name] if name in candidates.people else []
        pairs = [candidates.pair(name, other) for other in others]
        expected = heapq.nsmallest(most, [intro for intro in pairs if intro is not None], key=Intro.rank)
        assert best_intros_of(index, name, today, most) == [intro.spelled(index.spelled) for intro in expected]


MOVED = (
    person(role="Engineering Manager", company="'[[Stripe]]'", location="Lisbon", interests="[sailing]")
    + "## Log\n- 2025-03-01 Now Staff Engineer at Stripe (LinkedIn) #news\n"
    + "- 2026-11-01 Now Co-founder & CEO at Ferrule Labs (LinkedIn) #news\n- 2026-11-10 Coffee\n"
)


def test_the_brief_and_the_drafts_give_the_role_of_the_latest_news(vault: Make) -> None:
    root = vault({"People/Rui Lopes.md": MOVED, "People/Ana Costa.md": person(interests="[sailing]")})
    shown = run("brief", "Rui Lopes", "--vault", root, "--today", TODAY).output
    assert shown.splitlines()[2] == (
        "Co-founder & CEO at Ferrule Labs (LinkedIn, 2026-11-01; the note says Engineering Manager at Stripe)"
        " · Lisbon · loose tie"
    )
    brief = json.loads(run("brief", "Rui Lopes", "--vault", root, "--today", TODAY, "--json").output)
    assert brief["current"] == {
        "role": "Co-founder & CEO", "company": "Ferrule Labs", "source": "LinkedIn", "date": "2026-11-01"
    }  # fmt: skip
    assert json.loads(run("brief", "Ana Costa", "--vault", root, "--today", TODAY, "--json").output)["current"] is None
    drafts = run("intro", "Ana Costa", "Rui Lopes", "--vault", root, "--today", TODAY).output
    assert "I'd like to introduce you to Rui Lopes (Co-founder & CEO at Ferrule Labs, Lisbon)." in drafts
    assert "Stripe" not in drafts


def test_news_that_says_what_the_note_says_is_shown_without_the_note_beside_it(vault: Make) -> None:
    same = (
        person(role="CEO", company="Ferrule Labs") + "## Log\n- 2026-11-01 Now CEO at Ferrule Labs (LinkedIn) #news\n"
    )
    root = vault({"People/Rui Lopes.md": same})
    shown = run("brief", "Rui Lopes", "--vault", root, "--today", TODAY).output
    assert shown.splitlines()[2] == "CEO at Ferrule Labs (LinkedIn, 2026-11-01) · loose tie"
