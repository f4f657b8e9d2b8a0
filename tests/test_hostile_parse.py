"""Deep nesting is a problem before the YAML parser sees it; a parse worker that dies takes no build down."""

from __future__ import annotations

import faulthandler
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import person, run

from vaultkit.read import parallel
from vaultkit.read.config import Config

Make = Callable[[dict[str, str | bytes]], Path]


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
