"""What a process holds that a forked helper must let go of: the file locks (files/lock.py registers
them here), so that a template's render or the store's writer never keeps a lock past its parent's."""

from __future__ import annotations

import contextlib
import os
from typing import IO

_held: list[IO[str]] = []  # locks this process holds


def holding(handle: IO[str]) -> None:
    _held.append(handle)


def released(handle: IO[str]) -> None:
    if handle in _held:
        _held.remove(handle)


def forget_inherited() -> None:
    """In a forked helper process: drop its copies of the parent's locks, which stay the parent's."""
    for handle in _held:
        with contextlib.suppress(OSError):
            os.close(handle.fileno())
    _held.clear()
