"""`vaultkit mcp` (SPEC §9): the round trip of a tool call (the client's request to its answer, the
server already running, the index current) beside the same command's whole process (`--json`), at
50,000 people, with the parse floor of the same vault measured in the same run. Each call brings the
index up to date first, as a command does, so a round trip is the command less Python's start and
imports. Also `vaultkit --help` against its start figure (50 ms): the SDK is imported by `mcp` alone.

    python benchmarks/bench_mcp.py --people 50000
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, TextIO

import anyio
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_commands import START_MS, indexed_vault, measured, median_of
from generate import SHAPES, START

TIMEOUT = 600.0


def calls(root: Path) -> list[tuple[str, dict[str, Any], list[str]]]:
    """Each tool with its arguments, and the command line it answers as."""
    vault, day = ["--vault", str(root)], ["--today", str(START)]
    listed = ["today", "due", "milestones", "news", "promises", "paths", "revive", "untracked"]
    found = [(name, {}, [name, *vault, *day, "--json"]) for name in listed]
    found += [
        ("intros", {}, ["intros", *vault, *day, "--json"]),
        ("intros_in_flight", {}, ["intros", "--in-flight", *vault, *day, "--json"]),
        ("share", {}, ["share", *vault, *day, "--json"]),
        ("who", {"query": "rust"}, ["who", "rust", *vault, *day, "--json"]),
        ("brief", {"name": "Person 00042"}, ["brief", "Person 00042", *vault, *day, "--json"]),
        ("draft_intro", {"a": "Person 00042", "b": "Person 00043"}, []),  # `intro` records: no command to time
        ("log", {"name": "Person 00043", "text": "Coffee"}, ["log", "Person 00043", "Coffee", *vault, *day]),
    ]
    return found


async def round_trips(root: Path, repeat: int, errlog: TextIO) -> dict[str, float]:
    """The median seconds of `repeat` calls of each tool, over one session (the server's --verbose
    lines, each call's time inside the server, to `errlog`)."""
    parameters = StdioServerParameters(
        command=str(Path(sys.executable).with_name("vaultkit")),
        args=["mcp", "--vault", str(root), "--today", str(START), "--allow-writes", "--verbose"],
        env={"VAULTKIT_CACHE_DIR": os.environ["VAULTKIT_CACHE_DIR"]},
    )
    found: dict[str, float] = {}
    async with stdio_client(parameters, errlog) as (read, write), ClientSession(read, write) as session:
        with anyio.fail_after(TIMEOUT):
            await session.initialize()
            start = time.perf_counter()
            await session.call_tool("due", {})  # the server's first call imports what answering takes
            found["first call (due)"] = time.perf_counter() - start
        for name, arguments, _ in calls(root):
            times = []
            for _ in range(1 if name == "log" else repeat):
                start = time.perf_counter()
                with anyio.fail_after(TIMEOUT):
                    result = await session.call_tool(name, arguments)
                times.append(time.perf_counter() - start)
                if getattr(result, "is_error", False):
                    raise SystemExit(f"{name}: {result}")
            found[name] = statistics.median(times)
        found["server peak MB"] = server_peak_mb(root)
    return found


def server_peak_mb(root: Path) -> float:
    """The peak resident memory of the running server (Linux: VmHWM of the process serving `root`)."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            argv = (status.parent / "cmdline").read_bytes().split(b"\0")
            if b"mcp" in argv and str(root).encode() in argv:
                peak = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM:"))
                return int(peak.split()[1]) / 1024
        except (OSError, StopIteration):
            continue
    return float("nan")


def in_server(log: str) -> dict[str, float]:
    """The median milliseconds each tool took inside the server, from its --verbose lines."""
    times: dict[str, list[float]] = {}
    for tool, ms in re.findall(r"^\S+ (\w+)\(.*\) → .* \((\d+) ms\)$", log, re.MULTILINE):
        times.setdefault(tool, []).append(float(ms))
    return {tool: statistics.median(found[1:] or found) for tool, found in times.items()}  # `due`'s first: imports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--daily", type=int, default=1_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shape", choices=SHAPES, default="spread")
    args = parser.parse_args()
    vaultkit = str(Path(sys.executable).with_name("vaultkit"))
    with tempfile.TemporaryDirectory() as folder:
        root = indexed_vault(Path(folder), args, vaultkit)
        commands = {
            name: median_of([vaultkit, *argv], args.repeat) for name, _, argv in calls(root) if argv and name != "log"
        }  # first: the index as the build left it; the session's `log` changes a note
        with tempfile.TemporaryFile("w+", encoding="utf-8") as errlog:
            started = time.perf_counter()
            trips = anyio.run(round_trips, root, args.repeat, errlog)
            print(f"one session, {args.repeat} calls a tool, in {time.perf_counter() - started:.1f} s")
            errlog.seek(0)
            inside = in_server(errlog.read())
        commands["log"] = measured([vaultkit, *calls(root)[-1][2]])
        print(f"first call of the session (due, with the imports of answering): {trips['first call (due)']:.3f} s")
        print(f"the server's peak memory over the session: {trips['server peak MB']:.0f} MB")
        print(f"{'tool':<20}{'round trip s':>14}{'in server s':>13}{'command s':>11}{'peak MB':>9}")
        for name, _, _ in calls(root):
            seconds, peak = commands.get(name, (0.0, 0.0))
            whole = f"{seconds:>11.3f}{peak:>9.0f}" if name in commands else f"{'-':>11}{'-':>9}"
            print(f"{name:<20}{trips[name]:>14.3f}{inside.get(name, 0) / 1000:>13.3f}{whole}")
    python = median_of([sys.executable, "-c", "pass"], 15)[0]
    seconds = median_of([vaultkit, "--help"], 15)[0]
    ok = "ok" if seconds * 1000 <= START_MS else "OVER"
    print(f"vaultkit --help {seconds * 1000:.1f} ms (python -c pass: {python * 1000:.1f} ms; target {START_MS})  {ok}")


if __name__ == "__main__":
    main()
