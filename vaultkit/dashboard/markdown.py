"""Values from notes as Markdown that stays plain text (SPEC §4).

A name, an interest or a message can never become a link, a heading, a list item, a table cell, a
tag, an HTML tag or a comment where it lands, and is escaped only where it must be, so the raw
dashboard reads cleanly in any editor: `AT&T`, `Ana_Lu`, `c#` and `r&d` stay as written, while
`[[x]]`, `#tag`, `<b>`, `&amp;`, `%%` and a leading `# ` are escaped.
"""

from __future__ import annotations

import re
from typing import Any

from vaultkit.read.body import code_spans
from vaultkit.read.model import Problem, code

LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")
UNLINKABLE = re.compile(r"[\[\]|#^\r\n\u2028\u2029]")
INLINE = re.compile(
    r"[\[\]|`]"  # anywhere: brackets (links, embeds, footnotes), a table cell's bar, a code span
    r"|\\(?=[!-/:-@\[-`{-~]|$)"  # a backslash that would escape what follows it
    r"|(?<![^\s(])#(?=[^\s#])"  # a tag: `#` at the start of a word
    r"|<(?=[A-Za-z/!?])"  # an HTML tag or comment
    r"|&(?=#?[0-9A-Za-z]+;)"  # an HTML entity
    r"|%%|\$\$"  # an Obsidian comment, a block of math
    r"|(?<!\S)\^(?=[0-9A-Za-z-])"  # a block id
)
# At the start of a line: a heading, a quote, a list item, a rule or setext underline, a fence.
LINE_START = re.compile(r"^\s*(?:#{1,6}(?=\s|$)|>|[-+*](?=\s|$)|[-=_*~]{2,}|[0-9]{1,9}(?=[.)](?:\s|$)))")
# Any character one of the rules above looks at; a text without one is left as it is, at once.
MAYBE = re.compile(r"[\[\]|`\\#<&%$^\r\n\u2028\u2029\x85\x0b\x0c]")


class Markdown(str):
    """Text that is already Markdown (made by a filter here), so it is not escaped again."""

    __slots__ = ()


def _escape_inline(match: re.Match[str]) -> str:
    return "".join("\\" + char for char in match[0])


def escape_markdown(text: str, at_start: bool = True) -> Markdown:
    """Plain text that stays plain wherever it lands in a line, the start of a line included (unless
    `at_start` is false: a part of a message, after other text)."""
    if not MAYBE.search(text) and not (at_start and (LINE_START.match(text) or text[:1].isspace())):
        return Markdown(text)  # most names and terms: nothing that could be Markdown
    if LINE_BREAKS.search(text):
        text = LINE_BREAKS.sub(" ", text)
    if at_start:
        text = text.lstrip(" \t")  # indented, a line's start would be a code block
    text = INLINE.sub(_escape_inline, text)
    if at_start and (start := LINE_START.match(text)):
        # `1. item`: the mark after the number; else the first mark, after any leading space
        cut = start.end() if start[0][-1].isdigit() else len(start[0]) - len(start[0].lstrip())
        text = f"{text[:cut]}\\{text[cut:]}"
    return Markdown(text)


def escape_message(text: str) -> Markdown:
    """A message that quotes notes in code spans (model.code): the spans stay as they are, since
    nothing in a code span is Markdown; the rest is escaped."""
    parts: list[str] = []
    at = 0
    for start, end in code_spans(text):
        parts.append(escape_markdown(text[at:start], at_start=at == 0))
        parts.append(text[start:end])
        at = end
    parts.append(escape_markdown(text[at:], at_start=at == 0))
    return Markdown("".join(parts))


def wikilink(name: str) -> Markdown:
    """`[[Name]]`, or the escaped name when it holds characters that would break the link."""
    if not name or UNLINKABLE.search(name):
        return escape_markdown(name)
    return Markdown(f"[[{name}]]")


def wikilinks(names: list[str], separator: str = ", ") -> Markdown:
    """Several names as links, joined by an escaped separator."""
    return Markdown(escape_markdown(separator).join(wikilink(name) for name in names))


def chain(path: Any) -> Markdown:
    """A path to a target: `[[A]] → [[B]] →(Eros) [[C]]`, a colleague step showing the company."""
    parts: list[str] = [wikilink(path.path[0])]
    for how, name in path.steps():
        arrow = " → " if how == "knows" else f" →({escape_markdown(how)}) "
        parts.append(arrow + wikilink(name))
    return Markdown("".join(parts))


def where(problem: Problem) -> Markdown:
    """Where a problem is, as a link to its note (`[[People/Asha Rao|People/Asha Rao.md:5]]`); a
    folder, a template or a path that cannot be linked is shown as code."""
    path, shown = problem.path, problem.location()
    hidden = any(part.startswith(".") for part in path.split("/"))
    if path.lower().endswith(".md") and not hidden and not UNLINKABLE.search(path):
        return Markdown(f"[[{path[:-3]}|{shown}]]")
    return Markdown(code(shown))
