"""Read a note's body: the dated log of a person note, and the contacts a daily note records."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from vaultkit.read.dates import parse_iso_date
from vaultkit.read.model import Interaction, Problem, code
from vaultkit.read.terms import WIKILINK, link_target

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# A date may be written as a link to the daily note: `- [[2026-10-02 Fri]] coffee`.
_DATE = r"(?P<link>\[\[)?(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})(?(link)[^\]\n]*\]\])(?![0-9])(?P<rest>.*)$"
LOG_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+(?:\[[xX]\][ \t]+)?" + _DATE, re.MULTILINE)
DATED_HEADING = re.compile(r"^(?P<level>#{1,6})[ \t]+" + _DATE, re.MULTILINE)
HEADING = re.compile(r"^(#{1,6})\s")
TAG = re.compile(r"(?<![\w/#&\\])#(gave|got|intro-ask|intro|news)(?![\w/-])", re.IGNORECASE)  # `\#gave` is no tag
LOG_HEADING = re.compile(r"^(#{1,6})[ \t]+Log[ \t]*\r?$", re.IGNORECASE)
ANY_HEADING = re.compile(r"^(#{1,6})[ \t]")
LOG_LINE = re.compile(r"^(#{1,6})[ \t]+Log[ \t]*$", re.IGNORECASE | re.MULTILINE)
HEADINGS_UP_TO = {level: re.compile(rf"^#{{1,{level}}}[ \t]", re.MULTILINE) for level in range(1, 7)}
TITLE = re.compile(r"\A(?:[ \t]*\r?\n)*#[ \t][^\n]*(?:\n|\Z)")
OPEN_TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[^xX]\]")
BODY_TAG = re.compile(r"(?<![^\s(])#([\w/-]*[^\W\d][\w/-]*)")  # Obsidian's: after a space, not all digits
# A link or an address. Each part stops at the next mark that could open another (a `[`, a `(`, a `<`)
# and an address's scheme starts at a word's start, so no position is scanned again from the next one.
LINK = re.compile(r"!?\[\[[^\[\]\n]*\]\]|!?\[[^\[\]\n]*\]\([^()\n]*\)|<[a-z]+://[^<>\s]*>|(?<![a-z])[a-z]+://\S*")
EMBED = re.compile(r"!\[\[[^\]\n]*\]\]")
BACKTICKS = re.compile(r"`+|\n")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where a text's code spans are (start, end), as CommonMark pairs them, each within a line: a run
    of backticks up to the next run of the same length; a run with no partner is text. Linear in the
    text: a regular expression with a back-reference scans to the line's end for every run without a
    partner, which a line of growing runs turns quadratic."""
    if "`" not in text:
        return []
    spans: list[tuple[int, int]] = []
    line: list[tuple[int, int]] = []
    for match in BACKTICKS.finditer(text + "\n"):
        if match[0] != "\n":
            line.append(match.span())
            continue
        partner: list[int | None] = [None] * len(line)
        after: dict[int, int] = {}  # the next run of each length, found from the line's end
        for at in range(len(line) - 1, -1, -1):
            length = line[at][1] - line[at][0]
            partner[at] = after.get(length)
            after[length] = at
        at = 0
        while at < len(line):
            closing = partner[at]
            if closing is None:
                at += 1
                continue
            spans.append((line[at][0], line[closing][1]))
            at = closing + 1
        line = []
    return spans


def without_code_spans(text: str, gap: str = "") -> str:
    """The text with its code spans left out (a link in one is quoted, not made), each put as `gap`."""
    spans = code_spans(text)
    if not spans:
        return text
    parts, at = [], 0
    for start, end in spans:
        parts += [text[at:start], gap]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def outside_code(lines: Iterable[str], start: int = 0) -> Iterator[tuple[int, str]]:
    """(number, line) for each line not inside a fenced code block, the fences left out. As CommonMark
    says, a fence closes only with its own character, at least as long, and nothing after it."""
    fence = ""  # the open fence, "" outside code
    for number, line in enumerate(lines, start=start):
        match = FENCE.match(line)
        if not fence:
            if match and not (match[1][0] == "`" and "`" in match[2]):
                fence = match[1]
            else:
                yield number, line
        elif match and match[1][0] == fence[0] and len(match[1]) >= len(fence) and not match[2].strip():
            fence = ""


