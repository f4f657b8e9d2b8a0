"""The one place that writes into a user's notes: insert a line into the `## Log` section.

Every other byte stays as it was: the front matter, comments, line endings (the new line uses the
note's), a BOM, a missing final newline, permissions. The write is atomic and never overwrites a note
that changed after it was read: it is read again and the insert retried.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from vaultkit.errors import UserError, refusal
from vaultkit.files.write import ChangedOnDisk, NoteRead, OutsideVault, Snapshot, Staged, atomic_write, real_target
from vaultkit.read.body import DATED_HEADING, LOG_ITEM, log_section
from vaultkit.read.dates import parse_iso_date
from vaultkit.read.paths import BOM
from vaultkit.read.split import split_front_matter

RETRIES = 5


class EditError(UserError):
    """A note could not be edited; the message says which and why."""


@dataclass(frozen=True)
class LogLine:
    """A line to record: `- DATE TEXT` plus an optional tag."""

    day: date
    text: str

    def render(self) -> str:
        return f"- {self.day.isoformat()} {' '.join(self.text.split())}"


def _newline(text: str) -> str:
    """The note's line ending: CRLF when most of its lines use it."""
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"


def _dated(lines: list[str], first: int, end: int) -> list[tuple[int, date]]:
    """The log's entries with their dates: dated items, and dated headings (`### 2026-08-15`). An
    item nested under another (indented) is part of its parent, never a place to insert before: a
    line put there would take the parent's nested lines as its own."""
    found = []
    for number in range(first, end):
        line = lines[number]
        match = (LOG_ITEM.match(line) if not line[:1].isspace() else None) or DATED_HEADING.match(line)
        if match and (day := parse_iso_date(match["date"])):
            found.append((number, day))
    return found


def _positions(lines: list[str], heading: int, end: int, days: list[date]) -> tuple[list[int], bool]:
    """Where each new line goes, in the order the log keeps: before the first entry it precedes
    (newest first when the dates go down, else oldest first), or else at the section's end; and
    whether the log is newest first. One pass over the log and a binary search per line, so a note
    that receives 10,000 lines is not rescanned for each."""
    items = _dated(lines, heading + 1, end)
    newest_first = len(items) >= 2 and items[0][1] > items[-1][1]
    last = end
    while last > heading + 1 and not lines[last - 1].strip():
        last -= 1
    # Oldest first, a line goes before the first entry later than it; newest first, before the first
    # entry of its day or earlier. Keys that grow in that sense, and their running maximum, make
    # "the first entry past it" a binary search.
    highest: list[int] = []
    for _, day in items:
        key = -day.toordinal() if newest_first else day.toordinal()
        highest.append(max(key, highest[-1]) if highest else key)
    found = []
    for day in days:
        if newest_first:
            at = bisect.bisect_left(highest, -day.toordinal())
        else:
            at = bisect.bisect_right(highest, day.toordinal())
        found.append(items[at][0] if at < len(items) else last)
    return found, newest_first


def insert_all_into_text(text: str, entries: list[tuple[str, date]]) -> str:
    """The text with each entry inserted as one line into the Log section (created at the end if
    absent) where the log's order puts it; entries of one day keep the order given."""
    if not entries:
        return text
    if "\r" in text and "\n" not in text:  # a classic Mac note: lines end in CR alone, and stay so
        return insert_all_into_text(text.replace("\r", "\n"), entries).replace("\n", "\r")
    newline = _newline(text)
    lines = text.split("\n")
    section = log_section(lines, split_front_matter(text).body_line - 1)
    if section is None:
        return _append_section(text, [entry for entry, _ in sorted(entries, key=lambda e: e[1])], newline)
    positions, newest_first = _positions(lines, section[0], section[1], [day for _, day in entries])
    order = sorted(range(len(entries)), key=lambda n: -entries[n][1].toordinal() if newest_first else entries[n][1])
    inside: dict[int, list[str]] = {}
    at_end: list[str] = []
    for n in order:
        if _at_end(lines, positions[n]):
            at_end.append(entries[n][0])
        else:
            inside.setdefault(positions[n], []).append(entries[n][0] + newline[:-1])
    if inside:
        lines = [new for number, line in enumerate(lines) for new in (*inside.get(number, ()), line)]
    text = "\n".join(lines)
    return _append_lines(text, at_end, newline) if at_end else text


def _at_end(lines: list[str], position: int) -> bool:
    return position >= len(lines) or (position == len(lines) - 1 and lines[-1] == "")


def _append_lines(text: str, entries: list[str], newline: str) -> str:
    """At the very end: a missing final newline stays missing."""
    block = newline.join(entries)
    if text.endswith("\n"):
        return text + block + newline
    return text + newline + block


def _append_section(text: str, entries: list[str], newline: str) -> str:
    """A new `## Log` section at the end, after one blank line."""
    block = newline.join(entries)
    if not text.strip() or text.endswith(newline * 2):
        return text + f"## Log{newline}{block}{newline}"
    if text.endswith("\n"):
        return text + f"{newline}## Log{newline}{block}{newline}"
    return text + f"{newline}{newline}## Log{newline}{block}"


