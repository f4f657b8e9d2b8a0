"""The index cache: a warm build parses only what changed; anything doubtful is parsed again."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import person, run
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit import vault as vault_module
from vaultkit.build import build
from vaultkit.read.config import load_config
from vaultkit.read.scan import Scanned, Stat, listed
from vaultkit.store import database as store_module
from vaultkit.store import save as save_module
from vaultkit.store import warm as warm_module
from vaultkit.store.database import Store, changed_since
from vaultkit.vault import Vault

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = date(2026, 11, 21)


def age(root: Path) -> None:
    """Make every note an hour old, as in a vault that was not edited a moment ago."""
    past = time.time() - 3600
    for path in root.rglob("*.md"):
        os.utime(path, (past, past))


def loaded(root: Path) -> tuple[Vault, set[str]]:
    """The vault loaded with its store, and the notes it parsed (not taken from the store)."""
    parsed: set[str] = set()
    parse_all = vault_module.parse_all

    def counting(items: list[Scanned], config: object) -> object:
        parsed.update(item.rel for item in items)
        return parse_all(items, config)  # type: ignore[arg-type]

    config = load_config(root)
    vault = Vault(root, config, Store.open(root, config))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(vault_module, "parse_all", counting)
        vault.load_all()
    return vault, parsed


def parsed_on_load(root: Path) -> set[str]:
    return loaded(root)[1]


def cached_build(root: Path) -> None:
    build(root, TODAY, cache=True, background=False)


@pytest.fixture
def warm(vault: Make) -> Path:
    root = vault({f"People/P{i}.md": person(cadence="1w", interests="[x, y]") for i in range(20)})
    age(root)
    cached_build(root)
    assert parsed_on_load(root) == set()
    return root


def test_a_warm_load_parses_nothing_and_the_store_lives_outside_the_vault(warm: Path, private_cache: Path) -> None:
    files = sorted(p.name for p in (private_cache / "index").iterdir())
    assert [name.split(".", 1)[1] for name in files] == ["sqlite", "sqlite-shm", "sqlite-wal"]
    assert sorted(p.relative_to(warm).as_posix() for p in warm.rglob("*") if p.is_file()) == sorted(
        [f"People/P{i}.md" for i in range(20)] + ["Dashboard.md"]
    )


def test_the_store_is_plain_sqlite_with_the_documented_tables(warm: Path) -> None:
    """Opened read-only as docs/store.md shows (`sqlite3 -readonly`, Datasette): records are JSON."""
    path = Store.path_for(warm)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        documented = {
            "meta",
            "notes",
            "people",
            "names",
            "terms",
            "identities",
            "links",
            "log",
            "mentions",
            "promises",
            "items",
            "results",
        }
        assert tables == documented
        assert db.execute("SELECT count(*) FROM people").fetchone() == (20,)
        assert db.execute("SELECT tie FROM people WHERE name = 'P2'").fetchone() == ("loose",)  # the default
        (record,) = db.execute("SELECT record FROM notes WHERE path = 'People/P1.md'").fetchone()
        assert json.loads(record)[0] == "People/P1.md"
        due = db.execute("SELECT owner FROM items WHERE section = 'due' ORDER BY k1, k2, k3, k4, k5 LIMIT 2")
        assert [owner for (owner,) in due] == ["P0", "P1"]


def test_an_edit_is_parsed_again(warm: Path) -> None:
    note = warm / "People/P3.md"
    note.write_text(person(cadence="2w"))
    assert parsed_on_load(warm) == {"People/P3.md"}


def test_same_size_and_time_but_other_bytes_is_not_trusted_when_recent(warm: Path) -> None:
    note = warm / "People/P4.md"
    before = note.stat()
    note.write_text(person(cadence="2w", interests="[x, z]"))  # same length as before
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    # an hour-old time set back is not enough: the status change time moved (tests/test_index_key.py)
    assert parsed_on_load(warm) == {"People/P4.md"}
    now = time.time_ns()
    os.utime(note, ns=(now, now))
    cached_build(warm)  # written within the racy window: left out of the cache
    assert "People/P4.md" in parsed_on_load(warm)


def test_a_rename_and_a_deletion(warm: Path) -> None:
    (warm / "People/P5.md").rename(warm / "People/Renamed.md")
    (warm / "People/P6.md").unlink()
    vault, parsed = loaded(warm)
    assert parsed == {"People/Renamed.md"}
    assert "People/P5.md" not in vault.store.notes and "People/P6.md" not in vault.store.notes


def test_a_config_change_parses_everything(warm: Path) -> None:
    (warm / "vaultkit.yaml").write_text("synonyms: {x: ex}\n")
    assert len(parsed_on_load(warm)) == 20


def test_a_new_vaultkit_version_parses_everything(warm: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "__version__", "99.0")
    assert len(parsed_on_load(warm)) == 20


def garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage\xff" * 100)


def cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


def sql(statement: str) -> Callable[[Path], None]:
    def run_it(path: Path) -> None:
        with sqlite3.connect(path) as db:
            db.execute(statement)
        db.close()

    return run_it


@pytest.mark.parametrize(
    "damage",
    [
        garbage,
        cut_short,
        sql("UPDATE meta SET value = '{\"format\": 1}' WHERE key = 'key'"),  # someone else's
        sql("UPDATE notes SET record = '[\"People/P1.md\", 1]' WHERE path = 'People/P1.md'"),  # not a record
        sql("UPDATE notes SET record = 'not json' WHERE path = 'People/P1.md'"),
        sql("DROP TABLE items"),
        sql("DROP TABLE meta"),
    ],
    ids=["garbage", "cut short", "foreign", "not a record", "not JSON", "a table gone", "no key"],
)
def test_a_damaged_or_foreign_store_is_ignored(warm: Path, damage: Callable[[Path], None]) -> None:
    path = Store.path_for(warm)
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        extra.unlink(missing_ok=True)  # (closed cleanly: all in the file)
    damage(path)
    (warm / "People/P1.md").write_text(person(cadence="2w", interests="[x, y]"))  # a change for a warm build
    result = build(warm, TODAY, cache=True, background=False)
    assert result.counts["people"] == 20
    assert (warm / "Dashboard.md").read_bytes() == build_without_store(warm)
    vault, _ = loaded(warm)  # every note there, under its own path
    assert sorted(vault.store.notes) == sorted(f"People/P{i}.md" for i in range(20))


def build_without_store(root: Path) -> bytes:
    before = (root / "Dashboard.md").read_bytes()
    build(root, TODAY, cache=False)
    after = (root / "Dashboard.md").read_bytes()
    (root / "Dashboard.md").write_bytes(before)
    return after


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
        (person(cadence="1w", interests="[x, z]"), (save_module, "save")),  # a full build's store
        (person(cadence="2w", interests="[x, y]"), (warm_module, "stored_insights")),  # a warm build's
    ],
    ids=["full build", "warm build"],
)
def test_a_box_ticked_while_the_store_is_written_is_still_recorded(
    warm: Path, monkeypatch: pytest.MonkeyPatch, edit: str, writer: tuple[object, str]
) -> None:
    (warm / "People/P1.md").write_text(edit)
    dashboard = warm / "Dashboard.md"
    write_store = getattr(*writer)

    def tick_first(*args: object) -> object:  # the user ticks a box as the store is written
        dashboard.write_text(dashboard.read_text().replace("- [ ] [[P1]] —", "- [x] [[P1]] —", 1))
        return write_store(*args)

    with monkeypatch.context() as patch:
        patch.setattr(*writer, tick_first)
        cached_build(warm)  # a warm build sees the dashboard changed and takes a full build, which records it
    cached_build(warm)  # else the next build does
    assert (warm / "People/P1.md").read_text().count("ticked on the dashboard") == 1
    assert "[x]" not in dashboard.read_text()


def test_a_build_pauses_the_garbage_collector_and_leaves_it_as_it_found_it(warm: Path) -> None:
    seen = []
    write = Vault.write

    def spying(self: Vault, *args: object) -> object:
        seen.append(gc.isenabled())
        return write(self, *args)  # type: ignore[arg-type]

    (warm / "People/P2.md").write_text(person(cadence="2w"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Vault, "write", spying)
        build(warm, TODAY, cache=True, background=False)
        assert seen == [False] and gc.isenabled()
        gc.disable()
        try:
            build(warm, TODAY, cache=False)
            assert not gc.isenabled()  # paused before: still paused
        finally:
            gc.enable()


def changed_notes(stats: list[Stat], data: st.DataObject) -> tuple[dict[str, Stat], dict[str, Stat | None]]:
    """Stored stats, and a listing of the same notes in any order with some of them changed."""
    stored = {f"n{row:03}.md": stat for row, stat in enumerate(stats)}
    listed = dict(stored)
    for rel in data.draw(st.lists(st.sampled_from(sorted(stored)), unique=True) if stored else st.just([])):
        field = data.draw(st.integers(0, 4))  # size, a time, inode or device: any of them shows a change
        changed = list(listed[rel])
        changed[field] += 1
        listed[rel] = (changed[0], changed[1], changed[2], changed[3], changed[4])
    order = data.draw(st.permutations(sorted(listed)))
    return stored, {rel: listed[rel] for rel in order}


@settings(max_examples=200, deadline=None)
@given(stats=st.lists(st.tuples(*[st.integers(0, 3)] * 5), max_size=60), data=st.data())
def test_the_changed_notes_are_exactly_those_whose_stat_differs(stats: list[Stat], data: st.DataObject) -> None:
    stored, found = changed_notes(stats, data)
    changed = changed_since(found, stored)
    assert changed is not None
    assert sorted(changed) == sorted(rel for rel in stored if found[rel] != stored[rel])
    if found:  # a note added, or one removed
        assert changed_since(dict(list(found.items())[1:]), stored) is None
        assert changed_since({**found, "new.md": (0, 0, 0, 0, 0)}, stored) is None


@settings(max_examples=50, deadline=None)
@given(stats=st.lists(st.tuples(*[st.integers(0, 3)] * 5), max_size=30), data=st.data())
def test_the_store_sees_the_same_changes_whatever_order_the_listing_comes_in(
    stats: list[Stat], data: st.DataObject
) -> None:
    """Store.changed compares the listing's JSON with the stats kept, byte for byte, before it decodes
    them: a listing in another order, or with one note changed, must not pass for unchanged."""
    stored, found = changed_notes(stats, data)
    db = Store(sqlite3.connect(":memory:"))
    db.db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;")
    db.set_meta({"stats": stored})
    assert db.changed(found) == changed_since(found, stored)
    assert db.changed(dict(stored)) == {}
    assert db.changed({**found, "new.md": (0, 0, 0, 0, 0)}) is None


def test_after_a_build_from_kept_and_new_notes_the_next_listing_needs_no_decoding(
    warm: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stats are kept in the listing's order (Store.changed sees an unchanged vault by its bytes):
    a full build that took most notes from the store and parsed a new one keeps them so too."""
    new = warm / "People/New.md"
    new.write_text(person(cadence="1w", interests="[x, y]"))
    os.utime(new, (time.time() - 3600, time.time() - 3600))  # not too fresh to trust, like the others
    cached_build(warm)  # a note added: a full build, the others from the store
    config = load_config(warm)
    db = Store.open(warm, config)
    monkeypatch.setattr(store_module, "STATS", None)  # decoding them would fail
    try:
        assert db.changed(listed(warm, config)) == {}
    finally:
        db.close()


