"""Message imports as whole processes (issue 26): a generated mbox of --messages mails (about 5 KB
each: 200,000 make a gigabyte) into a vault of --people people with e-mail addresses, and a WhatsApp
group export of --lines lines; seconds, throughput and peak resident memory of each run, with the
time `cat` takes to read the same file (the floor: reading it at all) measured in the same run.

    python benchmarks/bench_messages.py --messages 200000 --people 10000

Then the hostile exports (issue 31): a chat of one --long-line MB line, a zip whose chat declares 2 KB
and inflates to --bomb MB, and a link to /dev/zero given as the export: each one's time and peak
resident memory, against the floor of the same run, a small chat's import (the bound does not grow
with the file: each is refused, or read a bounded line at a time).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import START

BODY = ("The numbers for the river documentary are in; see the attached budget and call me. " * 60 + "\n") * 1


def vault_of(root: Path, people: int) -> Path:
    (root / "People").mkdir(parents=True)
    (root / ".obsidian").mkdir()
    for n in range(people):
        note = f"---\nemail: person{n}@example.com\ncadence: 3m\nphone: '+44 7700 {n:06d}'\n---\n# Person {n:05d}\n"
        (root / "People" / f"Person {n:05d}.md").write_text(note)
    (root / "vaultkit.yaml").write_text("me: [me@example.com, Me]\n")
    hour_ago = time.time() - 3600  # notes saved a while ago, as a user's are: the index can trust them
    for path in root.rglob("*.md"):
        os.utime(path, (hour_ago, hour_ago))
    return root


def mbox_of(path: Path, messages: int, people: int, seed: int = 7) -> Path:
    """Gmail Takeout's layout: a `From ` line, headers, a blank line, a body, a blank line."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(messages):
            day = START - timedelta(days=rng.randint(0, 400))
            other = f"person{rng.randint(0, people * 2)}@example.com"  # half of them in the vault
            sender, to = ("me@example.com", other) if n % 2 else (other, "me@example.com")
            extra = "List-Id: <film.lists.example>\n" if n % 17 == 0 else ""
            out.write(
                f"From 17845012345{n:08d}@xxx Wed Nov 18 09:14:03 +0000 2026\n"
                f"X-GM-THRID: 17845012345{n:08d}\nX-Gmail-Labels: Inbox\nMIME-Version: 1.0\n"
                f"Date: {day:%a, %d %b %Y} 09:{n % 60:02d}:00 +0100\nFrom: Someone <{sender}>\nTo: {to}\n"
                f"Subject: =?UTF-8?Q?Budget_=E2=80=94_part_{n}?=\n{extra}Content-Type: text/plain; charset=UTF-8\n\n"
                f"{BODY}\n"
            )
    return path


