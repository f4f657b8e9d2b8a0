"""Swap two files atomically where the system can (SPEC §5): Linux `renameat2(RENAME_EXCHANGE)`,
macOS `renamex_np(RENAME_SWAP)`, called through the C library. A write swaps its temporary file in
and then checks what it displaced, so no edit saved in the instant before the rename is lost.

A process that opened the file before the swap and writes to it after (an editor appending in place)
writes into the displaced file: `wait_until_closed` gives it a moment to finish before the check.

`exchange` returns False where the system or the file system cannot swap (an older kernel or C
library, Windows, some network file systems): the caller then checks and renames as before.
"""

from __future__ import annotations

import errno
import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

AT_FDCWD = -100
RENAME_NOREPLACE, RENAME_EXCHANGE = 1, 2  # Linux <linux/fs.h>
RENAME_SWAP, RENAME_EXCL = 2, 4  # macOS <stdio.h>
UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM}

Call = Callable[[bytes, bytes, int], int]


@functools.cache
def _system_call() -> tuple[Call, int, int] | None:
    """The swap and no-replace calls of this system's C library: (call, swap flag, exclusive flag).
    ctypes is imported here, by the first write: a command that writes nothing never loads it."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c") if sys.platform == "darwin" else None
    try:
        libc = ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        renameat2 = libc.renameat2
        renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        return (
            (lambda old, new, flags: int(renameat2(AT_FDCWD, old, AT_FDCWD, new, flags))),
            RENAME_EXCHANGE,
            (RENAME_NOREPLACE),
        )
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        renamex = libc.renamex_np
        renamex.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return (lambda old, new, flags: int(renamex(old, new, flags))), RENAME_SWAP, RENAME_EXCL
    return None


def _rename(old: Path, new: Path, swap: bool) -> bool:
    """One call; False where it is not supported here, OSError for any other refusal."""
    found = _system_call()
    if found is None:
        return False
    call, swap_flag, exclusive_flag = found
    if call(os.fsencode(old), os.fsencode(new), swap_flag if swap else exclusive_flag) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(new))


def exchange(one: Path, other: Path) -> bool:
    """Swap two existing files in one step; False where this system or file system cannot."""
    return _rename(one, other, swap=True)


def rename_new(old: Path, new: Path) -> bool:
    """Rename onto a name that must not exist yet (FileExistsError if it does); False where this
    system cannot do it in one step."""
    return _rename(old, new, swap=False)


QUIET_WAIT = 0.05  # seconds a write waits for another process to close the file it displaced
WRITER_WAIT = 2.0  # seconds it waits while a process has that file open for writing (an editor, descheduled)


def wait_until_closed(path: Path, timeout: float = QUIET_WAIT, writer_timeout: float = WRITER_WAIT) -> bool:
    """Give a process that opened the file before it was swapped out (an editor appending in place)
    the moment it needs to finish: wait until nobody else has it open (Linux: a write lease is only
    granted then). After `timeout`, a file others have open only for reading (a pager, a sync client
    reading it) is taken as closed; one a process has open for writing is waited for up to
    `writer_timeout` (on a loaded machine an editor can be descheduled between its `open` and its
    `write` for longer than any short wait: that is how lines were lost). False when a writer still
    has it open then: the caller puts the file back, so whatever it writes lands in the note, and
    computes the change again. True at once where this cannot be known (macOS, Windows)."""
    try:
        import fcntl
    except ImportError:  # Windows
        return True
    lease = getattr(fcntl, "F_SETLEASE", None)
    if lease is None:  # macOS: no leases
        return True
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        started = time.monotonic()
        writers: bool | None = None  # not looked at yet
        while True:
            try:
                fcntl.fcntl(fd, lease, fcntl.F_WRLCK)
            except BlockingIOError:  # someone else has it open
                waited = time.monotonic() - started
                if waited >= timeout and writers is None:
                    writers = open_for_writing(fd)
                    if not writers:
                        return True
                if waited >= writer_timeout:
                    return not open_for_writing(fd)
                time.sleep(0.0005)
                continue
            except OSError:  # not on this file system, or not the file's owner
                return True
            fcntl.fcntl(fd, lease, fcntl.F_UNLCK)
            return True
    finally:
        os.close(fd)


def open_for_writing(fd: int) -> bool:
    """Whether another process has the file of `fd` open for writing (Linux: its `/proc/PID/fd` and
    `fdinfo`, for the processes this user may look at). Looked at only when a lease is refused."""
    mine = os.fstat(fd)
    me = str(os.getpid())
    try:
        processes = [entry.name for entry in os.scandir("/proc") if entry.name.isdigit() and entry.name != me]
    except OSError:
        return False
    for pid in processes:
        try:
            descriptors = list(os.scandir(f"/proc/{pid}/fd"))
        except OSError:  # gone, or another user's
            continue
        for entry in descriptors:
            try:
                info = entry.stat()  # of the file the descriptor is open on
                if (info.st_ino, info.st_dev) != (mine.st_ino, mine.st_dev):
                    continue
                with open(f"/proc/{pid}/fdinfo/{entry.name}", encoding="ascii") as fdinfo:
                    flags = next((line.split()[1] for line in fdinfo if line.startswith("flags:")), "0")
            except (OSError, IndexError):
                continue
            if int(flags, 8) & os.O_ACCMODE != os.O_RDONLY:
                return True
    return False
