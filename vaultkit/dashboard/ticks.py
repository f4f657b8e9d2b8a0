"""Ticked boxes on the dashboard (SPEC §5): a ticked follow-up records a contact today; a ticked
introduction records `#intro` on both notes; a ticked Worth sharing line records `Sent [[Clipping]]
#gave` in the person's log.

A ticked line is recognised by the section it is in (a heading that mentions follow-ups or
introductions) and the wikilinks on it, so a custom template works too. Nothing else a user edits in
the dashboard is read. Reading them is here; recording them (vault.record_tick) writes log lines.
A ticked line that cannot be recorded (its link names nobody now, its clipping's name cannot be a
link) is never dropped: it is a problem, and stays ticked on the rewritten dashboard (`keep_ticked`)
until it is recorded or unticked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vaultkit.dashboard.file import TICKED
from vaultkit.read.body import links_in
from vaultkit.read.model import code
from vaultkit.read.names import fold
from vaultkit.read.plain import wikilink

if TYPE_CHECKING:
    from vaultkit.network.index import Index

# MULTILINE: `search` finds a ticked line anywhere in the dashboard, `match` tests one line.
HEADING = re.compile(r"^#{1,6}[ \t]+(.*)$")
FOLLOW_UP_TEXT = "In touch (ticked on the dashboard)"


@dataclass(frozen=True)
class Tick:
    """One ticked line: its kind and the people it links, resolved to note names."""

    kind: str  # "follow-up", "intro" or "share"
    people: tuple[str, ...]
    clipping: str = ""  # what was sent, for "share"
    heading: str = ""  # the heading line and the line itself, as the dashboard has them
    line: str = ""


def _kind(heading: str) -> str | None:
    lowered = heading.casefold()
    if "introduc" in lowered:
        return "intro"
    if "follow-up" in lowered or "follow up" in lowered or "followup" in lowered or "reach out" in lowered:
        return "follow-up"  # a due follow-up, or a person to reach out to today: contact today
    if "worth sharing" in lowered or "to share" in lowered:
        return "share"
    return None


@dataclass(frozen=True)
class Unrecorded:
    """A ticked line that could not be recorded: kept ticked under its heading, and why."""

    heading: str  # the heading line it is under
    line: str
    reason: str


def ticked_lines(text: str) -> list[tuple[str, str]]:
    """Every ticked line of a dashboard with the heading line it is under, whatever the section."""
    found = []
    heading = ""
    for line in text.splitlines():
        if HEADING.match(line):
            heading = line
        elif TICKED.match(line):
            found.append((heading, line))
    return found


def read_ticks(text: str, index: Index) -> tuple[list[Tick], list[Unrecorded]]:
    """The ticked lines of the follow-up, introduction and sharing sections, and those of them that
    name nobody vaultkit can record them for."""
    ticks: list[Tick] = []
    unrecorded: list[Unrecorded] = []
    for heading, line in ticked_lines(text):
        section = _kind(heading)
        if section is None:
            continue
        tick, reason = _share_tick(line, index) if section == "share" else _people_tick(section, line, index)
        if tick is not None:
            ticks.append(replace(tick, heading=heading, line=line))
        else:
            unrecorded.append(Unrecorded(heading, line, reason))
    return ticks, unrecorded


def _people_tick(section: str, line: str, index: Index) -> tuple[Tick | None, str]:
    """A ticked follow-up (one person) or introduction (two)."""
    links = links_in(line)
    names = tuple(dict.fromkeys(n for target in links if (n := index.resolve(target))))
    wanted = 1 if section == "follow-up" else 2
    unlinkable = [name for name in names[:wanted] if wanted == 2 and wikilink(name) is None]
    if unlinkable:  # an introduction writes each name as a link in the other's log: it must be one
        return None, f"{code(unlinkable[0])}'s note name cannot be written as a link (rename the note)"
    if len(names) >= wanted:
        return Tick(section, names[:wanted]), ""
    nobody = [target for target in links if index.resolve(target) is None]
    if nobody:
        return None, f"{code(f'[[{nobody[0]}]]')} names nobody in the vault now (renamed or deleted?)"
    return None, "it links nobody vaultkit knows"


def _share_tick(line: str, index: Index) -> tuple[Tick | None, str]:
    """A ticked Worth sharing line: the first link a clipping, the next one a person."""
    clippings = {fold(c.name): c.name for c in index.clippings}
    links = links_in(line)
    clipping = next((clippings[fold(t)] for t in links if fold(t) in clippings), None)
    person = next((n for t in links if fold(t) not in clippings and (n := index.resolve(t))), None)
    if clipping is None:
        return None, "it links no clipping in the vault (one whose name cannot be a link cannot be recorded)"
    if person is None:
        return None, "it links nobody in the vault to send it to"
    return Tick("share", (person,), clipping), ""


BOX = re.compile(r"^([ \t]*[-*+][ \t]+)\[[ xX]\]")


def keep_ticked(text: str, ticked: list[tuple[str, str]]) -> str:
    """`text` (a dashboard) with each (heading, ticked line) ticked in it: in place where it has the
    line unticked, else first under the same heading, else at the end under that heading. Its line
    endings are kept."""
    lines = text.split("\n")
    newline = "\r" if lines[0].endswith("\r") else ""
    have = {line.rstrip("\r").strip() for line in lines}
    for heading, line in ticked:
        if line.strip() not in have:
            have.add(line.strip())
            _place(lines, heading.rstrip("\r"), line.rstrip("\r"), newline)
    return "\n".join(lines)


def _place(lines: list[str], heading: str, ticked: str, newline: str) -> None:
    unticked = BOX.sub(r"\1[ ]", ticked, count=1).strip()
    for number, line in enumerate(lines):
        if line.rstrip("\r").strip() == unticked:
            lines[number] = BOX.sub(r"\1[x]", line, count=1)
            return
    for number, line in enumerate(lines):
        if heading and line.rstrip("\r") == heading:
            at = number + 1
            while at < len(lines) and not lines[at].strip():
                at += 1
            lines.insert(at, ticked + newline)
            return
    end = len(lines) - 1 if lines[-1] == "" else len(lines)
    lines[end:end] = [newline, heading + newline, ticked + newline] if heading else [ticked + newline]
