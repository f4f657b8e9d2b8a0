"""Which files are notes: every `*.md` below the vault root, minus hidden folders, the dashboard,
the `ignore` globs, and anything a symbolic link would take out of the vault."""

from __future__ import annotations

import glob
import os
import time
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.read.model import Problem
from vaultkit.read.obsidian import template_folders
from vaultkit.read.paths import is_inside, is_leftover

if TYPE_CHECKING:
    from vaultkit.read.config import Config

# What shows a file changed, as git's index keeps it ("racy git"): size, modification and status
# change times in nanoseconds, inode and device. Size and mtime alone miss a note replaced by another
# of the same size and time (`cp -p`, `rsync -a`, `touch -r` of an older version); the status change
# time cannot be set back, and a file put in place by a rename has another inode.
# Windows lists entries with no inode or device (os.DirEntry), so there they are left out on both sides.
Stat = tuple[int, int, int, int, int]
INODES = os.name != "nt"


def stat_of(info: os.stat_result) -> Stat:
    if not INODES:
        return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, 0, 0)
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same clock tick


def file_stat(path: Path | os.DirEntry[str]) -> Stat | None:
    """A file's (or a listed entry's) Stat; None if it vanished or cannot be read."""
    try:
        return stat_of(path.stat())
    except OSError:
        return None


def recent(stat: Stat | None, now_ns: int | None = None) -> bool:
    """Whether a file's modification time is too fresh to trust: a second change could hide in the
    same tick (file systems with coarse clocks), so its stat alone does not show it is unchanged. As in
    git, only the modification time is looked at: a note restored with an old time (`cp -p`) has a new
    status change time or inode, and only a second restore in the same clock tick, after a build read
    the first, could go unseen."""
    return stat is not None and (now_ns if now_ns is not None else time.time_ns()) - stat[1] < RACY_NS


class Scanned(NamedTuple):
    """A note to read: its vault-relative posix path, where it is on disk, and its size and time
    when it was listed (None if the listing did not take it, or the file vanished meanwhile)."""

    rel: str
    path: str
    stat: Stat | None


class NoteFilter:
    """Decides whether a vault-relative path is a note vaultkit reads (also used by the watcher)."""

    def __init__(self, config: Config, templates: tuple[str, ...] = ()) -> None:
        self.dashboard = config.dashboard.casefold()
        # Obsidian's template folders are skipped like an `ignore` glob (obsidian.py).
        self.globs = tuple(pattern.strip("/") for pattern in config.ignore) + templates

    @classmethod
    def for_vault(cls, root: Path, config: Config) -> NoteFilter:
        return cls(config, tuple(glob.escape(folder) for folder in template_folders(root)))

    def ignored(self, rel: str) -> bool:
        """An `ignore` glob matches the path or one of its folders (`*` also matches `/`)."""
        return any(fnmatchcase(rel, glob) or fnmatchcase(rel, glob + "/*") for glob in self.globs)

    def is_note(self, rel: str) -> bool:
        parts = rel.split("/")
        return not any(part.startswith(".") for part in parts) and is_utf8(rel) and self.is_listed_note(rel)

    def is_listed_note(self, rel: str) -> bool:
        """is_note for a path whose folders are known to be neither hidden nor ignored."""
        if rel[-3:].lower() != ".md" or rel[rel.rfind("/") + 1] == ".":
            return False
        return self.kept(rel)

    def kept(self, rel: str) -> bool:
        """A `.md` file that is not hidden, in folders that are neither: not the dashboard, not ignored."""
        return rel.casefold() != self.dashboard and not (self.globs and self.ignored(rel))


@dataclass
class ScanReport:
    """What a scan found besides notes: folders it could not read (problems, never skipped in
    silence) and temporary files a killed vaultkit left behind (for a writing command to remove)."""

    problems: list[Problem] = field(default_factory=list)
    leftovers: list[Path] = field(default_factory=list)
    # Notes (or folders, ending in "/") read where a link in a people folder puts them, by their real
    # path: what the watcher, which hears of changes at the real path, looks them up by
    moved: dict[str, str] = field(default_factory=dict)

    def listed_as(self, rel: str) -> str:
        """The path the listing gave a note it reached through a link in a people folder; else `rel`."""
        if rel in self.moved:
            return self.moved[rel]
        for real, link in self.moved.items():
            if real.endswith("/") and rel.startswith(real):
                return link + rel[len(real) :]
        return rel

    def unreadable(self, rel: str, error: OSError) -> None:
        reason = error.strerror or str(error)
        message = f"folder cannot be read ({reason}); its notes are left out until its permissions allow reading"
        self.problems.append(Problem(rel + "/" if rel else ".", None, message))

    def not_utf8(self, rel: str, folder: bool) -> None:
        shown = os.fsencode(rel).decode("utf-8", "backslashreplace") + ("/" if folder else "")  # \xff
        what = "folder" if folder else "file"
        message = f"the {what} name is not UTF-8, which notes and links need; rename it (it is left out until then)"
        self.problems.append(Problem(shown, None, message))


