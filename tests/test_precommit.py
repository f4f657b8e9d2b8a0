"""The `vaultkit-check` hook with the real pre-commit framework (issue 22, item 12): a vault with a
problem fails the hook, the same vault fixed passes it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import person

REPOSITORY = Path(__file__).resolve().parent.parent


def test_the_hook_manifest_is_valid_yaml_the_framework_accepts() -> None:
    hooks = yaml.safe_load((REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["vaultkit-check"]
    assert hooks[0]["language"] == "python" and hooks[0]["entry"] == "vaultkit check"


@pytest.mark.slow
@pytest.mark.skipif(not (REPOSITORY / ".git").exists(), reason="pre-commit try-repo takes a git repository")
def test_the_hook_refuses_a_vault_with_a_problem_and_passes_it_fixed(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "People").mkdir()
    note = vault / "People/Ann.md"
    note.write_text(person(last_contact="2026-02-30"), encoding="utf-8")
    environment = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "VAULTKIT_TODAY": "2026-11-21"}
    environment["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{environment.get('PATH', '')}"

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(vault), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "-A")
    command = [shutil.which("pre-commit") or "pre-commit", "try-repo", str(REPOSITORY), "vaultkit-check", "--all-files"]
    failed = subprocess.run(command, cwd=vault, env=environment, capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "People/Ann.md:2: `last_contact`" in failed.stdout
    note.write_text(person(last_contact="2026-02-28"), encoding="utf-8")
    git("add", "-A")
    passed = subprocess.run(command, cwd=vault, env=environment, capture_output=True, text=True, timeout=600)
    assert passed.returncode == 0, passed.stdout + passed.stderr
