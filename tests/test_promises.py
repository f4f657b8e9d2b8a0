"""Promises (SPEC §4.10), done tasks as contact (§3), introductions in flight (§4.11) and the brief's
own notes and promises (§6), issue 24. Tasks are written as the Tasks plugin and Dataview write them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import person, run

from vaultkit.read.tasks import read_tasks

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


def listed(root: Path, *command: str, today: str = TODAY) -> list[dict[str, Any]]:
    result = run(*command, "--vault", root, "--today", today, "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def dashboard(root: Path, today: str = TODAY) -> str:
    result = run("build", root, "--today", today)
    assert result.exit_code == 0, result.output
    return (root / "Dashboard.md").read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    return text.split(f"## {title}\n", 1)[1].split("\n\n", 1)[0].rstrip("\n") if f"## {title}\n" in text else ""


SAM = person(cadence="1m", last_contact="2026-11-15") + "# Sam\n"


# Reading tasks


def test_tasks_are_read_as_the_tasks_plugin_and_dataview_write_them() -> None:
    body = (
        "- [ ] send [[Sam]] the deck 📅 2026-11-25 ⏫ 🔁 every week ➕ 2026-11-01\n"
        "- [/] draft for [[Sam|Sammy]] [due:: 2026-11-30] ^a1b2c3\n"
        "* [ ] call [[Sam]] (due:: 2026-12-01) [priority:: high]\n"
        "1. [ ] numbered [[Sam]] 📆 2026-12-02\n"
        "- [x] sent [[Sam]] the cut ✅ 2026-11-12\n"
        "- [X] sent [[Sam]] the notes [completion:: 2026-11-13]\n"
        "- [-] cancelled [[Sam]] ❌ 2026-11-10\n"
        "- [>] forwarded [[Sam]]\n"
        "- [x] done without a date [[Sam]]\n"
        "- [ ] nobody linked\n"
        "> - [ ] a quoted [[Sam]]\n"
        "```\n- [ ] in code [[Sam]]\n```\n"
        "- [ ] only in `code [[Sam]]`\n"
    )
    tasks = read_tasks(body, 5, own=False)
    assert [(t.line, t.text, t.due, t.done) for t in tasks] == [
        (5, "send [[Sam]] the deck", _d("2026-11-25"), None),
        (6, "draft for [[Sam|Sammy]]", _d("2026-11-30"), None),
        (7, "call [[Sam]]", _d("2026-12-01"), None),
        (8, "numbered [[Sam]]", _d("2026-12-02"), None),
        (9, "sent [[Sam]] the cut", None, _d("2026-11-12")),
        (10, "sent [[Sam]] the notes", None, _d("2026-11-13")),
    ]
    assert tasks[0].created == _d("2026-11-01")
    assert [t.text for t in read_tasks(body, 1, own=True)][-2:] == ["nobody linked", "only in `code [[Sam]]`"]


def _d(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


# Promises


@pytest.mark.parametrize(
    ("note", "listed_on"),
    [
        ("- [ ] Send [[Sam]] the deck 📅 2026-11-20", "2026-11-20"),  # due yesterday
        ("- [ ] Send [[Sam]] the deck [due:: 2026-11-20]", "2026-11-20"),
        ("- [ ] Send [[Sam]] the deck 📅 2026-11-21", None),  # due today: not yet past due
        ("- [ ] Send [[Sam]] the deck", "2026-11-02"),  # made 19 days ago, no due date
        ("- [x] Sent [[Sam]] the deck", None),  # ticked in the note: no promise
        ("- [-] Send [[Sam]] the deck", None),  # cancelled
        ("> - [ ] Send [[Sam]] the deck", None),  # quoted
    ],
)
def test_an_open_task_linking_a_person_is_a_promise_past_due_by_its_date(
    vault: Make, note: str, listed_on: str | None
) -> None:
    root = vault({"People/Sam.md": SAM, "Daily/2026-11-02.md": note + "\n"})
    found = listed(root, "promises")
    assert [p["due"] or p["made"] for p in found] == ([listed_on] if listed_on else [])
    text = dashboard(root)
    if listed_on:
        assert section(text, "Promises") == f"- {listed_on} · [[Sam]] · Send Sam the deck — in [[2026-11-02]]"
        assert found == [
            {"name": "Sam", "text": "Send [[Sam]] the deck", "made": "2026-11-02", "due": found[0]["due"],
             "note": "Daily/2026-11-02.md"}
        ]  # fmt: skip
    else:
        assert "## Promises" not in text


def test_a_promise_made_within_promise_days_is_not_yet_past_due(vault: Make) -> None:
    root = vault({"People/Sam.md": SAM, "Daily/2026-11-10.md": "- [ ] Send [[Sam]] the deck\n"})
    assert listed(root, "promises") == []  # 11 days
    (root / "vaultkit.yaml").write_text("promise_days: 7\n")
    assert [p["made"] for p in listed(root, "promises")] == ["2026-11-10"]


def test_a_task_in_a_persons_own_note_is_a_promise_to_them_and_one_with_no_date_only_in_brief(vault: Make) -> None:
    root = vault(
        {
            "People/Sam.md": SAM + "- [ ] Send the festival list 📅 2026-11-01\n- [ ] Lend him the book\n",
            "Projects/Film.md": "- [ ] Ask [[Sam]] about the venue\n",  # no date at all: never past due
        }
    )
    assert [(p["name"], p["text"], p["made"]) for p in listed(root, "promises")] == [
        ("Sam", "Send the festival list", None)
    ]
    brief = run("brief", "Sam", "--vault", root, "--today", TODAY, "--json")
    promises = json.loads(brief.output)["promises"]
    assert [p["text"] for p in promises] == [
        "Send the festival list",
        "Lend him the book",
        "Ask [[Sam]] about the venue",
    ]
    text = run("brief", "Sam", "--vault", root, "--today", TODAY).output
    assert "## Promises\n- due 2026-11-01 · Send the festival list — in [[Sam]]\n" in text
    assert "- no date · Ask [[Sam]] about the venue — in [[Film]]" in text


def test_promises_are_listed_oldest_first_bounded_and_counted(vault: Make) -> None:
    notes: dict[str, str | bytes] = {f"People/P{n}.md": person(cadence="1y") for n in range(4)}
    notes["Daily/2026-11-19.md"] = "".join(f"- [ ] Write [[P{n}]] 📅 2026-11-{10 + n:02d}\n" for n in (3, 1, 2, 0))
    root = vault(notes)
    assert [p["due"] for p in listed(root, "promises")] == ["2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13"]
    (root / "vaultkit.yaml").write_text("max_promises: 2\n")
    assert section(dashboard(root), "Promises").splitlines()[1:] == [
        "- 2026-11-11 · [[P1]] · Write P1 — in [[2026-11-19]]",
        "- …and 2 more: vaultkit promises",
    ]


def test_a_promise_past_due_is_a_reason_to_reach_out_today_of_weight_3(vault: Make) -> None:
    root = vault(
        {
            "People/Sam.md": SAM,
            "People/Ann.md": person(cadence="1w", last_contact="2026-11-10"),  # overdue: 2
            "Daily/2026-11-18.md": "- [ ] Send [[Sam]] the deck 📅 2026-11-19\n- [ ] Call [[Sam]] 📅 2026-11-20\n",
        }
    )
    [sam, ann] = listed(root, "today")
    assert (sam["name"], sam["score"], ann["score"]) == ("Sam", 3, 2)  # two promises weigh 3, not 6
    assert sam["reasons"] == [
        {"kind": "promise", "text": "promise due 2026-11-19: Send Sam the deck", "date": "2026-11-19"}
    ]


def test_vaultkit_never_ticks_a_task_and_a_ticked_one_ends_the_promise(vault: Make) -> None:
    daily = "- [ ] Send [[Sam]] the deck 📅 2026-11-20\n"
    root = vault({"People/Sam.md": SAM, "Daily/2026-11-18.md": daily})
    before = {path: path.read_bytes() for path in root.rglob("*.md")}
    text = dashboard(root)
    assert "[[Sam]] — promise due 2026-11-20" in text
    box = text.replace("- [ ] [[Sam]] — promise", "- [x] [[Sam]] — promise")
    (root / "Dashboard.md").write_text(box, encoding="utf-8")
    dashboard(root)
    assert (root / "Daily/2026-11-18.md").read_bytes() == before[root / "Daily/2026-11-18.md"]  # still open
    assert "In touch (ticked on the dashboard)" in (root / "People/Sam.md").read_text()  # contact recorded
    (root / "Daily/2026-11-18.md").write_text(daily.replace("[ ]", "[x]"), encoding="utf-8")
    assert listed(root, "promises") == []


# Done tasks are contact (§3)


@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("Projects/Film.md", "- [x] Sent [[Sam]] the deck ✅ 2026-11-19\n"),  # anywhere in the vault
        ("Daily/2026-11-01.md", "- [x] Sent [[Sam]] the deck ✅ 2026-11-19\n"),  # its done date, not the note's
        ("Projects/Film.md", "- [x] Sent [[Sam]] the deck [completion:: 2026-11-19]\n"),
        ("People/Sam.md", "- [x] Sent the deck ✅ 2026-11-19\n"),  # in their own note
    ],
)
def test_a_done_task_with_a_done_date_is_contact_on_that_date(vault: Make, rel: str, text: str) -> None:
    sam = person(cadence="1w", last_contact="2026-10-01")
    root = vault(
        {
            "People/Sam.md": sam + (text if rel == "People/Sam.md" else ""),
            **({} if rel == "People/Sam.md" else {rel: text}),
        }
    )
    [item] = listed(root, "due", today="2026-11-30")
    assert item["last_contact"] == "2026-11-19"


def test_a_done_task_dated_after_today_is_not_contact_yet(vault: Make) -> None:
    root = vault(
        {
            "People/Sam.md": person(cadence="1w", last_contact="2026-10-01"),
            "Projects/F.md": "- [x] [[Sam]] ✅ 2026-11-25\n",
        }
    )
    assert listed(root, "due")[0]["last_contact"] == "2026-10-01"


# Introductions in flight (§4.11)

PAIR = {
    "People/Asha Rao.md": person(interests="[Documentary, long-distance running]", offers="[film financing]")
    + "# Asha Rao\n\n## Log\n- 2026-11-01 Coffee\n",
    "People/Hana Suzuki.md": person(
        interests="[documentary, Long-distance running]", needs="[film financing]", role="Filmmaker"
    )
    + "# Hana Suzuki\n",
    "People/Cy Ray.md": person(interests="[chess]") + "# Cy Ray\n",
}


def test_intro_prints_a_draft_to_each_and_records_the_ask_in_both_logs(vault: Make) -> None:
    root = vault(dict(PAIR))
    assert [(i["a"], i["b"]) for i in listed(root, "intros")] == [("Asha Rao", "Hana Suzuki")]
    result = run("intro", "asha", "Hana Suzuki", "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    first, second = result.stdout.split("To Hana Suzuki:")
    assert first.startswith("To Asha Rao:\n\nHi Asha,\n")
    assert "introduce you to Hana Suzuki (Filmmaker)" in first
    assert "You offer film financing, which Hana needs." in first
    assert "Asha offers film financing, which you need." in second
    assert "You both love Documentary and long-distance running" in first  # as the first note writes them
    ask = "- 2026-11-21 Asked about an introduction to [[{}]] #intro-ask"
    assert ask.format("Hana Suzuki") in (root / "People/Asha Rao.md").read_text()
    assert ask.format("Asha Rao") in (root / "People/Hana Suzuki.md").read_text()
    assert listed(root, "intros") == []  # no longer suggested
    assert listed(root, "intros", "--in-flight") == [{"a": "Asha Rao", "b": "Hana Suzuki", "asked": TODAY, "days": 0}]


def test_a_double_opt_in_from_ask_to_made_across_two_builds_on_two_days(vault: Make) -> None:
    root = vault(dict(PAIR))
    assert run("intro", "Asha Rao", "Hana Suzuki", "--vault", root, "--today", TODAY).exit_code == 0
    text = dashboard(root)
    line = "- [ ] [[Asha Rao]] ↔ [[Hana Suzuki]] — asked 2026-11-21 (0 days)"
    assert section(text, "Introductions in flight") == line
    assert "## Suggested introductions" not in text
    text = dashboard(root, "2026-11-24")
    assert section(text, "Introductions in flight") == line.replace("(0 days)", "(3 days)")
    (root / "Dashboard.md").write_text(text.replace("- [ ] [[Asha Rao]] ↔", "- [x] [[Asha Rao]] ↔"), encoding="utf-8")
    text = dashboard(root, "2026-11-25")
    assert "- 2026-11-25 Introduced to [[Hana Suzuki]] #intro" in (root / "People/Asha Rao.md").read_text()
    assert "- 2026-11-25 Introduced to [[Asha Rao]] #intro" in (root / "People/Hana Suzuki.md").read_text()
    assert "## Introductions in flight" not in text and "## Suggested introductions" not in text
    refused = run("intro", "Hana", "Asha", "--vault", root, "--today", "2026-11-26")
    assert refused.exit_code == 2 and "were introduced on 2026-11-25" in refused.output


def test_a_pair_already_asked_is_refused_naming_the_date_and_made_records_the_introduction(vault: Make) -> None:
    root = vault(dict(PAIR))
    run("intro", "Asha Rao", "Hana Suzuki", "--vault", root, "--today", "2026-11-10")
    again = run("intro", "Hana Suzuki", "Asha Rao", "--vault", root, "--today", TODAY)
    assert again.exit_code == 2 and "were asked on 2026-11-10" in again.output
    made = run("intro", "Hana Suzuki", "Asha Rao", "--made", "--vault", root, "--today", TODAY)
    assert made.exit_code == 0, made.output
    assert "- 2026-11-21 Introduced to [[Asha Rao]] #intro" in (root / "People/Hana Suzuki.md").read_text()
    assert listed(root, "intros", "--in-flight") == []
    balance = {b["name"]: b for b in listed(root, "balance")}  # an introduction is value given to both
    assert "Asha Rao" not in balance and "Hana Suzuki" not in balance
    brief = json.loads(run("brief", "Hana", "--vault", root, "--today", TODAY, "--json").output)
    assert (brief["gave"], brief["got"]) == (1, 0)


def test_any_two_people_can_be_asked_and_a_draft_says_nothing_they_do_not_share(vault: Make) -> None:
    root = vault(dict(PAIR))
    result = run("intro", "Cy Ray", "Asha Rao", "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("To Cy Ray:\n\nHi Cy,\n")
    assert "both love" not in result.stdout and "offer" not in result.stdout
    assert run("intro", "Cy Ray", "cy", "--vault", root).exit_code == 2  # one person twice


def test_the_drafts_template_is_the_vaults_own_when_it_has_one_and_sandboxed(vault: Make) -> None:
    root = vault(dict(PAIR))
    own = root / ".vaultkit/templates/messages.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text("Hola {{ first }}, te presento a {{ other }}: {{ shared | join(', ') }}.\n", encoding="utf-8")
    result = run("intro", "Asha Rao", "Hana Suzuki", "--vault", root, "--today", TODAY)
    assert "Hola Asha, te presento a Hana Suzuki: Documentary, long-distance running." in result.stdout
    own.write_text("{{ first.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    result = run("intro", "Cy Ray", "Hana Suzuki", "--vault", root, "--today", TODAY)
    assert result.exit_code == 0
    assert "Hi Cy," in result.stdout and "<class" not in result.stdout  # the packaged one, and a warning
    assert "warning: .vaultkit/templates/messages.md.j2" in result.stderr


# The brief (§6)


def test_brief_shows_your_own_notes_as_written_and_leaves_out_empty_sections(vault: Make) -> None:
    note = (
        "---\nrole: Producer\n---\n# Elena\n\nMet at the Madrid climate summit.\n"
        "Ask about: her kids, the new [[Solar project]] #followup\n\n## Log\n- 2026-11-01 Coffee with [[Dmitri]] #got\n"
        "\n## Later\nLikes long walks.\n"
    )
    root = vault({"People/Elena.md": note})
    text = run("brief", "Elena", "--vault", root, "--today", TODAY).output
    assert (
        "## Your notes\nMet at the Madrid climate summit.\nAsk about: her kids, the new [[Solar project]] #followup"
        in text
    )
    assert "## Later\nLikes long walks." in text  # a heading after the Log is the user's too
    assert "- 2026-11-01 · Coffee with [[Dmitri]] #got — in the log" in text  # as written
    assert "Coffee" not in text.split("## Your notes", 1)[1].split("## Recent", 1)[0]  # the Log is not notes
    assert "## What matters to them" not in text and "## Promises" not in text
    data = json.loads(run("brief", "Elena", "--vault", root, "--today", TODAY, "--json").output)
    assert data["notes"].startswith("Met at the Madrid climate summit.\n") and data["promises"] == []


def test_brief_suggests_an_introduction_only_to_someone_not_yet_asked_or_introduced(vault: Make) -> None:
    root = vault(dict(PAIR))
    before = run("brief", "Hana", "--vault", root, "--today", TODAY).output
    assert "- film financing — offered by [[Asha Rao]]: you could introduce them" in before
    run("intro", "Asha Rao", "Hana Suzuki", "--vault", root, "--today", TODAY)
    after = run("brief", "Hana", "--vault", root, "--today", TODAY).output
    assert "- film financing — offered by [[Asha Rao]]\n" in after  # asked already: no second suggestion
