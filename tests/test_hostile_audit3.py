"""The third audit's hostile cases (issue 21): each pins a promise of SPEC §1, §3, §5, §7 and §8 that
failed once. The index, merges, ticks and imports under hostile input and faults."""

from __future__ import annotations

import errno
import faulthandler
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import Result
from conftest import TODAY, person, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.files import write
from vaultkit.files.edit import LogLine, insert_log_line
from vaultkit.files.gitmerge import merge_dashboard_texts, merge_texts
from vaultkit.read import parallel
from vaultkit.read.body import read_log
from vaultkit.read.config import Config
from vaultkit.read.model import Interaction
from vaultkit.read.parse import read_note
from vaultkit.read.plain import CONTROL, plain_text, unescaped
from vaultkit.store.database import Store

Make = Callable[[dict[str, str | bytes]], Path]


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    """Poll a condition until it holds or the timeout passes (never a bare sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def people_in_index(root: Path) -> int:
    try:
        with sqlite3.connect(f"file:{Store.path_for(root)}?mode=ro", uri=True) as db:
            return int(db.execute("SELECT count(*) FROM people").fetchone()[0])
    except sqlite3.Error:
        return -1


def test_every_first_build_leaves_every_person_in_the_index(vault: Make) -> None:
    """The store writer is forked: no connection may cross the fork, or the parent's close deletes
    the WAL the writer committed to and the index is silently empty (issue 21, item 5)."""
    root = vault({f"People/P{i:03}.md": person(tie="strong") for i in range(300)})
    for attempt in range(20):
        Store.discard(root)
        assert run("build", root, "--today", TODAY.isoformat()).exit_code == 0
        assert wait_for(lambda: people_in_index(root) == 300), f"build {attempt}: {people_in_index(root)} people"


# Item 6: text from outside is data, never markup (SPEC §8)

HOSTILE_TITLES = ("Arrested for fraud #news", "Lunch #got", "]] [[Bo Kim #intro", "2026-01-01 #gave sync")


def hostile_calendar() -> str:
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:hostile-{number}@example.com\r\n"
        f"SUMMARY:{title}\r\n"
        "ORGANIZER;CN=Ana:mailto:ana@example.com\r\n"
        f"DTSTART:2026111{number}T100000Z\r\n"
        f"DTEND:2026111{number}T110000Z\r\n"
        "END:VEVENT\r\n"
        for number, title in enumerate(HOSTILE_TITLES)
    )
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    return f"{head}{events}END:VCALENDAR\r\n"


def interactions(root: Path, rel: str) -> list[Interaction]:
    note, _ = read_note(rel, root / rel, Config())
    assert note.person is not None
    return list(note.person.interactions)


def test_calendar_titles_carry_no_tag_link_or_date_into_the_log(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ana.md": person(email="ana@example.com"), "People/Bo Kim.md": person()})
    calendar = tmp_path / "hostile.ics"
    calendar.write_text(hostile_calendar(), encoding="utf-8")
    result = run("import", "ics", calendar, "--vault", root, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    logged = interactions(root, "People/Ana.md")
    assert len(logged) == len(HOSTILE_TITLES)
    for item in logged:
        assert (item.gave, item.got, item.intro, item.news, item.links) == (False, False, False, False, ())
        assert item.text.endswith("(calendar)")
    shown = run("news", "--vault", root, "--today", TODAY.isoformat(), "--json")
    assert shown.output.strip() == "[]"
    assert "Arrested for fraud \\#news (calendar)" in (root / "People/Ana.md").read_text(encoding="utf-8")


def test_a_linkedin_company_with_markup_and_a_line_break_is_one_plain_news_line(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {
            "People/Asha Rao.md": person(company="Lantern", role="Producer", email="asha@example.com"),
            "People/Sam Okafor.md": person(interests="[rust]"),
        }
    )
    export = tmp_path / "Connections.csv"
    export.write_text(
        "Notes:\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        'Asha,Rao,,asha@example.com,"Evil]] [[Sam Okafor #got\n- 2026-11-01 x #gave",Producer #intro,05 Jan 2023\r\n',
        encoding="utf-8",
    )
    result = run("import", "linkedin", export, "--vault", root, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    [news] = interactions(root, "People/Asha Rao.md")
    assert (news.news, news.gave, news.got, news.intro, news.links) == (True, False, False, False, ())
    text = (root / "People/Asha Rao.md").read_text(encoding="utf-8")
    assert text.count("\n- ") == 1  # the line break did not make a second log line
    shown = run("news", "--vault", root, "--today", TODAY.isoformat(), "--json")
    assert "Now Producer #intro at Evil]] [[Sam Okafor #got - 2026-11-01 x #gave (LinkedIn)" in shown.output
    again = run("import", "linkedin", export, "--vault", root, "--today", TODAY.isoformat())
    assert again.exit_code == 0 and (root / "People/Asha Rao.md").read_text(encoding="utf-8") == text


@given(st.text(max_size=60))
def test_any_imported_text_reads_back_as_itself_and_nothing_more(text: str) -> None:
    """One line, no tag vaultkit reads, no link, no leading date; and its escapes undone give the
    text back (with its white space folded)."""
    escaped = plain_text(text)
    line = f"- 2026-11-20 {escaped} (calendar)"
    found, problems = read_log(line, 1, "People/X.md")
    assert problems == [] and len(found) == 1
    item = found[0]
    assert (item.gave, item.got, item.intro, item.news, item.links) == (False, False, False, False, ())
    body_alone, _ = read_log(escaped, 1, "People/X.md")
    assert body_alone == ()
    folded = " ".join(CONTROL.sub(" ", text).split())
    assert unescaped(escaped) == folded


def test_a_vcard_note_cannot_open_a_code_block_a_heading_or_a_log_line(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    cards = tmp_path / "contacts.vcf"
    note = "```\\n## Log\\n- 2026-11-01 Lunch #got [[Ana]]\\n~~~"
    cards.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee\r\nNOTE:{note}\r\nEND:VCARD\r\n", encoding="utf-8")
    assert run("import", "vcard", cards, "--vault", root).exit_code == 0
    assert run("log", "Dee", "Called", "--vault", root, "--date", "2026-11-20").exit_code == 0
    [called] = interactions(root, "People/Dee.md")
    assert called.text == "Called"
    text = (root / "People/Dee.md").read_text(encoding="utf-8")
    assert "\\```\n\\#\\# Log\n\\- 2026-11-01 Lunch \\#got [\\[Ana]\\]\n\\~~~\n" in text


# Item 9: a name always wins over another person's alias (SPEC §8)


def test_a_person_whose_name_is_anothers_alias_can_be_reached(vault: Make) -> None:
    root = vault({"People/Max.md": person(), "People/Maximilian Ott.md": person(aliases="[Max]")})
    logged = run("log", "Max", "Coffee", "--vault", root, "--date", "2026-11-20")
    assert logged.exit_code == 0, logged.output
    assert "People/Max.md" in logged.output
    assert "- 2026-11-20 Coffee" in (root / "People/Max.md").read_text(encoding="utf-8")
    assert "Coffee" not in (root / "People/Maximilian Ott.md").read_text(encoding="utf-8")
    shown = run("brief", "max", "--vault", root, "--today", TODAY.isoformat(), "--json")
    assert shown.exit_code == 0 and json.loads(shown.output)["name"] == "Max"


# Item 1: the person-note merge driver keeps every line either side added, byte for byte (SPEC §5)

ENTRY_LINES = st.sampled_from(
    [
        "- 2026-11-01 Call",
        "- 2026-02-30 call",
        "- 2026-1-5 call",
        "- 2026-11-31 dinner",
        "- 2026-11-05 Lunch ",
        "- 2026-10-02 Coffee #gave",
        "- [[2026-11-07 Sat]] walk",
        "- 2026-12-24 gifts",
    ]
)
NESTED = st.sampled_from(["  - detail", "\t- tabbed detail", "    more text  "])


@st.composite
def log_lines(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        lines.append(draw(ENTRY_LINES))
        lines.extend(draw(st.lists(NESTED, max_size=2)))
    return lines


@st.composite
def one_side(draw: st.DrawFn, base: list[str], nested: bool) -> list[str]:
    """The base log with lines inserted (entries, and with `nested` also nested items), or with some
    of its lines removed."""
    lines = list(base)
    if base and draw(st.booleans()) and not draw(st.booleans()):
        for _ in range(draw(st.integers(1, len(base)))):
            if lines:
                del lines[draw(st.integers(0, len(lines) - 1))]
        return lines
    kinds = st.one_of(ENTRY_LINES, NESTED) if nested else ENTRY_LINES
    for _ in range(draw(st.integers(0, 4))):
        lines.insert(draw(st.integers(0, len(lines))), draw(kinds))
    return lines


def note_of(log: list[str], newline: str, final: bool) -> str:
    text = newline.join(["---", "tie: strong", "---", "# Ann", "", "## Log", *log, "", "## Notes", "likes jazz"])
    return text + newline if final else text


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    found = iter(whole)
    return all(line in found for line in part)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), newline=st.sampled_from(["\n", "\r\n"]), final=st.booleans())
def test_the_merge_driver_keeps_every_added_line_against_a_reference(
    data: st.DataObject, newline: str, final: bool
) -> None:
    base_log = data.draw(log_lines())
    nested = data.draw(st.booleans())
    ours_log, theirs_log = data.draw(one_side(base_log, nested)), data.draw(one_side(base_log, nested))
    base, ours, theirs = (note_of(log, newline, final) for log in (base_log, ours_log, theirs_log))
    merged = merge_texts(base, ours, theirs)
    inserted_only = all(len(log) >= len(base_log) for log in (ours_log, theirs_log))
    if inserted_only and not nested:
        assert merged is not None, "new entries on both sides always merge"
    if merged is None:
        return
    result = merged.split(newline)
    counts, base_count = Counter(result), Counter(base.split(newline))
    our_count, their_count = Counter(ours.split(newline)), Counter(theirs.split(newline))
    for line in set(base_count) | set(our_count) | set(their_count):
        added = max(our_count[line] - base_count[line], their_count[line] - base_count[line], 0)
        removed = max(base_count[line] - our_count[line], 0) + max(base_count[line] - their_count[line], 0)
        assert counts[line] >= base_count[line] - removed + added, f"lost {line!r}"
        most = base_count[line] + (our_count[line] - base_count[line]) + (their_count[line] - base_count[line])
        assert counts[line] <= max(most, our_count[line], their_count[line]), f"forged {line!r}"
    if inserted_only:
        assert is_subsequence(ours.split(newline), result) and is_subsequence(theirs.split(newline), result)
    assert merged.endswith(newline) == final


def git_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), newline=st.sampled_from(["\n", "\r\n"]))
def test_real_git_merge_with_the_driver_agrees_with_the_reference(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, newline: str
) -> None:
    base_log = data.draw(log_lines())
    ours_log, theirs_log = data.draw(one_side(base_log, True)), data.draw(one_side(base_log, True))
    base, ours, theirs = (note_of(log, newline, True) for log in (base_log, ours_log, theirs_log))
    repo = tmp_path_factory.mktemp("repo")
    (repo / ".obsidian").mkdir()
    (repo / "People").mkdir()
    note = repo / "People/Ann.md"
    git_in(repo, "init", "-q", "-b", "main")
    git_in(repo, "config", "core.autocrlf", "false")
    assert run("init", repo).exit_code == 0
    for text, branch in ((base, "main"), (theirs, "side"), (ours, "main")):
        if branch == "side":
            git_in(repo, "checkout", "-qb", "side")
        elif text is ours:
            git_in(repo, "checkout", "-q", "main")
        note.write_bytes(text.encode("utf-8"))
        git_in(repo, "add", "-A")
        git_in(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x", "--allow-empty")
    merged = git_in(repo, "-c", "user.name=t", "-c", "user.email=t@t", "merge", "--no-edit", "side")
    expected = merge_texts(base, ours, theirs)
    if expected is None:
        assert merged.returncode != 0 and "<<<<<<<" in note.read_text(encoding="utf-8")
    else:
        assert merged.returncode == 0, merged.stdout + merged.stderr
        assert note.read_bytes() == expected.encode("utf-8")


def test_bad_dates_repeated_lines_and_nested_items_survive_a_merge() -> None:
    """The three kinds of line the old driver dropped or changed (issue 21, item 1)."""
    base = "## Log\n- 2025-01-01 New year\n- 2026-11-01 Call\n"
    ours = base + "- 2026-11-01 Call\n- 2026-02-30 call\n  - what we said\n"
    theirs = base + "- 2026-1-5 call\n- 2026-11-31 dinner\n"
    merged = merge_texts(base, ours, theirs)
    assert merged == base + (
        "- 2026-1-5 call\n- 2026-11-01 Call\n- 2026-02-30 call\n  - what we said\n- 2026-11-31 dinner\n"
    )


def test_a_line_changed_on_both_sides_is_a_conflict_and_one_side_removed_stays_removed() -> None:
    base = "## Log\n- 2026-11-01 Call\n- 2026-11-02 Tea\n"
    assert merge_texts(base, base.replace("Call", "Phone call"), base.replace("Call", "Video call")) is None
    assert merge_texts(base, "## Log\n- 2026-11-02 Tea\n", base) == "## Log\n- 2026-11-02 Tea\n"


# Item 2: the dashboard merge keeps every box ticked on either side (SPEC §5)


@pytest.mark.parametrize("ticked_on", ["theirs", "ours"])
def test_a_box_ticked_on_one_machine_survives_a_merge_with_a_rebuilt_dashboard(vault: Make, ticked_on: str) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + "\n## Log\n", "People/Bob.md": person(cadence="2w")})
    git_in(root, "init", "-q", "-b", "main")
    assert run("init", root).exit_code == 0
    commit = ("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm")
    run("build", root, "--today", "2026-11-21")
    git_in(root, "add", "-A")
    git_in(root, *commit, "start")
    git_in(root, "checkout", "-qb", "side")
    dashboard = root / "Dashboard.md"

    def tick() -> None:
        text = dashboard.read_text(encoding="utf-8")
        assert "- [ ] [[Ann]]" in text
        dashboard.write_text(text.replace("- [ ] [[Ann]]", "- [x] [[Ann]]"), encoding="utf-8")

    def rebuild() -> None:
        (root / "People/Cy.md").write_text(person(cadence="1w"), encoding="utf-8")
        run("build", root, "--today", "2026-11-21")

    (tick if ticked_on == "theirs" else rebuild)()
    git_in(root, "add", "-A")
    git_in(root, *commit, "side")
    git_in(root, "checkout", "-q", "main")
    (rebuild if ticked_on == "theirs" else tick)()
    git_in(root, "add", "-A")
    git_in(root, *commit, "main")
    merged = git_in(root, "-c", "user.name=t", "-c", "user.email=t@t", "merge", "--no-edit", "side")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = dashboard.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "- [x] [[Ann]]" in text
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    assert "- 2026-11-21 In touch (ticked on the dashboard)" in (root / "People/Ann.md").read_text(encoding="utf-8")


def test_a_tick_whose_line_is_gone_from_our_side_is_kept_under_its_heading() -> None:
    ours = "<!-- vaultkit -->\r\n## Due follow-ups\r\n\r\n- [ ] [[Bob]] due 2026-11-20\r\n\r\n## Problems\r\n"
    theirs = "<!-- vaultkit -->\n## Due follow-ups\n\n- [x] [[Ann]] due 2026-11-19\n- [ ] [[Bob]] due 2026-11-20\n"
    theirs += "\n## Suggested introductions\n\n- [x] [[Ann]] + [[Bob]]\n"
    merged = merge_dashboard_texts(ours, theirs)
    assert merged == (
        "<!-- vaultkit -->\r\n## Due follow-ups\r\n\r\n- [x] [[Ann]] due 2026-11-19\r\n- [ ] [[Bob]] due 2026-11-20\r\n"
        "\r\n## Problems\r\n\r\n## Suggested introductions\r\n- [x] [[Ann]] + [[Bob]]\r\n"
    )
    assert merge_dashboard_texts(ours, ours.replace("[ ] [[Bob]]", "[x] [[Bob]]")).count("[x] [[Bob]]") == 1


# Item 3: a ticked box that cannot be recorded is a problem and stays ticked (SPEC §5)


def build_at(root: Path, today: str = "2026-11-21") -> str:
    result = run("build", root, "--today", today)
    assert result.exit_code == 0, result.output
    return (root / "Dashboard.md").read_text(encoding="utf-8")


def test_a_tick_on_a_person_renamed_before_the_build_stays_ticked_and_is_a_problem(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), "People/Bob.md": person(cadence="1w")})
    dashboard = build_at(root)
    (root / "Dashboard.md").write_text(dashboard.replace("- [ ] [[Ann]]", "- [x] [[Ann]]"), encoding="utf-8")
    (root / "People/Ann.md").rename(root / "People/Ann Lee.md")
    for _ in range(2):  # and again: it stays until it is recorded or unticked
        text = build_at(root)
        assert "- [x] [[Ann]]" in text
        assert "a ticked box was not recorded: `- [x] [[Ann]]" in text and "`[[Ann]]` names nobody" in text
    (root / "People/Ann Lee.md").rename(root / "People/Ann.md")
    text = build_at(root)
    assert "- [x]" not in text and "not recorded" not in text
    assert "In touch (ticked on the dashboard)" in (root / "People/Ann.md").read_text(encoding="utf-8")


def test_an_unticked_box_that_could_not_be_recorded_is_let_go(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    dashboard = build_at(root)
    (root / "Dashboard.md").write_text(dashboard.replace("- [ ] [[Ann]]", "- [x] [[Ann Old]]"), encoding="utf-8")
    assert "- [x] [[Ann Old]]" in build_at(root)
    ticked = (root / "Dashboard.md").read_text(encoding="utf-8")
    (root / "Dashboard.md").write_text(ticked.replace("- [x] [[Ann Old]]", "- [ ] [[Ann Old]]"), encoding="utf-8")
    text = build_at(root)
    assert "Ann Old" not in text and "not recorded" not in text


def test_a_ticked_share_whose_clipping_cannot_be_a_link_is_a_problem_not_silence(vault: Make) -> None:
    clipping = "---\ntags: [rust]\ncreated: 2026-11-20\n---\nAn article.\n"
    root = vault({"People/Sam.md": person(interests="[rust]"), "Clippings/Film #1 | tips [draft].md": clipping})
    dashboard = build_at(root)
    [line] = [line for line in dashboard.splitlines() if line.startswith("- [ ]") and "→ [[Sam]]" in line]
    (root / "Dashboard.md").write_text(dashboard.replace(line, line.replace("[ ]", "[x]")), encoding="utf-8")
    text = build_at(root)
    assert line.replace("[ ]", "[x]") in text and "a ticked box was not recorded" in text
    assert "Sent" not in (root / "People/Sam.md").read_text(encoding="utf-8")


def test_a_note_changed_while_a_tick_is_kept_does_not_lose_it_on_a_warm_build(vault: Make) -> None:
    bob = person(cadence="1w", last_contact="2026-11-01") + "\n## Log\n"  # logging is no first contact
    root = vault({"People/Ann.md": person(cadence="1w"), "People/Bob.md": bob})
    dashboard = build_at(root)
    (root / "Dashboard.md").write_text(dashboard.replace("- [ ] [[Ann]]", "- [x] [[Nobody]]"), encoding="utf-8")
    assert "- [x] [[Nobody]]" in build_at(root)
    assert run("log", "Bob", "Tea", "--date", "2026-11-20", "--vault", root).exit_code == 0
    assert "- [x] [[Nobody]]" in build_at(root)


# Item 4: an edit saved in the instant before the rename is not lost (SPEC §5)

needs_swap = pytest.mark.skipif(
    not sys.platform.startswith(("linux", "darwin")), reason="the guarantee is Linux's and macOS's (docs/safety.md)"
)


@needs_swap
def test_an_edit_saved_right_after_the_last_check_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saves in the instant between the check and the rename: the swap shows it, and the
    line is computed again from the editor's text."""
    note = tmp_path / "Ann.md"
    note.write_bytes(b"## Log\n- 2026-11-01 coffee\n")
    armed: list[bool] = []
    edits = [b"- 2026-11-02 typed in the editor\n"]  # once: the editor saves one edit
    real_temp, real_read = write.write_temp, write.Snapshot.read.__func__  # type: ignore[attr-defined]

    def temp_then_arm(*args: object, **kwargs: object) -> Path:
        armed.append(True)
        return real_temp(*args, **kwargs)  # type: ignore[arg-type]

    def read_then_edit(cls: type[write.Snapshot], path: Path) -> write.Snapshot:
        snapshot = real_read(cls, path)
        if armed and edits and path == note:  # the check right before the rename has just passed
            armed.clear()
            with open(note, "ab") as editor:
                editor.write(edits.pop())
        return snapshot

    monkeypatch.setattr(write, "write_temp", temp_then_arm)
    monkeypatch.setattr(write.Snapshot, "read", classmethod(read_then_edit))
    assert insert_log_line(note, LogLine(date(2026, 11, 3), "logged"))
    text = note.read_text(encoding="utf-8")
    assert "- 2026-11-02 typed in the editor" in text and "- 2026-11-03 logged" in text
    assert [p.name for p in tmp_path.iterdir()] == ["Ann.md"]


