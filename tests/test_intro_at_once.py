"""Introductions asked at the same moment (SPEC §4.11, §6): of eight `intro Sam Bo` run at once, the
one that wrote says it asked; the others find the pair asked and say so (exit 2, naming the date), as a
second call after the first does. The check is made under the write lock, from the two notes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

from vaultkit import questions

DAY = "2026-11-21"
NOTES: dict[str, str | bytes] = {
    "People/Sam.md": "---\ninterests: [film]\n---\n# Sam\n\n## Log\n- 2026-10-01 coffee\n",
    "People/Bo.md": "---\ninterests: [film]\n---\n# Bo\n\n## Log\n- 2026-10-02 coffee\n",
}


def asks(root: Path, name: str) -> list[str]:
    text = (root / "People" / f"{name}.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if "#intro-ask" in line]


def test_eight_intros_at_once_one_asks_the_others_say_it_was_asked(
    vault: Callable[[dict[str, str | bytes]], Path], private_cache: Path
) -> None:
    root = vault(NOTES)
    assert run("build", root, "--today", DAY).exit_code == 0  # an index for all of them to read
    env = os.environ | {"VAULTKIT_CACHE_DIR": str(private_cache)}
    command = [sys.executable, "-m", "vaultkit", "intro", "Sam", "Bo", "--vault", str(root), "--today", DAY]
    started = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(8)
    ]
    finished = [(process.wait(timeout=120), *process.communicate()) for process in started]
    codes = sorted(code for code, _, _ in finished)
    assert codes == [0] + [2] * 7, finished
    for code, out, err in finished:
        if code == 2:
            assert f"were asked on {DAY}" in err and "To Sam" not in out and "To Bo" not in out
        else:
            assert "To Sam" in out and "To Bo" in out and "#intro-ask" in err
    assert len(asks(root, "Sam")) == 1 and len(asks(root, "Bo")) == 1


@pytest.mark.parametrize("made", [False, True])
def test_a_pair_recorded_after_the_index_was_read_is_refused_under_the_lock(
    vault: Callable[[dict[str, str | bytes]], Path], monkeypatch: pytest.MonkeyPatch, made: bool
) -> None:
    """The index said nothing (another intro wrote after it was read): the notes, read under the
    lock, say the pair was asked (or introduced), and nothing is written twice."""
    root = vault(NOTES)
    flag = ["--made"] if made else []
    assert run("intro", "Sam", "Bo", *flag, "--vault", root, "--today", DAY).exit_code == 0
    before = {name: (root / "People" / f"{name}.md").read_bytes() for name in ("Sam", "Bo")}
    monkeypatch.setattr(questions, "_refuse_a_pair_done", lambda *args: None)  # as if the index were older
    result = run("intro", "Bo", "Sam", *flag, "--vault", root, "--today", "2026-11-22")
    assert result.exit_code == 2, result.output
    said = "were introduced on" if made else "were asked on"
    assert f"{said} {DAY}" in result.output and "To Sam" not in result.output
    assert {name: (root / "People" / f"{name}.md").read_bytes() for name in ("Sam", "Bo")} == before
