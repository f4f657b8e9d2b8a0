"""SPEC §4 escaping and §5 templates: values from notes never inject Markdown; overrides are sandboxed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import person, run
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vaultkit.dashboard.file import MARKER
from vaultkit.dashboard.markdown import escape_markdown, wikilink

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
        "## Reach out today",  # Ann's milestone, with the hostile label, is a reason: escaped there too
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


# Property: whatever a note says, where a value lands it stays text (SPEC §4)

SPECIAL = "[]()|#*_`<>&%$^=~!-+.:/\\ \n\t1aZ"


@settings(max_examples=400, deadline=None)
@example("<b>hi</b>")
@example("<!-- x -->")
@example("x <a href=y>")
@example("[x](y)")
@example("![x](y)")
@example("`code`")
@example("# h")
@example("> q")
@example("1. x")
@example("---")
@example("    x")
@example("[[x]]")
@example("![[x]]")
@example("<https://x.y>")
@example("x\n# h")
@given(st.text(alphabet=st.sampled_from([*SPECIAL, "\u2028", "é"]), max_size=40))
def test_an_escaped_value_is_one_plain_list_item_wherever_it_lands(value: str) -> None:
    """Rendered by a CommonMark parser, a list item holding the value (at its start, and after a
    wikilink, as the dashboard has it) is one list item of plain text: no link, image, heading, HTML,
    code, emphasis turning into structure across items, or a second item."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark")
    for line in (f"{escape_markdown(value)}", f"- [ ] [[Ann]] — {escape_markdown(value)}"):
        tokens = parser.parse(line + "\n")
        kinds = {token.type for token in tokens}
        assert not kinds & {"heading_open", "html_block", "fence", "code_block", "hr", "blockquote_open"}, line
        assert sum(token.type == "list_item_open" for token in tokens) == (1 if line.startswith("- ") else 0), line
        children = [child for token in tokens if token.children for child in token.children]
        assert not {c.type for c in children} & {"link_open", "image", "html_inline", "code_inline"}, line
        assert "[[" not in line.replace("\\[", "").replace("[[Ann]]", ""), line  # no wikilink or embed


def test_a_section_bounded_to_no_lines_says_how_many_there_are(vault: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = vault(
        {
            "vaultkit.yaml": "max_due: 0\nmax_milestones: 0\n",
            "People/Ann.md": person(cadence="1w", birthday="1990-11-25"),
            "People/Bo.md": person(cadence="1w"),
        }
    )
    assert run("build", root, "--today", "2026-11-21").exit_code == 0
    text = (root / "Dashboard.md").read_text(encoding="utf-8")
    assert "## Due follow-ups\n- …and 2 more: vaultkit due\n" in text and "Nobody is due" not in text
    assert "## Upcoming milestones\n- …and 1 more: vaultkit milestones\n" in text
