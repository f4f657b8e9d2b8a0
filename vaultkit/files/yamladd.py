"""Adding to a note's front matter the way a careful person would by hand (SPEC §3, §6 `merge`): only
the keys it adds to are touched, every other byte stays — comments, key order, quoting, flow or block
style, line endings.

ruamel.yaml, the round-trip YAML library, reads where each key, list and item is, and writes each new
value in a form YAML reads back as written; the additions are then spliced into the text itself, so
nothing ruamel would write otherwise (its spacing before comments, its indentation) reaches the note.
A new key goes after the last one; a new list item after the list's last item (inside the brackets
of a flow list, `[a, b]` → `[a, b, c]`); a text that must take a second value becomes a list in the
style of the note's other lists, its first value kept as written. The result is read again (vaultkit's
own strict reader) and must hold exactly the old values plus the additions; where it does not, or a
value cannot be added without rewriting something else, nothing is written (`ByHand` says what to add).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as RuamelError
from yaml import YAMLError

from vaultkit.errors import UserError
from vaultkit.network.identity import Phone, email_key, url_key
from vaultkit.read.fields import tags_of
from vaultkit.read.names import fold
from vaultkit.read.terms import link_target, normalise
from vaultkit.read.yamlload import load_yaml

# Lists whose values are unioned (SPEC §6 `merge`); any other key is unioned when KEEP's value is a list.
LIST_KEYS = (
    "aliases", "email", "phone", "url", "interests", "offers", "needs", "knows", "introduced", "likes",
    "gift_ideas", "tags",
)  # fmt: skip
LINE = re.compile(r"[^\n]*\n|[^\n]+$")
TRAILING_SPACE = re.compile(r"[ \t]+(\r?)$", re.MULTILINE)  # which the round-trip reader refuses after a value
# A key written with nothing after it but a comment: `aliases:`, `"aliases":   # none yet`
EMPTY_VALUE = re.compile(r"""(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s:#'"][^:#]*?)[ \t]*:[ \t]*(?:#.*)?""")


class ByHand(UserError):
    """The front matter cannot take an addition without rewriting something else."""


@dataclass
class Additions:
    """What a merge adds to KEEP's front matter, and what it keeps of KEEP's where OTHER differs."""

    text: str  # the new front matter
    added: list[str] = field(default_factory=list)  # `aliases: Christopher Lee`
    kept: list[str] = field(default_factory=list)  # `birthday: kept 1986-03-14; OTHER had 1986-03-15`


def same_key(key: str) -> Callable[[Any], Any]:
    """How two values of a list compare (an e-mail case-insensitively, a URL without its scheme, a
    term normalised, a link by its target, a phone by its digits)."""

    def text_key(value: Any) -> Any:
        if not isinstance(value, str):
            return repr(value)
        if key == "email":
            return email_key(value)
        if key == "url":
            return url_key(value)
        if key in ("interests", "offers", "needs"):
            return normalise(value)
        if key == "tags":
            return fold(value.strip().removeprefix("#"))
        if key == "phone" and (phone := Phone.of(value)) is not None:
            return ("phone", phone.digits[-9:])
        return fold(link_target(value) or value.strip())

    return text_key


def _lines(text: str) -> list[str]:
    return LINE.findall(text)


def _strict(text: str, what: str) -> dict[str, Any]:
    try:
        found = load_yaml(text) if text.strip() else {}
    except YAMLError:
        raise ByHand(
            f"{what}'s front matter cannot be read; fix it (vaultkit check names the line), then merge"
        ) from None
    if found is None:
        return {}
    if not isinstance(found, dict):
        raise ByHand(f"{what}'s front matter is not a mapping of keys to values; fix it, then merge")
    return found


def _round_trip() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 1 << 20  # never fold a long value
    return yaml


def _read_past_trailing_space(text: str, values: dict[str, Any], what: str) -> CommentedMap:
    """A front matter only read (OTHER's), by the round-trip reader; where it refuses a tab or space
    at a line's end (which PyYAML takes), read without them, when that reads the same `values`."""
    try:
        return _rt(text, what)
    except ByHand:
        trimmed = TRAILING_SPACE.sub(r"\1", text)
        if trimmed == text or _strict(trimmed, what) != values:  # a block text keeps its spaces
            raise
        return _rt(trimmed, what)


def _rt(text: str, what: str) -> CommentedMap:
    try:
        found = _round_trip().load(text.replace("\r\n", "\n")) if text.strip() else None
    except RuamelError as error:
        where = getattr(error, "problem_mark", None)
        line = f" (line {where.line + 2} of the note)" if where is not None else ""
        raise ByHand(
            f"{what}'s front matter cannot be read by the round-trip reader{line}; fix it, then merge"
        ) from None
    return found if isinstance(found, CommentedMap) else CommentedMap()


def _dump(value: Any, indent: int = 2) -> str:
    yaml = _round_trip()
    yaml.indent(mapping=2, sequence=indent + 2, offset=indent)
    out = io.StringIO()
    yaml.dump(value, out)
    return out.getvalue()


def _as_written(value_rt: Any, value: Any, flow: bool) -> str:
    """One list item as YAML text, read back as `value` (OTHER's, as vaultkit reads it): OTHER's
    quoting where that reads back the same, else the text quoted as YAML needs."""
    for candidate in (value_rt, value):
        seq = CommentedSeq([candidate])
        if flow:
            seq.fa.set_flow_style()
        text = _dump(seq, 0).rstrip("\n")
        item = text[1:-1] if flow else text[2:]
        if "\n" in item:
            continue
        try:
            if load_yaml(f"[{item}]" if flow else f"- {item}") == [value]:
                return item
        except YAMLError:
            continue
    raise ByHand(f"the value {value!r} cannot be written on one line; add it by hand")


class Editor:
    """KEEP's front matter as lines (each with its own line ending), edited only by insertion."""

    def __init__(self, text: str, newline: str, name: str) -> None:
        self.lines = _lines(text)
        self.newline = newline
        self.rt = _rt(text, name)
        self.inserted: dict[int, list[str]] = {}  # after line N (−1: before the first), new lines
        self.at_end: list[str] = []

    def list_style(self) -> tuple[bool, int]:
        """How the note writes lists: flow (`[a, b]`) or block, and a block item's indent."""
        for value in self.rt.values():
            if isinstance(value, CommentedSeq) and len(value):
                if value.fa.flow_style():
                    return True, 2
                line, col = value.lc.item(0)
                return False, max(self.lines[line].rfind("-", 0, col), 0)
        return True, 2

    def add_key(self, key: str, value_rt: Any, value: Any) -> None:
        flow, indent = self.list_style()
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            items = list(value_rt) if isinstance(value_rt, list) and len(value_rt) == len(value) else value
            written = [_as_written(rt, item, flow) for rt, item in zip(items, value, strict=True)]
            dumped = _dump(CommentedMap([(key, None)])).rstrip("\n")  # the key as YAML writes it
            head = dumped[: -len("null")].rstrip() if dumped.endswith("null") else dumped
            if flow:
                block = [f"{head} [{', '.join(written)}]"]
            else:
                block = [head, *(f"{' ' * indent}- {item}" for item in written)]
        else:
            block = _dump(CommentedMap([(key, value_rt)])).rstrip("\n").split("\n")
        self.at_end.extend(block)

    def append_items(self, key: str, values_rt: list[Any], values: list[Any]) -> None:
        seq = self.rt[key]
        if not isinstance(seq, CommentedSeq):
            raise ByHand(f"`{key}` is not a list the round-trip reader can extend; add {_shown(values)} by hand")
        line, col = self.rt.lc.value(key)
        if seq.fa.flow_style() or self.lines[line][col : col + 1] == "[":  # `[]` says no style
            self._append_flow(key, [_as_written(rt, v, True) for rt, v in zip(values_rt, values, strict=True)])
            return
        if not len(seq):
            raise ByHand(f"`{key}` is an empty block list; add {_shown(values)} by hand")
        line, col = seq.lc.item(len(seq) - 1)
        dash = self.lines[line].rfind("-", 0, col)
        if dash < 0:
            raise ByHand(f"`{key}`'s items cannot be found; add {_shown(values)} by hand")
        end = line
        while end + 1 < len(self.lines) and _continues(self.lines[end + 1], dash):
            end += 1
        new = [f"{' ' * dash}- {_as_written(rt, v, False)}" for rt, v in zip(values_rt, values, strict=True)]
        self.inserted.setdefault(end, []).extend(new)

    def fill_empty(self, key: str, values_rt: list[Any], values: list[Any]) -> None:
        """A list key KEEP writes with nothing after it (`aliases:`, as Obsidian's templates leave it):
        its items on the lines after it, the key's own line as it is."""
        line, col = self.rt.lc.key(key)
        later = self.lines[line + 1] if line + 1 < len(self.lines) else ""
        below = later.startswith((" ", "\t")) and later.strip() and not later.lstrip().startswith("#")
        if below or not EMPTY_VALUE.fullmatch(self.lines[line][col:].rstrip("\r\n")):  # `~` below it, …
            raise ByHand(f"`{key}` is written as null; add {_shown(values)} by hand")
        flow, indent = self.list_style()
        indent = 2 if flow else indent
        new = [f"{' ' * indent}- {_as_written(rt, v, False)}" for rt, v in zip(values_rt, values, strict=True)]
        self.inserted.setdefault(line, []).extend(new)

    def _append_flow(self, key: str, written: list[str]) -> None:
        line, col = self.rt.lc.value(key)
        closing = _closing_bracket(self.lines, line, col)
        if closing is None:
            raise ByHand(f"the end of `{key}`'s list cannot be found; add {', '.join(written)} by hand")
        at, position = closing
        text = self.lines[at]
        before = text[:position].rstrip()
        empty = before.endswith("[") and at == line and before == text[: col + 1].rstrip()
        joined = ", ".join(written)
        addition = f" {joined}," if before.endswith(",") else joined if empty else f", {joined}"  # `[a, b,]`
        cut = len(before)
        self.lines[at] = text[:cut] + addition + text[cut:]

    def to_list(self, key: str, values_rt: list[Any], values: list[Any]) -> None:
        """A text KEEP holds that must take more values: a list in the style of KEEP's other lists,
        its value kept as written."""
        key_line = self.rt.lc.key(key)[0]
        line, col = self.rt.lc.value(key)
        comment = self.rt.ca.items.get(key)
        text = self.lines[line]
        ending = text[len(text.rstrip("\r\n")) :]
        written_value = text[col:].rstrip("\r\n").rstrip()
        later = self.lines[line + 1] if line + 1 < len(self.lines) else ""
        if (
            line != key_line
            or (comment and comment[2] is not None)
            or (later.startswith((" ", "\t")) and later.strip())
        ):
            raise ByHand(f"`{key}` must become a list to take {_shown(values)}; write it as one by hand")
        flow, indent = self.list_style()
        if flow:
            items = [written_value, *(_as_written(rt, v, True) for rt, v in zip(values_rt, values, strict=True))]
            self.lines[line] = f"{text[:col]}[{', '.join(items)}]{ending}"
        else:
            self.lines[line] = f"{text[:col].rstrip()}{ending}"
            new = [f"{' ' * indent}- {_as_written(rt, v, False)}" for rt, v in zip(values_rt, values, strict=True)]
            self.inserted.setdefault(line, []).extend([f"{' ' * indent}- {written_value}", *new])

    def text(self) -> str:
        out: list[str] = []
        for number, line in enumerate(self.lines):
            out.append(line)
            for new in self.inserted.get(number, ()):
                if not out[-1].endswith("\n"):
                    out[-1] += self.newline
                out.append(new + self.newline)
        if self.at_end:
            if out and not out[-1].endswith("\n"):
                out[-1] += self.newline
            out.extend(new + self.newline for new in self.at_end)
        return "".join(out)


def _continues(line: str, dash: int) -> bool:
    """Whether a line belongs to the list item above it (indented past its dash, not a comment)."""
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#") and len(line) - len(line.lstrip(" ")) > dash


def _closing_bracket(lines: list[str], line: int, col: int) -> tuple[int, int] | None:
    """Where the flow list opened at (line, col) closes: (line, column of its `]`)."""
    depth, quote = 0, ""
    for at in range(line, len(lines)):
        text = lines[at]
        position = col if at == line else 0
        while position < len(text):
            char = text[position]
            if quote:
                if char == quote:
                    if quote == "'" and text[position + 1 : position + 2] == "'":
                        position += 1
                    else:
                        quote = ""
                elif char == "\\" and quote == '"':
                    position += 1
            elif char in "'\"" and (position == 0 or text[position - 1] in " [,"):
                quote = char
            elif char == "#" and position > 0 and text[position - 1] in " \t":
                break  # a comment to the end of the line
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return at, position
            position += 1
    return None


def add_from(keep_text: str, other_text: str, keep_name: str, other_name: str, newline: str) -> Additions:
    """KEEP's front matter with what OTHER's adds (SPEC §6 `merge`): OTHER's name and aliases as
    aliases, every list value KEEP's list lacks, every key KEEP lacks; a key both set to different
    values keeps KEEP's and is reported. ByHand where it cannot be done by adding only."""
    keep, other = _strict(keep_text, keep_name), _strict(other_text, other_name)
    other_rt = _read_past_trailing_space(other_text, other, other_name)  # only read: its values as written
    editor = Editor(keep_text, newline, keep_name)
    expected = dict(keep)
    found = Additions(keep_text)
    aliases = _as_list(other.get("aliases"))
    aliases_rt = other_rt.get("aliases")
    aliases_rt = list(aliases_rt) if isinstance(aliases_rt, list) and len(aliases_rt) == len(aliases) else aliases
    names = [
        (name, name_rt)
        for name, name_rt in zip([other_name, *aliases], [other_name, *aliases_rt], strict=True)
        if isinstance(name, str) and fold(link_target(name) or name) != fold(keep_name)
    ]
    wanted: list[tuple[str, Any, Any]] = [("aliases", [rt for _, rt in names], [name for name, _ in names])]
    wanted += [(key, other_rt.get(key), value) for key, value in other.items() if key != "aliases"]
    for key, value_rt, value in wanted:
        if value is None or value == "" or value == []:
            continue
        _add_one(editor, found, expected, keep, key, value_rt, value, keep_name, other_name)
    found.text = editor.text()
    if _strict(found.text, keep_name) != expected:
        raise ByHand(f"adding {'; '.join(found.added)} would change more than the lines it adds; add them by hand")
    return found


def _add_one(
    editor: Editor,
    found: Additions,
    expected: dict[str, Any],
    keep: dict[str, Any],
    key: str,
    value_rt: Any,
    value: Any,
    keep_name: str,
    other_name: str,
) -> None:
    mine = keep.get(key)
    if key == "tags" and isinstance(value, str):  # `tags: person, friend`: Obsidian's tags, split
        value = value_rt = tags_of(value)
    if key == "tags" and isinstance(mine, str) and mine.strip():
        raise ByHand(f"`tags` is written as text in {keep_name}'s note; add {_shown(_as_list(value))} by hand")
    listed = key in LIST_KEYS or isinstance(mine, list)
    if key not in keep or (mine is None and not listed):
        if key in keep:
            raise ByHand(f"`{key}` is empty in {keep_name}'s note; write {other_name}'s value {value!r} there by hand")
        editor.add_key(key, value_rt, value)
        expected[key] = value
        found.added.append(f"{key}: {_shown(value)}")
        return
    if not listed:
        if mine != value:
            found.kept.append(f"{key}: kept {_shown(mine)}; {other_name} had {_shown(value)}")
        return
    compare = same_key(key)
    have = {compare(item) for item in (mine if isinstance(mine, list) else [mine]) if item is not None}
    if key == "aliases":
        have.add(compare(keep_name))
    theirs = value if isinstance(value, list) else [value]
    theirs_rt = list(value_rt) if isinstance(value_rt, list) and len(value_rt) == len(theirs) else theirs
    new, new_rt = [], []
    for item, item_rt in zip(theirs, theirs_rt, strict=True):
        if isinstance(item, str) and compare(item) not in have:
            have.add(compare(item))
            new.append(item)
            new_rt.append(item_rt)
    if not new:
        return
    if mine is None:
        try:
            editor.fill_empty(key, new_rt, new)
        except ByHand:
            raise ByHand(f"`{key}` is empty in {keep_name}'s note; add {_shown(new)} there by hand") from None
        expected[key] = new
    elif isinstance(mine, list):
        editor.append_items(key, new_rt, new)
        expected[key] = [*mine, *new]
    elif isinstance(mine, str):
        editor.to_list(key, new_rt, new)
        expected[key] = [mine, *new]
    else:
        raise ByHand(f"`{key}` in {keep_name}'s note is not text or a list; add {_shown(new)} by hand")
    found.added.append(f"{key}: {_shown(new)}")


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None or value == "" else [value]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
