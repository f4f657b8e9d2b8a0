"""The floors every benchmark compares against: the least any tool reading a vault must do."""

from __future__ import annotations

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
