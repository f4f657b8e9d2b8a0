"""The person-note merge driver keeps every line either side added, byte for byte (SPEC §5)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import git_in, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.files.gitmerge import merge_texts

Make = Callable[[dict[str, str | bytes]], Path]


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
