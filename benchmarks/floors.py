"""The floors every benchmark compares against: the least any tool reading a vault must do."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import yaml


def io_floor(root: Path) -> int:
    """Read every `.md` file as bytes."""
    return sum(len(path.read_bytes()) for path in root.rglob("*.md"))


def parse_floor(root: Path) -> int:
    """Read every `.md` and parse its front matter with yaml.CSafeLoader, in one plain loop."""
    count = 0
    for path in root.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            end = text.find("\n---", 4)
            if end != -1:
                yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        count += 1
    return count


def seconds(work: Callable[[], object]) -> float:
    """How long one call of `work` takes, wall clock."""
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def command_seconds(command: list[str]) -> float:
    """How long a whole command takes as a fresh process (it must succeed)."""
    return seconds(lambda: subprocess.run(command, check=True, capture_output=True))


def parse_floor_seconds(root: Path) -> float:
    """The parse floor of a vault, in seconds."""
    return seconds(lambda: parse_floor(root))
