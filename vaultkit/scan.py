"""Which files are notes: every `*.md` below the vault root, minus hidden folders, the dashboard,
the `ignore` globs, and anything a symbolic link would take out of the vault."""

from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from vaultkit.config import Config


@dataclass(frozen=True)
class Scanned:
    """A note to read: its vault-relative posix path and where it is on disk."""

    rel: str
    path: Path


class NoteFilter:
    """Decides whether a vault-relative path is a note vaultkit reads (also used by the watcher)."""

    def __init__(self, config: Config) -> None:
        self.dashboard = config.dashboard.casefold()
        self.globs = tuple(pattern.strip("/") for pattern in config.ignore)

    def ignored(self, rel: str) -> bool:
        """An `ignore` glob matches the path or one of its folders (`*` also matches `/`)."""
        return any(fnmatchcase(rel, glob) or fnmatchcase(rel, glob + "/*") for glob in self.globs)

    def is_note(self, rel: str) -> bool:
        parts = rel.split("/")
        if any(part.startswith(".") for part in parts) or not rel.lower().endswith(".md"):
            return False
        return rel.casefold() != self.dashboard and not self.ignored(rel)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def scan(vault: Path, config: Config) -> list[Scanned]:
    """Every note of the vault in a stable order; symbolic links are followed only inside it."""
    root = vault.resolve()
    notes = NoteFilter(config)
    found: list[Scanned] = []
    seen_dirs = {root}
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            linked = entry.is_symlink()
            if linked and not _inside(Path(entry.path), root):
                continue
            if entry.is_dir():
                real = Path(entry.path).resolve() if linked else Path(entry.path)
                if real not in seen_dirs and not notes.ignored(rel):
                    seen_dirs.add(real)
                    stack.append((Path(entry.path), rel + "/"))
            elif entry.is_file() and notes.is_note(rel):
                found.append(Scanned(rel, Path(entry.path)))
    found.sort(key=lambda item: item.rel)
    return found
