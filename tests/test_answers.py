"""Every command answers from the index (SPEC §7, issue 25): with the index current it reads no note,
a stale one is brought up to date first (a warm update for a few changes, every note for a new day),
and the answers are those of `--no-cache`, byte for byte, `--json` included."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import SAMPLE_VAULT, run, write_notes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import SHAPES, generate

from vaultkit import vault as vault_module
from vaultkit.read.model import Note
from vaultkit.store import warm
from vaultkit.store.database import Store

DAY = "2026-11-21"
LISTS = (
    "due", "milestones", "news", "balance", "share", "paths", "today", "promises", "revive", "untracked", "trips",
    "people", "duplicates",
)  # fmt: skip


def invocations(day: str = DAY) -> list[list[str]]:
    found = [[name, "--today", day] for name in LISTS]
    found += [[name, "--today", day, "--json"] for name in LISTS]
    found += [
        ["intros", "--today", day],
        ["intros", "--today", day, "--json"],
        ["intros", "--limit", "3", "--today", day, "--json"],
        ["intros", "--limit", "40", "--today", day, "--json"],  # more than the index keeps: among everyone
        ["intros", "--in-flight", "--today", day, "--json"],
        ["check", "--today", day],
        ["who", "documentary", "--today", day],
        ["brief", "Sam Okafor", "--today", day],
        ["brief", "asha", "--today", day, "--json"],
        ["brief", "Mira Kapoor", "--today", day],
        ["brief", "Tomás Alvarez", "--today", day, "--json"],
        ["brief", "Hana Suzuki", "--today", day],
        ["brief", "Person 00007", "--today", day, "--json"],  # in the generated vaults
        ["brief", "person 00123", "--today", day],
        ["who", "Company 12", "--today", day],
        ["who", "film", "--today", day, "--json"],
        ["who", "mumbai", "--today", day, "--json"],
        ["share", "Clippings/Rivers on Film.md", "--today", day],
        ["share", "seed rounds for small studios", "--today", day, "--json"],
        ["share", "Projects/River documentary.md", "--today", day],  # a note with tags, not a clipping
        ["share", "No Such Note", "--today", day],
    ]
    return found


def answer(root: Path, argv: list[str], *extra: str) -> tuple[int, str]:
    result = run(*argv, "--vault", root, *extra)
    return result.exit_code, result.output


def agree(root: Path, day: str = DAY) -> None:
    """Each command with the index and without it: the same exit code and the same bytes."""
    for argv in invocations(day):
        assert answer(root, argv) == answer(root, argv, "--no-cache"), argv


def kept(root: Path) -> tuple[object, ...] | None:
    """What the index says of the last build and of every note's size and time (read-only)."""
    path = Store.path_for(root)
    if not path.exists():
        return None
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        try:
            rows = db.execute("SELECT key, value FROM meta WHERE key IN ('last', 'stats') ORDER BY key").fetchall()
        except sqlite3.Error:  # being made
            return None
    return tuple(rows) if len(rows) == 2 else None


@contextmanager
def writing_the_index(root: Path) -> Iterator[None]:
    """Around a command that reads every note and forks the store's writer: wait until it committed."""
    before = kept(root)
    yield
    deadline = time.monotonic() + 60
    while kept(root) in (None, before):
        assert time.monotonic() < deadline, "the index was not written"
        time.sleep(0.05)


@contextmanager
def refusing_to_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any read of a note fails the test, and so does loading every note's record from the index."""

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError(f"a note was read: {args[:1]}")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "notes", refuse)
        patch.setattr(vault_module, "parse_all", refuse)
        patch.setattr(vault_module, "read_note", refuse)
        patch.setattr(warm, "read_note", refuse)
        yield


def built(root: Path) -> Path:
    """The vault after a build, its index written (the background writer done)."""
    with writing_the_index(root):
        assert run("build", root, "--today", DAY).exit_code == 0
    return root


