"""SPEC §3 (last bullet) and issue 5: `log` inserts exactly one line and changes nothing else."""

from __future__ import annotations

import stat
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import person, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.files import edit
from vaultkit.files.edit import LogLine, insert_log_line
from vaultkit.read.split import split_front_matter

Make = Callable[[dict[str, str | bytes]], Path]
ENTRY = LogLine(date(2026, 11, 21), "Coffee at Blue Tokai #gave")

keys = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
scalars = st.one_of(st.from_regex(r"[A-Za-z0-9 ]{0,12}", fullmatch=True), st.just("2026-01-01"), st.just("'quoted: x'"))
front_matter_lines = st.lists(
    st.one_of(
        st.tuples(keys, scalars).map(lambda kv: f"{kv[0]}: {kv[1]}"),
        st.just("# a comment the user wrote"),
        st.just("list:\n  - a\n  - b"),
    ),
    max_size=5,
)
body_lines = st.lists(
    st.one_of(
        st.just("- 2026-01-05 met"),
        st.just("- 2026-03-05 lunch #got"),
        st.just("## Log"),
        st.just("## Notes"),
        st.just("text with [[Link]]"),
        st.just(""),
        st.just("```"),
        st.just("  - indented detail"),
    ),
    max_size=10,
)


def compose(fm: list[str] | None, body: list[str], newline: str, bom: bool, final_newline: bool) -> bytes:
    lines = (["---", *fm, "---"] if fm is not None else []) + body
    text = newline.join(line.replace("\n", newline) for line in lines) + (newline if final_newline and lines else "")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def has_log_section(body: str) -> bool:
    """Independently of vaultkit: a `## Log` line outside fenced code."""
    fenced = False
    for line in body.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.rstrip("\r") == "## Log":
            return True
    return False


def removing_one_line_gives(new: str, old: str) -> bool:
    """Some line of `new` is the entry, and without it `new` is `old` (at the very end of a note
    without a final newline, the line break moves in front of the entry)."""
    lines = new.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip("\r") == ENTRY.render():
            rest = "\n".join(lines[:i] + lines[i + 1 :])
            if rest == old or (i == len(lines) - 1 and rest.removesuffix("\r") == old):
                return True
    return False


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    fm=st.one_of(st.none(), front_matter_lines),
    body=body_lines,
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
    final_newline=st.booleans(),
)
def test_log_inserts_one_line_and_nothing_else(
    fm: list[str] | None, body: list[str], newline: str, bom: bool, final_newline: bool
) -> None:
    before = compose(fm, body, newline, bom, final_newline)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Person.md"
        path.write_bytes(before)
        path.chmod(0o640)
        assert insert_log_line(path, ENTRY)
        after = path.read_bytes()
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert after.startswith(b"\xef\xbb\xbf") == bom
    old, new = before.decode("utf-8-sig"), after.decode("utf-8-sig")
    fm_end = len(old) - len(split_front_matter(old).body)
    assert new[:fm_end] == old[:fm_end], "the front matter changed"
    if has_log_section(split_front_matter(old).body):
        assert removing_one_line_gives(new, old), "not exactly one inserted line"
    else:  # a new section at the very end
        assert new.startswith(old)
        assert new[len(old) :].replace("\r", "").replace("\n", "") == "## Log" + ENTRY.render()
    if "\r\n" in old:
        assert new.count("\n") == new.count("\r\n"), "a bare LF in a CRLF note"
    if old and not old.endswith("\n"):
        assert not new.endswith("\n"), "a missing final newline was added"


def test_order_follows_the_log(tmp_path: Path) -> None:
    newest_first = tmp_path / "a.md"
    newest_first.write_text("## Log\n- 2026-03-01 c\n- 2026-01-01 a\n")
    insert_log_line(newest_first, LogLine(date(2026, 2, 1), "b"))
    assert newest_first.read_text() == "## Log\n- 2026-03-01 c\n- 2026-02-01 b\n- 2026-01-01 a\n"
    oldest_first = tmp_path / "b.md"
    oldest_first.write_text("## Log\n- 2026-01-01 a\n  - detail\n- 2026-03-01 c\n\n## Later\n")
    insert_log_line(oldest_first, LogLine(date(2026, 2, 1), "b"))
    assert (
        oldest_first.read_text() == "## Log\n- 2026-01-01 a\n  - detail\n- 2026-02-01 b\n- 2026-03-01 c\n\n## Later\n"
    )
    insert_log_line(oldest_first, LogLine(date(2026, 4, 1), "d"))
    assert "- 2026-03-01 c\n- 2026-04-01 d\n\n## Later\n" in oldest_first.read_text()


