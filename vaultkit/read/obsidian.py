"""What vaultkit reads of Obsidian's own settings: the folders that hold note templates (SPEC §1).

A person template is not a person, and its `{{date}}` placeholders are not problems, so the folder
named by the core Templates plugin (`.obsidian/templates.json`) and by Templater
(`.obsidian/plugins/templater-obsidian/data.json`) is not read. A settings file that is missing,
malformed, too large or a link out of the vault names no folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from vaultkit.files.write import is_inside

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


def _setting(root: Path, rel: str, key: str) -> str | None:
    path = root / rel
    if not path.is_file() or not is_inside(path, root):
        return None
    try:
        with open(path, "rb") as file:
            data = json.loads(file.read(MAX_SETTINGS).decode("utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, str):
        return None
    folder = value.replace("\\", "/").strip().strip("/")
    return folder if folder and ".." not in folder.split("/") else None
