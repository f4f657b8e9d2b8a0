"""Git on several machines (SPEC §5): merge drivers for the dashboard and for person notes.

- The dashboard: a merge keeps our side (`true`), since the next build rewrites it anyway, so a merge
  where both sides changed it never leaves conflict markers in it.
- Person notes: when two clones each added log lines (`vaultkit log` on a laptop and on a desktop,
  both at the end of the Log), a plain merge conflicts. The driver takes each side's new log lines
  out, merges the rest as git would, and, when that is clean, puts every new line back where the
  log's order puts it. Any other overlapping change is left to git: a normal conflict.

The drivers live in `.gitattributes` (committed) and in each clone's git config (not committed), so
`build` and `check` warn when a fresh clone lacks the config, and `vaultkit init` sets it up.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from vaultkit.files.edit import insert_into_text, log_section
from vaultkit.read.body import LOG_ITEM, outside_code
from vaultkit.read.config import Config
from vaultkit.read.dates import parse_iso_date
from vaultkit.read.parse import BOM, split_front_matter

DASHBOARD_DRIVER = "vaultkit-dashboard"
NOTES_DRIVER = "vaultkit-notes"
DRIVER_NAMED = re.compile(r"\bmerge=(vaultkit-[a-z]+)\b")


def git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)


def in_git(folder: Path) -> bool:
    return shutil.which("git") is not None and git(folder, "rev-parse", "--show-toplevel").returncode == 0


def _pattern(path: str) -> str:
    pattern = "/" + path
    if any(char.isspace() or char == '"' for char in pattern):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return pattern


def attribute_lines(config: Config) -> list[str]:
    """The `.gitattributes` lines that route the dashboard and person notes to the drivers."""
    lines = [f"{_pattern(config.dashboard)} merge={DASHBOARD_DRIVER}"]
    lines.extend(f"{_pattern(folder + '/**/*.md')} merge={NOTES_DRIVER}" for folder in config.people_dirs if folder)
    return lines


def driver_settings() -> dict[str, str]:
    """This clone's git config for the drivers; the notes driver runs this very vaultkit."""
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "vaultkit"))
    return {
        f"merge.{DASHBOARD_DRIVER}.name": "vaultkit dashboard: keep ours, the next build rewrites it",
        f"merge.{DASHBOARD_DRIVER}.driver": "true",
        f"merge.{NOTES_DRIVER}.name": "vaultkit person notes: keep both sides' new log lines",
        f"merge.{NOTES_DRIVER}.driver": f"{command} merge-note %O %A %B",
    }


def set_up_drivers(vault: Path) -> list[str]:
    """Set this clone's git config for the drivers; what was done, one line each."""
    done = []
    for key, value in driver_settings().items():
        if git(vault, "config", "--local", "--get", key).stdout.strip() != value:
            git(vault, "config", "--local", key, value)
            done.append(f"set git config {key}")
    return done


def missing_drivers(vault: Path) -> list[str]:
    """The drivers `.gitattributes` names that this clone's git config lacks (a fresh clone)."""
    attributes = vault / ".gitattributes"
    try:
        named = sorted(set(DRIVER_NAMED.findall(attributes.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError):
        return []
    if not named or not in_git(vault):
        return []
    return [name for name in named if not git(vault, "config", "--get", f"merge.{name}.driver").stdout.strip()]


# The person-note driver


def new_log_lines(base: str, side: str) -> list[int]:
    """Indexes of the dated log lines `side` has that `base` has not (each line counted as often
    as it appears)."""
    have = Counter(line for _, line in _log_items(base))
    added = []
    for number, line in _log_items(side):
        if have[line]:
            have[line] -= 1
        else:
            added.append(number)
    return added


def _log_items(text: str) -> list[tuple[int, str]]:
    lines = text.split("\n")
    section = log_section(lines, split_front_matter(text).body_line - 1)
    if section is None:
        return []
    heading, end = section
    return [(n, line) for n, line in outside_code(lines[heading + 1 : end], heading + 1) if LOG_ITEM.match(line)]


def _without(text: str, numbers: list[int]) -> str:
    drop = set(numbers)
    return "\n".join(line for n, line in enumerate(text.split("\n")) if n not in drop)


Merge = Callable[[str, str, str], str | None]


def merge_texts(base: str, ours: str, theirs: str, merge: Merge) -> str | None:
    """The merged note, or None when something other than added log lines overlaps."""
    our_new, their_new = new_log_lines(base, ours), new_log_lines(base, theirs)
    merged = merge(base, _without(ours, our_new), _without(theirs, their_new))
    if merged is None:
        return None
    added = [ours.split("\n")[n] for n in our_new] + [theirs.split("\n")[n] for n in their_new]
    present = {line.rstrip("\r") for line in merged.split("\n")}
    for line in dict.fromkeys(line.rstrip("\r") for line in added):  # a line both sides added: once
        item = LOG_ITEM.match(line)
        day = parse_iso_date(item["date"]) if item else None
        if day is not None and line not in present:
            merged = insert_into_text(merged, line.strip(), day)
    return merged


def git_merge_file(base: str, ours: str, theirs: str) -> str | None:
    """A three-way merge of texts by `git merge-file`, through files in a scratch folder of the
    system's: never in the vault, where a committed link could send a write anywhere."""
    with tempfile.TemporaryDirectory(prefix="vaultkit-merge-") as scratch:
        paths = [Path(scratch) / name for name in ("ours", "base", "theirs")]
        for path, text in zip(paths, (ours, base, theirs), strict=True):
            path.write_bytes(text.encode("utf-8"))
        result = subprocess.run(["git", "merge-file", "-p", *map(str, paths)], capture_output=True, check=False)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


def merge_note(base: Path, ours: Path, theirs: Path) -> bool:
    """The person-note driver: the merge goes into `ours` (git's temporary copy); False when it is a
    conflict, which git's own merge then marks in `ours` as usual."""
    texts = []
    for path in (base, ours, theirs):
        try:
            texts.append(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            texts = []
            break
    merged = None
    if texts:
        bom = texts[1].startswith(BOM)
        base_text, our_text, their_text = (text.removeprefix(BOM) for text in texts)
        merged = merge_texts(base_text, our_text, their_text, git_merge_file)
    if merged is None:
        subprocess.run(["git", "merge-file", str(ours), str(base), str(theirs)], capture_output=True, check=False)
        return False
    ours.write_bytes(((BOM if bom else "") + merged).encode("utf-8"))
    return True
