"""Every regular expression vaultkit compiles, over hostile lines (issue 31): each character vaultkit's
patterns look at, alone and in pairs, repeated into one line of --size characters, and the shapes that
once made a pattern scan a line again from each position. Prints, for each pattern, its worst time
at --size and at four times that, and the ratio (about 4 for a linear pattern; 16 for a quadratic
one), against the floor measured in the same run: `str.count` over the same lines.

    python benchmarks/bench_patterns.py --size 8000
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import time

import vaultkit

CHARS = "\"'{}%$a `[]()#:!@-_ \t\n\\|^&<>*+=~.,;0123456789xX/📅✅🔁\r"
SHAPES = ("[a:: ", "(a:: ", "[[a", "- [ ] ", "2026-01-01 ", "[[2026-01-01")


def lines(size: int) -> list[str]:
    found = [char * size for char in CHARS]
    found += [(one + other) * (size // 2) for one in CHARS for other in "a `[(:#@ -0\n"]
    found += [shape * (size // len(shape)) for shape in SHAPES]
    found += ["`" * 50 + "a" * size, " " * size + "#", "a" * size + " @"]
    return found


def patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for module in pkgutil.walk_packages(vaultkit.__path__, "vaultkit."):
        if module.name == "vaultkit.__main__":
            continue
        for name, value in vars(importlib.import_module(module.name)).items():
            values = value.items() if isinstance(value, dict) else [(None, value)]
            for key, pattern in values:
                if isinstance(pattern, re.Pattern) and isinstance(pattern.pattern, str):
                    found.append((f"{module.name}.{name}" + (f"[{key}]" if key else ""), pattern))
    return found


def worst(pattern: re.Pattern[str], texts: list[str]) -> float:
    slowest = 0.0
    for text in texts:
        started = time.perf_counter()
        pattern.findall(text)
        pattern.sub("", text)
        slowest = max(slowest, time.perf_counter() - started)
    return slowest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=8000)
    args = parser.parse_args()
    small, large = lines(args.size), lines(args.size * 4)
    floor = time.perf_counter()
    for text in large:
        text.count("x")
    floor = time.perf_counter() - floor
    found = patterns()
    shown = f"{len(large)} lines of {args.size * 4:,} characters"
    print(f"{len(found)} patterns, {shown}; floor (str.count over them) {floor * 1000:.2f} ms")
    rows = []
    for name, pattern in found:
        one, four = worst(pattern, small), worst(pattern, large)
        rows.append((four / max(one, 1e-6), name, one, four))
    for ratio, name, one, four in sorted(rows, reverse=True)[:15]:
        print(f"  {name:55} {one * 1000:8.2f} ms -> {four * 1000:8.2f} ms   x{ratio:5.1f}")
    print("(the 15 that grew most; a linear pattern grows about 4 times, plus noise at small times)")


if __name__ == "__main__":
    main()
