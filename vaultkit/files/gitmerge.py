"""Git on several machines (SPEC §5): merge drivers for the dashboard and for person notes.

- The dashboard: a merge keeps our side, since the next build rewrites it anyway, so a merge where
  both sides changed it never leaves conflict markers in it; and every box ticked on their side is
  ticked in it too, so the next build records it.
- Notes (every `*.md`; the driver decides whether a note is a person's): when two clones each added
  log lines to a person note (`vaultkit log` on a laptop and on a desktop, both at the end of the
  Log), a plain merge conflicts. The driver takes each side's new log lines
  out, merges the rest as git would, and, when that is clean, puts every new line back where the
  log's order puts it. Any other overlapping change is left to git: a normal conflict. Any other
  note is merged by `git merge-file`; one that is not text is a conflict that keeps ours.

The drivers live in `.gitattributes` (committed) and in each clone's git config (not committed):
gitsetup.py writes and checks those.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from vaultkit.dashboard.ticks import keep_ticked, ticked_lines
from vaultkit.files.write import note_text
from vaultkit.read.body import log_section
from vaultkit.read.paths import BOM
from vaultkit.read.split import split_front_matter

# The dashboard driver


def merge_dashboard_texts(ours: str, theirs: str) -> str:
    """Our dashboard with every line ticked on their side ticked in it too (ticks.keep_ticked)."""
    return keep_ticked(ours, ticked_lines(theirs))


def merge_dashboard(ours: Path, theirs: Path) -> None:
    """The dashboard driver: ours, with their ticked boxes, into `ours` (git's temporary copy)."""
    try:
        our_text, their_text = (path.read_bytes().decode("utf-8", errors="surrogateescape") for path in (ours, theirs))
    except OSError:
        return  # git keeps ours as it is
    merged = merge_dashboard_texts(our_text, their_text)
    ours.write_bytes(merged.encode("utf-8", errors="surrogateescape"))


# The person-note driver: a three-way merge by git, where two sides' new log entries at one place are
# put in the log's order instead of a conflict.

MARKER = 31  # conflict markers this long; a note with a line that starts so is left to git
MARKS = CONFLICT_START, CONFLICT_BASE, CONFLICT_SPLIT, CONFLICT_END = (mark * MARKER for mark in "<|=>")
# A log entry's first line: a dated item or heading at the left margin (a nested item belongs to the one above).
ENTRY_START = re.compile(
    r"^(?:[-*+][ \t]+(?:\[[xX]\][ \t]+)?|#{1,6}[ \t]+)(?:\[\[)?([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
)

Merge3 = Callable[[str, str, str], str | None]


def diff3(base: str, ours: str, theirs: str) -> str | None:
    """`git merge-file --diff3` of three texts, conflicts marked with MARKER-long markers; None when it
    fails. Through files in a scratch folder of the system's: never in the vault, where a committed
    link could send a write anywhere."""
    with tempfile.TemporaryDirectory(prefix="vaultkit-merge-") as scratch:
        paths = [Path(scratch) / name for name in ("ours", "base", "theirs")]
        for path, text in zip(paths, (ours, base, theirs), strict=True):
            path.write_bytes(text.encode("utf-8"))
        command = ["git", "merge-file", "-p", "--diff3", f"--marker-size={MARKER}", *map(str, paths)]
        result = subprocess.run(command, capture_output=True, check=False)
    return result.stdout.decode("utf-8") if result.returncode >= 0 else None


def _entry_key(line: str) -> tuple[int, int, int] | None:
    """The date a log entry starts with, as numbers (`2026-02-30` too: it is kept, whatever it says)."""
    match = ENTRY_START.match(line)
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def _entries(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """Lines cut into log entries (a dated item or heading and the lines below it, nested items
    included), after the lines that come before the first entry (which continue the entry above)."""
    lead: list[str] = []
    entries: list[list[str]] = []
    for line in lines:
        if _entry_key(line) is not None:
            entries.append([line])
        elif entries:
            entries[-1].append(line)
        else:
            lead.append(line)
    return lead, entries


def _interleave(ours: list[list[str]], theirs: list[list[str]], newest_first: bool) -> list[list[str]]:
    """Both sides' entries in the log's order, each side's own order kept; an entry both added, once."""
    merged: list[list[str]] = []
    i = j = 0
    while i < len(ours) or j < len(theirs):
        if i < len(ours) and j < len(theirs) and ours[i] == theirs[j]:
            merged.append(ours[i])
            i, j = i + 1, j + 1
            continue
        take_ours = j >= len(theirs) or (i < len(ours) and _before(ours[i][0], theirs[j][0], newest_first))
        if take_ours:
            merged.append(ours[i])
            i += 1
        else:
            merged.append(theirs[j])
            j += 1
    return merged


def _before(one: str, other: str, newest_first: bool) -> bool:
    """Whether entry `one` (ours) goes before `other` (theirs) at one place; on the same date, ours first."""
    a, b = _entry_key(one), _entry_key(other)
    assert a is not None and b is not None
    return a >= b if newest_first else a <= b


def _newest_first(*texts: str) -> bool:
    """The log's order, as the first of the texts with two entries shows it (the base: what both
    sides agreed on), as `vaultkit log` reads it: newest first when the dates go down."""
    for text in texts:
        keys = [key for line in text.split("\n") if (key := _entry_key(line)) is not None]
        if len(keys) >= 2:
            return keys[0] > keys[-1]
    return False


def resolve_conflicts(marked: str, newest_first: bool) -> str | None:
    """The merge with each conflict that is two sides' new entries at one place of the Log resolved;
    None when any other conflict is left (a line changed on both sides, a change outside the Log)."""
    lines = marked.split("\n")
    body = split_front_matter(marked).body_line - 1
    out: list[str] = []
    at = 0
    while at < len(lines):
        line = lines[at]
        if not line.startswith(CONFLICT_START):
            out.append(line)
            at += 1
            continue
        parts: dict[str, list[str]] = {"ours": [], "base": [], "theirs": []}
        part, at = "ours", at + 1
        while at < len(lines) and not lines[at].startswith(CONFLICT_END):
            if lines[at].startswith(CONFLICT_BASE):
                part = "base"
            elif lines[at].rstrip("\r") == CONFLICT_SPLIT:
                part = "theirs"
            else:
                parts[part].append(lines[at])
            at += 1
        at += 1
        section = log_section(out, body)  # the Log as `vaultkit log` finds it: still open where the hunk is
        if parts["base"] or section is None or section[1] != len(out):
            return None
        (our_lead, our_entries), (their_lead, their_entries) = _entries(parts["ours"]), _entries(parts["theirs"])
        if our_lead and their_lead:
            return None  # both sides continued the entry above: git cannot tell in which order
        out.extend(our_lead + their_lead)
        out.extend(line for entry in _interleave(our_entries, their_entries, newest_first) for line in entry)
    return "\n".join(out)


def merge_texts(base: str, ours: str, theirs: str, merge: Merge3 = diff3) -> str | None:
    """The merged note, or None when a conflict is left that only a person can resolve. Every line
    either side added is in it, byte for byte; a line one side removed or changed while the other left
    it is removed or changed."""
    texts = (base, ours, theirs)
    if any(line.startswith(marks) for text in texts for line in text.split("\n") for marks in MARKS):
        return None  # such a line would be read as a conflict marker
    ended = [text.endswith("\n") or not text for text in texts]
    # A last line without a newline would differ from the same line with one; merged as lines, the
    # newline is put back only where a side had it.
    marked = merge(*(text if end else text + "\n" for text, end in zip(texts, ended, strict=True)))
    if marked is None:
        return None
    merged = resolve_conflicts(marked, _newest_first(base, ours, theirs))
    if merged is not None and not ended[1] and not ended[2] and merged.endswith("\n"):
        merged = merged[:-1]
    return merged


def merge_note(base: Path, ours: Path, theirs: Path, path: str | None = None, marker_size: int | None = None) -> int:
    """The notes driver, registered for every Markdown note (SPEC §5): the merge goes into `ours`
    (git's temporary copy), and the exit status says whether it is clean (0) or a conflict.

    - A note either side cannot decode as text (NUL bytes, a PNG named `.md`): a conflict, and `ours`
      is left as it is, so the work tree keeps our version.
    - A person note (by folder, `type`, tag or category, as the vault's settings say; `path` is where
      the note is in the repository, git's `%P`): both sides' new log lines kept (merge_texts); any
      other conflict is git's own.
    - Any other note: exactly `git merge-file` (its result, markers and status).
    Without `path` (a clone set up by an earlier vaultkit, whose attributes named only the people
    folders), the note is taken for a person note."""
    try:
        decoded = [note_text(side.read_bytes()) for side in (base, ours, theirs)]
    except (OSError, UnicodeDecodeError):
        return 1
    texts = [text for text, _ in decoded]
    if any("\0" in text for text in texts):
        return 1  # not text: git's merge-file would refuse it too
    if path is not None and not any(is_person_text(path, text) for text in texts):
        return merge_file(base, ours, theirs, marker_size)
    base_text, our_text, their_text = texts
    merged = merge_texts(base_text, our_text, their_text)
    if merged is None:
        return merge_file(base, ours, theirs, marker_size)
    ours.write_bytes((BOM if decoded[1][1] else b"") + merged.encode("utf-8"))  # ours keeps its BOM
    return 0


def merge_file(base: Path, ours: Path, theirs: Path, marker_size: int | None) -> int:
    """`git merge-file` into `ours`, as git's own merge of a text file: its status (the number of
    conflicts; a refusal is a conflict too)."""
    size = [f"--marker-size={marker_size}"] if marker_size else []
    command = ["git", "merge-file", *size, str(ours), str(base), str(theirs)]
    status = subprocess.run(command, capture_output=True, check=False).returncode
    return status if status >= 0 else 1


def is_person_text(path: str, text: str) -> bool:
    """Whether a note at `path` (in the repository, git's `%P`) with this text is a person note, as
    the vault holding it says (its people folders, tags, categories, or `type: person`). The vault is
    the nearest folder above the note with a vault's marker, inside the repository (the driver runs
    at its top); with none, the repository is the vault. Settings that cannot be read: the defaults."""
    from vaultkit.read.config import Config, ConfigError, load_config
    from vaultkit.read.locate import MARKERS
    from vaultkit.read.parse import is_person, load_front_matter

    top = Path.cwd()
    folder = (top / path).parent
    vault = next(
        (above for above in (folder, *folder.parents) if above.is_relative_to(top) and _marked(above, MARKERS)), top
    )
    try:
        config = load_config(vault)
    except (ConfigError, OSError):
        config = Config()
    rel = (top / path).relative_to(vault).as_posix()
    front_matter, _ = load_front_matter(rel, split_front_matter(text))  # read without its BOM (note_text)
    return is_person(rel, front_matter, config)


def _marked(folder: Path, markers: tuple[str, ...]) -> bool:
    return any((folder / marker).exists() for marker in markers)
