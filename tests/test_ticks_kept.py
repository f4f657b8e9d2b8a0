"""A ticked box survives a merge, and one that cannot be recorded is a problem and stays ticked (SPEC §5)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import git_in, person, run

from vaultkit.files.gitmerge import merge_dashboard_texts

Make = Callable[[dict[str, str | bytes]], Path]


@pytest.mark.parametrize("ticked_on", ["theirs", "ours"])
def test_a_box_ticked_on_one_machine_survives_a_merge_with_a_rebuilt_dashboard(vault: Make, ticked_on: str) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + "\n## Log\n", "People/Bob.md": person(cadence="2w")})
    git_in(root, "init", "-q", "-b", "main")
    assert run("init", root).exit_code == 0
    commit = ("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm")
    run("build", root, "--today", "2026-11-21")
    git_in(root, "add", "-A")
    git_in(root, *commit, "start")
    git_in(root, "checkout", "-qb", "side")
    dashboard = root / "Dashboard.md"

    def tick() -> None:
        text = dashboard.read_text(encoding="utf-8")
        assert "- [ ] [[Ann]]" in text
        dashboard.write_text(text.replace("- [ ] [[Ann]]", "- [x] [[Ann]]"), encoding="utf-8")

    def rebuild() -> None:
        (root / "People/Cy.md").write_text(person(cadence="1w"), encoding="utf-8")
        run("build", root, "--today", "2026-11-21")

    (tick if ticked_on == "theirs" else rebuild)()
    git_in(root, "add", "-A")
    git_in(root, *commit, "side")
    git_in(root, "checkout", "-q", "main")
    (rebuild if ticked_on == "theirs" else tick)()
    git_in(root, "add", "-A")
    git_in(root, *commit, "main")
    merged = git_in(root, "-c", "user.name=t", "-c", "user.email=t@t", "merge", "--no-edit", "side")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = dashboard.read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and "- [x] [[Ann]]" in text
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    assert "- 2026-11-21 In touch (ticked on the dashboard)" in (root / "People/Ann.md").read_text(encoding="utf-8")


def test_a_tick_whose_line_is_gone_from_our_side_is_kept_under_its_heading() -> None:
    ours = "<!-- vaultkit -->\r\n## Due follow-ups\r\n\r\n- [ ] [[Bob]] due 2026-11-20\r\n\r\n## Problems\r\n"
    theirs = "<!-- vaultkit -->\n## Due follow-ups\n\n- [x] [[Ann]] due 2026-11-19\n- [ ] [[Bob]] due 2026-11-20\n"
    theirs += "\n## Suggested introductions\n\n- [x] [[Ann]] + [[Bob]]\n"
    merged = merge_dashboard_texts(ours, theirs)
    assert merged == (
        "<!-- vaultkit -->\r\n## Due follow-ups\r\n\r\n- [x] [[Ann]] due 2026-11-19\r\n- [ ] [[Bob]] due 2026-11-20\r\n"
        "\r\n## Problems\r\n\r\n## Suggested introductions\r\n- [x] [[Ann]] + [[Bob]]\r\n"
    )
    assert merge_dashboard_texts(ours, ours.replace("[ ] [[Bob]]", "[x] [[Bob]]")).count("[x] [[Bob]]") == 1


def build_at(root: Path, today: str = "2026-11-21") -> str:
    result = run("build", root, "--today", today)
    assert result.exit_code == 0, result.output
    return (root / "Dashboard.md").read_text(encoding="utf-8")


def test_a_tick_on_a_person_renamed_before_the_build_stays_ticked_and_is_a_problem(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), "People/Bob.md": person(cadence="1w")})
    dashboard = build_at(root)
    (root / "Dashboard.md").write_text(dashboard.replace("- [ ] [[Ann]]", "- [x] [[Ann]]"), encoding="utf-8")
    (root / "People/Ann.md").rename(root / "People/Ann Lee.md")
    for _ in range(2):  # and again: it stays until it is recorded or unticked
        text = build_at(root)
        assert "- [x] [[Ann]]" in text
        assert "a ticked box was not recorded: `- [x] [[Ann]]" in text and "`[[Ann]]` names nobody" in text
    (root / "People/Ann Lee.md").rename(root / "People/Ann.md")
    text = build_at(root)
    assert "- [x]" not in text and "not recorded" not in text
    assert "In touch (ticked on the dashboard)" in (root / "People/Ann.md").read_text(encoding="utf-8")


def test_an_unticked_box_that_could_not_be_recorded_is_let_go(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    dashboard = build_at(root)
    (root / "Dashboard.md").write_text(dashboard.replace("- [ ] [[Ann]]", "- [x] [[Ann Old]]"), encoding="utf-8")
    assert "- [x] [[Ann Old]]" in build_at(root)
    ticked = (root / "Dashboard.md").read_text(encoding="utf-8")
    (root / "Dashboard.md").write_text(ticked.replace("- [x] [[Ann Old]]", "- [ ] [[Ann Old]]"), encoding="utf-8")
    text = build_at(root)
    assert "Ann Old" not in text and "not recorded" not in text


def test_a_ticked_share_whose_clipping_cannot_be_a_link_is_a_problem_not_silence(vault: Make) -> None:
    clipping = "---\ntags: [rust]\ncreated: 2026-11-20\n---\nAn article.\n"
    root = vault({"People/Sam.md": person(interests="[rust]"), "Clippings/Film #1 | tips [draft].md": clipping})
    dashboard = build_at(root)
    [line] = [line for line in dashboard.splitlines() if line.startswith("- [ ]") and "→ [[Sam]]" in line]
    (root / "Dashboard.md").write_text(dashboard.replace(line, line.replace("[ ]", "[x]")), encoding="utf-8")
    text = build_at(root)
    assert line.replace("[ ]", "[x]") in text and "a ticked box was not recorded" in text
    assert "Sent" not in (root / "People/Sam.md").read_text(encoding="utf-8")


def test_a_note_changed_while_a_tick_is_kept_does_not_lose_it_on_a_warm_build(vault: Make) -> None:
    bob = person(cadence="1w", last_contact="2026-11-01") + "\n## Log\n"  # logging is no first contact
    root = vault({"People/Ann.md": person(cadence="1w"), "People/Bob.md": bob})
    dashboard = build_at(root)
    (root / "Dashboard.md").write_text(dashboard.replace("- [ ] [[Ann]]", "- [x] [[Nobody]]"), encoding="utf-8")
    assert "- [x] [[Nobody]]" in build_at(root)
    assert run("log", "Bob", "Tea", "--date", "2026-11-20", "--vault", root).exit_code == 0
    assert "- [x] [[Nobody]]" in build_at(root)
