"""Finding the vault a command works on (SPEC §1), as git finds its repository.

The folder given (default: the current one), then its parents, up to the first that holds
`vaultkit.yaml` or `.obsidian/`. Where neither is found, the folder given is a vault only if it holds a
people folder or a person note; otherwise the command refuses, rather than write a dashboard of
nobody into whatever folder the terminal happened to be in.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from vaultkit.read.config import CONFIG_NAME, Config

MARKERS = (CONFIG_NAME, ".obsidian")
PERSON_TYPE = re.compile(r"^type[ \t]*:[ \t]*['\"]?person['\"]?[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)
NOTES_LOOKED_AT = 2000  # how many notes a folder without markers is searched for a person note


class NotAVault(Exception):
    """No vault at or above the folder given; the message says what to do."""


def find_vault(given: Path | None) -> Path:
    """The vault for a folder (absolute); NotAVault when there is none."""
    start = given if given is not None else Path.cwd()
    if not start.is_dir():
        raise NotAVault(f"{start}: no such vault folder; pass the folder that holds your notes")
    here = start.resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in MARKERS):
            return folder
    if holds_people(here):
        return here
    raise NotAVault(
        f"{here}: not a vault (no {CONFIG_NAME} or .obsidian/ here or above it, no People folder, no person "
        f"note); pass your vault (--vault ~/Notes) or make this folder one with 'vaultkit init {start}'"
    )


def holds_people(folder: Path) -> bool:
    """A people folder, or a note whose front matter says `type: person` (among the first notes)."""
    if any((folder / name).is_dir() for name in Config().people_dirs):
        return True
    looked_at = 0
    for parent, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            if not name.lower().endswith(".md"):
                continue
            looked_at += 1
            if looked_at > NOTES_LOOKED_AT:
                return False
            path = Path(parent) / name
            if not path.is_symlink() and _is_person_note(path):
                return True
    return False


def _is_person_note(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            head = file.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    if not head.startswith("---"):
        return False
    front_matter = re.split(r"^(?:---|\.\.\.)[ \t]*\r?$", head[3:], maxsplit=1, flags=re.MULTILINE)[0]
    return PERSON_TYPE.search(front_matter) is not None
