"""Atomic writes that keep what a user's file had: line endings, BOM, permissions, newer content.

How a write goes (SPEC §5): the new bytes go to a hidden temporary file beside the target
(`.Name.md.vaultkit-tmp`), which is flushed to disk; right before the rename the target is read again
and must still be exactly what the change was computed from, else ChangedOnDisk and the caller computes
the change again from the new content. Where the system swaps files atomically (swap.py: Linux, macOS)
the rename is a swap, and what it displaced is checked too, so not even the instant between the check
and the rename is open; elsewhere (POSIX has no compare-and-rename) it is. A symbolic link is never
replaced: the write goes to the file it points to, and, with `root`, only if that file is inside the
vault.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from vaultkit.errors import UserError
from vaultkit.files.swap import exchange, rename_new, wait_until_closed
from vaultkit.read.paths import BOM, TEMP_SUFFIX, is_inside

UMASK = os.umask(0o022)  # read once at import (os.umask has no read-only form), then put back
os.umask(UMASK)


def digest(data: bytes | None) -> str | None:
    """A file's fingerprint (SHA-256, which most current processors compute in hardware)."""
    return hashlib.sha256(data).hexdigest()[:32] if data is not None else None


class ChangedOnDisk(Exception):
    """The file changed after it was read; writing now would lose someone's edit."""


class OutsideVault(UserError):
    """A path whose real location is outside the vault: vaultkit neither reads nor writes it."""


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: its bytes (None when it did not exist)."""

    data: bytes | None

    def text(self) -> str:
        """The bytes as text (nothing when the file did not exist; a bad byte replaced)."""
        return self.data.decode("utf-8", errors="replace") if self.data is not None else ""

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        try:
            return cls(path.read_bytes())
        except FileNotFoundError:
            return cls(None)


def note_text(data: bytes) -> tuple[str, bool]:
    """A note's bytes as text without its byte-order mark, and whether it had one (an edit writes it
    back); UnicodeDecodeError for bytes that are not UTF-8."""
    bom = data.startswith(BOM)
    return data[len(BOM) if bom else 0 :].decode("utf-8"), bom


@dataclass(frozen=True)
class NoteRead:
    """A note as read for an edit: its bytes (what must still be there when the edit is written), its
    text without a byte-order mark, and whether it had one."""

    snapshot: Snapshot
    text: str
    bom: bool

    @classmethod
    def of(cls, path: Path, refuse: Callable[[str], Exception], done: str, redo: str) -> NoteRead:
        """The note at `path`; else `refuse(message)` raised, saying nothing was `done` (`recorded`)
        and how to try again (`log again`)."""
        snapshot = Snapshot.read(path)
        if snapshot.data is None:
            raise refuse(f"{path}: the note is gone; nothing was {done}")
        try:
            text, bom = note_text(snapshot.data)
        except UnicodeDecodeError:
            raise refuse(f"{path}: the note cannot be read as UTF-8; save it as UTF-8, then {redo}") from None
        return cls(snapshot, text, bom)


def read_or_none(path: Path) -> bytes | None:
    """The file's bytes, or None when it cannot be read (gone, a folder, not allowed)."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def real_target(path: Path, root: Path | None = None) -> Path:
    """Where a write to `path` lands: the file a symbolic link points to; with `root`, it must be inside."""
    if root is not None and not is_inside(path, root):
        raise OutsideVault(f"{path}: its real location is outside the vault {root}; vaultkit does not write there")
    return path.resolve() if path.is_symlink() else path


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


def temp_path_for(target: Path) -> Path:
    """The hidden temporary file a write to `target` goes through: `.Name.md.vaultkit-tmp`."""
    return target.with_name(f".{target.name}{TEMP_SUFFIX}")


