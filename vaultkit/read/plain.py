"""Text from outside is data, never markup (SPEC §8): the one function every importer calls on what it
writes into a note from someone else's file (a calendar title, a LinkedIn company or position, a vCard
note, a chat's name, an e-mail's subject).

What comes out is one line of Markdown that reads as the text did, in Obsidian and in a plain editor,
and carries nothing vaultkit reads: every `#` is escaped (`\\#news` is no tag, for vaultkit as for
Obsidian), so is the second bracket of `[[` and `]]` (no link), a backslash that would escape what
follows it, and a mark that would make the line's start a list item, a quote or a date. Line breaks
and control characters become spaces. A note's name vaultkit writes (`log --with`, `intro`) is a link
made by `wikilink` here, or refused where it could not be one.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
ESCAPED = re.compile(r"\\(?=[!-/:-@\[-`{-~])|#|(?<=\[)\[|(?<=\])\]")
LEADING_DATE = re.compile(r"^[0-9]{4}(?=-[0-9]{1,2}-[0-9]{1,2})")
LEADING_MARK = re.compile(r"^(?:[-+*>|`~=]|[0-9]{1,9}(?=[.)]))")  # a list, quote, table, fence, underline
UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# What a name cannot hold to be written as `[[name]]` and mean that note and nothing else: `#` (a tag
# to vaultkit, a heading to Obsidian), `^` (a block), `|`, brackets, a backslash, a line break or
# another control character.
NOT_IN_A_LINK = re.compile(r"[\[\]|#^\\\x00-\x1f\x7f-\x9f\u2028\u2029]")


def plain_text(text: str) -> str:
    """`text` as one line of plain Markdown text: no tag, link, line break or leading date survives."""
    text = " ".join(CONTROL.sub(" ", text).split())
    text = ESCAPED.sub(lambda match: "\\" + match[0], text)
    if date := LEADING_DATE.match(text):
        return f"{date[0]}\\{text[date.end() :]}"
    if mark := LEADING_MARK.match(text):
        cut = mark.end() if mark[0][-1].isdigit() else 0
        return f"{text[:cut]}\\{text[cut:]}"
    return text


def wikilink(name: str) -> str | None:
    """`[[name]]`, the one form in which vaultkit writes a note's name into a note (`log --with`,
    `intro`); None for a name that cannot be one (NOT_IN_A_LINK): `[[Bo #gave Kim]]` would carry a
    `#gave` vaultkit did not give, and link Obsidian to a heading of `Bo `. Escaped (plain_text), it
    would link nothing; so the caller refuses to write it, as `new` refuses to make such a name."""
    return f"[[{name}]]" if name.strip() == name and name and not NOT_IN_A_LINK.search(name) else None


def plain_lines(text: str) -> str:
    """Several lines of outside text (a vCard's note), each made plain; blank lines left out."""
    return "\n".join(line for line in map(plain_text, text.splitlines()) if line)


def unescaped(text: str) -> str:
    """Markdown's backslash escapes undone (`\\#1` → `#1`): the text as written, for a place that
    escapes it again where it lands (the dashboard)."""
    return UNESCAPE.sub(r"\1", text) if "\\" in text else text
