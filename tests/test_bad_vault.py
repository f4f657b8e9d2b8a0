"""A vault with every kind of bad note beside good ones builds, lists each problem, shows every good note."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]

BAD_NOTES: dict[str, str | bytes] = {
    "People/Broken YAML.md": "---\ncadence: [2w\n---\n",
    "People/A List.md": "---\n- one\n- two\n---\n",
    "People/A Scalar.md": "---\nhello\n---\n",
    "People/Duplicate.md": "---\ntie: strong\ntie: loose\n---\n",
    "People/Python Tag.md": "---\nx: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n",
    "People/Custom Tag.md": "---\nx: !secret abc\n---\n",
    "People/Huge.md": "---\nnotes: '" + "y" * (65 * 1024) + "'\n---\n",
    "People/Bad Date.md": "---\ncadence: 1w\nlast_contact: 2024-3-5\n---\n",
    "People/Not A Date.md": "---\ncadence: 1w\nfollow_up: next week\n---\n",
    "People/Wrong Type.md": "---\ncadence: 1w\ntie: [strong]\n---\n",
    "People/Latin1.md": b"---\ncadence: 1w\n---\ncaf\xe9\n",
    "People/Unclosed.md": "---\ncadence: 1w\n",
}
GOOD = {f"People/Good {i}.md": person(cadence="1w") for i in range(5)}


def test_bad_vault_builds_and_lists_every_problem_and_every_good_note(vault: Make) -> None:
    root = vault({**BAD_NOTES, **GOOD})
    result = run("build", root, "--today", "2026-11-21")
    assert result.exit_code == 0
    dashboard = (root / "Dashboard.md").read_text()
    problems = dashboard.split("## Problems", 1)[1]
    for rel in BAD_NOTES:
        assert rel in problems, rel
    for rel in GOOD:
        assert f"[[{Path(rel).stem}]]" in dashboard
    # valid fields of a note with a bad field still count: each bad-date note is due (cadence 1w, never contacted)
    assert "[[Bad Date]]" in dashboard and "[[Wrong Type]]" in dashboard
    assert not Path("/tmp/pwned").exists()
    check = run("check", root)
    assert check.exit_code == 1
    assert len(check.stdout.splitlines()) == len(BAD_NOTES)
