"""Whom to reach out to today (SPEC §4.9), cadence windows (§2, §4.1), dormant ties worth reviving
(§4.12) and the people you mention but do not track (§4.13), issue 23."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import person, run

from vaultkit.read.dates import cadence_in_words, parse_cadence

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


def listed(root: Path, command: str) -> list[dict[str, Any]]:
    result = run(command, "--vault", root, "--today", TODAY, "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


# Cadence windows


@pytest.mark.parametrize(
    ("tie", "cadence", "last", "due", "late"),
    [
        ("loose", "2w..6w", "2026-09-20", "2026-10-04", "2026-11-02"),  # late the day after the window's end
        ("loose", "2w..6w", "2026-10-20", "2026-11-03", None),  # overdue, not yet late
        ("loose", "2w..6w", "2026-10-10", "2026-10-24", None),  # the window's last day is today: not yet late
        ("loose", "2w..6w", "2026-10-09", "2026-10-23", "2026-11-21"),  # the day after its last day: late today
        ("strong", "2w", "2026-10-20", "2026-11-03", "2026-11-18"),  # strong: late past twice a plain cadence
        ("loose", "2w", "2026-10-01", "2026-10-15", None),  # loose: never late, only overdue
        ("strong", "1m..2m", "2026-08-31", "2026-09-30", "2026-11-01"),  # calendar months: Aug 31 + 2m = Oct 31
    ],
)
def test_a_window_is_due_from_its_first_and_late_past_its_second(
    vault: Make, tie: str, cadence: str, last: str, due: str, late: str | None
) -> None:
    root = vault({"People/Ann.md": person(tie=tie, cadence=cadence, last_contact=last)})
    [item] = listed(root, "due")
    assert (item["due"], item["late"], item["overdue"]) == (due, late, True)
    dashboard = (run("build", root, "--today", TODAY), (root / "Dashboard.md").read_text())[1]
    assert (f"late since {late}" in dashboard) == (late is not None)


def test_a_window_in_words_as_a_default_and_in_the_calendar(vault: Make, tmp_path: Path) -> None:
    assert cadence_in_words("2w..6w") == "every 2 weeks to 6 weeks"
    assert cadence_in_words("monthly..quarterly") == "every month to every quarter".replace("to every", "to")
    with pytest.raises(ValueError):
        parse_cadence("6w..2w")
    root = vault({"People/Ann.md": person(tie="strong", last_contact="2026-11-01")})
    (root / "vaultkit.yaml").write_text("default_cadence: {strong: 1w..3w}\n")
    [item] = listed(root, "due")
    assert (item["due"], item["cadence"]) == ("2026-11-08", "1w..3w")
    exported = run("export", "ics", "--vault", root, "--today", TODAY)
    assert "DTSTART;VALUE=DATE:20261121" in exported.output  # overdue: on today
    assert "Every week to 3 weeks" in exported.output.replace("\r\n ", "")


# Reach out today


def test_reach_out_today_weighs_every_reason_once_at_its_strongest(vault: Make) -> None:
    news = "\n## Log\n- 2026-11-02 Coffee\n- 2026-11-18 Now CEO at Framewise (LinkedIn) #news\n"
    news += "- 2026-11-10 old news #news\n"
    root = vault(
        {
            # news since the last contact 3, a birthday in two days 3, overdue 2: 8
            "People/Marcus.md": person(cadence="2w", birthday="11-23") + news,
            # strong and late (3 + 1); a birthday today 4: 8, due earlier than Marcus
            "People/Asha.md": person(tie="strong", cadence="1w", last_contact="2026-10-01", birthday="11-21"),
            # overdue and loose: 2
            "People/Bo.md": person(cadence="1w", last_contact="2026-11-01"),
            # in touch today: never listed, however late
            "People/Cy.md": person(tie="strong", cadence="1w", last_contact=TODAY, birthday="11-22"),
            # a target never contacted: never listed
            "People/Dee.md": person(target="true", birthday="11-21", cadence="1w"),
            # nothing due: no reason
            "People/Eve.md": person(cadence="1w", last_contact="2026-11-20"),
        }
    )
    found = listed(root, "today")
    assert [(p["name"], p["score"]) for p in found] == [("Asha", 8), ("Marcus", 8), ("Bo", 2)]
    asha, marcus = found[0], found[1]
    assert [r["kind"] for r in asha["reasons"]] == ["milestone", "late"]
    assert asha["reasons"][0] == {"kind": "milestone", "text": "birthday 2026-11-21", "date": "2026-11-21"}
    assert [r["kind"] for r in marcus["reasons"]] == ["milestone", "news", "overdue"]
    assert marcus["reasons"][1]["text"] == "Now CEO at Framewise (news, 2026-11-18)"
    run("build", root, "--today", TODAY)
    dashboard = (root / "Dashboard.md").read_text()
    assert dashboard.index("## Reach out today") < dashboard.index("## Due follow-ups")
    assert (
        "- [ ] [[Marcus]] — birthday 2026-11-23 · Now CEO at Framewise (news, 2026-11-18) · due 2026-11-16" in dashboard
    )


def test_at_most_max_today_and_the_rest_counted(vault: Make) -> None:
    root = vault({f"People/P{i}.md": person(cadence="1w", last_contact="2026-11-01") for i in range(8)})
    run("build", root, "--today", TODAY)
    text = (root / "Dashboard.md").read_text()
    section = text.split("## Reach out today")[1].split("## ")[0]
    assert section.count("- [ ]") == 5 and "- …and 3 more: vaultkit today" in section


def test_ticking_reach_out_today_records_contact(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w", last_contact="2026-11-01") + "\n## Log\n"})
    run("build", root, "--today", TODAY)
    dashboard = root / "Dashboard.md"
    text = dashboard.read_text()
    head, _, rest = text.partition("## Due follow-ups")
    dashboard.write_text(head.replace("- [ ] [[Ann]]", "- [x] [[Ann]]") + "## Due follow-ups" + rest)
    run("build", root, "--today", TODAY)
    assert "- 2026-11-21 In touch (ticked on the dashboard)" in (root / "People/Ann.md").read_text()
    assert listed(root, "today") == []


# Worth reviving


def test_worth_reviving_ranks_goals_then_paths_then_fewest_entries_then_longest_quiet(vault: Make) -> None:
    root = vault(
        {
            "People/Busy.md": person(last_contact="2020-01-01") + "\n## Log\n- 2020-01-01 a\n- 2019-01-01 b\n",
            "People/Quiet.md": person(last_contact="2021-01-01"),
            "People/Older.md": person(last_contact="2019-06-01"),
            "People/Goal.md": person(last_contact="2022-11-01", offers="[contract review]"),
            "People/Met.md": person(met="2020-05-05"),
            "People/Recent.md": person(last_contact="2024-01-01"),
            "People/Never.md": person(last_contact="2019-01-01", cadence="never"),
            "People/Friend.md": person(last_contact="2026-11-01", knows="['[[Bridge]]']"),
            "People/Bridge.md": person(last_contact="2020-02-02", knows="['[[Star]]']"),
            "People/Star.md": person(target="true"),
        }
    )
    (root / "vaultkit.yaml").write_text("goals: [Contract-Review]\n")
    names = [p["name"] for p in listed(root, "revive")]
    assert names == ["Goal", "Bridge", "Older", "Met", "Quiet", "Busy"]
    goal = listed(root, "revive")[0]
    assert goal == {
        "name": "Goal",
        "last_contact": "2022-11-01",
        "met": None,
        "goals": ["contract review"],
        "entries": 0,
    }
    run("build", root, "--today", TODAY)
    text = (root / "Dashboard.md").read_text()
    assert "- [[Goal]] — last contact 2022-11-01 (4 years) · contract review (your goal)" in text
    assert "- …and 1 more: vaultkit revive" in text  # max_revive 5
    assert any(r["kind"] == "revive" for r in next(p for p in listed(root, "today") if p["name"] == "Goal")["reasons"])


# People you mention


def test_people_you_mention_are_links_to_no_note_on_two_days_of_the_last_90(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(),
            "Projects/Film.md": "a project\n",
            "Daily/2026-11-20.md": "Lunch with [[Bo Chen]] and [[Ann]]; [[Film]] plans; see [[2026-11-30]]\n",
            "Daily/2026-11-02.md": "- Call with [[Bo Chen]]\n- [[paper.pdf]] and [[Film]]\n",
            "Daily/2026-11-03.md": "> quoting [[Cy]]\n`[[Cy]]` and ![[Cy]]\n- [ ] ask [[Dee]]\n[[2026-11-30]]\n",
            "Daily/2026-11-04.md": "Met [[Cy]]\n",
            "Daily/2026-07-01.md": "[[Eve]] long ago\n",
            "Daily/2026-11-05.md": "[[Eve]] once lately\n",
            "Notes/2026-11-06 Meeting.md": "---\npeople: ['[[Dee]]']\n---\n",
            "Notes/Sync.md": "---\ndate: 2026-11-07\nattendees: ['[[Dee]]']\n---\n",
        }
    )
    assert listed(root, "untracked") == [
        {"name": "Bo Chen", "days": 2, "last": "2026-11-20"},
        {"name": "Dee", "days": 2, "last": "2026-11-07"},
    ]
    run("build", root, "--today", TODAY)
    text = (root / "Dashboard.md").read_text()
    assert '- [[Bo Chen]] — mentioned on 2 days, last 2026-11-20: vaultkit new "Bo Chen"' in text
    assert text.index("## People you mention") > text.index("## Due follow-ups")


def test_a_new_mention_in_a_daily_note_reaches_the_dashboard_as_a_no_cache_build_does(vault: Make) -> None:
    notes = {"People/Ann.md": person(cadence="1w") + "\n## Log\n", "Daily/2026-11-19.md": "[[Bo]]\n"}
    root = vault({**notes, "Daily/2026-11-18.md": "[[Ann]]\n"})
    run("build", root, "--today", TODAY)
    (root / "Daily/2026-11-18.md").write_text("[[Ann]] and [[Bo]]\n")  # one note changed: the warm path's case
    run("build", root, "--today", TODAY)
    warm = (root / "Dashboard.md").read_bytes()
    run("build", root, "--today", TODAY, "--no-cache")
    assert (root / "Dashboard.md").read_bytes() == warm and b"[[Bo]]" in warm
