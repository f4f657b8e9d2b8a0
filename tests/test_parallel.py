"""Work on several cores gives exactly what the same work in one process gives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import TODAY, person, write_notes

from vaultkit import vault as vault_module
from vaultkit.build import build
from vaultkit.read import parallel
from vaultkit.read.config import Config
from vaultkit.read.parallel import PARALLEL_MIN, meanwhile, parse_all, parse_chunk, shares
from vaultkit.read.scan import scan


@pytest.fixture(autouse=True)
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork workers even on a machine of one core: what is tested is that they agree."""
    monkeypatch.setattr(parallel, "cores", lambda: 2)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """More people than PARALLEL_MIN, with interests, offers, needs, logs and daily notes."""
    topics = [f"topic {i}" for i in range(40)]
    notes: dict[str, str | bytes] = {}
    for i in range(PARALLEL_MIN + 100):
        fields = {"interests": f"[{topics[i % 40]}, {topics[i * 7 % 40]}]", "cadence": "1m"}
        if i % 50 == 0:
            fields["offers"] = "[editing]"
        if i % 70 == 1:
            fields["needs"] = "[editing]"
        log = f"\n## Log\n- 2026-{i % 12 + 1:02d}-0{i % 9 + 1} Coffee\n" if i % 3 == 0 else ""
        notes[f"People/P{i:05d}.md"] = person(**fields) + log
    for day in range(1, 29):
        notes[f"Daily/2026-10-{day:02d}.md"] = f"Met [[P{day * 61:05d}]].\n"
    return write_notes(tmp_path_factory.mktemp("large"), notes)


def test_parsing_on_every_core_gives_the_notes_of_one_core_in_the_same_order(large: Path) -> None:
    items = scan(large, Config())
    assert parallel.worth_a_process(len(items))
    assert parse_all(items, Config()) == parse_chunk(items, Config())


@pytest.mark.parametrize("count", [2, 3, 8])
def test_shares_cover_every_item_once_in_order_and_this_process_takes_the_most(count: int) -> None:
    items = list(range(10_001))
    chunks = shares(items, count)  # type: ignore[arg-type]  # any items will do
    assert [item for chunk in chunks for item in chunk] == items
    assert len(chunks) == count and all(len(chunks[0]) >= len(chunk) for chunk in chunks)


def test_work_done_meanwhile_runs_in_another_process_and_gives_its_result() -> None:
    here = os.getpid()
    assert meanwhile(os.getpid)() != here
    assert meanwhile(lambda: sorted([3, 1, 2]))() == [1, 2, 3]


def test_work_whose_process_dies_is_done_here() -> None:
    here = os.getpid()
    result = meanwhile(lambda: os.getpid() if os.getpid() == here else os._exit(1))
    assert result() == here


def test_a_large_vault_builds_the_same_dashboard_on_one_core(large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(large, TODAY)
    before = (large / "Dashboard.md").read_bytes()
    assert "## Suggested introductions" in before.decode()
    monkeypatch.setattr(vault_module, "worth_a_process", lambda count: False)
    monkeypatch.setattr(parallel, "worth_a_process", lambda count: False)
    assert not build(large, TODAY).written
    assert (large / "Dashboard.md").read_bytes() == before
