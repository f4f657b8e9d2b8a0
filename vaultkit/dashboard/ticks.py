"""Ticked boxes on the dashboard (SPEC §5): a ticked follow-up records a contact today; a ticked
introduction records `#intro` on both notes; a ticked Worth sharing line records `Sent [[Clipping]]
#gave` in the person's log.

A ticked line is recognised by the section it is in (a heading that mentions follow-ups or
introductions) and the wikilinks on it, so a custom template works too. Nothing else a user edits in
the dashboard is read. Recording is idempotent (an identical log line is never added twice), so a
build stopped between recording and rewriting the dashboard records nothing twice when run again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vaultkit.files.edit import LogLine, insert_log_line
from vaultkit.network.index import Index
from vaultkit.read.body import links_in
from vaultkit.read.names import fold

# MULTILINE: `search` finds a ticked line anywhere in the dashboard, `match` tests one line.
TICKED = re.compile(r"^[ \t]*[-*+][ \t]+\[[xX]\][ \t]", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}[ \t]+(.*)$")
FOLLOW_UP_TEXT = "In touch (ticked on the dashboard)"


@dataclass(frozen=True)
class Tick:
    """One ticked line: its kind and the people it links, resolved to note names."""

    kind: str  # "follow-up", "intro" or "share"
    people: tuple[str, ...]
    clipping: str = ""  # what was sent, for "share"


def _kind(heading: str) -> str | None:
    lowered = heading.casefold()
    if "introduc" in lowered:
        return "intro"
    if "follow-up" in lowered or "follow up" in lowered or "followup" in lowered:
        return "follow-up"
    if "worth sharing" in lowered or "to share" in lowered:
        return "share"
    return None


def has_ticks(text: str) -> bool:
    """Whether any box is ticked at all (most builds: none, and the index is not needed for them)."""
    return TICKED.search(text) is not None


def read_ticks(text: str, index: Index) -> list[Tick]:
    """The ticked lines of the follow-up and introduction sections."""
    ticks = []
    section: str | None = None
    for line in text.splitlines():
        if heading := HEADING.match(line):
            section = _kind(heading[1])
        elif section and TICKED.match(line):
            if section == "share":
                ticks.extend(_share_tick(line, index))
                continue
            names = tuple(dict.fromkeys(n for target in links_in(line) if (n := index.resolve(target))))
            if (section == "follow-up" and names) or (section == "intro" and len(names) >= 2):
                ticks.append(Tick(section, names[:1] if section == "follow-up" else names[:2]))
    return ticks


def _share_tick(line: str, index: Index) -> list[Tick]:
    """A ticked Worth sharing line: the first link a clipping, the next one a person."""
    clippings = {fold(c.name): c.name for c in index.clippings}
    links = links_in(line)
    clipping = next((clippings[fold(t)] for t in links if fold(t) in clippings), None)
    person = next((n for t in links if fold(t) not in clippings and (n := index.resolve(t))), None)
    return [Tick("share", (person,), clipping)] if clipping and person else []


def record(tick: Tick, index: Index, root: Path, today: date) -> list[str]:
    """Write what a tick records into the notes; returns the paths changed."""
    if tick.kind == "follow-up":
        entries = [(tick.people[0], LogLine(today, FOLLOW_UP_TEXT))]
    elif tick.kind == "share":
        entries = [(tick.people[0], LogLine(today, f"Sent [[{tick.clipping}]] #gave"))]
    else:
        one, other = tick.people
        entries = [
            (one, LogLine(today, f"Introduced to [[{other}]] #intro")),
            (other, LogLine(today, f"Introduced to [[{one}]] #intro")),
        ]
    changed = []
    for name, entry in entries:
        path = index.people[name].path
        if insert_log_line(root / path, entry, once=True, root=root):
            changed.append(path)
    return changed
