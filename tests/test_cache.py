"""The index cache: a warm build parses only what changed; anything doubtful is parsed again."""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import person, run
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit import cache as cache_module
from vaultkit.build import Vault, build
from vaultkit.cache import IndexCache, changed_since
from vaultkit.scan import Scanned, Stat

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = date(2026, 11, 21)


def age(root: Path) -> None:
    """Make every note an hour old, as in a vault that was not edited a moment ago."""
    past = time.time() - 3600
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))


def parsed_on_load(root: Path) -> set[str]:
    vault = Vault(root, cache=True)
    vault.load_all()
    return {note.path for note in vault._parsed}


def cached_build(root: Path) -> None:
    build(root, TODAY, cache=True, background=False)


@pytest.fixture
def warm(vault: Make) -> Path:
    root = vault({f"People/P{i}.md": person(cadence="1w", interests="[x, y]") for i in range(20)})
    age(root)
    cached_build(root)
    assert parsed_on_load(root) == set()
    return root


def test_a_warm_load_parses_nothing_and_the_cache_lives_outside_the_vault(warm: Path, private_cache: Path) -> None:
    files = sorted(p.name for p in (private_cache / "index").iterdir())
    assert [name.split(".", 1)[1] for name in files] == ["build.jsonl", "notes.jsonl", "offsets", "stats.json"]
    for name in files:
        data = (private_cache / "index" / name).read_bytes()
        if name.endswith(".offsets"):  # a line of text, then numbers of 8 bytes
            token, numbers = data.split(b"\n", 1)
            assert token.isalnum() and len(numbers) % 8 == 0
            continue
        for line in data.splitlines():
            json.loads(line)  # plain JSON, never pickle
    assert sorted(p.relative_to(warm).as_posix() for p in warm.rglob("*") if p.is_file()) == sorted(
        [f"People/P{i}.md" for i in range(20)] + ["Dashboard.md"]
    )


def test_an_edit_is_parsed_again(warm: Path) -> None:
    note = warm / "People/P3.md"
    note.write_text(person(cadence="2w"))
    assert parsed_on_load(warm) == {"People/P3.md"}


def test_same_size_and_time_but_other_bytes_is_not_trusted_when_recent(warm: Path) -> None:
    note = warm / "People/P4.md"
    before = note.stat()
    note.write_text(person(cadence="2w", interests="[x, z]"))  # same length as before
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    # an hour-old time is trusted: this is what any stat-based cache (git's too) accepts
    assert parsed_on_load(warm) == set()
    now = time.time_ns()
    os.utime(note, ns=(now, now))
    cached_build(warm)  # written within the racy window: left out of the cache
    assert "People/P4.md" in parsed_on_load(warm)


def test_a_rename_and_a_deletion(warm: Path) -> None:
    (warm / "People/P5.md").rename(warm / "People/Renamed.md")
    (warm / "People/P6.md").unlink()
    vault = Vault(warm, cache=True)
    vault.load_all()
    assert {note.path for note in vault._parsed} == {"People/Renamed.md"}
    assert "People/P5.md" not in vault.store.notes and "People/P6.md" not in vault.store.notes


def test_a_config_change_parses_everything(warm: Path) -> None:
    (warm / "vaultkit.yaml").write_text("synonyms: {x: ex}\n")
    assert len(parsed_on_load(warm)) == 20


def test_a_new_vaultkit_version_parses_everything(warm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert len(parsed_on_load(warm)) == 20


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated
        lambda text: "\x00garbage\xff",
        lambda text: json.dumps({"key": "someone else's", "stats": {}}),
        lambda text: text.replace('"People/P1.md":[', '"People/P1.md":["not a stat",', 1),
        lambda text: text.replace('["People/P1.md",', '["not a record",', 1),  # another note's record
        lambda text: text.replace('["People/P1.md",', '["People/P1.md",1,', 1),  # not a record
    ],
)
def test_a_corrupt_or_foreign_cache_is_ignored(warm: Path, private_cache: Path, damage: Callable[[str], str]) -> None:
    for path in (private_cache / "index").iterdir():
        if path.suffix == ".offsets":  # binary: cut short
            path.write_bytes(path.read_bytes()[:20])
        else:
            path.write_text(damage(path.read_text()))
    vault = Vault(warm, cache=True)
    vault.load_all()
    # every note there, under its own path, parsed again where the cache was doubtful
    assert sorted(vault.store.notes) == sorted(f"People/P{i}.md" for i in range(20))
    result = vault.build(TODAY)
    assert result.counts["people"] == 20


