"""How a command knows that `watch` has applied to the index every change saved before it started, so
that it may answer without listing the vault (SPEC §7), as `git status` does with an fsmonitor.

The command writes an empty hidden file, a cookie, at the vault's top (`.vaultkit-sync-….vaultkit-tmp`)
and waits for it to vanish. The watcher hears of file changes in the order they were made, so when it
hears of the cookie it has heard of every save before it; it applies them to the index (the warm
build it would run anyway, now rather than after its quiet period), waits for the index to be
written, and deletes the cookie.

A command asks only a watcher whose lock says it answers (`lock.watcher_syncs`: one that keeps the
index and hears events natively; a polling watcher sees a folder's changes in no order), and never
while it holds the write lock itself: the watcher could not apply what it heard until it is let go.
Whenever the cookie cannot be written, or it is still there after WAIT_SECONDS (the watcher is in a
long build), the command lists the vault as it would without a watcher. A cookie left by a command
killed while it waited is a leftover temporary file, removed by the next command that writes.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from pathlib import Path

from vaultkit.files import lock
from vaultkit.read.paths import TEMP_SUFFIX

COOKIE_PREFIX = ".vaultkit-sync-"
WAIT_SECONDS = 1.0
POLL_SECONDS = 0.0005
_made = itertools.count()


def is_cookie(rel: str) -> bool:
    """A vault-relative path that is a command's cookie (at the vault's top, named as only vaultkit names)."""
    return rel.startswith(COOKIE_PREFIX) and rel.endswith(TEMP_SUFFIX) and "/" not in rel


def cookie_name() -> str:
    return f"{COOKIE_PREFIX}{os.getpid()}-{next(_made)}{TEMP_SUFFIX}"


def synced(root: Path, wait: float = WAIT_SECONDS) -> bool:
    """Whether a watcher on this vault answered a cookie: it has applied every change saved before now."""
    if lock.holds(root, "write") or not lock.watcher_syncs(root):
        return False  # holding the write lock, this process would keep the watcher from answering
    cookie = root / cookie_name()
    try:
        os.close(os.open(cookie, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:  # a vault that cannot be written: list it
        return False
    deadline = time.monotonic() + wait
    while os.path.lexists(cookie):
        if time.monotonic() > deadline:
            with contextlib.suppress(OSError):
                cookie.unlink()
                return False
            return True  # it vanished as the wait ended: answered
        time.sleep(POLL_SECONDS)
    return True


def answer(cookies: list[str]) -> None:
    """The watcher's answer to cookies: each deleted (one gone already was given up by its command)."""
    for cookie in cookies:
        with contextlib.suppress(OSError):
            Path(cookie).unlink()
