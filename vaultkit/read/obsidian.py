"""What vaultkit reads of Obsidian's own settings (SPEC §1): the folders that hold note templates, and
where daily notes live and in which format their names are written.

A person template is not a person, and its `{{date}}` placeholders are not problems, so the folder
named by the core Templates plugin (`.obsidian/templates.json`) and by Templater
(`.obsidian/plugins/templater-obsidian/data.json`) is not read. A settings file that is missing,
malformed, too large or a link out of the vault names no folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vaultkit.read.paths import is_inside

SETTINGS = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)
MAX_SETTINGS = 1 << 20


def template_folders(root: Path) -> tuple[str, ...]:
    """The vault-relative template folders Obsidian's settings name, in a stable order."""
    found = []
    for rel, key in SETTINGS:
        folder = _setting(root, rel, key)
        if folder:
            found.append(folder)
    return tuple(sorted(set(found)))


def _settings(root: Path, rel: str) -> dict[str, Any]:
    path = root / rel
    if not path.is_file() or not is_inside(path, root):
        return {}
    try:
        with open(path, "rb") as file:
            data = json.loads(file.read(MAX_SETTINGS).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _folder(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    folder = value.replace("\\", "/").strip().strip("/")
    return folder if folder and ".." not in folder.split("/") else None


def _setting(root: Path, rel: str, key: str) -> str | None:
    return _folder(_settings(root, rel).get(key))


DAILY_NOTES = ".obsidian/daily-notes.json"  # the core Daily notes plugin: {"folder", "format"}
PERIODIC_NOTES = ".obsidian/plugins/periodic-notes/data.json"  # {"daily": {"folder", "format", "enabled"}}
ISO = "YYYY-MM-DD"  # Obsidian's default, which vaultkit reads anywhere already


def daily_note_formats(root: Path) -> tuple[tuple[str, str], ...]:
    """(folder, Moment.js format) of the daily notes Obsidian's settings name, other than the default
    `YYYY-MM-DD`; the folder is "" for the vault's top."""
    core = _settings(root, DAILY_NOTES)
    periodic = _settings(root, PERIODIC_NOTES).get("daily")
    found = [(core.get("folder"), core.get("format"))]
    if isinstance(periodic, dict) and periodic.get("enabled", True):
        found.append((periodic.get("folder"), periodic.get("format")))
    kept = []
    for folder, form in found:
        if isinstance(form, str) and form.strip() and form.strip() != ISO:
            kept.append((_folder(folder) or "", form.strip()))
    return tuple(dict.fromkeys(kept))