def test_nothing_to_do_when_nothing_changed_but_a_ticked_box_is_read(warm: Path) -> None:
    assert "unchanged" in run("build", warm, "--today", "2026-11-21").output
    dashboard = warm / "Dashboard.md"
    dashboard.write_text(dashboard.read_text().replace("- [ ] [[P1]] —", "- [x] [[P1]] —", 1))
    result = run("build", warm, "--today", "2026-11-21")
    assert "recorded ticked boxes in 1 note" in result.output
    assert "ticked on the dashboard" in (warm / "People/P1.md").read_text()
    assert "updated" in run("build", warm, "--today", "2026-11-22").output  # a new day


def test_no_cache_reads_and_writes_none(vault: Make, private_cache: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    assert run("build", root, "--no-cache", "--today", "2026-11-21").exit_code == 0
    assert run("due", root, "--no-cache").exit_code == 0
    assert not (private_cache / "index").exists()


@pytest.mark.parametrize(
    ("edit", "writer"),
    [
        (person(cadence="1w", interests="[x, z]"), (Vault, "_write_cache")),  # a full build's cache
        (person(cadence="1w", interests="[x, y]", last_contact="2026-01-01"), (IndexCache, "append")),  # a patch's
    ],
    ids=["full build", "patch"],
)
def test_a_box_ticked_while_the_cache_is_written_is_still_recorded(
    warm: Path, monkeypatch: pytest.MonkeyPatch, edit: str, writer: tuple[type, str]
) -> None:
    (warm / "People/P1.md").write_text(edit)
    dashboard = warm / "Dashboard.md"
    write_cache = getattr(*writer)

    def tick_first(*args: object) -> None:  # the user ticks a box as the cache is written
        dashboard.write_text(dashboard.read_text().replace("- [ ] [[P1]] —", "- [x] [[P1]] —", 1))
        write_cache(*args)

    with monkeypatch.context() as patch:
        patch.setattr(*writer, tick_first)
        cached_build(warm)
    assert "[x] [[P1]]" in dashboard.read_text()
    result = build(warm, TODAY, cache=True, background=False)
    assert result.recorded == ["People/P1.md"]


def test_a_build_pauses_the_garbage_collector_and_leaves_it_as_it_found_it(warm: Path) -> None:
    seen = []
    write = Vault._write

    def spying(self: Vault, *args: object) -> object:
        seen.append(gc.isenabled())
        return write(self, *args)  # type: ignore[arg-type]

    (warm / "People/P2.md").write_text(person(cadence="2w"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Vault, "_write", spying)
        build(warm, TODAY, cache=True, background=False)
        assert seen == [False] and gc.isenabled()
        gc.disable()
        try:
            build(warm, TODAY, cache=False)
            assert not gc.isenabled()  # paused before: still paused
        finally:
            gc.enable()


@settings(max_examples=200, deadline=None)
@given(stats=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=60), data=st.data())
def test_the_changed_notes_are_exactly_those_whose_stat_differs(stats: list[Stat], data: st.DataObject) -> None:
    cached = {f"n{row:03}.md": stat for row, stat in enumerate(stats)}
    listed = dict(cached)
    for rel in data.draw(st.lists(st.sampled_from(sorted(cached)), unique=True) if cached else st.just([])):
        listed[rel] = (listed[rel][0] + 1, listed[rel][1])
    order = sorted(listed)  # as the cache's, mostly; but it need not be
    order = data.draw(st.permutations(order)) if data.draw(st.booleans()) else order
    items = [Scanned(rel, rel, listed[rel]) for rel in order]
    found = changed_since(items, {item.rel: item.stat for item in items}, cached)
    expected = [(row, rel) for row, (rel, stat) in enumerate(cached.items()) if listed[rel] != stat]
    assert found is not None and [(row, item.rel) for row, item in found] == expected
    if items:  # a note added, or one removed
        assert changed_since(items[1:], {item.rel: item.stat for item in items[1:]}, cached) is None
        extra = [*items, Scanned("new.md", "new.md", (0, 0))]
        assert changed_since(extra, {item.rel: item.stat for item in extra}, cached) is None
