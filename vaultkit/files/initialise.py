"""`vaultkit init`: a commented config, the people folders, and git set up to merge the dashboard.

Idempotent: an existing `vaultkit.yaml` is never overwritten, lines already present are not added
again. In a git repository, `.gitattributes` routes the dashboard and the person notes to vaultkit's
merge drivers, set up in this clone's git config (gitmerge.py).
"""

from __future__ import annotations

from pathlib import Path

from vaultkit.files.gitmerge import attribute_lines, in_git, set_up_drivers
from vaultkit.files.write import TEMP_SUFFIX, atomic_write, is_inside
from vaultkit.read.config import CONFIG_NAME, Config, load_config

CONFIG_TEMPLATE = """\
# vaultkit settings. Every key is optional; the values below are the defaults.
# Full reference: the README's Configuration section.

# Folders whose notes are people (a note anywhere with `type: person` is one too).
people_dirs: [People]

# Where the dashboard is written, relative to the vault.
dashboard: Dashboard.md

# Globs of notes or folders to skip, relative to the vault; `*` also matches `/`.
ignore: []

# Tie of a person whose note sets none: strong or loose.
default_tie: loose

# Keep-in-touch rhythm per tie when the note sets no cadence (10d, 2w, 3m, 1y, monthly, never, ...).
default_cadence:
  strong: 1m
  loose: 3m

# How far ahead due follow-ups and milestones are listed, in days.
horizon_days: 7
milestone_days: 14

# Whether a link to a person in a daily note (2026-11-21.md) counts as contact that day.
daily_notes_count: true

# Terms that mean the same, after normalising (lower case, spaces for - and _).
synonyms: {}
#  ml: machine learning

# Obsidian tags under this prefix are interests (tags: [interest/rust]).
interest_tag_prefix: interest/

# How many introductions the dashboard suggests.
max_intros: 10

# How many lines each other section lists; one more line counts the rest and names the command
# that lists them all (vaultkit due, milestones, news, share, paths, balance, check).
max_due: 25
max_milestones: 25
max_news: 10
max_share: 10
max_paths: 15
max_balance: 10
max_problems: 50

# Folders of saved articles (Obsidian Web Clipper saves to Clippings/), and how recent one must be
# for the dashboard to suggest whom to forward it to.
clippings_dirs: [Clippings]
share_days: 14

# How far back the News section looks for `#news` log lines (job changes the LinkedIn import found).
news_days: 30

# Two people of the same company are colleagues, a step of a path to a target, unless more than
# this many people in the vault share it (then it links nobody).
colleague_max: 50

# Your own e-mail addresses, phone numbers and chat names, so that imports do not take you for a guest.
me: []

# Besides the people folders: a note tagged with one of these tags, or whose `categories` property
# links one of these categories (categories: ["[[People]]"]), is a person.
people_tags: [person, people]
people_categories: [People]

# A meeting note (dated by its file name or a `date` property) is contact with the people these
# properties link: people: ["[[Steph Ango]]"].
contact_properties: [people, attendees, with]
"""


def _ensure_line(vault: Path, name: str, line: str) -> list[str]:
    """Add `line` to the vault's file `name` unless it is there; what was done, for the user."""
    path = vault / name
    if not is_inside(path, vault):
        return [f"{name} is a link to a file outside the vault; left it alone (add '{line}' by hand)"]
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if line in existing.splitlines():
        return []
    separator = "" if not existing or existing.endswith("\n") else "\n"
    atomic_write(path, (existing + separator + line + "\n").encode("utf-8"), root=vault)
    return [f"added '{line}' to {name} (commit it)"]


def _setup_git(vault: Path, config: Config) -> list[str]:
    if not in_git(vault):
        return []
    done = [_ensure_line(vault, ".gitattributes", line) for line in attribute_lines(config)]
    # A killed vaultkit may leave a hidden temporary file; the next build removes it, and git must
    # not commit it meanwhile.
    done.append(_ensure_line(vault, ".gitignore", f".*{TEMP_SUFFIX}"))
    return [line for lines in done for line in lines] + set_up_drivers(vault)


def initialise(vault: Path) -> list[str]:
    """Set the vault up; returns what was done, one line each."""
    done = []
    vault.mkdir(parents=True, exist_ok=True)
    config_path = vault / CONFIG_NAME
    if config_path.exists():
        done.append(f"kept the existing {CONFIG_NAME}")
    else:
        atomic_write(config_path, CONFIG_TEMPLATE.encode("utf-8"), root=vault)
        done.append(f"wrote {CONFIG_NAME}")
    config = load_config(vault)
    for folder in config.people_dirs:
        if not (vault / folder).is_dir():
            (vault / folder).mkdir(parents=True)
            done.append(f"made the folder {folder}/")
    done.extend(_setup_git(vault, config))
    return done
