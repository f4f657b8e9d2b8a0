"""The sample vault's dashboard for 2026-11-21 is a golden file: any change to it is a reviewed diff."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLE_VAULT, run


def test_sample_vault_dashboard_matches_the_golden_file(tmp_path: Path) -> None:
    copy = tmp_path / "sample"
    shutil.copytree(SAMPLE_VAULT, copy)
    (copy / "Dashboard.md").unlink()
    result = run("build", copy, "--today", "2026-11-21")
    assert result.exit_code == 0
    assert (copy / "Dashboard.md").read_text() == (SAMPLE_VAULT / "Dashboard.md").read_text()


def test_sample_vault_shows_every_section() -> None:
    text = (SAMPLE_VAULT / "Dashboard.md").read_text()
    for section in (
        "## Due follow-ups",
        "## Upcoming milestones",
        "## Suggested introductions",
        "## Paths to targets",
        "## Give before you take",
        "## Problems",
    ):
        assert section in text
