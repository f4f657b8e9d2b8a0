"""Time `vaultkit watch` on a generated vault: one note saved → the new dashboard on disk.

Prints, from the same run: a full cold build (the reference), the save-to-dashboard latency minus the
quiet period the watcher waits for (median of --saves), their ratio, and the watcher's resident memory
after its first build, measured on a separate process watching a vault of --memory-people.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

from vaultkit.build import build
from vaultkit.watch import QUIET, Watcher

TODAY = date(2026, 11, 21)


def cold_build(root: Path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        build(root, TODAY)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def save_latency(root: Path, saves: int, verbose: bool = False) -> list[float]:
    lines: list[str] = []
    watcher = Watcher(root, lambda: TODAY, log=lines.append)
    thread = threading.Thread(target=watcher.run, daemon=True)
    thread.start()
    _wait(lambda: bool(lines), 120)
    dashboard = root / "Dashboard.md"
    due = re.findall(r"^- \[ \] \[\[(Person \d+)\]\]", dashboard.read_text(), re.MULTILINE)
    latencies = []
    assert saves <= len(due), f"the dashboard lists {len(due)} follow-ups; save at most that many"
    for i in range(saves):
        before = dashboard.stat().st_mtime_ns
        # someone the dashboard lists gets a log line: they leave the due list, so the dashboard changes
        note = root / "People" / f"{due[i]}.md"
        text = note.read_text() + f"- {TODAY} Long call about the new project\n"
        temp = note.with_name(f".{note.name}.tmp")
        temp.write_text(text)
        saved = time.perf_counter()
        temp.replace(note)  # an editor's atomic save
        _wait(lambda stamp=before: dashboard.stat().st_mtime_ns != stamp, 30)  # a stat is light on the GIL
        latencies.append(time.perf_counter() - saved - QUIET)
    watcher.stop()
    thread.join(timeout=10)
    if verbose:
        print("\n".join(lines))
    return latencies


def watcher_memory(root: Path) -> int:
    """VmRSS in KiB of a `vaultkit watch` process after its initial build."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "watch", str(root), "--today", TODAY.isoformat()],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        process.stderr.readline()
        status = Path(f"/proc/{process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait(condition: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("the watcher did not answer")
        time.sleep(0.002)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--daily", type=int, default=1_000)
    parser.add_argument("--saves", type=int, default=7)
    parser.add_argument("--memory-people", type=int, default=50_000)
    parser.add_argument("--verbose", action="store_true", help="print the watcher's log lines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = generate(Path(scratch) / "vault", args.people, args.daily)
        cold = cold_build(root, 3)
        latencies = save_latency(root, args.saves, args.verbose)
        latency = statistics.median(latencies)
        print(f"vault: {args.people} people, {args.daily} daily notes")
        print(f"cold build:                           {cold * 1000:.0f} ms")
        print(f"save → dashboard, minus {QUIET * 1000:.0f} ms quiet: {latency * 1000:.0f} ms (median of {args.saves})")
        print(f"ratio latency / cold build:           {latency / cold:.3f}")
    if args.memory_people:
        with tempfile.TemporaryDirectory() as scratch:
            big = generate(Path(scratch) / "vault", args.memory_people, args.daily)
            rss = watcher_memory(big)
            print(f"watcher resident memory, {args.memory_people} people: {rss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
