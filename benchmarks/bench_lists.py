"""Time the list commands of this round's sections as whole processes: `vaultkit today`, `revive` and
`untracked` (with `due` beside them, for comparison), on a generated vault whose index is current.

Each is run as a user runs it (a fresh process, `--json`), median of --repeat runs, against the parse
floor of the same vault measured in the same run. They answer from the index (answers.py); every
command of issue 25 is in bench_commands.py.

    python benchmarks/bench_lists.py --people 10000 --shape dense
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import command_seconds, parse_floor_seconds
from generate import SHAPES, START, generate

COMMANDS = ("due", "today", "revive", "untracked")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shape", choices=SHAPES, default="spread")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = generate(Path(folder) / "vault", args.people, 10, shape=args.shape)
        os.environ["VAULTKIT_CACHE_DIR"] = str(Path(folder) / "cache")
        vaultkit = [sys.executable, "-m", "vaultkit"]
        subprocess.run([*vaultkit, "build", str(root), "--today", str(START)], check=True, capture_output=True)
        time.sleep(3)  # the store's writer, forked by the build, finishes
        floor = statistics.median(parse_floor_seconds(root) for _ in range(args.repeat))
        print(f"{args.people:,} people, shape {args.shape}; parse floor {floor:.3f} s")
        for name in COMMANDS:
            command = [*vaultkit, name, "--vault", str(root), "--today", str(START), "--json"]
            seconds = statistics.median(command_seconds(command) for _ in range(args.repeat))
            print(f"vaultkit {name:<10} {seconds:.3f} s  ({seconds / floor:.2f} × the floor)")


if __name__ == "__main__":
    main()