def links_in(text: str) -> tuple[str, ...]:
    """Link targets in a line, without embeds (`![[...]]`)."""
    return tuple(target for bang, inner in WIKILINK.findall(text) if not bang and (target := link_target(inner)))


@dataclass
class _Entry:
    """An interaction being read: a dated heading collects the lines under it."""

    day: date
    line: int
    text: str
    level: int = 7
    tags: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.tags.update(tag.lower() for tag in TAG.findall(text))
        self.links.extend(links_in(text))

    def done(self) -> Interaction:
        return Interaction(
            date=self.day,
            text=self.text.strip(),  # also drops the \r of a CRLF line
            line=self.line,
            gave="gave" in self.tags,
            got="got" in self.tags,
            intro="intro" in self.tags,
            links=tuple(dict.fromkeys(self.links)),
            news="news" in self.tags,
            ask="intro-ask" in self.tags,
        )


def _dated(match: re.Match[str], path: str, line: int, problems: list[Problem]) -> date | None:
    day = parse_iso_date(match["date"])
    if day is None:
        message = f"log date {code(match['date'])} is not a real `YYYY-MM-DD` date; correct it"
        problems.append(Problem(path, line, message))
    return day


def _item(match: re.Match[str], line: int, path: str, problems: list[Problem]) -> Interaction | None:
    day = _dated(match, path, line, problems)
    if day is None:
        return None
    text = match["rest"]
    tags = {tag.lower() for tag in TAG.findall(text)} if "#" in text else set()
    links = tuple(dict.fromkeys(links_in(text))) if "[[" in text else ()
    return Interaction(
        day,
        text.strip(),
        line,
        "gave" in tags,
        "got" in tags,
        "intro" in tags,
        links,
        "news" in tags,
        "intro-ask" in tags,
    )


def read_log(body: str, first_line: int, path: str) -> tuple[tuple[Interaction, ...], list[Problem]]:
    """Dated list items and dated headings, in file order; items under a dated heading belong to it."""
    if "```" in body or "~~~" in body or DATED_HEADING.search(body):
        return _read_log_by_line(body, first_line, path)
    # The common case, no code and no dated headings: one regex pass over the body.
    found: list[Interaction] = []
    problems: list[Problem] = []
    line, position = first_line, 0
    for match in LOG_ITEM.finditer(body):
        line += body.count("\n", position, match.start())
        position = match.start()
        if (item := _item(match, line, path, problems)) is not None:
            found.append(item)
    return tuple(found), problems


def _read_log_by_line(body: str, first_line: int, path: str) -> tuple[tuple[Interaction, ...], list[Problem]]:
    found: list[Interaction] = []
    problems: list[Problem] = []
    heading: _Entry | None = None
    for number, text in outside_code(body.splitlines(), first_line):
        level_match = HEADING.match(text)
        if level_match and heading and len(level_match[1]) <= heading.level:
            found.append(heading.done())
            heading = None
        if match := DATED_HEADING.match(text):
            if (day := _dated(match, path, number, problems)) is not None:
                heading = _Entry(day, number, match["rest"], level=len(match["level"]))
                heading.add(match["rest"])
        elif match := LOG_ITEM.match(text):
            if (item := _item(match, number, path, problems)) is not None:
                found.append(item)
        elif heading is not None:
            heading.add(text)
    if heading is not None:
        found.append(heading.done())
    found.sort(key=lambda interaction: interaction.line)
    return tuple(found), problems


def contact_links(body: str) -> tuple[str, ...]:
    """Links that record contact in a daily note: not in open tasks, quotes, code, or embeds."""
    return tuple(target for target, _ in contact_lines(body))


ITEM_MARK = re.compile(r"^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+(?:\[[^\]\n]\][ \t]+)?")


