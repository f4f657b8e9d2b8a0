"""Promises from a hostile note (issue 31): one person note of --size bytes of task lines shaped to
make a backtracking pattern scan a line again from every position (`[a:: [a:: …` with no `]`, runs
of backticks of growing length, a `#news` after thousands of spaces, an address field of one long
word). Prints the parse of the note, its tasks alone, and `promises` and `build` as whole processes
with `--no-cache`, against the floor measured in the same run: reading the file at all.

    python benchmarks/bench_promises.py --size 1000000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floors import seconds

# Lines each of which once took time quadratic in its length (SPEC §7: nothing unbounded).
HOSTILE_LINES = (
    "- [ ] ask [[Sam]] " + "[a:: " * 2000,  # Dataview fields with no `]`
    "- [ ] ask [[Sam]] " + "(a:: " * 2000,  # nor `)`
    "- [ ] ask [[Sam]] " + "".join("`" * k + "x" for k in range(1, 120)),  # code spans with no partner
    "- [ ] ask [[Sam]] " + "🔁 " * 3000 + "📅 2026-11-25",  # the Tasks plugin's fields
    "- [ ] ask [[Sam]] " + " ^a" * 3000 + " x",  # block ids
    "- [ ] ask [[Sam]] #news " + " " * 8000 + "x",  # spaces before no tag
    "- [ ] " + "[[" * 3000,  # links that never close
    "- [ ] [[Sam]] " + "&" * 3000 + "a" * 3000,  # entities
    "- [x] " + "✅ " * 3000 + "[[Sam]]",  # done dates with no date
)


def hostile_note(size: int) -> str:
    """A person note of about `size` bytes: front matter with a one-word address field, the task
    lines above over and over, and a log whose `#news` line ends after thousands of spaces."""
    lines: list[str] = []
    total = 0
    while total < size:
        line = HOSTILE_LINES[len(lines) % len(HOSTILE_LINES)]
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    head = "---\ncadence: 1w\nemail: " + "a" * 20000 + " @x\n---\n# Sam\n\n"
    log = "\n## Log\n- 2026-11-01 Now CEO" + " " * 8000 + "x (LinkedIn) #news\n"
    return head + "\n".join(lines) + "\n" + log


def hostile_vault(root: Path, size: int) -> Path:
    (root / ".obsidian").mkdir(parents=True, exist_ok=True)
    (root / "People").mkdir(exist_ok=True)
    (root / "People/Sam.md").write_text(hostile_note(size), encoding="utf-8")
    (root / "People/Bo.md").write_text("---\ncadence: 1w\n---\n# Bo\n- [ ] call [[Sam]] 📅 2026-11-25\n")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    args = parser.parse_args()

    from vaultkit.read.config import Config
    from vaultkit.read.parse import parse_bytes
    from vaultkit.read.tasks import read_tasks

    vaultkit = str(Path(sys.executable).with_name("vaultkit"))
    with tempfile.TemporaryDirectory() as folder:
        root = hostile_vault(Path(folder) / "vault", args.size)
        note = root / "People/Sam.md"
        data = note.read_bytes()
        text = data.decode("utf-8")
        floor = min(seconds(note.read_bytes) for _ in range(5))
        parse = min(seconds(lambda: parse_bytes("People/Sam.md", data, Config())) for _ in range(3))
        tasks = min(seconds(lambda: read_tasks(text, 1, True)) for _ in range(3))
        env = os.environ | {"VAULTKIT_CACHE_DIR": str(Path(folder) / "cache")}
        day = ["--today", "2026-11-21", "--no-cache"]

        def command(*words: str) -> float:
            started = time.perf_counter()
            subprocess.run([vaultkit, *words, *day], check=True, capture_output=True, env=env)
            return time.perf_counter() - started

        promises = command("promises", "--json", "--vault", str(root))
        brief = command("brief", "Sam", "--vault", str(root))
        build = command("build", str(root))
        count = len(read_tasks(text, 1, True))
    print(f"a hostile note of {len(data):,} bytes, {len(text.splitlines()):,} lines, {count:,} tasks read")
    print(f"  floor: reading the file              {floor * 1000:9.2f} ms")
    print(f"  the note parsed (front matter, body) {parse * 1000:9.2f} ms  ({parse / floor:,.0f}x the floor)")
    print(f"  its tasks alone (read_tasks)         {tasks * 1000:9.2f} ms  ({tasks / floor:,.0f}x the floor)")
    print(f"  promises --json --no-cache (process) {promises * 1000:9.2f} ms")
    print(f"  brief Sam --no-cache (process)       {brief * 1000:9.2f} ms")
    print(f"  build --no-cache (process)           {build * 1000:9.2f} ms")


if __name__ == "__main__":
    main()
