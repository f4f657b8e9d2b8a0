"""Every reading command as a whole process on a vault whose index is current (SPEC §7, issue 25):
median seconds of --repeat runs and the peak resident memory of the process, against the targets
(0.3 s and 100 MB at 50,000 people), with the parse floor of the same vault measured in the same run.
Each again with `vaultkit watch` running (target 0.1 s: the command asks the watcher instead of
listing the vault). Also `vaultkit --help` and `--version` (target 50 ms), beside `python -c pass`,
and a build with nothing to do.

    python benchmarks/bench_commands.py --people 50000 --shape spread
    python benchmarks/bench_commands.py --only brief --only who    # some of them
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import parse_floor_seconds
from generate import SHAPES, START, generate

TARGET_SECONDS, TARGET_MB, START_MS, WATCHED_SECONDS = 0.3, 100, 50, 0.1


@contextlib.contextmanager
def watch_running(vaultkit: str, root: Path) -> Iterator[None]:
    """`vaultkit watch` on the vault, from the moment it says it answers commands (files/sync.py)."""
    from vaultkit.files.lock import watcher_syncs

    watcher = subprocess.Popen(
        [vaultkit, "watch", str(root), "--today", str(START), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while not watcher_syncs(root):
            if watcher.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("watch did not start")
            time.sleep(0.1)
        yield
    finally:
        watcher.send_signal(signal.SIGINT)
        watcher.wait(timeout=60)


def commands(root: Path) -> list[tuple[str, list[str]]]:
    """Every reading command, as a user types them."""
    vault, day = ["--vault", str(root)], ["--today", str(START)]
    someone = "Person 00042"
    listed = ["due", "milestones", "news", "balance", "share", "paths", "today", "promises", "revive", "untracked"]
    listed += ["people", "duplicates", "trips"]
    found = [(name, [name, *vault, *day, "--json"]) for name in listed]
    found += [
        ("intros", ["intros", *vault, *day, "--json"]),
        ("intros --in-flight", ["intros", "--in-flight", *vault, *day, "--json"]),
        ("who", ["who", "rust", *vault, *day, "--json"]),
        ("brief", ["brief", someone, *vault, *day, "--json"]),
        ("check", ["check", *vault, *day]),
        ("build (nothing to do)", ["build", *vault, *day]),
        ("log (one line)", ["log", "Person 00043", "Coffee", *vault, *day]),  # last: it changes a note
    ]
    return found


def measured(argv: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of one run of a process."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def median_of(argv: list[str], repeat: int) -> tuple[float, float]:
    runs = [measured(argv) for _ in range(repeat)]
    return statistics.median(s for s, _ in runs), max(m for _, m in runs)


def indexed_vault(folder: Path, args: argparse.Namespace, vaultkit: str) -> Path:
    """A generated vault (`--people`, `--daily`, `--shape`) in `folder`, its index written by a build
    and a check (with its cache in `folder`); prints it with its parse floor."""
    root = generate(folder / "vault", args.people, args.daily, shape=args.shape)
    os.environ["VAULTKIT_CACHE_DIR"] = str(folder / "cache")
    subprocess.run([vaultkit, "build", str(root), "--today", str(START)], check=True, capture_output=True)
    subprocess.run([vaultkit, "check", str(root), "--today", str(START)], capture_output=True)
    time.sleep(5)  # the store's writer, forked by the build, finishes
    floor = statistics.median(parse_floor_seconds(root) for _ in range(3))
    print(f"{args.people:,} people, {args.daily:,} daily notes, shape {args.shape}; parse floor {floor:.3f} s")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--daily", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shape", choices=SHAPES, default="spread")
    parser.add_argument("--only", action="append", default=[], metavar="COMMAND", help="time only these (repeat)")
    args = parser.parse_args()
    vaultkit = str(Path(sys.executable).with_name("vaultkit"))
    names = {name for name, _ in commands(Path()) if not args.only or name in args.only}
    with tempfile.TemporaryDirectory() as folder:
        root = indexed_vault(Path(folder), args, vaultkit)
        chosen = [(name, argv) for name, argv in commands(root) if name in names]
        alone = {name: median_of([vaultkit, *argv], args.repeat) for name, argv in chosen}
        with watch_running(vaultkit, root):
            watched = {name: median_of([vaultkit, *argv], args.repeat) for name, argv in chosen}
        print(f"targets: {TARGET_SECONDS} s and {TARGET_MB} MB; with watch running {WATCHED_SECONDS} s")
        print(f"{'command':<24}{'seconds':>9}{'peak MB':>9}{'watched':>9}{'peak MB':>9}")
        for name, (seconds, peak) in alone.items():
            seen, seen_peak = watched[name]
            ok = seconds <= TARGET_SECONDS and peak <= TARGET_MB and seen <= WATCHED_SECONDS and seen_peak <= TARGET_MB
            print(f"{name:<24}{seconds:>9.3f}{peak:>9.0f}{seen:>9.3f}{seen_peak:>9.0f}  {'ok' if ok else 'OVER'}")
    python = median_of([sys.executable, "-c", "pass"], 15)[0]
    libraries = median_of([sys.executable, "-c", "import click, msgspec, sqlite3"], 15)[0]
    print(f"python importing click, msgspec and sqlite3 (what every command loads): {libraries * 1000:.1f} ms")
    for flag in ("--help", "--version"):
        seconds = median_of([vaultkit, flag], 15)[0]
        ok = "ok" if seconds * 1000 <= START_MS else "OVER"
        print(f"vaultkit {flag:<15}{seconds * 1000:>9.1f} ms (python -c pass: {python * 1000:.1f} ms)  {ok}")


if __name__ == "__main__":
    main()
