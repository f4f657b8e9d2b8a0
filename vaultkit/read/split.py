"""A note's text cut into front matter and body (Obsidian's rule), apart from parsing them (parse.py):
what a command that writes a log line needs, without loading a YAML parser."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING = re.compile(r"---[ \t]*\r?\n")
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


@dataclass(frozen=True)
class Split:
    """A note's text cut into front matter and body, with the file line where the body starts."""

    front_matter: str
    body: str
    body_line: int
    problem: str | None = None


def split_front_matter(text: str) -> Split:
    """Obsidian's rule: front matter is a `---` line at the very top up to the next `---` line."""
    opening = OPENING.match(text)
    if not opening:
        return Split("", text, 1)
    closing = CLOSING.search(text, opening.end())
    if not closing:
        return Split("", text, 1, "front matter opened on line 1 is never closed; add a line '---' after it")
    front_matter = text[opening.end() : closing.start()]
    body_start = closing.end() + 1
    return Split(front_matter, text[body_start:], text.count("\n", 0, body_start) + 1)
