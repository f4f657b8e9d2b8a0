"""SPEC §3: the log in person notes and contact in daily notes."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.read.body import contact_links, read_log


def test_dated_list_items_are_interactions_with_tags_and_links() -> None:
    body = "\n".join(
        [
            "## Log",
            "- 2026-10-02 Coffee at Blue Tokai; talked about her documentary #gave",
            "* 2026-10-05 She sent me a lead #GOT",
            "- [x] 2026-10-06 Called",
            "- [ ] 2026-12-01 Dinner (planned, an open task)",
            "- 2026-10-07 Introduced to [[Other|O.]] and [[Third#Bio]] #intro",
            "- [[2026-10-08 Thu]] met again #gavel",
            "- not dated 2026-10-09",
            "```",
            "- 2026-10-10 inside code",
            "```",
        ]
    )
    log, problems = read_log(body, 10, "People/A.md")
    assert problems == []
    assert [(i.date.day, i.line, i.gave, i.got, i.intro) for i in log] == [
        (2, 11, True, False, False),
        (5, 12, False, True, False),
        (6, 13, False, False, False),
        (7, 15, False, False, True),
        (8, 16, False, False, False),
    ]
    assert log[3].links == ("Other", "Third")
    assert log[4].text == "met again #gavel"


def test_dated_heading_is_one_interaction_and_owns_the_items_under_it() -> None:
    body = "### 2026-10-02\n- coffee #gave\n- met [[Sam]]\n### [[2026-10-05 Mon]]\n- lunch\n## Other\n- x #got\n"
    log, _ = read_log(body, 1, "p.md")
    assert [(i.date, i.gave, i.got, i.links) for i in log] == [
        (date(2026, 10, 2), True, False, ("Sam",)),
        (date(2026, 10, 5), False, False, ()),
    ]


def test_log_date_that_is_not_real_is_a_problem_with_its_line() -> None:
    log, problems = read_log("- 2026-02-30 oops\n- 2026-2-3 short\n", 7, "p.md")
    assert log == ()
    assert [(p.line, p.message.split(" is")[0]) for p in problems] == [
        (7, "log date `2026-02-30`"),
        (8, "log date `2026-2-3`"),
    ]


def test_daily_note_contact_skips_plans_quotes_code_and_embeds() -> None:
    body = "\n".join(
        [
            "Met [[Ann]] and [[Bob|Bobby]] at [[Cafe#Terrace]].",
            "- [ ] call [[Sam]]",
            "- [x] called [[Tia]]",
            "- [-] cancelled [[Cancelled]]",
            "> quoting [[Quinn]]",
            "`[[Code]]` and ![[Embed]]",
            "```",
            "[[Fenced]]",
            "```",
        ]
    )
    assert contact_links(body) == ("Ann", "Bob", "Cafe", "Tia")


LINES = ["# Title", "", "Some text", "## Log", "- 2026-01-01 x", "### Sub", "#### deeper", "## Later", "# Top",
         "text #tag", "## log  ", "#Log", "  ## Log", "###### Log", "#\tLog", "## Logbook", "```",
         "## Log in code"]  # fmt: skip


@given(st.lists(st.sampled_from(LINES), max_size=14), st.sampled_from(["\n", "\r\n"]))
def test_own_text_leaves_out_the_title_and_the_log_section_as_edits_find_it(lines: list[str], newline: str) -> None:
    """brief's "Your notes" (SPEC §6): the body without its title and the Log section that `vaultkit
    log` writes into (edit.log_section, which walks the lines and skips code), whatever the body."""
    from vaultkit.read.body import TITLE, log_section, own_text

    body = newline.join(lines) + newline
    text = TITLE.sub("", body.replace("\r\n", "\n"), count=1).split("\n")
    section = log_section(text, 0)
    if section is not None:
        del text[section[0] : section[1]]
    assert own_text(body) == "\n".join(text).strip("\n").rstrip()
