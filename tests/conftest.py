"""Shared helpers: real vaults in tmp_path and the real CLI through click's runner."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultkit.cli.group import cli
from vaultkit.read.config import Config
from vaultkit.read.model import Interaction
from vaultkit.read.parse import read_note

TODAY = date(2026, 11, 21)
SAMPLE_VAULT = Path(__file__).resolve().parent.parent / "sample-vault"


def write_notes(root: Path, notes: dict[str, str | bytes]) -> Path:
    """Create files below root: text is written as UTF-8 exactly as given, bytes as they are."""
    for rel, content in notes.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


def person(**fields: object) -> str:
    """A person note with the given front matter lines (values written as YAML as given)."""
    lines = [f"{key}: {value}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Locks and caches go to a folder of the test's own, never the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("VAULTKIT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def vault(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """A vault as Obsidian makes one: a folder with `.obsidian/`, so every command finds it (SPEC §1)."""

    def make(notes: dict[str, str | bytes]) -> Path:
        root = tmp_path / "vault"
        (root / ".obsidian").mkdir(parents=True, exist_ok=True)
        return write_notes(root, notes)

    return make


def run(*args: str | Path) -> Result:
    """Run the CLI in-process; exceptions become exit codes exactly as for a user."""
    return CliRunner().invoke(cli, [str(arg) for arg in args], catch_exceptions=False)


def wait_for(condition: Callable[[], bool], what: str = "a condition", timeout: float = 30.0) -> None:
    """Poll a condition until it holds; fail naming `what` after the timeout (generous: a loaded
    two-core machine may be slow, never a hang). The one way tests wait: never a bare sleep."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def git_in(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in a folder; its output as text, whatever its exit status."""
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)


def interactions(root: Path, rel: str) -> list[Interaction]:
    """A person note's log, as vaultkit reads it."""
    note, _ = read_note(rel, root / rel, Config())
    assert note.person is not None
    return list(note.person.interactions)