# The editor appending every 2 ms while `log` runs: tests/test_editor_appending.py (a safety and a
# liveness claim, apart).


# Items 7 and 8: recurrence rules are bounded by the window, one bad event skips only itself (SPEC §8)


def calendar_of(*events: str) -> str:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    return head + "".join(f"BEGIN:VEVENT\r\n{event}END:VEVENT\r\n" for event in events) + "END:VCALENDAR\r\n"


def event(uid: str, start: str, summary: str = "Sync with Ana", extra: str = "", end: str = "") -> str:
    end_line = f"DTEND:{end}\r\n" if end else ""
    return f"UID:{uid}\r\nSUMMARY:{summary}\r\nDTSTART:{start}\r\n{end_line}{extra}"


def import_calendar(root: Path, calendar: Path, *extra: str) -> Result:
    return run("import", "ics", calendar, "--vault", root, "--today", TODAY.isoformat(), *extra)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY;COUNT=1000000000",
        "FREQ=MINUTELY;INTERVAL=7;BYHOUR=9,17",
        "FREQ=HOURLY;BYMINUTE=0,30",
    ],
)
def test_a_rule_of_seconds_or_minutes_costs_a_step_per_day_it_adds(vault: Make, tmp_path: Path, rule: str) -> None:
    root = vault({"People/Ana.md": person()})
    file = tmp_path / "hostile.ics"
    file.write_text(calendar_of(event("r1", "20260101T090000Z", extra=f"RRULE:{rule}\r\n")), encoding="utf-8")
    started = time.monotonic()
    result = import_calendar(root, file, "--since", "2026-11-01")
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30  # a bound for a hang, not a benchmark (benchmarks/ has those)
    days = [i.date for i in interactions(root, "People/Ana.md")]
    assert days[:20] == [date(2026, 11, day) for day in range(1, 21)] and len(days) <= 21  # today: if ended


