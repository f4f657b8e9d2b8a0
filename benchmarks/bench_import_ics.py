"""Time `vaultkit import ics`: a 5,000-event calendar into a 10,000-person vault (issue 17: under 5 s).

The vault comes from generate.py; the calendar holds one-off events whose titles name people
("Coffee with Person 01234"), events with attendees' addresses, and weekly recurring events, all in
the year before the generated vault's day. Printed: the whole command's time (a fresh process, the
index cache warm as it is for a user), a second import (which adds nothing), and the parse floor of
the same vault measured in the same run.

Then the hostile shapes the import bounds (SPEC §8): one daily meeting of 30 years (`--since` 30 years
back) into one note, and a `FREQ=MINUTELY` rule since year 1, both into a small vault, each against a
floor of the same run: a single-event import of the same vault.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import command_seconds, parse_floor_seconds
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
        floor = min(parse_floor_seconds(root) for _ in range(3))
        command = [*vaultkit, "import", "ics", str(ics), "--vault", str(root), "--today", str(START)]
        first = command_seconds(command)
        second = command_seconds(command)
    print(f"vault: {args.people} people; calendar: {args.events} events")
    print(f"parse floor:           {floor:.3f} s")
    print(f"import ics, first:     {first:.3f} s ({first / floor:.2f} × the floor)")
    print(f"import ics, again:     {second:.3f} s (adds nothing)")
    long_rules()


LONG_RULES = {
    "one event (the floor)": ("19961121T100000Z", "FREQ=DAILY;COUNT=1"),
    "daily for 30 years": ("19961121T100000Z", "FREQ=DAILY"),
    "minutely since year 1": ("00010101T000000Z", "FREQ=MINUTELY"),
    "secondly, no end": ("20260101T000000Z", "FREQ=SECONDLY"),
}


def long_rules() -> None:
    """Rules that once hung the import: each into a one-person vault, as a fresh process."""
    vaultkit = [sys.executable, "-m", "vaultkit"]
    times = {}
    for name, (start, rule) in LONG_RULES.items():
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "vault"
            (root / ".obsidian").mkdir(parents=True)
            (root / "People").mkdir()
            (root / "People/Ana Rao.md").write_text("---\ntie: strong\n---\n", encoding="utf-8")
            ics = Path(folder) / "long.ics"
            ics.write_text(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:long\r\nSUMMARY:Stand-up with Ana Rao\r\n"
                f"DTSTART:{start}\r\nRRULE:{rule}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            )
            os.environ["VAULTKIT_CACHE_DIR"] = str(Path(folder) / "cache")
            since = str(START - timedelta(days=365 * 30 + 8))
            command = [*vaultkit, "import", "ics", str(ics), "--vault", str(root), "--today", str(START)]
            times[name] = command_seconds([*command, "--since", since])
            lines = (root / "People/Ana Rao.md").read_text(encoding="utf-8").count("(calendar)")
        floor = times["one event (the floor)"]
        print(f"{name + ':':<28}{times[name]:.3f} s ({times[name] / floor:.2f} × the floor), {lines:,} lines")


if __name__ == "__main__":
    main()