KILLED_WHILE_SAVING = """
import os, signal, sys
from datetime import date
from pathlib import Path
from vaultkit.store import database as store
from vaultkit.build import build

put_items = store.Store.put_items

def put_then_die(self, *args, **kwargs):
    put_items(self, *args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)  # halfway through the transaction

store.Store.put_items = put_then_die
build(Path(sys.argv[1]), date(2026, 11, 21), cache=True, background=False)
"""


def store_rows(path: Path) -> list[object]:
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = [db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() for table in ("notes", "items", "meta")]
    db.close()
    return rows


def test_a_build_killed_while_it_writes_the_store_leaves_the_last_one(warm: Path) -> None:
    path = Store.path_for(warm)
    before = store_rows(path)
    (warm / "People/P3.md").write_text(person(cadence="2w", interests="[x, z]"))  # new terms: a full build
    age(warm)
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_SAVING, str(warm)], check=False)
    assert killed.returncode == -signal.SIGKILL
    assert store_rows(path) == before  # the last build's store, whole
    result = build(warm, TODAY, cache=True, background=False)
    assert result.written is False  # the killed build had written the dashboard already
    assert (warm / "Dashboard.md").read_bytes() == build_without_store(warm)
    assert parsed_on_load(warm) == set()  # and the store is this build's now


def test_the_queries_docs_store_md_shows_run_on_a_store(warm: Path) -> None:
    """Every SQL example of docs/store.md runs read-only on a real store and finds something."""
    import re

    text = (Path(__file__).resolve().parent.parent / "docs" / "store.md").read_text()
    queries = re.findall(r'sqlite3 -readonly "\$db" "([^"]+)"', text)
    queries += [block.strip().rstrip(";") for block in re.findall(r"```sql\n(.*?)```", text, re.S)]
    assert len(queries) >= 4
    (warm / "People/P1.md").write_text(
        person(cadence="1w", tie="strong", company="Acme") + "## Log\n- 2026-11-01 Coffee\n"
    )
    build(warm, TODAY, cache=True, background=False)
    with contextlib.closing(sqlite3.connect(f"file:{Store.path_for(warm)}?mode=ro", uri=True)) as db:
        for query in queries:
            assert db.execute(query.replace("'Asha Rao'", "'P1'")).fetchall(), query
