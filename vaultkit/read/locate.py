"""Finding the vault a command works on (SPEC §1), as git finds its repository.

The folder given (default: the current one), then its parents, up to the first that holds
`vaultkit.yaml` or `.obsidian/`. Where neither is found, the folder given is a vault only if it holds,
directly, a people folder or a person note; never a home folder or a file-system root, nor a folder
with a vault below it (`~` when `~/Notes/.obsidian` exists: the command names that vault). Otherwise
it refuses, rather than write a dashboard of nobody into whatever folder the terminal was in.
"""

from __future__ import annotations

import os
from pathlib import Path

from vaultkit.errors import VaultError
from vaultkit.read.config import CONFIG_NAME, Config

MARKERS = (CONFIG_NAME, ".obsidian")
NOTES_LOOKED_AT = 2000  # how many notes a folder without markers is searched for a person note


class NotAVault(Exception):
    """No vault at or above the folder given; the message says what to do."""


PEOPLE_FOLDER_NAMES = {"people", "contacts"}  # folders named so (any case) are taken for people folders
FOLDERS_LOOKED_AT = 5000  # how many folders below are searched for a vault or a people folder


def find_vault(given: Path | None) -> Path:
    """The vault for a folder (absolute); NotAVault when there is none."""
    start = given if given is not None else Path.cwd()
    if not start.is_dir():
        raise NotAVault(f"{start}: no such vault folder; pass the folder that holds your notes")
    here = start.resolve()
    for folder in (here, *here.parents):
        if _has_marker(folder):
            return folder
    below = vault_below(here)
    if below is not None:
        shown = _shown(below)
        raise NotAVault(f"{_shown(here)} is not a vault, but a vault is at {shown}: cd there or pass --vault {shown}")
    if here != Path.home().resolve() and here.parent != here and holds_people(here):
        return here
    raise NotAVault(
        f"{here}: not a vault (no {CONFIG_NAME} or .obsidian/ here or above it, no People folder or person "
        f"note in it); pass your vault (--vault ~/Notes) or make this folder one with 'vaultkit init {start}'"
    )


def _shown(path: Path) -> str:
    """A path as a person types it: `~/Notes` below the home folder."""
    home = Path.home().resolve()
    return f"~/{path.relative_to(home).as_posix()}" if path.is_relative_to(home) and path != home else str(path)


def folders_below(folder: Path) -> list[Path]:
    """The folders below `folder`, nearest first, hidden ones left out (at most FOLDERS_LOOKED_AT)."""
    found: list[Path] = []
    level = [folder]
    while level and len(found) < FOLDERS_LOOKED_AT:
        deeper: list[Path] = []
        for parent in level:
            try:
                children = sorted(
                    (e for e in os.scandir(parent) if e.is_dir(follow_symlinks=False)), key=lambda e: e.name
                )
            except OSError:
                continue
            deeper.extend(Path(entry.path) for entry in children if not entry.name.startswith("."))
        found.extend(deeper)
        level = deeper
    return found[:FOLDERS_LOOKED_AT]


def vault_below(folder: Path) -> Path | None:
    """The nearest folder below that holds a vault's marker (`~/Notes` for `~`), if any."""
    return next((below for below in folders_below(folder) if _has_marker(below)), None)


def _has_marker(folder: Path) -> bool:
    """Whether a folder holds `vaultkit.yaml` or `.obsidian/` (one that cannot be read holds neither)."""
    try:
        return any((folder / marker).exists() for marker in MARKERS)
    except OSError:
        return False


def people_folders(folder: Path) -> list[str]:
    """Folders below named like a people folder (`People`, `contacts`, any case, any depth), relative."""
    return [p.relative_to(folder).as_posix() for p in folders_below(folder) if p.name.casefold() in PEOPLE_FOLDER_NAMES]


def holds_people(folder: Path) -> bool:
    """Directly: a people folder, or a note whose front matter makes it a person (SPEC §1)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return False
    if any(entry.is_dir() and entry.name.casefold() in PEOPLE_FOLDER_NAMES for entry in entries):
        return True
    notes = [Path(e.path) for e in entries if e.name.lower().endswith(".md") and e.is_file(follow_symlinks=False)]
    return any(is_person_note(path) for path in notes[:NOTES_LOOKED_AT])


def is_person_note(path: Path) -> bool:
    """Whether a note's front matter makes it a person by type, tag or category (its first 64 KiB)."""
    from vaultkit.read.parse import is_person, load_front_matter
    from vaultkit.read.split import split_front_matter

    try:
        with open(path, "rb") as file:
            head = file.read(64 * 1024 + 8).decode("utf-8", errors="replace")
    except OSError:
        return False
    split = split_front_matter(head)
    front_matter, _ = load_front_matter(path.name, split)
    return is_person(path.name, front_matter, Config(people_dirs=()), split.body)


def check_vault(root: Path) -> Path:
    if not root.is_dir():
        raise VaultError(f"{root}: no such vault folder; pass the folder that holds your notes")
    return root
