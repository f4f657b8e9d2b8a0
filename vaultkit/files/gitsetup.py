"""Git's side of the merge drivers (files/gitmerge.py; SPEC §5): the `.gitattributes` lines that name
them, this clone's git config for them, and the check `build` and `check` run on every call: a fresh
clone whose config lacks them (the attributes are committed, the config is not)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.read.config import Config

DASHBOARD_DRIVER = "vaultkit-dashboard"
NOTES_DRIVER = "vaultkit-notes"
DRIVER_NAMED = re.compile(r"\bmerge=(vaultkit-[a-z]+)\b")


def git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)


def in_git(folder: Path) -> bool:
    return shutil.which("git") is not None and git(folder, "rev-parse", "--show-toplevel").returncode == 0


def _pattern(path: str) -> str:
    pattern = "/" + path
    if any(char.isspace() or char == '"' for char in pattern):
        pattern = '"' + pattern.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return pattern


NOTES_LINE = f"*.md merge={NOTES_DRIVER}"


def attribute_lines(config: Config) -> list[str]:
    """The `.gitattributes` lines that route every Markdown note to the notes driver (which decides
    for itself whether a note is a person's: `.gitattributes` cannot say `type: person`), then the
    dashboard to its own (a later line wins in `.gitattributes`)."""
    return [NOTES_LINE, f"{_pattern(config.dashboard)} merge={DASHBOARD_DRIVER}"]


def driver_settings() -> dict[str, str]:
    """This clone's git config for the drivers; the notes driver runs this very vaultkit."""
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "vaultkit"))
    return {
        f"merge.{DASHBOARD_DRIVER}.name": "vaultkit dashboard: keep ours and every box ticked on either side",
        f"merge.{DASHBOARD_DRIVER}.driver": f"{command} merge-dashboard %O %A %B",
        f"merge.{NOTES_DRIVER}.name": "vaultkit notes: a person's keeps both sides' new log lines",
        f"merge.{NOTES_DRIVER}.driver": f"{command} merge-note %O %A %B %L %P",
    }


def set_up_drivers(vault: Path) -> list[str]:
    """Set this clone's git config for the drivers; what was done, one line each."""
    done = []
    for key, value in driver_settings().items():
        if git(vault, "config", "--local", "--get", key).stdout.strip() != value:
            git(vault, "config", "--local", key, value)
            done.append(f"set git config {key}")
    return done


def missing_drivers(vault: Path) -> list[str]:
    """The drivers `.gitattributes` names that this clone's git config lacks (a fresh clone)."""
    attributes = vault / ".gitattributes"
    try:
        named = sorted(set(DRIVER_NAMED.findall(attributes.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError):
        return []
    if not named or not in_git(vault):
        return []
    missing = []
    for name in named:
        driver = git(vault, "config", "--get", f"merge.{name}.driver").stdout.strip()
        if driver in OUTDATED or (name == NOTES_DRIVER and "%P" not in driver):
            missing.append(name)  # none, or an earlier vaultkit's, which takes every note for a person's
    return missing


OUTDATED = {"", "true"}  # no driver, or the dashboard's of vaultkit 0.1, which dropped a box ticked on their side
