"""`vaultkit merge KEEP OTHER` (SPEC §6, §3's one exception): KEEP's front matter only added to, every
other byte of it kept; OTHER's log and own text folded in once; OTHER moved to `.trash/`, never deleted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

from vaultkit.files import merge as merge_module

DAY = "2026-11-21"
Vault = Callable[[dict[str, str | bytes]], Path]

OTHER = """---
aliases: [Chris L]
email: chris@x.com
phone: "+1 555 0199"
interests: [Film, go]
birthday: 1986-03-15
met: 2024-02-10
---
# Christopher Lee
Ask about: his kids

## Log
- 2026-10-15 Lunch at Rosa's #gave
  - he is moving to Lisbon
- 2026-11-02 Call about the pitch
"""

# KEEP written in several styles, and KEEP after the merge: only the lines marked + are new.
STYLES = {
    "block lists, quoted and bare values, comments": (
        "---\n"
        "aliases:\n"
        "  - Chris   # what everyone calls him\n"
        "tie: strong                # strong or loose\n"
        "email:\n"
        "  - 'chris@x.com'\n"
        '  - "c@work.org"\n'
        "interests:\n"
        "  - film\n"
        "birthday: 1986-03-14\n"
        "# the end of the front matter\n"
        "---\n"
        "# Chris Lee\n"
        "\n"
        "## Log\n"
        "- 2026-11-02 Call about the pitch\n"
        "- 2026-11-20 Coffee\n",
        "---\n"
        "aliases:\n"
        "  - Chris   # what everyone calls him\n"
        "  - Christopher Lee\n"
        "  - Chris L\n"
        "tie: strong                # strong or loose\n"
        "email:\n"
        "  - 'chris@x.com'\n"
        '  - "c@work.org"\n'
        "interests:\n"
        "  - film\n"
        "  - go\n"
        "birthday: 1986-03-14\n"
        "# the end of the front matter\n"
        'phone: "+1 555 0199"\n'
        "met: 2024-02-10\n"
        "---\n"
        "# Chris Lee\n"
        "\n"
        "## Log\n"
        "- 2026-10-15 Lunch at Rosa's #gave\n"
        "  - he is moving to Lisbon\n"
        "- 2026-11-02 Call about the pitch\n"
        "- 2026-11-20 Coffee\n"
        "\n"
        "## From Christopher Lee\n"
        "Ask about: his kids\n",
    ),
    "flow lists, a text that becomes a list": (
        "---\n"
        "tags: [person, film]   # kepano's way\n"
        'email: "chris@example.com"\n'
        "interests: [ 'Film' ]\n"
        "---\n"
        "Notes first.\n",
        "---\n"
        "tags: [person, film]   # kepano's way\n"
        'email: ["chris@example.com", chris@x.com]\n'
        "interests: [ 'Film', go ]\n"
        "aliases: [Christopher Lee, Chris L]\n"
        'phone: "+1 555 0199"\n'
        "birthday: 1986-03-15\n"
        "met: 2024-02-10\n"
        "---\n"
        "Notes first.\n"
        "\n"
        "## From Christopher Lee\n"
        "Ask about: his kids\n"
        "\n"
        "## Log\n"
        "- 2026-10-15 Lunch at Rosa's #gave\n"
        "  - he is moving to Lisbon\n"
        "- 2026-11-02 Call about the pitch\n",
    ),
}


def merged(root: Path, *extra: str) -> object:
    return run("merge", "Chris Lee", "Christopher Lee", "--vault", root, "--today", DAY, *extra)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_keep_after_a_merge_is_its_bytes_with_only_the_additions(vault: Vault, style: str) -> None:
    before, after = STYLES[style]
    root = vault({"People/Chris Lee.md": before, "People/Christopher Lee.md": OTHER})
    result = merged(root)
    assert result.exit_code == 0, result.output
    assert (root / "People/Chris Lee.md").read_text(encoding="utf-8") == after
    assert (root / ".trash/Christopher Lee.md").read_text(encoding="utf-8") == OTHER  # moved, never deleted
    assert not (root / "People/Christopher Lee.md").exists()


def test_crlf_line_ends_and_a_bom_stay_as_they_were(vault: Vault) -> None:
    before, after = STYLES["block lists, quoted and bare values, comments"]
    bom = b"\xef\xbb\xbf"
    keep = bom + before.replace("\n", "\r\n").encode()
    root = vault({"People/Chris Lee.md": keep, "People/Christopher Lee.md": OTHER})
    assert merged(root).exit_code == 0
    assert (root / "People/Chris Lee.md").read_bytes() == bom + after.replace("\n", "\r\n").encode()


def test_a_key_both_set_differently_keeps_keeps_value_and_the_report_names_others(vault: Vault) -> None:
    before, _ = STYLES["block lists, quoted and bare values, comments"]
    root = vault({"People/Chris Lee.md": before, "People/Christopher Lee.md": OTHER})
    result = merged(root)
    assert "birthday: kept 1986-03-14; Christopher Lee had 1986-03-15" in result.output
    assert "moved People/Christopher Lee.md to .trash/Christopher Lee.md" in result.output


def test_a_merge_that_would_reformat_keep_is_refused_and_says_what_to_add_by_hand(vault: Vault) -> None:
    before = "---\nemail: chris@example.com   # work\n---\n"  # a text with a comment cannot become a list in place
    root = vault({"People/Chris Lee.md": before, "People/Christopher Lee.md": OTHER})
    result = merged(root)
    assert result.exit_code == 2
    assert "People/Chris Lee.md" in result.output and "by hand" in result.output and "chris@x.com" in result.output
    assert (root / "People/Chris Lee.md").read_text(encoding="utf-8") == before
    assert (root / "People/Christopher Lee.md").read_text(encoding="utf-8") == OTHER


def test_the_dry_run_prints_the_diff_and_the_move_and_writes_nothing(vault: Vault) -> None:
    before, _ = STYLES["flow lists, a text that becomes a list"]
    root = vault({"People/Chris Lee.md": before, "People/Christopher Lee.md": OTHER})
    result = merged(root, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "--- a/People/Chris Lee.md\n+++ b/People/Chris Lee.md\n" in result.output
    assert '\n-email: "chris@example.com"\n' in result.output
    assert '\n+email: ["chris@example.com", chris@x.com]\n' in result.output
    assert "would move People/Christopher Lee.md to .trash/Christopher Lee.md" in result.output
    assert (root / "People/Chris Lee.md").read_text(encoding="utf-8") == before
    assert (root / "People/Christopher Lee.md").exists() and not (root / ".trash").exists()


def test_a_second_run_adds_nothing_and_says_nothing_is_left_to_merge(vault: Vault) -> None:
    before, after = STYLES["block lists, quoted and bare values, comments"]
    root = vault({"People/Chris Lee.md": before, "People/Christopher Lee.md": OTHER})
    assert merged(root).exit_code == 0
    again = merged(root)
    assert again.exit_code == 0 and "Nothing left to merge" in again.output
    assert (root / "People/Chris Lee.md").read_text(encoding="utf-8") == after
    assert sorted(path.name for path in (root / ".trash").iterdir()) == ["Christopher Lee.md"]


def test_an_interrupted_merge_run_again_finishes_without_adding_twice(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, after = STYLES["block lists, quoted and bare values, comments"]
    root = vault({"People/Chris Lee.md": before, "People/Christopher Lee.md": OTHER})

    def interrupted(other: Path, trash: Path) -> Path:
        raise OSError(5, "Input/output error", str(other))

    with monkeypatch.context() as patch:
        patch.setattr(merge_module, "move", interrupted)
        assert merged(root).exit_code == 2
    assert (root / "People/Chris Lee.md").read_text(encoding="utf-8") == after  # KEEP written first
    assert (root / "People/Christopher Lee.md").exists()
    finished = merged(root)
    assert finished.exit_code == 0, finished.output
    assert "nothing new" in finished.output
    assert (root / "People/Chris Lee.md").read_text(encoding="utf-8") == after
    assert (root / ".trash/Christopher Lee.md").exists() and not (root / "People/Christopher Lee.md").exists()


def test_a_daily_notes_link_to_other_counts_for_keep_afterwards(vault: Vault) -> None:
    root = vault(
        {
            "People/Chris Lee.md": "---\ntie: strong\n---\n",
            "People/Christopher Lee.md": "---\nemail: c@x.org\n---\n",
            "Daily/2026-11-19.md": "Lunch with [[Christopher Lee]]\n",
        }
    )
    assert merged(root).exit_code == 0
    people = json.loads(run("people", "--vault", root, "--today", DAY, "--json").output)
    assert [(p["name"], p["last_contact"]) for p in people] == [("Chris Lee", "2026-11-19")]
    assert people[0]["aliases"] == ["Christopher Lee"] and people[0]["email"] == ["c@x.org"]


def test_a_taken_name_in_the_trash_gets_a_number_as_obsidian_does(vault: Vault) -> None:
    root = vault(
        {
            "People/Chris Lee.md": "",
            "People/Christopher Lee.md": OTHER,
            ".trash/Christopher Lee.md": "an earlier one",
        }
    )
    assert merged(root).exit_code == 0
    assert (root / ".trash/Christopher Lee.md").read_text(encoding="utf-8") == "an earlier one"
    assert (root / ".trash/Christopher Lee 1.md").read_text(encoding="utf-8") == OTHER


def test_a_prefix_is_a_suggestion_never_a_merge(vault: Vault) -> None:
    root = vault({"People/Chris Lee.md": "", "People/Christopher Lee.md": OTHER})
    result = run("merge", "Chris Lee", "Christoph", "--vault", root, "--today", DAY)
    assert result.exit_code == 2 and "Christopher Lee" in result.output
    assert (root / "People/Christopher Lee.md").exists() and (root / "People/Chris Lee.md").read_text() == ""


def test_a_keep_that_is_a_link_inside_the_vault_is_written_where_it_points(vault: Vault) -> None:
    root = vault({"Archive/chris.md": "---\ntype: person\n---\n", "People/Christopher Lee.md": OTHER})
    (root / "People/Chris Lee.md").symlink_to(root / "Archive/chris.md")
    result = run("merge", "Chris Lee", "Christopher Lee", "--vault", root, "--today", DAY)
    assert result.exit_code == 0, result.output
    assert (root / "People/Chris Lee.md").is_symlink()
    assert "aliases: [Christopher Lee, Chris L]" in (root / "Archive/chris.md").read_text(encoding="utf-8")


def test_an_other_outside_the_vault_is_refused_and_left_alone(vault: Vault, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text(OTHER, encoding="utf-8")
    root = vault({"People/Chris Lee.md": "---\ntie: strong\n---\n"})
    (root / "People/Christopher Lee.md").symlink_to(outside)
    result = merged(root)
    assert result.exit_code == 2
    assert outside.read_text(encoding="utf-8") == OTHER and (root / "People/Christopher Lee.md").is_symlink()
    assert (root / "People/Chris Lee.md").read_text(encoding="utf-8") == "---\ntie: strong\n---\n"


@pytest.mark.parametrize("trash", ["a file", "a link out of the vault"])
def test_a_trash_that_is_a_file_or_a_link_out_of_the_vault_is_refused(vault: Vault, tmp_path: Path, trash: str) -> None:
    root = vault({"People/Chris Lee.md": "", "People/Christopher Lee.md": OTHER})
    if trash == "a file":
        (root / ".trash").write_text("not a folder", encoding="utf-8")
    else:
        (tmp_path / "elsewhere").mkdir()
        (root / ".trash").symlink_to(tmp_path / "elsewhere")
    result = merged(root)
    assert result.exit_code == 2 and ".trash" in result.output
    assert (root / "People/Chris Lee.md").read_text(encoding="utf-8") == ""  # nothing written
    assert (root / "People/Christopher Lee.md").read_text(encoding="utf-8") == OTHER
    assert not any((tmp_path / "elsewhere").iterdir()) if trash != "a file" else True


@pytest.mark.parametrize(
    ("keep", "after"),
    [
        ("---\nemail: []\n---\n", "---\nemail: [c@z]\naliases: [Christopher Lee]\n---\n"),
        (
            "---\nemail: [a@x,\n  b@y]   # two\n---\n",
            "---\nemail: [a@x,\n  b@y, c@z]   # two\naliases: [Christopher Lee]\n---\n",
        ),
        (
            "---\nemail:\n  - a@x\n  # old ones below\nrole: Producer\n---\n",
            "---\nemail:\n  - a@x\n  - c@z\n  # old ones below\nrole: Producer\naliases:\n  - Christopher Lee\n---\n",
        ),
        ("---\nphone: 0123\n---\n", "---\nphone: 0123\naliases: [Christopher Lee]\nemail: c@z\n---\n"),
        ("No front matter.\n", "---\naliases: [Christopher Lee]\nemail: c@z\n---\nNo front matter.\n"),
    ],
)
def test_additions_go_after_the_last_item_inside_brackets_or_after_the_last_key(keep: str, after: str) -> None:
    text, _, _ = merge_module.merged_text(keep, "---\nemail: c@z\n---\n", "Chris Lee", "Christopher Lee")
    assert text == after


def test_a_value_yaml_would_read_otherwise_is_quoted_so_it_reads_as_written() -> None:
    text, _, _ = merge_module.merged_text("---\nphone: [0123]\n---\n", "---\nphone: 00441234\n---\n", "A", "B")
    assert text == "---\nphone: [0123, '00441234']\naliases: [B]\n---\n"


def test_an_entry_whose_dated_line_keep_has_brings_the_lines_under_it(vault: Vault) -> None:
    """An entry of OTHER whose first line KEEP has, with other lines under it, is not KEEP's yet:
    it is added whole, never dropped while OTHER goes to the trash."""
    keep = "---\ntype: person\n---\n## Log\n### 2026-02-01\n- coffee, talked rust\n"
    other = "---\ntype: person\n---\n## Log\n### 2026-02-01\n- he is moving to Berlin in May\n"
    root = vault({"People/Chris Lee.md": keep, "People/Christopher Lee.md": other})
    result = run("merge", "Chris Lee", "Christopher Lee", "--vault", root, "--today", DAY)
    assert result.exit_code == 0, result.output
    text = (root / "People/Chris Lee.md").read_text(encoding="utf-8")
    assert "- he is moving to Berlin in May\n" in text and "- coffee, talked rust\n" in text
    again = run("merge", "Chris Lee", "Christopher Lee", "--vault", root, "--today", DAY)
    assert again.exit_code == 0 and (root / "People/Chris Lee.md").read_text(encoding="utf-8") == text


def test_a_log_under_a_top_level_heading_takes_others_entries_in_date_order(vault: Vault) -> None:
    """OTHER's own text is added after KEEP's Log has taken OTHER's entries: its dated lines do not
    decide the Log's order, even where the Log is a `# Log` that runs to the end of the note."""
    keep = "---\ntype: person\n---\n# Log\n- 2026-01-01 A\n- 2026-03-01 C\n"
    other = "---\ntype: person\n---\nWorks at Acme.\n- 2025-12-01 met at a conference\n\n# Log\n- 2026-02-01 B\n"
    root = vault({"People/Chris Lee.md": keep, "People/Christopher Lee.md": other})
    assert run("merge", "Chris Lee", "Christopher Lee", "--vault", root, "--today", DAY).exit_code == 0
    text = (root / "People/Chris Lee.md").read_text(encoding="utf-8")
    assert text.index("- 2026-01-01 A") < text.index("- 2026-02-01 B") < text.index("- 2026-03-01 C")
    assert text.index("- 2026-03-01 C") < text.index("## From Christopher Lee")


