"""Fold one person's note into another's (SPEC §6 `merge`): the one command that edits front matter,
and only KEEP's, and only by adding (yamladd.py).

OTHER's names become KEEP's aliases, its identities and list values are added, its log entries join
KEEP's Log in date order, each byte for byte and none twice, and its own text goes under `## From
OTHER`. KEEP is written first, through the same swap-and-check as every write (write.py); then OTHER's
file is moved to Obsidian's `.trash/` folder, never deleted. Every step looks at what the notes hold
now, so a merge run again after an interruption finishes the job without adding anything twice.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vaultkit.errors import UserError
from vaultkit.files.edit import RETRIES, _newline, insert_all_into_text, logged_lines
from vaultkit.files.swap import rename_new
from vaultkit.files.write import ChangedOnDisk, NoteRead, OutsideVault, Snapshot, atomic_write, real_target
from vaultkit.files.yamladd import ByHand, add_from
from vaultkit.read.body import DATED_HEADING, LOG_ITEM, log_section, own_text
from vaultkit.read.dates import parse_iso_date
from vaultkit.read.paths import BOM, is_inside
from vaultkit.read.split import OPENING, split_front_matter

TRASH = ".trash"  # Obsidian's own trash folder ("Move to Obsidian trash")


class MergeError(UserError):
    """A merge that cannot be done; the message says why and what to do."""


@dataclass
class Merge:
    """What a merge of OTHER into KEEP does: KEEP's text before and after, what it added and kept,
    and where OTHER's file goes."""

    keep: Path
    other: Path
    before: str
    after: str
    trash: Path
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    bom: bool = False

    def diff(self, keep_rel: str) -> str:
        """The unified diff of KEEP (line ends shown as `\\n`)."""
        old = [line.rstrip("\r\n") + "\n" for line in self.before.splitlines(keepends=True)]
        new = [line.rstrip("\r\n") + "\n" for line in self.after.splitlines(keepends=True)]
        return "".join(difflib.unified_diff(old, new, f"a/{keep_rel}", f"b/{keep_rel}"))


def log_entries(text: str) -> tuple[list[tuple[list[str], date]], list[str]]:
    """A note's Log entries, each its dated line and the lines under it (nested items, a dated
    heading's items) as written, without line ends; and the Log's lines before its first entry."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    section = log_section(lines, split_front_matter(text).body_line - 1)
    if section is None:
        return [], []
    entries: list[tuple[list[str], date]] = []
    loose: list[str] = []
    for line in lines[section[0] + 1 : section[1]]:
        match = (LOG_ITEM.match(line) if not line[:1].isspace() else None) or DATED_HEADING.match(line)
        day = parse_iso_date(match["date"]) if match else None
        if day is not None:
            entries.append(([line], day))
        elif entries:
            entries[-1][0].append(line)
        elif line.strip():
            loose.append(line)
    for block, _ in entries:
        while block and not block[-1].strip():
            block.pop()
    return entries, loose


def with_body_of(keep: str, other: str, other_name: str) -> tuple[str, list[str]]:
    """KEEP's text with OTHER's own text under `## From OTHER` (once) and OTHER's log entries that
    KEEP lacks in its Log, in date order; and what was added, in words."""
    newline = _newline(keep)
    added = []
    entries, loose = log_entries(other)
    own = own_text(split_front_matter(other).body)
    own = "\n".join([own, *loose]).strip("\n") if loose else own
    have = [line.rstrip("\r") for line in keep.split("\n")]
    new = [(newline.join(block), day) for block, day in entries if not holds(have, block)]
    heading = f"## From {' '.join(other_name.split())}"  # one line, whatever the file name holds
    from_other = own.strip() and heading not in logged_lines(keep)
    # KEEP's Log takes OTHER's entries before OTHER's own text is added after it (its dated lines then
    # order nothing); a Log KEEP lacks is made last, after that text.
    has_log = log_section(have, split_front_matter(keep).body_line - 1) is not None
    if new and has_log:
        keep = insert_all_into_text(keep, new)
    if from_other:
        block = newline.join([heading, *own.split("\n")])
        if not keep.strip():
            keep = block + newline
        else:
            keep = keep + ("" if keep.endswith("\n") else newline) + newline + block + newline
        added.append(f"OTHER's own text under {heading}")
    if new and not has_log:
        keep = insert_all_into_text(keep, new)
    if new:
        added.append(f"{len(new)} log entr{'y' if len(new) == 1 else 'ies'}")
    return keep, added


def holds(lines: list[str], block: list[str]) -> bool:
    """Whether these lines hold the entry whole: its lines one after another, each as written (an
    entry whose dated line KEEP has, with other lines under it, is not there yet)."""
    size = len(block)
    return any(line == block[0] and lines[at : at + size] == block for at, line in enumerate(lines))


def merged_text(keep: str, other: str, keep_name: str, other_name: str) -> tuple[str, list[str], list[str]]:
    """KEEP's text with OTHER folded in: front matter added to (yamladd), then the body."""
    newline = _newline(keep)
    keep_split, other_split = split_front_matter(keep), split_front_matter(other)
    if keep_split.problem or other_split.problem:
        raise MergeError(f"{keep_split.problem or other_split.problem}; then merge")
    found = add_from(keep_split.front_matter, other_split.front_matter, keep_name, other_name, newline)
    if found.text == keep_split.front_matter:
        text = keep
    elif OPENING.match(keep):
        opening = OPENING.match(keep)
        assert opening is not None
        start = opening.end()
        text = keep[:start] + found.text + keep[start + len(keep_split.front_matter) :]
    else:
        text = f"---{newline}{found.text}---{newline}{keep}"
    text, added = with_body_of(text, other, other_name)
    return text, [*found.added, *added], found.kept


