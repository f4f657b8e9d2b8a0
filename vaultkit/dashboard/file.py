"""The dashboard as a file: where it may be, and how vaultkit knows it wrote it (SPEC §1, §5).

vaultkit writes a first line of its own above whatever the template renders. A file at the dashboard
path that starts otherwise is someone's note, and is never replaced; neither is a path whose real
location is outside the vault.
"""

from __future__ import annotations

import re
from pathlib import Path

from vaultkit.errors import UserError
from vaultkit.read.paths import BOM, is_inside
from vaultkit.read.scan import file_stat

OVERRIDE_DIR = ".vaultkit/templates"  # the vault's own templates (dashboard/render.py)
DASHBOARD_TEMPLATE = "dashboard.md.j2"
TICKED = re.compile(r"^[ \t]*[-*+][ \t]+\[[xX]\][ \t]", re.MULTILINE)

MARKER = "<!-- vaultkit dashboard: rewritten by vaultkit build; tick boxes here, other edits are replaced -->"
# What the dashboards of earlier versions began with: `# Dashboard`, a blank line, then this.
EARLIER_SIGNATURE = "Written by vaultkit for "


class NotOurs(UserError):
    """The dashboard path holds something vaultkit must not replace; the message says what to do."""


def with_marker(text: str) -> str:
    """The rendered dashboard with vaultkit's first line (a template of the vault's own may lack it)."""
    return text if text.startswith(MARKER + "\n") else f"{MARKER}\n{text}"


HEAD = 4096  # the first lines tell whose the file is


def written_by_vaultkit(data: bytes) -> bool:
    """Whether these bytes (the file, or its first HEAD bytes) are a dashboard vaultkit wrote, now or
    in an earlier version, or empty."""
    head = data[:HEAD].removeprefix(BOM).decode("utf-8", errors="replace")
    if not head.strip() and not data.strip():
        return True  # an empty note made to hold the dashboard loses nothing
    lines = head.splitlines()
    if lines[0].rstrip() == MARKER:
        return True
    return len(lines) >= 3 and lines[0].rstrip() == "# Dashboard" and lines[2].startswith(EARLIER_SIGNATURE)


def check_location(root: Path, dashboard: str) -> None:
    """Refuse (NotOurs) a dashboard path whose real location is outside the vault, or a folder."""
    path = root / dashboard
    if not is_inside(path, root):
        raise NotOurs(
            f"vaultkit.yaml: 'dashboard': {dashboard} leads outside the vault (through a symbolic link); "
            "choose a path inside the vault"
        )
    if path.is_dir():
        raise NotOurs(f"{dashboard}: is a folder, not the dashboard; set 'dashboard' in vaultkit.yaml to a note path")


def check_owner(dashboard: str, data: bytes | None) -> None:
    """Refuse (NotOurs) a dashboard file vaultkit did not write."""
    if data is not None and not written_by_vaultkit(data):
        raise NotOurs(
            f"{dashboard}: this note was not written by vaultkit, so it is not replaced by the dashboard; "
            "set 'dashboard' in vaultkit.yaml to another path, or move the note"
        )


def check_dashboard(root: Path, dashboard: str) -> None:
    """Refuse (NotOurs) a dashboard path outside the vault, or one that holds a file vaultkit did not
    write, by its first lines (a build checks the whole file again before it replaces it)."""
    check_location(root, dashboard)
    try:
        with open(root / dashboard, "rb") as file:
            head = file.read(HEAD)
    except OSError:
        return
    check_owner(dashboard, head)


def has_ticks(text: str) -> bool:
    """Whether any box is ticked at all (most builds: none, and the index is not needed for them)."""
    return TICKED.search(text) is not None


def templates_fingerprint(root: Path) -> str:
    """Name, size and time of each template override: a change to one means a new render."""
    folder = root / OVERRIDE_DIR
    if not folder.is_dir():
        return ""
    return repr(sorted((path.name, file_stat(path)) for path in folder.iterdir() if path.is_file()))


def has_override(root: Path, name: str) -> bool:
    """Whether the vault has its own template of that name (render.render_override renders it)."""
    return (root / OVERRIDE_DIR / name).is_file()
