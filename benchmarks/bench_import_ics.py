"""Time `vaultkit import ics`: a 5,000-event calendar into a 10,000-person vault (issue 17: under 5 s).

The vault comes from generate.py; the calendar holds one-off events whose titles name people
("Coffee with Person 01234"), events with attendees' addresses, and weekly recurring events, all in
the year before the generated vault's day. Printed: the whole command's time (a fresh process, the
index cache warm as it is for a user), a second import (which adds nothing), and the parse floor of
the same vault measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import parse_floor
from generate import START, generate


def calendar(people: int, events: int, seed: int = 5) -> str:
    rng = random.Random(seed)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//vaultkit//bench//EN"]
    for number in range(events):
        day = START - timedelta(days=rng.randint(1, 360))
        lines += ["BEGIN:VEVENT", f"UID:bench-{number}", f"DTSTART;VALUE=DATE:{day:%Y%m%d}"]
        kind = number % 10
        if kind < 7:
            lines.append(f"SUMMARY:Coffee with Person {rng.randrange(people):05d}")
        elif kind < 9:
            lines.append("SUMMARY:Project sync")
            lines += [f"ATTENDEE;CN=Guest:mailto:guest{rng.randrange(99999)}@example.com" for _ in range(3)]
        else:
            lines += [f"SUMMARY:Weekly with Person {rng.randrange(people):05d}", "RRULE:FREQ=WEEKLY;COUNT=8"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=5_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = generate(Path(folder) / "vault", args.people, 10)
        ics = Path(folder) / "calendar.ics"
        ics.write_text(calendar(args.people, args.events))
        os.environ["VAULTKIT_CACHE_DIR"] = str(Path(folder) / "cache")
        vaultkit = [sys.executable, "-m", "vaultkit"]
        subprocess.run([*vaultkit, "build", str(root), "--today", str(START)], check=True, capture_output=True)
        floor = min(_floor(root) for _ in range(3))
        command = [*vaultkit, "import", "ics", str(ics), "--vault", str(root), "--today", str(START)]
        first = timed(command)
        second = timed(command)
    print(f"vault: {args.people} people; calendar: {args.events} events")
    print(f"parse floor:           {floor:.3f} s")
    print(f"import ics, first:     {first:.3f} s ({first / floor:.2f} × the floor)")
    print(f"import ics, again:     {second:.3f} s (adds nothing)")


def _floor(root: Path) -> float:
    started = time.perf_counter()
    parse_floor(root)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
