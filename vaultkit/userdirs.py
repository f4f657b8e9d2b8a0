"""Where vaultkit keeps its own files outside the vault (locks, the index database): never committed."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path


def cache_dir() -> Path:
    """The user's cache folder for vaultkit (XDG on Linux, the platform's own elsewhere)."""
    if override := os.environ.get("VAULTKIT_CACHE_DIR"):
        return Path(override)
    if sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "vaultkit"


def vault_key(vault: Path) -> str:
    """A stable name for a vault, so two paths to the same folder share locks and caches."""
    return hashlib.sha256(str(vault.resolve()).encode("utf-8")).hexdigest()[:24]
