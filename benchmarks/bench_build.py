"""Time `vaultkit build` against the parse floor, in one run, on a generated vault.

The floor reads every `.md` and parses its front matter with yaml.CSafeLoader in one plain loop:
the least any tool that reads front matter must do. Prints both times (medians of --repeat runs taken
in turn) and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import parse_floor
from generate import generate

from vaultkit.build import build

TODAY = date(2026, 11, 21)


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def interleaved(repeat: int, *works: Callable[[], object]) -> list[float]:
    """The median time of each piece of work, runs taken in turn so that drift in the machine's
    speed (a shared, virtual machine) falls on all of them alike."""
    times: list[list[float]] = [[] for _ in works]
    for _ in range(repeat):
        for slot, work in zip(times, works, strict=True):
            slot.append(timed(work))
    return [statistics.median(slot) for slot in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--daily", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = generate(Path(scratch) / "vault", args.people, args.daily)
        parse_floor(root)  # warm the OS cache so both sides read from memory
        floor, cold = interleaved(args.repeat, lambda: parse_floor(root), lambda: build(root, TODAY))
    print(f"vault: {args.people} people, {args.daily} daily notes")
    print(f"parse floor (read + CSafeLoader): {floor:.3f} s")
    print(f"vaultkit build:                   {cold:.3f} s")
    print(f"ratio build / floor:              {cold / floor:.2f}")


if __name__ == "__main__":
    main()
