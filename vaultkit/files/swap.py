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


def wait_until_closed(path: Path, timeout: float = QUIET_WAIT) -> None:
    """Give a process that opened the file before it was swapped out (an editor appending in place)
    the moment it needs to finish: wait until nobody else has it open (Linux: a write lease is only
    granted then), at most `timeout`. Returns at once where this cannot be known."""
    try:
        import fcntl
    except ImportError:  # Windows
        return
    lease = getattr(fcntl, "F_SETLEASE", None)
    if lease is None:  # macOS: no leases
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.fcntl(fd, lease, fcntl.F_WRLCK)
            except BlockingIOError:  # someone else has it open
                if time.monotonic() >= deadline:
                    return
                time.sleep(0.0005)
                continue
            except OSError:  # not on this file system, or not the file's owner
                return
            fcntl.fcntl(fd, lease, fcntl.F_UNLCK)
            return
    finally:
        os.close(fd)