@pytest.mark.parametrize(
    ("keep", "after"),
    [
        (  # Obsidian's template: the property there, nothing in it yet
            "---\naliases:\ntags: [person]\n---\n",
            "---\naliases:\n  - Christopher Lee\n  - Chris L\ntags: [person]\nemail: c@z\n---\n",
        ),
        (
            "---\ntags:\n    - person\naliases:   # none yet\r\nrole: P\n---\n",
            "---\ntags:\n    - person\naliases:   # none yet\r\n    - Christopher Lee\n    - Chris L\nrole: P\n"
            "email: c@z\n---\n",
        ),
    ],
)
def test_an_empty_list_key_as_obsidian_leaves_it_takes_the_items_on_the_lines_after_it(keep: str, after: str) -> None:
    other = "---\nemail: c@z\naliases: [Chris L]\n---\n"
    text, _, _ = merge_module.merged_text(keep, other, "Chris Lee", "Christopher Lee")
    assert text == after


@pytest.mark.parametrize("written", ["null", "~"])
def test_a_list_key_written_as_null_is_left_for_the_user(written: str) -> None:
    with pytest.raises(merge_module.ByHand, match="`aliases` is empty in Chris Lee's note"):
        merge_module.merged_text(f"---\naliases: {written}\n---\n", "---\naliases: [C]\n---\n", "Chris Lee", "B")