def test_minutely_since_year_one_and_a_daily_meeting_of_thirty_years(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ana.md": person(), "People/Bo Kim.md": person()})
    file = tmp_path / "long.ics"
    file.write_text(
        calendar_of(
            event("m1", "00010101T000000Z", extra="RRULE:FREQ=MINUTELY\r\n"),
            event("d1", "19961121T100000Z", "Stand-up with Bo Kim", "RRULE:FREQ=DAILY\r\n", "19961121T101500Z"),
        ),
        encoding="utf-8",
    )
    result = import_calendar(root, file, "--since", "1996-11-21")
    assert result.exit_code == 0, result.output
    bo = [i.date for i in interactions(root, "People/Bo Kim.md")]
    days = (TODAY - date(1996, 11, 21)).days
    assert len(bo) in (days, days + 1)  # today's stand-up at 10:00 UTC: counted once it has ended
    assert bo == sorted(bo) and len(set(bo)) == len(bo)
    assert len(interactions(root, "People/Ana.md")) == days + 1  # a minute rule since year 1: a line a day
    assert "; added 0 lines, " in import_calendar(root, file, "--since", "1996-11-21").output


def test_one_bad_event_is_skipped_named_and_counted_and_the_rest_imported(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ana.md": person()})
    file = tmp_path / "mixed.ics"
    file.write_text(
        calendar_of(
            event("bad-start", "garbage", "Broken start"),
            "UID:no-start\r\nSUMMARY:No start at all\r\n",
            event("far", "99991231T100000Z", "Sync with Ana far away", "RRULE:FREQ=DAILY\r\n"),
            event("good", "20261110T100000Z", "Sync with Ana", end="20261110T110000Z"),
        ),
        encoding="utf-8",
    )
    result = import_calendar(root, file)
    assert result.exit_code == 0, result.output
    assert "skipped UID bad-start (Broken start): cannot be read" in result.output
    assert "skipped UID no-start (No start at all): cannot be read" in result.output
    assert "skipped 2 that could not be read" in result.output
    assert [i.date for i in interactions(root, "People/Ana.md")] == [date(2026, 11, 10)]


@pytest.mark.parametrize("window", [("--today", "0001-06-01"), ("--today", "9999-12-31"), ("--since", "0001-01-01")])
def test_a_window_that_would_leave_the_calendar_is_clamped(
    vault: Make, tmp_path: Path, window: tuple[str, str]
) -> None:
    root = vault({"People/Ana.md": person()})
    file = tmp_path / "c.ics"
    file.write_text(calendar_of(event("w", "20261110T100000Z", extra="RRULE:FREQ=WEEKLY\r\n")), encoding="utf-8")
    result = run("import", "ics", file, "--vault", root, *window, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "could not be read" not in result.output


def test_a_character_split_by_a_folded_line_is_read_whole(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/José Núñez.md": person()})
    title = "Lunch with José Núñez".encode()
    cut = title.index("é".encode()) + 1  # inside the two bytes of é
    folded = b"SUMMARY:" + title[:cut] + b"\r\n " + title[cut:] + b"\r\n"
    file = tmp_path / "folded.ics"
    file.write_bytes(
        calendar_of(event("f", "20261110T100000Z", summary="x")).encode().replace(b"SUMMARY:x\r\n", folded)
    )
    assert import_calendar(root, file).exit_code == 0
    [lunch] = interactions(root, "People/José Núñez.md")
    assert lunch.text == "Lunch with José Núñez (calendar)" and "\ufffd" not in lunch.text


def test_cancelled_declined_and_not_yet_ended_events_are_not_contact(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ana.md": person(email="ana@example.com"), "People/Bo.md": person(email="bo@example.com")})
    (root / "vaultkit.yaml").write_text("me: [me@example.org]\n", encoding="utf-8")
    later_today = f"{TODAY:%Y%m%d}T235900"
    file = tmp_path / "status.ics"
    attendees = "ORGANIZER:mailto:me@example.org\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:ana@example.com\r\n"
    file.write_text(
        calendar_of(
            event("c", "20261101T100000Z", "Cancelled", f"STATUS:CANCELLED\r\n{attendees}"),
            event(
                "d",
                "20261102T100000Z",
                "You declined",
                attendees + "ATTENDEE;PARTSTAT=DECLINED:mailto:me@example.org\r\n",
            ),
            event(
                "b",
                "20261103T100000Z",
                "Design review",
                attendees + "ATTENDEE;PARTSTAT=DECLINED:mailto:bo@example.com\r\n",
            ),
            event("l", later_today, "Later today", attendees, end=f"{TODAY:%Y%m%d}T235959"),
        ),
        encoding="utf-8",
    )
    assert import_calendar(root, file).exit_code == 0
    assert [(i.date, i.text) for i in interactions(root, "People/Ana.md")] == [
        (date(2026, 11, 3), "Design review (calendar)")
    ]
    assert interactions(root, "People/Bo.md") == []


# Item 10: a full disk names the file and says the disk is full; nothing is lost (SPEC §5)


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every flush of a temporary file is refused as on a full disk."""

    def refuse(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write.os, "fsync", refuse)


def test_a_full_disk_names_the_note_and_loses_nothing(vault: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + "\n## Log\n- 2026-11-01 coffee\n"})
    before = (root / "People/Ann.md").read_bytes()
    full_disk(monkeypatch)
    result = run("log", "Ann", "Tea", "--vault", root, "--date", "2026-11-20")
    assert result.exit_code == 2
    assert f"{root / 'People/Ann.md'}: the disk is full; free some space" in result.output
    assert (root / "People/Ann.md").read_bytes() == before
    assert sorted(p.name for p in (root / "People").iterdir()) == ["Ann.md"]


def test_a_full_disk_while_writing_the_dashboard_or_an_export(
    vault: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    (root / "People/Bo.md").write_text(person(cadence="1w"), encoding="utf-8")
    dashboard = (root / "Dashboard.md").read_bytes()
    full_disk(monkeypatch)
    built = run("build", root, "--today", "2026-11-21")
    assert built.exit_code == 2 and f"{root / 'Dashboard.md'}: the disk is full" in built.output
    assert (root / "Dashboard.md").read_bytes() == dashboard
    exported = run("export", "ics", "-o", tmp_path / "out.ics", "--vault", root, "--today", "2026-11-21")
    assert exported.exit_code == 2 and f"{tmp_path / 'out.ics'}: the disk is full" in exported.output
    assert not (tmp_path / "out.ics").exists()
    monkeypatch.undo()
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    assert [p.name for p in root.iterdir() if p.name.startswith(".Dash")] == []  # the leftover removed


def test_an_index_that_cannot_be_written_is_a_warning_naming_it(vault: Make, private_cache: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    private_cache.chmod(0o500)
    try:
        if os.access(private_cache, os.W_OK):  # root writes anywhere: make the folder a file instead
            private_cache.chmod(0o700)
            for child in private_cache.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            (private_cache / "index").write_text("not a folder")
        result = run("build", root, "--today", "2026-11-21")
        assert result.exit_code == 0, result.output
        assert f"warning: the index {Store.path_for(root)} cannot be written" in result.output
        assert "[[Ann]]" in (root / "Dashboard.md").read_text(encoding="utf-8")
        assert run("due", "--vault", root, "--today", "2026-11-21").exit_code == 0
    finally:
        private_cache.chmod(0o700)


def test_a_closed_pipe_is_not_an_error(vault: Make) -> None:
    root = vault({f"People/P{i}.md": person(cadence="1w") for i in range(300)})
    command = f"{sys.executable} -m vaultkit due --vault {root} --today 2026-11-21 | head -1"
    for _ in range(5):
        done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, check=False)
        assert done.returncode == 0 and done.stderr == "", done.stderr


# Item 11: deep nesting is a problem before libyaml sees it; a parse worker that dies takes no build down


def test_a_30000_deep_flow_collection_is_a_problem_not_a_crash(vault: Make) -> None:
    deep = "---\ntype: person\ninterests: " + "[" * 30_000 + "]" * 30_000 + "\n---\n"
    root = vault({"People/Deep.md": deep, "People/Ann.md": person(cadence="1w")})
    checked = subprocess.run(
        [sys.executable, "-m", "vaultkit", "check", str(root), "--no-cache"], capture_output=True, text=True
    )
    assert checked.returncode == 1, checked.stderr
    assert "People/Deep.md:3: front matter: nests lists or mappings more than 100 deep" in checked.stdout


def test_a_parse_worker_that_dies_leaves_the_one_note_that_killed_it_as_a_problem(
    vault: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({f"People/P{i:04}.md": person(cadence="1w") for i in range(parallel.PARALLEL_MIN + 10)})
    (root / "People/Killer.md").write_text(person(cadence="1w"), encoding="utf-8")
    parent, real_read = os.getpid(), parallel.read_note

    def read_or_crash(rel: str, path: str, config: Config) -> tuple[object, object]:
        if rel == "People/Killer.md" and os.getpid() != parent:
            faulthandler.disable()  # pytest's dump of the crash is noise here
            os.kill(os.getpid(), signal.SIGSEGV)  # as libyaml did on deep nesting
        return real_read(rel, path, config)

    monkeypatch.setattr(parallel, "read_note", read_or_crash)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "shares", lambda items, count: [[], items])  # every note to the worker
    result = run("check", root, "--no-cache")
    assert result.exit_code == 1, result.output
    assert "People/Killer.md: reading it crashed the parser, so it was left out" in result.output
    assert f"1 problem in {parallel.PARALLEL_MIN + 11} notes" in result.output