def trash_folder(root: Path, make: bool = True) -> Path:
    """The vault's `.trash/` (made if missing, unless not `make`); a file there, or a link out of the
    vault, is refused."""
    trash = root / TRASH
    if trash.is_symlink() and not is_inside(trash, root):
        raise MergeError(
            f"{trash} is a link out of the vault; vaultkit moves nothing there: remove the link, then merge"
        )
    if trash.exists() and not trash.is_dir():
        raise MergeError(f"{trash} is a file, not Obsidian's trash folder: move it away, then merge")
    if make:
        trash.mkdir(exist_ok=True)
    return trash.resolve() if trash.is_symlink() else trash


def free_name(trash: Path, name: str) -> Path:
    """`.trash/NAME.md`, or `NAME 1.md`, `NAME 2.md`… when taken (as Obsidian names them)."""
    stem, suffix = name.removesuffix(".md"), ".md"
    candidate, number = trash / name, 0
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = trash / f"{stem} {number}{suffix}"
    return candidate


def plan(root: Path, keep: Path, other: Path, keep_name: str, other_name: str) -> tuple[Merge, NoteRead, NoteRead]:
    """What merging OTHER into KEEP would do now, from the notes as they are."""
    if not is_inside(other, root):
        raise MergeError(f"{other}: its real location is outside the vault {root}; vaultkit does not read or move it")
    try:
        target = real_target(keep, root)
    except OutsideVault as error:
        raise MergeError(f"{error}; nothing was merged") from None
    if target.resolve() == other.resolve():
        raise MergeError(f"{keep} and {other} are one file; nothing was merged")
    mine, theirs = NoteRead.of(target, MergeError, "merged", "merge"), NoteRead.of(other, MergeError, "merged", "merge")
    try:
        after, added, kept = merged_text(mine.text, theirs.text, keep_name, other_name)
    except ByHand as refusal:
        raise MergeError(f"{keep}: {refusal}; nothing was merged") from None
    folder = trash_folder(root, make=False)
    trash = free_name(folder, other.name) if folder.is_dir() else folder / other.name  # as the dry run says
    return Merge(target, other, mine.text, after, trash, added, kept, mine.bom), mine, theirs


def merge(root: Path, keep: Path, other: Path, keep_name: str, other_name: str) -> Merge:
    """Fold OTHER into KEEP: KEEP written (swap and check), then OTHER moved to `.trash/`. A note that
    changes meanwhile is read again and the merge computed anew (a few tries)."""
    for _ in range(RETRIES):
        found, mine, theirs = plan(root, keep, other, keep_name, other_name)
        trash = trash_folder(root)
        try:
            if found.after != found.before:
                data = (BOM if mine.bom else b"") + found.after.encode("utf-8")
                atomic_write(found.keep, data, mine.snapshot, root)
            if Snapshot.read(other).data != theirs.snapshot.data:
                continue  # OTHER changed after it was read: merge what it holds now
        except ChangedOnDisk:
            continue
        found.trash = move(other, trash)
        return found
    raise MergeError(f"{keep} or {other} kept changing while vaultkit tried to merge them; try again")


def move(other: Path, trash: Path) -> Path:
    """OTHER's file into the trash under a free name, never over another file."""
    for _ in range(100):
        target = free_name(trash, other.name)
        try:
            if rename_new(other, target):
                return target
            if not target.exists():
                other.rename(target)  # no atomic no-replace rename on this system: checked just before
                return target
        except FileExistsError:
            continue
    raise MergeError(f"{trash}: no free name for {other.name}; empty the trash, then merge again")