def contact_lines(body: str) -> tuple[tuple[str, str], ...]:
    """contact_links, each with the line that first makes it, as written but for its list mark and
    box (`Call with [[Steph Ango]] about the roadmap`): where the brief says it was recorded."""
    if "[[" not in body:
        return ()
    found: dict[str, str] = {}
    for _, text in outside_code(body.splitlines()):
        if "[[" not in text or text.lstrip().startswith(">") or OPEN_TASK.match(text):
            continue
        for target in links_in(without_code_spans(text)):
            if target not in found:
                found[target] = ITEM_MARK.sub("", text).strip()
    return tuple(found.items())


def log_section(lines: list[str], start: int) -> tuple[int, int] | None:
    """The `Log` section below the front matter: (heading line, end line exclusive)."""
    heading: tuple[int, int] | None = None
    for number, line in outside_code(lines[start:], start):
        level = ANY_HEADING.match(line)
        if heading is not None and level and len(level[1]) <= heading[1]:
            return heading[0], number
        if heading is None and (found := LOG_HEADING.match(line)):
            heading = (number, len(found[1]))
    return (heading[0], len(lines)) if heading else None


def own_text(body: str) -> str:
    """A person note's text that is your own notes about them (SPEC §6 `brief`): the body without a
    title heading at its top and without the Log section, as written (line ends as `\n`)."""
    text = TITLE.sub("", body.replace("\r\n", "\n"), count=1)
    log = LOG_LINE.search(text)
    if log is None:
        return text.strip("\n").rstrip()
    if "```" in text or "~~~" in text:  # a heading in code is no heading: the lines walked, as edits do
        lines = text.split("\n")
        section = log_section(lines, 0)
        if section is not None:
            del lines[section[0] : section[1]]
        return "\n".join(lines).strip("\n").rstrip()
    end = HEADINGS_UP_TO[len(log[1])].search(text, log.end())  # the next heading of its level or higher
    return (text[: log.start()] + (text[end.start() :] if end else "")).strip("\n").rstrip()


def prose(text: str) -> str:
    """Your own notes as you wrote them, without what Obsidian computes rather than you wrote (SPEC §6
    `brief`): fenced code blocks (```` ```dataview ````, ```` ```base ````, any other) and embeds
    (`![[Meetings.base#Person]]`); a heading left with nothing under it goes too."""
    if "```" not in text and "~~~" not in text and "![[" not in text:
        return text
    lines = []
    for _, line in outside_code(text.split("\n")):
        kept = EMBED.sub("", line) if "![[" in line else line
        if kept.strip() or not line.strip():  # a line that held only embeds goes
            lines.append(kept.rstrip() if kept is not line else line)
    return "\n".join(_without_empty_headings(lines)).strip("\n").rstrip()


def _without_empty_headings(lines: list[str]) -> list[str]:
    """The lines without a heading that has nothing under it before a heading of its level or higher,
    and without runs of blank lines (what was taken out leaves no gap)."""
    kept: list[str] = []
    below: int | None = None  # the level of the next heading kept, 0 for text, None at the end
    for line in reversed(lines):
        if not line.strip():
            if kept and kept[-1].strip():
                kept.append(line)
            continue
        heading = HEADING.match(line)
        if heading is None:
            below = 0
        elif below == 0 or (below is not None and below > len(heading[1])):
            below = len(heading[1])
        else:
            continue
        kept.append(line)
    return kept[::-1]


def body_tags(body: str, wanted: tuple[str, ...]) -> str | None:
    """The first of the `wanted` tags (or one below it: `#person/friend`) the body holds as Obsidian
    counts a tag: written `#person`, outside code, quotes and links (SPEC §1); None if none."""
    folded = body.casefold()
    if not wanted or not any(f"#{tag}" in folded for tag in wanted):
        return None  # most notes: no need to walk the lines
    for _, line in outside_code(body.split("\n")):
        if "#" not in line or line.lstrip().startswith(">"):
            continue
        plain = LINK.sub(" ", without_code_spans(line, " "))
        for tag in BODY_TAG.findall(plain):
            if tag.casefold().split("/", 1)[0] in wanted:
                return str(tag)
    return None