def is_utf8(name: str) -> bool:
    """A name the file system gave that is text (not bytes Python could only escape)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def scan(
    vault: Path,
    config: Config,
    stat: bool = True,
    report: ScanReport | None = None,
    notes: NoteFilter | None = None,
) -> list[Scanned]:
    """Every note of the vault (`listed`), as notes to read."""
    return items_of(vault, listed(vault, config, stat, report, notes))


def items_of(vault: Path, found: dict[str, Stat | None]) -> list[Scanned]:
    """Notes as `listed` gives them, to read: the path on disk is the one the listing took."""
    base = str(vault.resolve()) + os.sep  # as os.scandir joins them
    return [Scanned(rel, base + rel, stat) for rel, stat in found.items()]


def listed(
    vault: Path,
    config: Config,
    stat: bool = True,
    report: ScanReport | None = None,
    notes: NoteFilter | None = None,
) -> dict[str, Stat | None]:
    """Every note of the vault by its vault-relative posix path, in the order the file system lists
    them (every later stage orders what it shows itself); symbolic links are followed only inside it.
    With `stat`, each note's size and time (else None: parse.read_note takes them as it reads; also
    None for a note that vanished meanwhile). `report` collects unreadable folders and leftover
    temporary files; `notes` is the vault's filter when the caller has it already (it reads
    Obsidian's settings). Every command runs this loop over every file: it is kept lean."""
    report = report if report is not None else ScanReport()
    root = vault.resolve()
    notes = notes if notes is not None else NoteFilter.for_vault(vault, config)
    found: dict[str, Stat | None] = {}
    seen_dirs = {root}
    stack: list[tuple[Path, str]] = [(root, "")]
    links: list[tuple[str, str]] = []  # (path, rel): followed once every real folder is listed
    kept, plain = notes.kept, not notes.globs
    dashboard_folder = notes.dashboard.rpartition("/")[0] + "/" if "/" in notes.dashboard else ""
    while stack or links:
        if not stack:
            found = _follow(*links.pop(), root, config, seen_dirs, stack, found, notes, stat, report)
            continue
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            report.unreadable(prefix.rstrip("/"), error)
            continue
        # Only in the dashboard's folder can a note be the dashboard (compared case-folded)
        check = not plain or prefix.casefold() == dashboard_folder
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                if is_leftover(name):
                    report.leftovers.append(Path(entry.path))
                continue
            if not name.isascii() and not is_utf8(name):
                report.not_utf8(prefix + name, entry.is_dir())
                continue
            if entry.is_symlink():
                if is_inside(Path(entry.path), root):
                    links.append((entry.path, prefix + name))
                continue
            if name[-3:].lower() == ".md" and entry.is_file():
                rel = prefix + name
                if not check or kept(rel):
                    if stat:
                        try:
                            info = entry.stat()
                        except OSError:  # vanished meanwhile
                            found[rel] = None
                            continue
                        found[rel] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)
                    else:
                        found[rel] = None
            elif entry.is_dir():
                rel = prefix + name
                real = Path(entry.path)
                if real not in seen_dirs and not notes.ignored(rel):
                    seen_dirs.add(real)
                    stack.append((real, rel + "/"))
    links.sort(key=lambda link: link[1], reverse=True)  # popped in name order
    return found


def _follow(
    path: str,
    rel: str,
    root: Path,
    config: Config,
    seen_dirs: set[Path],
    stack: list[tuple[Path, str]],
    found: dict[str, Stat | None],
    notes: NoteFilter,
    stat: bool,
    report: ScanReport,
) -> dict[str, Stat | None]:
    """A symbolic link inside the vault, once every real folder is listed: a note (or a folder) is
    read once, at its real place, unless the link puts it in a people folder where its real place is
    not (`People` a link to `Contacts`): then at the link's. One reached only through the link (its
    real place hidden or ignored) is read there. `found`, as it now is."""
    real = Path(path).resolve()
    real_rel = real.relative_to(root).as_posix() if real != root else ""
    if real.is_dir():
        moved = _in_people(rel + "/", config) and not _in_people(real_rel + "/", config)
        if real not in seen_dirs:
            if not notes.ignored(rel):
                seen_dirs.add(real)
                stack.append((Path(path), rel + "/"))
            return found
        if not moved or not real_rel:
            return found
        below = real_rel + "/"
        report.moved[below] = rel + "/"
        return {(rel + "/" + k[len(below) :] if k.startswith(below) else k): value for k, value in found.items()}
    if rel[-3:].lower() != ".md" or not real.is_file() or not notes.kept(rel):
        return found
    if real_rel in found:
        if _in_people(rel, config) and not _in_people(real_rel, config):
            report.moved[real_rel] = rel
            found = {(rel if key == real_rel else key): value for key, value in found.items()}
        return found
    found[rel] = file_stat(Path(path)) if stat else None
    return found


def _in_people(rel: str, config: Config) -> bool:
    return any(rel.startswith(folder + "/") for folder in config.people_dirs if folder)
