"""SPEC §5 checked boxes: ticking a line on the dashboard records the contact, exactly once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import person, run

from vaultkit import vault as vault_module

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


def tick(dashboard: Path, name_on_line: str) -> None:
    lines = dashboard.read_text().splitlines(keepends=True)
    ticked = [line.replace("- [ ]", "- [x]", 1) if name_on_line in line else line for line in lines]
    assert ticked != lines, f"no line with {name_on_line}"
    dashboard.write_text("".join(ticked))


def test_ticked_follow_up_records_a_contact_today(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + "\n## Log\n- 2026-11-01 coffee\n"})
    run("build", root, "--today", TODAY)
    dashboard = root / "Dashboard.md"
    tick(dashboard, "[[Ann]]")
    result = run("build", root, "--today", TODAY)
    assert "recorded ticked boxes in 1 note" in result.output
    assert (
        (root / "People/Ann.md")
        .read_text()
        .endswith("- 2026-11-01 coffee\n- 2026-11-21 In touch (ticked on the dashboard)\n")
    )
    # unticked again, and due a week after today's contact
    assert "- [ ] [[Ann]] — due 2026-11-28 · every week · last contact 2026-11-21\n" in dashboard.read_text()


def test_ticked_introduction_records_intro_on_both_notes(vault: Make) -> None:
    root = vault({"People/Ann.md": person(interests="[falconry]"), "People/Bob.md": person(interests="[falconry]")})
    run("build", root, "--today", TODAY)
    dashboard = root / "Dashboard.md"
    tick(dashboard, "[[Ann]] ↔ [[Bob]]")
    run("build", root, "--today", TODAY)
    assert (root / "People/Ann.md").read_text().endswith("## Log\n- 2026-11-21 Introduced to [[Bob]] #intro\n")
    assert (root / "People/Bob.md").read_text().endswith("## Log\n- 2026-11-21 Introduced to [[Ann]] #intro\n")
    assert "Suggested introductions" not in dashboard.read_text()


def test_a_crash_between_recording_and_rewriting_records_nothing_twice(
    vault: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(
        {
            "People/Ann.md": person(cadence="1w"),
            "People/Bob.md": person(interests="[x]"),
            "People/Cy.md": person(interests="[x]"),
        }
    )
    run("build", root, "--today", TODAY)
    dashboard = root / "Dashboard.md"
    tick(dashboard, "[[Ann]]")
    tick(dashboard, "[[Bob]] ↔ [[Cy]]")
    real_write = vault_module.atomic_write

    class Crash(BaseException):
        """The process stops (power cut, kill -9) after the notes were written, before the dashboard."""

    def crash(*_args: object, **_kwargs: object) -> bool:
        raise Crash

    monkeypatch.setattr(vault_module, "atomic_write", crash)
    with pytest.raises(Crash):
        run("build", root, "--today", TODAY)
    assert "- [x]" in dashboard.read_text()  # still ticked
    monkeypatch.setattr(vault_module, "atomic_write", real_write)
    run("build", root, "--today", TODAY)
    for name, line in (
        ("Ann", "- 2026-11-21 In touch (ticked on the dashboard)"),
        ("Bob", "- 2026-11-21 Introduced to [[Cy]] #intro"),
        ("Cy", "- 2026-11-21 Introduced to [[Bob]] #intro"),
    ):
        assert (root / f"People/{name}.md").read_text().count(line) == 1
    assert "- [x]" not in dashboard.read_text()


def test_ticks_work_with_a_custom_template_and_other_lines_are_not_read(vault: Make) -> None:
    template = (
        "# Mine\n## Follow ups to do\n{% for d in due %}* [ ] call {{ d.name | link }}\n{% endfor %}"
        "## Other\n* [ ] [[Ann]] (not a follow-up section)\n"
    )
    root = vault(
        {
            "People/Ann.md": person(cadence="1w"),
            "People/Bob.md": person(cadence="1w"),
            ".vaultkit/templates/dashboard.md.j2": template,
        }
    )
    run("build", root, "--today", TODAY)
    dashboard = root / "Dashboard.md"
    text = (
        dashboard.read_text()
        .replace("* [ ] call [[Bob]]", "* [X] call [[Bob]]")
        .replace("* [ ] [[Ann]] (not", "* [x] [[Ann]] (not")
    )
    dashboard.write_text(text)
    run("build", root, "--today", TODAY)
    assert "ticked on the dashboard" in (root / "People/Bob.md").read_text()
    assert "ticked on the dashboard" not in (root / "People/Ann.md").read_text()


def test_check_never_records_ticks(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    run("build", root, "--today", TODAY)
    tick(root / "Dashboard.md", "[[Ann]]")
    run("check", root, "--today", TODAY)
    assert "ticked" not in (root / "People/Ann.md").read_text()