def write_temp(target: Path, data: bytes, mode: int, shared: bool) -> Path:
    """Create the temporary file, write and flush it. In the vault it is `.Name.md.vaultkit-tmp`
    (a leftover of a killed run is replaced: writers of a vault hold its write lock); a `shared`
    folder's writers hold no lock, so each gets a name of its own there."""
    if shared:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
        temp = Path(name)
    else:
        temp = temp_path_for(target)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        try:
            handle = os.open(temp, flags, 0o600)
        except FileExistsError:
            temp.unlink()
            handle = os.open(temp, flags, 0o600)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(mode)
    except BaseException:  # a full disk: no half-written temporary file stays behind
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def atomic_write(path: Path, data: bytes, expected: Snapshot | None = None, root: Path | None = None) -> bool:
    """Write `data` via a temporary file in the same folder and a rename; skip it if nothing changes.

    The file must hold what `expected` says (by default: what it held when this call began) both before
    the write and right before the rename, else ChangedOnDisk and nothing is written. With `root`, a
    path whose real location is outside it raises OutsideVault. Returns whether the file was written.
    """
    staged = Staged.write(path, data, expected, root)
    if staged is None:
        return False
    staged.put_in_place()
    return True


@dataclass(frozen=True)
class Staged:
    """A write whose data is in its temporary file, flushed, not yet in place: several notes written
    together are staged first, so a full disk stops them before any is changed."""

    path: Path  # as the caller named it (what an error names)
    target: Path  # where it lands (a link's target)
    temp: Path
    expected: Snapshot

    @classmethod
    def write(
        cls, path: Path, data: bytes, expected: Snapshot | None = None, root: Path | None = None
    ) -> Staged | None:
        """The temporary file written, the file checked to hold `expected` (as atomic_write); None
        when the file holds `data` already."""
        target = real_target(path, root)
        current = Snapshot.read(target)
        if expected is None:
            expected = current
        if current.data != expected.data:
            raise ChangedOnDisk(str(path))
        if current.data == data:
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(target.stat().st_mode) if current.data is not None else 0o666 & ~UMASK
        with _named(path):
            return cls(path, target, write_temp(target, data, mode, shared=False), expected)

    def put_in_place(self) -> None:
        """Checked right before the rename: ChangedOnDisk (and nothing written) when the file no
        longer holds what was expected. The temporary file is gone afterwards, either way."""
        try:
            with _named(self.path):
                if Snapshot.read(self.target).data != self.expected.data:
                    raise ChangedOnDisk(str(self.path))
                _put_in_place(self.temp, self.target, self.expected)
        finally:
            self.discard()

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.temp.unlink()


@contextlib.contextmanager
def _named(path: Path) -> Iterator[None]:
    """An OSError (a full disk, a read-only folder) named after the file written, not its temporary file."""
    try:
        yield
    except OSError as error:
        if error.filename is None or TEMP_SUFFIX in str(error.filename):
            raise OSError(error.errno, error.strerror, str(path)) from error
        raise


def _put_in_place(temp: Path, target: Path, expected: Snapshot) -> None:
    """Rename the temporary file onto the target. Where the system can swap two files atomically, swap
    them and check what was displaced: if it is not what the change was computed from (an edit saved
    in the instant before), swap it back and raise ChangedOnDisk. Elsewhere, that instant stays open.
    Afterwards the temporary path holds the displaced file, which the caller removes."""
    try:
        if expected.data is None:
            if rename_new(temp, target):
                return
        elif exchange(temp, target):
            # A process still writing into the displaced file: put it back, and compute again.
            if not wait_until_closed(temp) or Snapshot.read(temp).data != expected.data:
                exchange(temp, target)  # put their edit back
                raise ChangedOnDisk(str(target))
            return
    except FileExistsError:
        raise ChangedOnDisk(str(target)) from None
    except FileNotFoundError:  # the target was removed meanwhile: nothing of theirs to lose
        pass
    temp.replace(target)


def remove_leftovers(paths: Iterable[Path]) -> int:
    """Remove temporary files earlier runs left behind; returns how many were removed."""
    removed = 0
    for path in paths:
        with contextlib.suppress(OSError):
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
    return removed
