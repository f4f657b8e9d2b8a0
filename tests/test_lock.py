"""Writers share one lock per vault; a second watcher is refused at once."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from vaultkit.files import lock

Make = Callable[[dict[str, str | bytes]], Path]

HOLDER = """
import sys, time
from pathlib import Path
from vaultkit.files import lock
with lock.hold(Path(sys.argv[1]), sys.argv[2]):
    print("held", flush=True)
    time.sleep(30)
"""


def hold_in_another_process(root: Path, kind: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(root), kind], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_second_watcher_is_refused_at_once(vault: Make) -> None:
    root = vault({})
    holder = hold_in_another_process(root, "watch")
    try:
        start = time.monotonic()
        with pytest.raises(lock.Busy, match=r"another vaultkit \(process \d+\) is using"), lock.watching(root):
            pass
        assert time.monotonic() - start < 1.0
    finally:
        holder.kill()
        holder.wait()
    with lock.watching(root):  # released when the holder died
        pass


def test_a_writer_waits_then_gives_up_with_a_message(vault: Make) -> None:
    root = vault({})
    holder = hold_in_another_process(root, "write")
    try:
        with pytest.raises(lock.Busy), lock.hold(root, "write", wait=0.3):
            pass
    finally:
        holder.kill()
        holder.wait()
    with lock.hold(root, "write", wait=0.3):
        pass