def copy_of_sample(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    return root


def test_with_the_index_current_every_command_reads_no_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_of_sample(tmp_path)
    expected = {tuple(argv): answer(root, argv, "--no-cache") for argv in invocations()}
    built(root)
    with refusing_to_read(monkeypatch):
        for argv in invocations():
            assert answer(root, argv) == expected[tuple(argv)], argv


def test_a_few_changes_are_brought_up_to_date_by_the_command_and_the_next_build_renders_them(tmp_path: Path) -> None:
    root = built(copy_of_sample(tmp_path))
    with (root / "People/Sam Okafor.md").open("a", encoding="utf-8") as note:
        note.write("- 2026-11-20 Coffee at the Comedy Store\n")
    with (root / "Daily/2026-11-20.md").open("a", encoding="utf-8") as note:
        note.write("- [ ] Send [[Marcus Lee]] the cut 📅 2026-11-19\n")
    agree(root)
    before = (root / "Dashboard.md").read_bytes()
    assert run("build", root, "--today", DAY).exit_code == 0
    after = (root / "Dashboard.md").read_bytes()
    assert after != before and b"[[Marcus Lee]] \xc2\xb7 Send Marcus Lee the cut" in after  # rendered now
    dashboard = after
    assert run("build", root, "--today", DAY, "--no-cache").exit_code == 0
    assert (root / "Dashboard.md").read_bytes() == dashboard


def test_a_new_day_reads_every_note_once_and_then_answers_from_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = built(copy_of_sample(tmp_path))
    tomorrow = "2026-11-22"
    with writing_the_index(root):
        first = answer(root, ["today", "--today", tomorrow, "--json"])
    with refusing_to_read(monkeypatch):
        assert answer(root, ["today", "--today", tomorrow, "--json"]) == first
    assert first == answer(root, ["today", "--today", tomorrow, "--json"], "--no-cache")
    assert run("build", root, "--today", tomorrow).exit_code == 0
    text = (root / "Dashboard.md").read_text(encoding="utf-8")
    assert "Written by vaultkit for 2026-11-22" in text


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_every_command_agrees_with_no_cache_on_a_generated_vault_of_each_shape(tmp_path: Path, shape: str) -> None:
    root = generate(tmp_path / "vault", 300, 40, shape=shape)
    (root / ".obsidian").mkdir()
    with writing_the_index(root):
        agree(root)  # the index missing: each command reads every note and writes it
    agree(root)  # the index current


def test_log_and_new_find_their_people_in_the_index_and_read_only_the_notes_they_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = built(copy_of_sample(tmp_path))
    with refusing_to_read(monkeypatch):
        refused = run("new", "tomas alvarez", "--vault", root, "--today", DAY)  # a twin but for accents and case
        assert refused.exit_code == 2 and "Tomás Alvarez" in refused.output
        by_name = run("log", "nina park", "Lunch", "--vault", root, "--today", DAY)  # a name: only she is looked up
        assert by_name.exit_code == 0, by_name.output
    hour_ago = time.time() - 3600  # saved a while ago: the index trusts its time (a fresh one is read again)
    os.utime(root / "People/Nina Park.md", (hour_ago, hour_ago))
    with writing_the_index(root):  # her first contact: every note read, the index written in the background
        run("due", "--vault", root, "--today", DAY)  # brings the index up to date: it reads the note `log` wrote
    with refusing_to_read(monkeypatch):
        logged = run("log", "sammy", "Coffee", "--with", "kabir", "--vault", root, "--today", DAY)  # alias, first name
        assert logged.exit_code == 0, logged.output
    assert "- 2026-11-21 Coffee with [[Kabir Joshi]]" in (root / "People/Sam Okafor.md").read_text(encoding="utf-8")
    unknown = run("log", "Nobody Here", "Coffee", "--vault", root, "--today", DAY)
    assert unknown.exit_code == 2 and "no person named 'Nobody Here'" in unknown.output


def test_log_after_changes_the_index_cannot_take_reads_only_the_changed_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new interest changes introductions for everyone (no warm update), but not whom a name finds:
    `log` parses the changed note and finds its people in the index, loading no other note. A renamed
    alias changes whom a name finds: then every note is loaded (from the index's records)."""
    root = built(copy_of_sample(tmp_path))
    sam = root / "People/Sam Okafor.md"
    sam.write_text(sam.read_text(encoding="utf-8").replace("[standup, podcasts]", "[standup, podcasts, chess]"))
    loaded: list[str] = []
    notes = Store.notes

    def every_record(self: Store) -> Iterator[Note]:
        loaded.append("every note")
        return notes(self)

    monkeypatch.setattr(Store, "notes", every_record)
    assert run("log", "asha", "Coffee", "--vault", root, "--today", DAY).exit_code == 0
    assert loaded == []
    sam.write_text(sam.read_text(encoding="utf-8").replace("[Sammy]", "[Sambo]"))
    assert run("log", "sambo", "Tea", "--vault", root, "--today", DAY).exit_code == 0
    assert loaded == ["every note"]
    assert "- 2026-11-21 Tea" in sam.read_text(encoding="utf-8")


def test_log_on_a_new_day_finds_its_people_in_yesterday_s_index_and_reads_no_other_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Names and aliases do not move with the date: the first `log` of a day finds its people in the
    index the day before left (no note read but the one it writes, no section computed), and the next
    reading command brings the index to the new day."""
    root = built(copy_of_sample(tmp_path))
    tomorrow = "2026-11-22"
    with refusing_to_read(monkeypatch):
        logged = run("log", "sammy", "Coffee", "--vault", root, "--today", tomorrow)
        assert logged.exit_code == 0, logged.output
    assert "- 2026-11-22 Coffee" in (root / "People/Sam Okafor.md").read_text(encoding="utf-8")
    assert answer(root, ["due", "--today", tomorrow, "--json"]) == answer(
        root, ["due", "--today", tomorrow, "--json"], "--no-cache"
    )


def test_intro_drafts_from_the_index_what_it_drafts_without_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`intro` finds both people, their links and the rarity of what they share in the index, and
    reads no note but the two it writes; the drafts and the lines are those of `--no-cache`."""
    plain = copy_of_sample(tmp_path / "plain")
    expected = run("intro", "asha", "Hana Suzuki", "--vault", plain, "--today", DAY, "--no-cache")
    root = built(copy_of_sample(tmp_path / "indexed"))
    with refusing_to_read(monkeypatch):
        asked = run("intro", "asha", "Hana Suzuki", "--vault", root, "--today", DAY)
    assert (asked.exit_code, asked.output) == (expected.exit_code, expected.output)
    assert "I'd like to introduce you to Hana Suzuki" in asked.output
    for name in ("Asha Rao", "Hana Suzuki"):
        assert (root / f"People/{name}.md").read_bytes() == (plain / f"People/{name}.md").read_bytes()
    again = run("intro", "Hana Suzuki", "Asha Rao", "--vault", root, "--today", DAY)
    assert again.exit_code == 2 and "were asked on 2026-11-21" in again.output


LOADED = """
import sys
from vaultkit.cli.main import main
sys.argv = ["vaultkit", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
unwanted = ("yaml", "frontmatter", "jinja2", "vaultkit.vault", "vaultkit.read.parse")
unwanted += ("mcp", "pydantic", "anyio", "vaultkit.assistant")  # the assistant's SDK: only `vaultkit mcp` loads it
print(sorted(name for name in unwanted if name in sys.modules))
"""


@pytest.mark.parametrize("argv", [["due"], ["log", "Nina Park", "Tea"], ["brief", "Sam Okafor"], ["build"]])
def test_with_the_index_current_a_command_loads_no_yaml_parser_template_or_vault(
    tmp_path: Path, argv: list[str]
) -> None:
    """SPEC §7, start fast: a command the index answers imports neither the YAML parser (the settings
    are kept parsed), nor Jinja2, nor the in-memory vault and the note parser."""
    root = copy_of_sample(tmp_path)
    hour_ago = time.time() - 3600  # not too fresh to trust: the index takes their sizes and times
    for path in root.rglob("*.md"):
        os.utime(path, (hour_ago, hour_ago))
    built(root)
    assert run("due", "--vault", root, "--today", DAY).exit_code == 0  # the settings kept parsed
    shown = subprocess.run(
        [sys.executable, "-c", LOADED, *argv, "--vault", str(root), "--today", DAY],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert shown.stdout.splitlines()[-1] == "[]", shown.stdout + shown.stderr


def test_brief_from_the_index_leaves_out_the_pairs_who_have_met(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """brief ranks one person's introductions from the index: their colleagues (the terms table) and
    whom they have met (the links table) are left out there as a read of every note leaves them out."""
    from test_intros import ACQUAINTANCES

    root = write_notes(tmp_path / "vault", ACQUAINTANCES)
    (root / ".obsidian").mkdir()
    hour_ago = time.time() - 3600  # not too fresh to trust: the index takes their sizes and times
    for path in root.rglob("*.md"):
        os.utime(path, (hour_ago, hour_ago))
    names = ("Ada Colleague", "Cy Meeting", "Ed Dinner", "Gil Event", "Ike Asked", "Kai Stranger")
    argv = [["brief", name, "--today", DAY, "--json"] for name in names]
    expected = [answer(root, args, "--no-cache") for args in argv]
    assert '"b": "Ben Colleague"' not in expected[0][1] and '"b": "Lu Stranger"' in expected[5][1]
    built(root)
    with refusing_to_read(monkeypatch):
        assert [answer(root, args) for args in argv] == expected
