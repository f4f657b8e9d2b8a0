"""Atomic writes that keep what a user's file had: line endings, BOM, permissions, newer content."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"
UMASK = os.umask(0o022)  # read once at import (os.umask has no read-only form), then put back
os.umask(UMASK)
TEMP_SUFFIX = ".vaultkit-tmp"  # the watcher ignores files ending in this


class ChangedOnDisk(Exception):
    """The file changed after it was read; writing now would lose someone's edit."""


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: its bytes (None when it did not exist)."""

    data: bytes | None

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        try:
            return cls(path.read_bytes())
        except FileNotFoundError:
            return cls(None)


def read_or_none(path: Path) -> bytes | None:
    """The file's bytes, or None when it cannot be read (gone, a folder, not allowed)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def match_style(text: str, previous: bytes | None) -> bytes:
    """Encode text with the line endings and BOM the previous version of the file used."""
    data = text.encode("utf-8")
    if previous is None:
        return data
    if b"\r\n" in previous and b"\r\n" not in data:
        data = data.replace(b"\n", b"\r\n")
    if previous.startswith(BOM) and not data.startswith(BOM):
        data = BOM + data
    return data


def atomic_write(path: Path, data: bytes, expected: Snapshot | None = None) -> bool:
    """Write `data` via a temporary file in the same folder and a rename; skip it if nothing changes.

    With `expected`, refuse (ChangedOnDisk) when the file no longer holds what was read.
    Returns whether the file was written.
    """
    current = Snapshot.read(path)
    if expected is not None and current.data != expected.data:
        raise ChangedOnDisk(str(path))
    if current.data == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(path.stat().st_mode) if current.data is not None else None
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        temp_path.chmod(mode if mode is not None else 0o666 & ~UMASK)
        temp_path.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise
    return True
