"""A vault laid out as kepano's widely copied one (SPEC §1): people are notes of the category People in
`References/`, companies in `org` and places in `loc` as lists of links, meetings as notes dated by
their name with a `people` property, a `#person` tag written in the body. The notes here are written
in that layout for these tests, not copied from his vault."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"

STEPH = """---
categories:
  - "[[People]]"
org:
  - "[[Obsidian]]"
  - "[[Ango Labs]]"
loc:
  - "[[San Francisco]]"
created: 2023-09-01
interests: [file over app]
---
## Meetings

![[Meetings.base#Person]]

## Notes
Ask about: the new sync design.

```dataview
TABLE file.mtime FROM [[]] SORT file.mtime DESC
```

## Log
- 2026-10-02 Coffee at Blue Bottle; talked about [[Erica Xu]]'s plugin #gave
"""

ERICA = """---
categories:
  - "[[People]]"
org: ["[[Obsidian]]"]
loc: "[[Toronto]]"
interests: [file over app]
---
"""

TARGET = """---
categories: ["[[People]]"]
org: [Ango Labs]
target: true
---
"""

KEPANO: dict[str, str | bytes] = {
    "References/Steph Ango.md": STEPH,
    "References/Erica Xu.md": ERICA,
    "References/Tess Target.md": TARGET,
    "References/Obsidian.md": '---\ncategories:\n  - "[[Companies]]"\n---\n',
    "Notes/Quinn Body.md": "Met at the meetup. #person\n",
    "Notes/Not Tagged.md": "`#person` in code, [[x#person]] a link, > and\n> #person quoted\n```\n#person\n```\n",
    "Meetings/2023-09-12 Meeting with Steph.md": (
        '---\ncategories:\n  - "[[Meetings]]"\ndate: 2023-09-12\npeople:\n  - "[[Steph Ango]]"\n---\nNotes.\n'
    ),
    "Daily/2026-11-18.md": "- Call with [[Steph Ango]] about the roadmap\n",
    "Templates/People Template.md": '---\ncategories:\n  - "[[People]]"\norg: []\n---\n',
    ".obsidian/templates.json": '{"folder": "Templates"}',
}


@pytest.fixture
def kepano(vault: Make) -> Path:
    return vault(KEPANO)


def test_org_is_a_list_of_companies_and_loc_the_location(kepano: Path) -> None:
    found = json.loads(run("who", "obsidian", "--vault", kepano, "--today", TODAY, "--json").output)
    assert [item["name"] for item in found] == ["Erica Xu", "Steph Ango"]
    ango = json.loads(run("who", "ango labs", "--vault", kepano, "--today", TODAY, "--json").output)
    assert [item["name"] for item in ango] == ["Steph Ango", "Tess Target"]
    brief = json.loads(run("brief", "Steph Ango", "--vault", kepano, "--today", TODAY, "--json").output)
    assert (brief["company"], brief["location"]) == ("Obsidian, Ango Labs", "San Francisco")
    assert json.loads(run("who", "toronto", "--vault", kepano, "--today", TODAY, "--json").output)[0]["name"] == (
        "Erica Xu"
    )


def test_each_company_of_an_org_list_makes_colleagues_on_a_path(kepano: Path) -> None:
    """Steph was in touch; Tess, a target, works at Ango Labs, one of Steph's two companies."""
    paths = json.loads(run("paths", "--vault", kepano, "--today", TODAY, "--json").output)
    assert paths == [{"target": "Tess Target", "path": ["Steph Ango", "Tess Target"], "via": ["Ango Labs"]}]


def test_a_person_tag_written_in_the_body_makes_a_person_but_not_in_code_quotes_or_links(kepano: Path) -> None:
    people = run("check", kepano, "--today", TODAY)
    assert people.exit_code == 0, people.output
    briefed = run("brief", "Quinn Body", "--vault", kepano, "--today", TODAY)
    assert briefed.exit_code == 0 and briefed.output.startswith("# Quinn Body\n")
    assert run("brief", "Not Tagged", "--vault", kepano, "--today", TODAY).exit_code == 2


def test_your_notes_leave_out_embeds_and_code_blocks_obsidian_computes(kepano: Path) -> None:
    brief = json.loads(run("brief", "Steph Ango", "--vault", kepano, "--today", TODAY, "--json").output)
    assert brief["notes"] == "## Notes\nAsk about: the new sync design."
    shown = run("brief", "Steph Ango", "--vault", kepano, "--today", TODAY).output
    assert "## Your notes\n## Notes\nAsk about: the new sync design.\n\n" in shown
    assert "dataview" not in shown and "Meetings.base" not in shown


def test_new_writes_where_the_vault_keeps_people_with_their_category(kepano: Path) -> None:
    created = run("new", "Ana Lima", "--vault", kepano, "--today", TODAY)
    assert (created.exit_code, created.output) == (0, "created References/Ana Lima.md\n")
    assert not (kepano / "People").exists()
    text = (kepano / "References/Ana Lima.md").read_text(encoding="utf-8")
    assert text.startswith("---\ncategories:\n- '[[People]]'\n---\n")
    briefed = run("brief", "Ana Lima", "--vault", kepano, "--today", TODAY)
    assert briefed.exit_code == 0, briefed.output  # a person by the vault's own rule


def test_new_in_a_vault_with_a_people_folder_writes_there_as_before(vault: Make) -> None:
    root = vault({**KEPANO, "People/Bo Chen.md": "---\n---\n"})
    created = run("new", "Ana Lima", "--vault", root, "--today", TODAY)
    assert (created.exit_code, created.output) == (0, "created People/Ana Lima.md\n")
    assert "categories" not in (root / "People/Ana Lima.md").read_text(encoding="utf-8")


def test_brief_recent_gathers_every_source_newest_first_with_where_each_was_recorded(vault: Make) -> None:
    """Log lines (imported ones too), a daily note's line, a meeting note, a done task; not `#news`,
    not a date after today; and the index answers as a read of every note does."""
    steph = STEPH.replace(
        "## Log\n",
        "## Log\n- 2026-09-01 Team sync (calendar)\n- 2026-11-19 Now CEO at Obsidian (LinkedIn) #news\n",
    )
    root = vault(
        {
            **KEPANO,
            "References/Steph Ango.md": steph,
            "Projects/Launch.md": "- [x] Sent [[Steph Ango]] the launch post ✅ 2026-11-05\n",
            "Daily/2026-12-01.md": "- Dinner with [[Steph Ango]]\n",  # after today: planned, not contact
        }
    )
    argv = ["brief", "steph", "--vault", root, "--today", TODAY]
    recent = json.loads(run(*argv, "--json", "--no-cache").output)["recent"]
    assert recent == [
        {"date": "2026-11-18", "text": "Call with [[Steph Ango]] about the roadmap", "source": "daily",
         "note": "Daily/2026-11-18.md"},
        {"date": "2026-11-05", "text": "Sent [[Steph Ango]] the launch post", "source": "task",
         "note": "Projects/Launch.md"},
        {"date": "2026-10-02", "text": "Coffee at Blue Bottle; talked about [[Erica Xu]]'s plugin #gave",
         "source": "log", "note": "References/Steph Ango.md"},
        {"date": "2026-09-01", "text": "Team sync (calendar)", "source": "log", "note": "References/Steph Ango.md"},
        {"date": "2023-09-12", "text": "Meeting with Steph", "source": "meeting",
         "note": "Meetings/2023-09-12 Meeting with Steph.md"},
    ]  # fmt: skip
    shown = run(*argv, "--no-cache").output
    assert "## Recent\n- 2026-11-18 · Call with [[Steph Ango]] about the roadmap — in [[2026-11-18]]\n" in shown
    assert "- 2023-09-12 · Meeting with Steph — in [[2023-09-12 Meeting with Steph]]\n" in shown
    assert run("build", root, "--today", TODAY).exit_code == 0
    for extra in ([], ["--json"]):
        assert run(*argv, *extra).output == run(*argv, *extra, "--no-cache").output


def test_people_lists_each_company_and_place_of_an_org_and_loc_list_and_trips_meet_each_place(vault: Make) -> None:
    steph = STEPH.replace('loc:\n  - "[[San Francisco]]"', 'loc:\n  - "[[San Francisco]]"\n  - "[[Lisbon]]"')
    trip = '---\ncategories: ["[[Trips]]"]\nstart: 2026-12-01\nend: 2026-12-03\nloc: ["[[Lisbon]]"]\n---\n'
    root = vault({**KEPANO, "References/Steph Ango.md": steph, "Trips/2026 Lisbon Trip.md": trip})
    argv = ["people", "--vault", root, "--today", TODAY, "--json"]
    people = {line["name"]: line for line in json.loads(run(*argv, "--no-cache").output)}
    assert (people["Steph Ango"]["company"], people["Steph Ango"]["location"]) == (
        ["Obsidian", "Ango Labs"], ["San Francisco", "Lisbon"]
    )  # fmt: skip
    assert run("build", root, "--today", TODAY).exit_code == 0
    assert run(*argv).output == run(*argv, "--no-cache").output
    trips = json.loads(run("trips", "--vault", root, "--today", TODAY, "--json").output)
    assert [(p["name"], p["place"]) for p in trips[0]["people"]] == [("Steph Ango", "Lisbon")]


def test_an_import_writes_new_people_where_new_does_with_the_vault_s_category(kepano: Path, tmp_path: Path) -> None:
    card = tmp_path / "contacts.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEMAIL:ana@example.org\r\nEND:VCARD\r\n", encoding="utf-8"
    )
    imported = run("import", "vcard", card, "--vault", kepano, "--today", TODAY)
    assert imported.exit_code == 0, imported.output
    assert not (kepano / "People").exists()
    text = (kepano / "References/Ana Lima.md").read_text(encoding="utf-8")
    assert "categories:\n- '[[People]]'\n" in text and "ana@example.org" in text
    found = json.loads(run("people", "--vault", kepano, "--today", TODAY, "--json").output)
    assert {"name": "Ana Lima", "path": "References/Ana Lima.md"}.items() <= next(
        p for p in found if p["name"] == "Ana Lima"
    ).items()
