"""The benchmark table: every figure measured in the same run, on generated vaults of several sizes.

For each size (people, with a tenth as many daily notes) it prints the time of:
  io floor         read every .md file (bytes), nothing else
  parse floor      read + yaml.CSafeLoader on the front matter, one plain loop (the reference: 1.00)
  frontmatter      python-frontmatter's load() in a plain loop: what a user would write by hand
  cold build       vaultkit build with no store (the first build; a forked process writes the store)
  warm, no change  vaultkit build again, nothing changed
  warm, 1 change   vaultkit build after one note changed (a log line added); measured in turns with
                   the row above, so that both see the machine in the same state
  intros           suggested introductions alone, on the parsed vault, in this process (a cold build
                   finds them in a forked process while it computes the rest)
and the peak resident memory of a cold build (this process, and its parse worker). Times are medians
of --repeat runs (at least three, and half as many, at the largest size; the warm rows at least nine);
each with its ratio to the parse floor.

    python benchmarks/run.py                 # 1,000, 10,000 and 50,000 people
    python benchmarks/run.py --sizes 1000    # quicker
    python benchmarks/run.py --shape dense   # thousands needing and offering a handful of things
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import frontmatter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import io_floor, parse_floor
from generate import SHAPES, generate

from vaultkit.build import build
from vaultkit.memory import collection_paused
from vaultkit.network.intros import suggest_intros
from vaultkit.store.database import Store
from vaultkit.vault import Vault

TODAY = date(2026, 11, 21)


def frontmatter_loop(root: Path) -> None:
    for path in root.rglob("*.md"):
        frontmatter.load(path)


def median_time(
    work: Callable[[], object],
    repeat: int,
    before: Callable[[], object] | None = None,
    after: Callable[[], object] | None = None,
) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
        if after is not None:
            after()
    return statistics.median(times)


def last_build(root: Path) -> object:
    """The store's record of the last build (None before there is one), read as any reader would."""
    path = Store.path_for(root)
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'last'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def store_written(root: Path, before: object, people: int) -> None:
    """Let a background writer of the store (forked by a full build, not ours to wait for) finish:
    until the last build it records is not `before` any more. A warm build writes the store itself,
    and a build may have nothing new to write: at most a time in proportion to the vault."""
    deadline = time.monotonic() + 1.0 + people / 10_000
    while time.monotonic() < deadline and last_build(root) == before:
        time.sleep(0.01)
    time.sleep(0.05)  # the writer exits just after


def warm_builds(root: Path, people: int, rounds: int) -> tuple[float, float]:
    """Medians of a build with nothing to do and of a build after a log line was added to one note,
    measured in turns, so that both see the machine in the same state. The first build after a change
    is not typical and should not be the median: it may be the person's first contact, which changes
    paths and introductions and so takes a full build."""
    note = root / "People" / "Person 00001.md"

    def timed_build() -> float:
        start = time.perf_counter()
        build(root, TODAY, cache=True, background=True)
        return time.perf_counter() - start

    unchanged, changed = [], []
    for _ in range(rounds):
        an_hour_ago = time.time() - 3600  # the note as an existing one again, and the store up to date
        os.utime(note, (an_hour_ago, an_hour_ago))
        build(root, TODAY, cache=True, background=False)
        unchanged.append(timed_build())
        note.write_text(note.read_text() + "- 2026-11-21 Coffee\n")
        before = last_build(root)
        changed.append(timed_build())
        store_written(root, before, people)
    return statistics.median(unchanged), statistics.median(changed)


def peak_memory(root: Path) -> tuple[float, float]:
    """Peak RSS in MiB of a cold build in a fresh process, and of its parse worker."""
    # VmHWM, not ru_maxrss: the latter would count this (large) process, from which the child is forked
    code = (
        "import resource, sys; from datetime import date; from pathlib import Path; "
        "from vaultkit.build import build; build(Path(sys.argv[1]), date(2026, 11, 21)); "
        "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]; "
        "print(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True).stdout
    main, worker = (int(x) / 1024 for x in out.split())
    return main, worker


def measure(people: int, repeat: int, scratch: Path, shape: str = "spread") -> list[tuple[str, float, str]]:
    root = generate(scratch / f"vault-{shape}-{people}", people, max(1, people // 10), shape=shape)
    an_hour_ago = time.time() - 3600
    for path in root.rglob("*.md"):  # an existing vault, not one written a moment ago
        os.utime(path, (an_hour_ago, an_hour_ago))
    cache = scratch / f"cache-{people}"
    os.environ["VAULTKIT_CACHE_DIR"] = str(cache)
    parse_floor(root)  # warm the OS cache: every figure reads from memory
    floor = median_time(lambda: parse_floor(root), repeat)
    rows = [
        ("io floor", median_time(lambda: io_floor(root), repeat), ""),
        ("parse floor", floor, ""),
        ("frontmatter", median_time(lambda: frontmatter_loop(root), repeat), ""),
    ]

    def cold() -> None:
        build(root, TODAY, cache=True, background=True)

    def no_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def writer_done() -> None:  # so that it does not compete with the next run for the two cores
        store_written(root, None, people)

    rows.append(("cold build", median_time(cold, repeat, no_cache, writer_done), ""))
    no_cache()
    cold()
    store_written(root, None, people)
    unchanged, changed = warm_builds(root, people, max(repeat, 9))
    rows.append(("warm, no change", unchanged, ""))
    rows.append(("warm, 1 change", changed, ""))
    vault = Vault(root)
    vault.load_all()
    index = vault.index()
    with collection_paused():  # as in a build
        rows.append(("intros", median_time(lambda: suggest_intros(index, vault.config, TODAY), repeat), ""))
    main, worker = peak_memory(root)
    rows.append(("peak memory", 0.0, f"{main:.0f} MiB (+ worker {worker:.0f} MiB)"))
    lines = len((root / "Dashboard.md").read_bytes().splitlines())
    rows.append(("dashboard", 0.0, f"{lines} lines"))
    return [(name, seconds, note_text or f"{seconds / floor:.2f}") for name, seconds, note_text in rows]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shape", choices=SHAPES, default="spread", help="the generated vaults' shape (generate.py)")
    args = parser.parse_args()
    print(f"shape: {args.shape}")
    print(f"{'people':>7}  {'measure':<16} {'seconds':>8}  ratio to parse floor")
    with tempfile.TemporaryDirectory() as folder:
        for people in args.sizes:
            repeat = args.repeat if people < 50_000 else max(3, args.repeat // 2)
            for name, seconds, ratio in measure(people, repeat, Path(folder), args.shape):
                shown = f"{seconds:8.4f}" if seconds else " " * 8
                print(f"{people:>7}  {name:<16} {shown}  {ratio}", flush=True)


if __name__ == "__main__":
    main()