def logged_lines(text: str) -> set[str]:
    """Every line of a note, stripped: recording a line the note has already changes nothing."""
    return {line.rstrip("\r").strip() for line in text.split("\n")}


def insert_log_line(path: Path, entry: LogLine, once: bool = False, root: Path | None = None) -> bool:
    """Insert the line into the note at `path`; with `once`, skip it if the note already has it.
    A note that is a symbolic link is written where it points, only inside `root` (the vault).
    Returns whether the note was changed."""
    return insert_log_lines(path, [entry], once, root) > 0


def _new_lines(text: str, entries: list[LogLine], once: bool) -> list[tuple[str, date]]:
    """The lines to insert, with their days; with `once`, none the note (or an earlier one) has."""
    have = logged_lines(text) if once else None
    new = []
    for entry in entries:
        line = entry.render()
        if have is not None:
            if line in have:
                continue
            have.add(line)
        new.append((line, entry.day))
    return new


def insert_log_lines(path: Path, entries: list[LogLine], once: bool = False, root: Path | None = None) -> int:
    """insert_log_line for several lines, in one write; returns how many were added."""
    return _insert(_target(path, root), entries, once).added


@dataclass(frozen=True)
class Inserted:
    """What an insert makes of a note: how many lines it adds, and the note's bytes before and after
    (what puts it back, while it holds what was written)."""

    added: int
    target: Path
    before: Snapshot
    after: bytes


def _target(path: Path, root: Path | None) -> Path:
    try:
        return real_target(path, root)
    except OutsideVault as error:
        raise EditError(f"{error}; nothing was recorded") from None


def _inserted(path: Path, entries: list[LogLine], once: bool) -> Inserted:
    """The note as it is now, and with the lines inserted (nothing written)."""
    read = NoteRead.of(path, EditError, "recorded", "log again")
    new = _new_lines(read.text, entries, once)
    if not new:
        return Inserted(0, path, read.snapshot, read.snapshot.data or b"")
    data = (BOM if read.bom else b"") + insert_all_into_text(read.text, new).encode("utf-8")
    return Inserted(len(new), path, read.snapshot, data)


def _insert(path: Path, entries: list[LogLine], once: bool) -> Inserted:
    for _ in range(RETRIES):
        found = _inserted(path, entries, once)
        try:
            atomic_write(path, found.after, found.before)
        except ChangedOnDisk:
            continue  # someone saved the note meanwhile: read it again, never overwrite their text
        return found
    raise EditError(f"{path}: the note kept changing while vaultkit tried to write it; try again")


def insert_in_each(notes: list[tuple[Path, list[LogLine]]], once: bool = False, root: Path | None = None) -> None:
    """insert_log_lines into several notes, all or nothing. Every note's new text is staged (written
    to its temporary file and flushed) before any is put in place, so a note that cannot be read or a
    full disk changes none of them; a note saved in the instant before its rename is read again and
    written on its own. Should one still fail once others are in place, those are put back as they
    were, each only while it holds what was written (else the error names it)."""
    by_target: dict[Path, list[LogLine]] = {}
    for path, entries in notes:  # two links to one file: one write
        by_target.setdefault(_target(path, root), []).extend(entries)
    staged: list[tuple[Inserted, Staged | None]] = []
    try:
        for target, entries in by_target.items():
            staged.append(_staged(target, entries, once))
    except BaseException:
        for _, each in staged:
            if each is not None:
                each.discard()
        raise
    _put_each_in_place(list(by_target.items()), staged, once)


def _staged(path: Path, entries: list[LogLine], once: bool) -> tuple[Inserted, Staged | None]:
    for _ in range(RETRIES):
        found = _inserted(path, entries, once)
        try:
            return found, Staged.write(path, found.after, found.before)
        except ChangedOnDisk:
            continue
    raise EditError(f"{path}: the note kept changing while vaultkit tried to write it; try again")


def _put_each_in_place(
    notes: list[tuple[Path, list[LogLine]]], staged: list[tuple[Inserted, Staged | None]], once: bool
) -> None:
    done: list[Inserted] = []
    try:
        for (target, entries), (inserted, each) in zip(notes, staged, strict=True):
            try:
                if each is not None:
                    each.put_in_place()
            except ChangedOnDisk:
                inserted = _insert(target, entries, once)  # saved in the instant before: read again
            done.append(inserted)
    except BaseException as error:  # a rename refused, Ctrl-C: none of it, as far as it can be undone
        for _, each in staged[len(done) :]:
            if each is not None:
                each.discard()
        left = _put_back(done)
        if isinstance(error, OSError):
            raise EditError("; and ".join([refusal(error), *left])) from error
        if left and isinstance(error, UserError):
            raise EditError("; and ".join([str(error), *left])) from error
        raise


def _put_back(done: list[Inserted]) -> list[str]:
    """The notes written undone, last first; what stays, where one cannot be (said for people)."""
    left = []
    for inserted in reversed(done):
        if inserted.added and inserted.before.data is not None:
            try:
                atomic_write(inserted.target, inserted.before.data, Snapshot(inserted.after))
            except ChangedOnDisk:
                left.append(f"{inserted.target} changed since vaultkit wrote it, so its line stays")
            except OSError as error:
                left.append(f"{inserted.target} keeps its line: it could not be put back ({refusal(error)})")
    return left
