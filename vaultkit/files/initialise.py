"""`vaultkit init`: a commented config, the people folders, and git set up to merge the dashboard.

Idempotent: an existing `vaultkit.yaml` is never overwritten, lines already present are not added
again. In a git repository, `.gitattributes` routes the dashboard and the person notes to vaultkit's
merge drivers, set up in this clone's git config (gitsetup.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from vaultkit.files.gitsetup import DASHBOARD_DRIVER, attribute_lines, in_git, set_up_drivers
from vaultkit.files.write import atomic_write
from vaultkit.read.config import CONFIG_NAME, Config, load_config
from vaultkit.read.locate import is_person_note, people_folders
from vaultkit.read.obsidian import template_folders
from vaultkit.read.paths import TEMP_SUFFIX, is_inside

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

# What you are working on (normalised like interests): ranks Reach out today and Worth reviving.
goals: []
#  - film financing

# No contact for this many years makes a tie dormant (Worth reviving).
dormant_years: 3

# An open task linking a person, with no due date, is a promise past due after this many days.
promise_days: 14

# Trips (notes in these categories, or with `type: trip`, with `start`, `end` and `loc`): the
# dashboard lists those underway or starting within trip_days, with up to max_trip_people people
# who live where each goes.
trip_categories: [Trips]
trip_days: 30
max_trip_people: 5

# How many lines Reach out today, Promises, Introductions in flight, Worth reviving and People you
# mention list.
max_today: 5
max_promises: 10
max_inflight: 10
max_revive: 5
max_untracked: 5

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


def _ensure_line(vault: Path, name: str, line: str, before: str | None = None) -> list[str]:
    """Add `line` to the vault's file `name` unless it is there: before the first line holding
    `before`, if any, else at the end; what was done, for the user."""
    path = vault / name
    if not is_inside(path, vault):
        return [f"{name} is a link to a file outside the vault; left it alone (add '{line}' by hand)"]
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = existing.splitlines()
    if line in lines:
        return []
    at = next((number for number, text in enumerate(lines) if before and before in text), None)
    if at is not None:  # an earlier vaultkit's `.gitattributes`: the new line must not come after it
        text = "".join(f"{text}\n" for text in (*lines[:at], line, *lines[at:]))
    else:
        text = existing + ("" if not existing or existing.endswith("\n") else "\n") + line + "\n"
    atomic_write(path, text.encode("utf-8"), root=vault)
    return [f"added '{line}' to {name} (commit it)"]


def _setup_git(vault: Path, config: Config) -> list[str]:
    if not in_git(vault):
        return []
    # Every note's line goes before the dashboard's, which must win (a later line wins): a vault set up
    # by an earlier vaultkit (the people folders only) is upgraded so.
    notes, dashboard = attribute_lines(config)
    done = [_ensure_line(vault, ".gitattributes", notes, before=f"merge={DASHBOARD_DRIVER}")]
    done.append(_ensure_line(vault, ".gitattributes", dashboard))
    # A killed vaultkit may leave a hidden temporary file; the next build removes it, and git must
    # not commit it meanwhile.
    done.append(_ensure_line(vault, ".gitignore", f".*{TEMP_SUFFIX}"))
    return [line for lines in done for line in lines] + set_up_drivers(vault)


def initialise(vault: Path) -> list[str]:
    """Set the vault up, looking before it writes; returns what was done, one line each."""
    done = []
    vault.mkdir(parents=True, exist_ok=True)
    config_path = vault / CONFIG_NAME
    if config_path.exists():
        done.append(f"kept the existing {CONFIG_NAME}")
    else:
        folders = existing_people_folders(vault)
        atomic_write(config_path, config_text(folders).encode("utf-8"), root=vault)
        done.append(f"wrote {CONFIG_NAME}" + (f" (people_dirs: {', '.join(folders)})" if folders else ""))
    config = load_config(vault)
    if config.people_dirs == Config().people_dirs and not (vault / "People").is_dir() and not has_people(vault):
        (vault / "People").mkdir(parents=True)  # a new vault: the folder `new` writes into
        done.append("made the folder People/")
    done.extend(add_property_types(vault))
    done.extend(_setup_git(vault, config))
    return done


def existing_people_folders(vault: Path) -> list[str]:
    """Where an existing vault keeps its people: folders named `People`, `people`, `Contacts` or
    `contacts` at any depth (not in a template folder). None: the default stays."""
    templates = template_folders(vault)
    found = [f for f in people_folders(vault) if not any(f == t or f.startswith(t + "/") for t in templates)]
    return [] if found == ["People"] else found


def config_text(people_dirs: list[str]) -> str:
    """The commented config, with the people folders found (each quoted: names may hold spaces)."""
    if not people_dirs:
        return CONFIG_TEMPLATE
    listed = ", ".join(json.dumps(folder, ensure_ascii=False) for folder in people_dirs)
    return CONFIG_TEMPLATE.replace("people_dirs: [People]\n", f"people_dirs: [{listed}]\n", 1)


def has_people(vault: Path) -> bool:
    """Whether the vault already holds a person note (by type, tag or category: SPEC §1)."""
    from vaultkit.read.scan import scan

    return any(is_person_note(Path(item.path)) for item in scan(vault, Config(people_dirs=())))


# Obsidian's property types for vaultkit's fields (SPEC §1): date pickers, lists and checkboxes.
PROPERTY_TYPES = {
    **dict.fromkeys(("last_contact", "follow_up", "birthday", "met"), "date"),
    **dict.fromkeys(
        ("interests", "offers", "needs", "knows", "introduced", "likes", "gift_ideas", "email", "phone"), "multitext"
    ),
    **dict.fromkeys(("target", "no_intros"), "checkbox"),
    **dict.fromkeys(("tie", "cadence", "company", "role", "location", "met_through", "url"), "text"),
}
TYPES_FILE = ".obsidian/types.json"


def add_property_types(vault: Path) -> list[str]:
    """Add vaultkit's properties to `.obsidian/types.json`, keeping every type already there."""
    path = vault / TYPES_FILE
    if not (vault / ".obsidian").is_dir():
        return []
    if not is_inside(path, vault):
        return [f"{TYPES_FILE} is a link to a file outside the vault; left it alone"]
    try:
        settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        return [f"{TYPES_FILE} cannot be read as JSON; left it alone (fix it in Obsidian, then run init again)"]
    types = settings.get("types") if isinstance(settings, dict) else None
    if not isinstance(settings, dict) or not isinstance(types, dict | None):
        return [f"{TYPES_FILE} is not what Obsidian writes; left it alone"]
    types = dict(types or {})
    new = {key: kind for key, kind in PROPERTY_TYPES.items() if key not in types}
    if not new:
        return []
    settings["types"] = {**types, **new}
    atomic_write(path, json.dumps(settings, indent=2, ensure_ascii=False).encode("utf-8"), root=vault)
    return [f"added {len(new)} of vaultkit's properties to {TYPES_FILE} (dates, lists, checkboxes; yours kept)"]
