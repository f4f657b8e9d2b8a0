"""SPEC §4 escaping and §5 templates: values from notes never inject Markdown; overrides are sandboxed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import person, run

from vaultkit.dashboard_file import MARKER
from vaultkit.markdown import escape_markdown, wikilink

Make = Callable[[dict[str, str | bytes]], Path]


def test_escape_keeps_text_plain() -> None:
    assert escape_markdown("[[Evil]] | cell\n# Heading\n- item #tag %%c%% ==hi== `x` <b>") == (
        r"\[\[Evil\]\] \| cell # Heading - item \#tag \%\%c\%\% ==hi== \`x\` \<b>"
    )


def test_wikilink_falls_back_to_text_for_unlinkable_names() -> None:
    assert wikilink("Asha Rao") == "[[Asha Rao]]"
    assert wikilink("Bad]] [[x") == r"Bad\]\] \[\[x"


def test_values_from_notes_cannot_inject_into_the_dashboard(vault: Make) -> None:
    hostile = "'x\\n## Injected\\n- [ ] [[Fake]] | y #tag'"
    root = vault(
        {
            "People/Ann.md": person(cadence="1w", birthday="11-25", milestones="{" + hostile + ": 11-24}"),
            "People/Bob.md": person(interests=f"[{hostile}]"),
            "People/Cy.md": person(interests=f"[{hostile}]"),
        }
    )
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    text = (root / "Dashboard.md").read_text()
    assert not re.search(r"^#+ Injected", text, re.MULTILINE)
    assert "[[Fake]]" not in text
    assert not re.search(r"^- \[ \] \[\[Fake", text, re.MULTILINE)
    headings = re.findall(r"^#+ .*$", text, re.MULTILINE)
    assert headings == [
        "# Dashboard",
        "## Due follow-ups",
        "## Upcoming milestones",
        "## Suggested introductions",
    ]


def test_vault_template_overrides_the_packaged_one(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(cadence="1w"),
            ".vaultkit/templates/dashboard.md.j2": "Due:{% for d in due %} {{ d.name | link }}{% endfor %}.\n",
        }
    )
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    assert (root / "Dashboard.md").read_text() == f"{MARKER}\nDue: [[Ann]].\n"


def test_sandbox_blocks_unsafe_templates_and_a_failing_template_is_a_problem(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(cadence="1w"),
            ".vaultkit/templates/dashboard.md.j2": "{{ due.__class__.__mro__[1].__subclasses__() }}\n",
        }
    )
    result = run("build", root, "--today", "2026-11-21")
    assert result.exit_code == 0
    text = (root / "Dashboard.md").read_text()
    assert "## Due follow-ups" in text  # the packaged template took over
    assert ".vaultkit/templates/dashboard.md.j2" in text
    assert "template failed" in text
    assert run("check", root, "--today", "2026-11-21").exit_code == 1


def test_template_syntax_error_reports_its_line(vault: Make) -> None:
    root = vault({".vaultkit/templates/dashboard.md.j2": "ok\n{% for x in %}\n"})
    result = run("check", root)
    assert ".vaultkit/templates/dashboard.md.j2:2: template failed" in result.output
