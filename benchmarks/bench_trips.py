"""Coming trips at scale (SPEC §4.14, §7): the same generated vault without trips and with 500 trip
notes (and 300 place notes putting its cities in 30 regions), measured in one run: a cold build, a
build after one log line (the warm path), a build after a trip note changed (a full build), and
`vaultkit trips --json` and `today --json` as whole processes. Prints each figure beside the vault
without trips, and the ratio.

    python benchmarks/bench_trips.py                    # 50,000 people, 500 trips
    python benchmarks/bench_trips.py --people 10000
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import START, add_trips, generate


def seconds(argv: list[str], before: Callable[[], object] | None = None, repeat: int = 3) -> float:
    """The median time of a whole process, `before` done (untimed) before each run."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def append(path: Path, line: str) -> Callable[[], None]:
    def change() -> None:
        with path.open("a", encoding="utf-8") as note:
            note.write(line)

    return change


def longer(trip: Path) -> str:
    text = trip.read_text(encoding="utf-8")
    start, _, rest = text.partition("end: ")
    day, _, tail = rest.partition("\n")
    return f"{start}end: {date.fromisoformat(day) + timedelta(days=1)}\n{tail}"


def measure(vaultkit: str, root: Path, cache: Path, repeat: int) -> dict[str, float]:
    os.environ["VAULTKIT_CACHE_DIR"] = str(cache)
    day = ["--today", str(START)]
    build = [vaultkit, "build", str(root), *day]

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    found = {"cold build": seconds(build, cold, repeat)}
    subprocess.run(build, check=True, capture_output=True)
    time.sleep(3)  # the store's writer, forked by the build, finishes
    person = root / "People/Person 00042.md"
    found["build after a log line"] = seconds(build, append(person, "- 2026-11-20 Tea\n"), repeat)
    trip = root / "Trips/Trip 0000.md"
    if trip.exists():  # one more day away: every person's lines of the trips are found again (a full build)
        found["build after a trip edit"] = seconds(build, lambda: trip.write_text(longer(trip)), repeat)
    subprocess.run(build, check=True, capture_output=True)
    time.sleep(3)
    for command in ("trips", "today"):
        found[f"{command} --json"] = seconds([vaultkit, command, str(root), *day, "--json"], repeat=repeat)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--daily", type=int, default=1_000)
    parser.add_argument("--trips", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    vaultkit = str(Path(sys.executable).with_name("vaultkit"))
    with tempfile.TemporaryDirectory() as folder:
        plain = generate(Path(folder) / "plain", args.people, args.daily)
        travelled = add_trips(generate(Path(folder) / "trips", args.people, args.daily), args.trips)
        without = measure(vaultkit, plain, Path(folder) / "cache-plain", args.repeat)
        with_trips = measure(vaultkit, travelled, Path(folder) / "cache-trips", args.repeat)
        listed = subprocess.run(
            [vaultkit, "trips", str(travelled), "--today", str(START)], check=True, capture_output=True, text=True
        ).stdout.count("\n")
    print(f"{args.people:,} people, {args.daily:,} daily notes; {args.trips} trips ({listed} coming) against none")
    print(f"{'':<26}{'no trips':>10}{'trips':>10}{'ratio':>8}")
    for name, seconds_with in with_trips.items():
        plain_seconds = without.get(name)
        if plain_seconds is None:
            print(f"{name:<26}{'':>10}{seconds_with:>10.3f}")
            continue
        print(f"{name:<26}{plain_seconds:>10.3f}{seconds_with:>10.3f}{seconds_with / plain_seconds:>8.2f}")


if __name__ == "__main__":
    main()