def test_crlf_note_gets_a_crlf_line(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(b"---\r\ntie: strong # my comment\r\n---\r\n## Log\r\n- 2026-01-01 a\r\n")
    insert_log_line(note, LogLine(date(2026, 2, 1), "b"))
    assert (
        note.read_bytes() == b"---\r\ntie: strong # my comment\r\n---\r\n## Log\r\n- 2026-01-01 a\r\n- 2026-02-01 b\r\n"
    )


def test_a_note_edited_between_read_and_write_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    note = tmp_path / "n.md"
    note.write_text("## Log\n- 2026-01-01 a\n")
    real_write = edit.atomic_write
    calls = []

    def user_saves_first(path: Path, data: bytes, expected: object = None) -> bool:
        if not calls:
            path.write_text("## Log\n- 2026-01-01 a\n- 2026-01-02 typed by the user\n")
        calls.append(path)
        return real_write(path, data, expected)  # type: ignore[arg-type]

    monkeypatch.setattr(edit, "atomic_write", user_saves_first)
    insert_log_line(note, LogLine(date(2026, 2, 1), "b"))
    assert len(calls) == 2
    assert note.read_text() == "## Log\n- 2026-01-01 a\n- 2026-01-02 typed by the user\n- 2026-02-01 b\n"


def test_log_command_resolves_names_and_aliases(vault: Make) -> None:
    root = vault({"People/Asha Rao.md": person(aliases="[Ash]") + "## Log\n- 2026-01-01 met\n"})
    result = run("log", "ash", "Coffee", "at", "Blue Tokai", "--gave", "--vault", root, "--today", "2026-11-21")
    assert result.exit_code == 0, result.output
    assert result.output == "People/Asha Rao.md: - 2026-11-21 Coffee at Blue Tokai #gave\n"
    run("log", "ASHA RAO", "Sent notes", "--date", "2026-11-02", "--got", "--vault", root)
    text = (root / "People/Asha Rao.md").read_text()
    assert text.endswith("- 2026-01-01 met\n- 2026-11-02 Sent notes #got\n- 2026-11-21 Coffee at Blue Tokai #gave\n")


def test_log_never_takes_the_start_of_a_name(vault: Make) -> None:
    """A write finds a person by name, alias, the name without accents or a whole first name, never by
    the start of a name (SPEC §6): `Ash` writes nothing into Asha Rao's note and suggests her."""
    root = vault({"People/Asha Rao.md": person() + "## Log\n- 2026-01-01 met\n"})
    before = (root / "People/Asha Rao.md").read_bytes()
    result = run("log", "Ash", "Coffee", "--vault", root, "--today", "2026-11-21")
    assert result.exit_code == 2
    assert "no person named 'Ash'" in result.output and "did you mean Asha Rao" in result.output
    assert (root / "People/Asha Rao.md").read_bytes() == before
    assert run("log", "asha", "Coffee", "--vault", root, "--today", "2026-11-21").exit_code == 0  # a first name


def test_log_command_unknown_and_ambiguous_names(vault: Make) -> None:
    root = vault({"People/Sam Lee.md": person(aliases="[Sam]"), "People/Sam Okafor.md": person(aliases="[Sam]")})
    ambiguous = run("log", "sam", "hi", "--vault", root)
    assert ambiguous.exit_code == 2
    assert "'sam' could be Sam Lee (People/Sam Lee.md), Sam Okafor (People/Sam Okafor.md)" in ambiguous.output
    unknown = run("log", "Sam Lew", "hi", "--vault", root)
    assert unknown.exit_code == 2
    assert "no person named 'Sam Lew'" in unknown.output and "did you mean Sam Lee" in unknown.output


def test_a_line_goes_in_the_order_of_a_log_with_heading_entries(tmp_path: Path) -> None:
    """Dated headings are entries too (issue 22, item 14): 09-01 between 11-29 and the 08-15 heading."""
    note = tmp_path / "Ann.md"
    note.write_text("## Log\n- 2026-11-29 Call\n### 2026-08-15\n- met at the festival\n- more notes\n")
    assert insert_log_line(note, LogLine(date(2026, 9, 1), "Coffee"))
    assert note.read_text() == (
        "## Log\n- 2026-11-29 Call\n- 2026-09-01 Coffee\n### 2026-08-15\n- met at the festival\n- more notes\n"
    )


def test_a_line_never_goes_between_an_entry_and_the_dated_lines_nested_under_it(vault: Make) -> None:
    """A nested dated item belongs to its parent: `log` inserts before the next entry of the log, after
    the parent's nested lines, so they stay the parent's."""
    log = "## Log\n- 2026-03-01 Project kickoff\n  - 2026-03-05 follow-up call about the kickoff\n- 2026-05-01 Lunch\n"
    root = vault({"People/Ann.md": person() + log})
    result = run("log", "Ann", "Coffee", "--date", "2026-03-03", "--vault", root)
    assert result.exit_code == 0, result.output
    assert (
        (root / "People/Ann.md")
        .read_text(encoding="utf-8")
        .endswith(
            "- 2026-03-01 Project kickoff\n  - 2026-03-05 follow-up call about the kickoff\n- 2026-03-03 Coffee\n"
            "- 2026-05-01 Lunch\n"
        )
    )