def test_a_trailing_tab_in_other_s_front_matter_is_read_as_vaultkit_reads_it() -> None:
    text, _, _ = merge_module.merged_text("---\naliases: [C]\n---\n", "---\nemail: c@z\t\n---\n", "Chris Lee", "B")
    assert text == "---\naliases: [C, B]\nemail: c@z\n---\n"


def test_front_matter_the_round_trip_reader_refuses_is_named_with_its_note_and_line() -> None:
    with pytest.raises(merge_module.ByHand, match=r"^Chris Lee's front matter .* \(line 3 of the note\); fix it"):
        merge_module.merged_text("---\naliases: [C]\nemail: c@z\t\n---\n", "---\nphone: '1'\n---\n", "Chris Lee", "B")


def test_a_block_text_in_other_keeps_its_trailing_spaces_and_crlf_tabs_are_read_past() -> None:
    other = "---\nbio: |\n  Producer.  \n  Lives in Pune.\n---\n"
    text, _, _ = merge_module.merged_text("---\naliases: [C]\n---\n", other, "Chris Lee", "B")
    assert text == "---\naliases: [C, B]\nbio: |\n  Producer.  \n  Lives in Pune.\n---\n"
    crlf = "---\r\naliases: [Chris]\t\r\ntie: weak\t\r\n---\r\n"
    text, _, _ = merge_module.merged_text("---\naliases: [C]\n---\n", crlf, "Chris Lee", "B")
    assert text == "---\naliases: [C, B, Chris]\ntie: weak\n---\n"


@pytest.mark.parametrize("below", ["  ~", "  null", "  !!null"])
def test_a_list_key_whose_null_is_on_the_next_line_is_left_for_the_user(below: str) -> None:
    keep = f"---\naliases:\n{below}\ntie: strong\n---\n"
    with pytest.raises(merge_module.ByHand, match="`aliases` is empty in Chris Lee's note"):
        merge_module.merged_text(keep, "---\naliases: [C]\n---\n", "Chris Lee", "B")