def whatsapp_of(path: Path, lines: int, members: int, seed: int = 7) -> Path:
    """A chat of two (members 1: you and Person 00001) or a group, as Android exports it, in date order."""
    rng = random.Random(seed)
    first = START - timedelta(days=1000)
    with path.open("w", encoding="utf-8") as out:
        if members > 1:
            out.write(f'{first:%d/%m/%Y}, 09:00 - Me created group "Film club"\n')
        for n in range(lines):
            day: date = first + timedelta(days=n * 1000 // lines)
            if members == 1:
                who = "Me" if n % 2 else "Person 00001"
            else:
                who = f"Person {rng.randint(0, members - 1):05d}" if n % 7 else "\u202a+44 7700 000123\u202c"
            out.write(f"{day:%d/%m/%Y}, 19:{n % 60:02d} - {who}: message number {n} about the screening\n")
            if n % 10 == 0:
                out.write("and a second line of the same message\n")
    return path


def measured(argv: list[str], refused: bool = False) -> tuple[float, float]:
    """Seconds and peak resident MB of a whole process; `refused`: it must exit 2 (a refusal), else 0."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status) != (2 if refused else 0):
        raise SystemExit(f"{argv} failed ({status})")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def long_line_of(path: Path, megabytes: int) -> Path:
    with path.open("wb") as out:
        out.write(b"18/11/2026, 09:14 - Person 00001: ")
        for _ in range(megabytes):
            out.write(b"x" * (1 << 20))
        out.write(b"\n19/11/2026, 09:15 - Person 00001: and then\n")
    return path


def bomb_of(path: Path, megabytes: int) -> Path:
    """A zip whose `_chat.txt` inflates to `megabytes` MB while its headers declare 2 KB."""
    import struct
    import zlib

    line = b"18/11/2026, 09:14 - Person 00001: the same line again and again\n"
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = line * ((1 << 20) // len(line))
    packed = b"".join(deflate.compress(chunk) for _ in range(megabytes)) + deflate.flush()
    name = b"_chat.txt"
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, len(packed), 2048, len(name), 0)
    central = struct.pack(
        "<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, 0, len(packed), 2048, len(name), 0, 0, 0, 0, 0, 0
    )
    body = local + name + packed
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, 1, 1, len(central) + len(name), len(body), 0)
    path.write_bytes(body + central + name + end)
    return path


def hostile(scratch: Path, root: Path, vaultkit: str, long_line: int, bomb: int) -> None:
    since = ["--today", str(START), "--since", str(START - timedelta(days=1100))]
    small = whatsapp_of(scratch / "WhatsApp Chat with Person 00001.txt", 100, 1)
    _, floor = measured([vaultkit, "import", "whatsapp", str(small), "--vault", str(root), *since, "--dry-run"])
    print(f"hostile exports; floor: a 100-line chat's import, peak {floor:,.0f} MB")
    link = scratch / "WhatsApp Chat with zero.txt"
    link.symlink_to("/dev/zero")
    long = long_line_of(scratch / "WhatsApp Chat with long.txt", long_line)
    cases = [
        (f"a chat of one {long_line:,} MB line", long, False),
        (f"a zip declaring 2 KB, inflating to {bomb:,} MB", bomb_of(scratch / "WhatsApp Chat - bomb.zip", bomb), True),
        ("a link to /dev/zero", link, True),
    ]
    for label, path, refused in cases:
        argv = [vaultkit, "import", "whatsapp", str(path), "--vault", str(root), *since, "--dry-run"]
        seconds, peak = measured(argv, refused)
        verdict = "refused" if refused else "read"
        print(f"  {label:<44}{seconds:6.2f} s, peak {peak:,.0f} MB ({peak - floor:+,.0f} MB over the floor), {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--long-line", type=int, default=200, help="MB of the one-line chat")
    parser.add_argument("--bomb", type=int, default=1024, help="MB the zip's chat inflates to")
    parser.add_argument("--hostile-only", action="store_true", help="only the hostile exports")
    args = parser.parse_args()
    vaultkit = str(Path(sys.executable).with_name("vaultkit"))
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        os.environ["VAULTKIT_CACHE_DIR"] = str(scratch / "cache")
        root = vault_of(scratch / "vault", args.people)
        today = ["--today", str(START), "--since", str(START - timedelta(days=500))]
        subprocess.run([vaultkit, "build", str(root), *today[:2]], check=True, capture_output=True)
        hostile(scratch, root, vaultkit, args.long_line, args.bomb)
        if args.hostile_only:
            return
        mail = mbox_of(scratch / "All mail.mbox", args.messages, args.people)
        size = mail.stat().st_size / 1e6
        floor = measured(["cat", str(mail)])[0]
        print(f"mbox: {args.messages:,} messages, {size:,.0f} MB; vault of {args.people:,} people")
        print(f"  reading it (cat):          {floor:6.2f} s  ({size / floor:,.0f} MB/s)")
        for label, extra in (("import mbox --dry-run", ["--dry-run"]), ("import mbox", []), ("import mbox again", [])):
            seconds, peak = measured([vaultkit, "import", "mbox", str(mail), "--vault", str(root), *today, *extra])
            print(f"  {label:<26}{seconds:6.2f} s  ({size / seconds:,.0f} MB/s), peak {peak:,.0f} MB")
        since = ["--today", str(START), "--since", str(START - timedelta(days=1100))]
        for label, members in (("a chat of two", 1), ("a group of 200", 200)):
            chat = whatsapp_of(scratch / f"WhatsApp Chat with {label}.txt", args.lines, members)
            seconds, peak = measured([vaultkit, "import", "whatsapp", str(chat), "--vault", str(root), *since])
            print(f"whatsapp, {label}: {args.lines:,} lines  {seconds:6.2f} s, peak {peak:,.0f} MB")


if __name__ == "__main__":
    main()
