"""What every floor asks of a path: is its real location inside the vault, and is it one of vaultkit's
own temporary files (`.Name.md.vaultkit-tmp`, written by files/write.py, skipped by the scan)."""

from __future__ import annotations

from pathlib import Path

BOM = b"\xef\xbb\xbf"
TEMP_SUFFIX = ".vaultkit-tmp"  # the watcher and the scan ignore files ending in this


def is_inside(path: Path, root: Path) -> bool:
    """Whether the real location of `path` (links resolved, missing parts allowed) is inside `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def is_leftover(name: str) -> bool:
    """A temporary file a killed vaultkit left behind (only vaultkit names files so)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)
