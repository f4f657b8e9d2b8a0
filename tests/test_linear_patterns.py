"""Every pattern that reads note text is linear in the line's length (SPEC §7: nothing a file anyone
can send you makes a command hang). Python's `re` has no timeout: a pattern that could scan a line
again from each of its positions (a value running on to a `]` that never comes, a back-reference to a
run of backticks, `\\s*` before a tag) is written so it cannot, and these tests hold the shapes.
No timings here: the benchmark (benchmarks/bench_promises.py) prints them; a command given a
megabyte of such lines is only required to finish (a liveness bound of a minute)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_promises import hostile_vault

from vaultkit.dashboard.markdown import escape_message
from vaultkit.exchange.contacts import lines_ended_alike
from vaultkit.insights.news import news_text
from vaultkit.network.identity import emails_in
from vaultkit.read.body import code_spans, without_code_spans
from vaultkit.read.dates import MOMENT_LITERAL
from vaultkit.read.model import Interaction
from vaultkit.read.tasks import read_tasks, shown

LIVENESS = 60  # seconds: generous on a loaded machine; the old patterns took many minutes here
# CommonMark's code spans on one line, as a regular expression says them (it backtracks: a reference
# to compare with on short texts only).
COMMONMARK_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


def run_cli(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "vaultkit", *args, "--today", "2026-11-21", "--no-cache"]
    env = os.environ | {"VAULTKIT_CACHE_DIR": str(cache)}
    return subprocess.run(command, capture_output=True, text=True, timeout=LIVENESS, env=env, check=False)


def test_a_megabyte_of_hostile_task_lines_is_read_by_every_command(tmp_path: Path) -> None:
    root = hostile_vault(tmp_path / "vault", 1_000_000)
    (root / "Deck.md").write_text("- [ ] call [[Sam]] 📅 2026-11-20\n")
    promises = run_cli("promises", "--json", "--vault", str(root), cache=tmp_path / "cache")
    assert promises.returncode == 0, promises.stderr
    assert [(p["name"], p["note"]) for p in json.loads(promises.stdout)][:1] == [("Sam", "Deck.md")]
    brief = run_cli("brief", "Sam", "--vault", str(root), cache=tmp_path / "cache")
    assert brief.returncode == 0, brief.stderr
    assert "call Sam" in brief.stdout or "call [[Sam]]" in brief.stdout
    build = run_cli("build", str(root), cache=tmp_path / "cache")
    assert build.returncode == 0, build.stderr


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="`ax \n", max_size=40))
def test_code_spans_pair_as_commonmark_does(text: str) -> None:
    """A run of backticks closes at the next run of the same length on its line; one with none is text."""
    expected = [match.span() for line in _lines(text) for match in COMMONMARK_SPAN.finditer(text, *line)]
    assert code_spans(text) == expected


def _lines(text: str) -> list[tuple[int, int]]:
    found, at = [], 0
    for line in text.split("\n"):
        found.append((at, at + len(line)))
        at += len(line) + 1
    return found


def test_code_spans_of_runs_that_never_close() -> None:
    line = "".join("`" * k + "x" for k in range(1, 50)) + "`"
    assert code_spans(line) == [(0, len(line))]  # the first run, closed by the last: the others are inside
    assert without_code_spans("call [[Sam]] `not [[Bo]]` ``a ` b``") == "call [[Sam]]  "
    assert escape_message("see `[[x]]` and [y]") == "see `[[x]]` and \\[y\\]"


def test_dataview_fields_stop_at_a_bracket_that_is_not_a_link() -> None:
    (task,) = read_tasks("- [ ] send [[Sam]] the deck [due:: 2026-11-25] (created:: 2026-11-01)", 1, False)
    assert (task.due, task.created, task.text) == (date(2026, 11, 25), date(2026, 11, 1), "send [[Sam]] the deck")
    assert shown("ask [with:: [[Sam]]] about it") == "ask about it"  # a link in a value is the value's
    assert shown("[a:: [a:: [a:: x") == "[a:: [a:: [a:: x"  # no `]`: no field, and no rescan
    assert shown("(a:: (a:: b) c") == "(a:: c"


def test_a_news_line_loses_its_tag_and_the_spaces_before_it() -> None:
    def text(line: str) -> str:
        return news_text(Interaction(date(2026, 11, 1), line, 1, news=True))

    assert text("Now CEO at Framewise (LinkedIn)   #news") == "Now CEO at Framewise (LinkedIn)"
    assert text("#news   Now CEO") == "Now CEO"
    assert text("Now " + " " * 10_000 + "CEO #NEWS x") == "Now " + " " * 10_000 + "CEO x"


def test_addresses_are_found_from_the_start_of_a_word() -> None:
    assert emails_in("a@x.org, b@y.org;<c@z.org>") == ["a@x.org", "b@y.org", "c@z.org"]
    assert emails_in("a" * 50_000 + " @x") == []
    assert emails_in("x" + "a" * 10 + "@b") == ["xaaaaaaaaaa@b"]


HOSTILE_SEARCHES = """
from vaultkit.exchange.mbox import ADDRESS as MAIL_ADDRESS
from vaultkit.insights.news import NEWS_TAG
from vaultkit.network.identity import ADDRESS
from vaultkit.read.body import code_spans
from vaultkit.read.dates import MOMENT_LITERAL
from vaultkit.read.tasks import FIELD
from vaultkit.read.body import LINK
from vaultkit.exchange.contacts import lines_ended_alike
from vaultkit.network.duplicates import SIMPLE_ADDRESS
size = 1_000_000
FIELD.findall("[a:: " * (size // 5)); FIELD.findall("(a:: " * (size // 5))
code_spans("".join("`" * k + "x" for k in range(1, 1400)))
NEWS_TAG.findall(" " * size + "x")
ADDRESS.findall("a" * size + " @"); MAIL_ADDRESS.findall("a" * size + " @")
MOMENT_LITERAL.sub("", "[" * size)
LINK.sub(" ", "[" * size); LINK.sub(" ", "[x](" * (size // 4)); LINK.sub(" ", "<a://" * (size // 5))
lines_ended_alike("\\r" * size)
SIMPLE_ADDRESS.findall("a" * size + " @")
print("done")
"""


def test_each_pattern_that_once_backtracked_reads_a_megabyte_line() -> None:
    """Liveness, pattern by pattern, on the line shapes that made each scan again from every position
    (a Dataview field with no `]`, backtick runs of growing length, spaces before no tag, a word with
    no `@`, a daily-note format of `[`s from a vault's .obsidian settings)."""
    result = subprocess.run(
        [sys.executable, "-c", HOSTILE_SEARCHES], capture_output=True, text=True, timeout=LIVENESS, check=False
    )
    assert result.stdout == "done\n", result.stderr


def test_every_line_end_is_one_lf_as_the_vcard_writers_meant_it() -> None:
    """`CRLF`, `LF`, `CR`, iOS 5's `CR CR LF`: each one line end; a `CR` before no `LF` is one too."""
    assert lines_ended_alike("a\r\nb\nc\rd\r\r\ne\r\r") == "a\nb\nc\nd\ne\n\n"


def test_moment_literals_are_moments_own() -> None:
    assert MOMENT_LITERAL.sub("", "YYYY-MM-DD [week] ww [of] YYYY") == "YYYY-MM-DD  ww  YYYY"
