"""One file → one Note: decode, split the front matter, validate it, read the body.

Nothing here raises for a bad note: every defect becomes a Problem with the path and the line.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from vaultkit.read.body import body_tags, contact_lines, own_text, prose, read_log
from vaultkit.read.clippings import is_clipping, read_clipping
from vaultkit.read.dates import date_at_start, date_in_format, parse_iso_date
from vaultkit.read.fields import FieldReader, links_of, read_person_fields, tags_of
from vaultkit.read.model import Note, Person, Problem
from vaultkit.read.names import fold
from vaultkit.read.paths import BOM
from vaultkit.read.scan import Stat, file_stat, stat_of
from vaultkit.read.split import Split, split_front_matter
from vaultkit.read.tasks import read_tasks
from vaultkit.read.trips import inside_of, is_trip, read_trip
from vaultkit.read.yamlload import error_line, error_text, load_yaml

if TYPE_CHECKING:
    from vaultkit.read.config import Config

MAX_FRONT_MATTER = 64 * 1024
CONFLICT = re.compile(r"^<{7}(?:[ \t]|\r?$)", re.MULTILINE)


def decode(path: str, data: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text without a BOM, or a problem saying where the first bad byte is."""
    data = data.removeprefix(BOM)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        return None, Problem(path, line, message)


def load_front_matter(path: str, split: Split) -> tuple[dict[str, Any], list[Problem]]:
    """The front matter as a mapping; anything else is a problem and an empty mapping."""
    if split.problem:
        return {}, [Problem(path, 1, split.problem)]
    if not split.front_matter.strip():
        return {}, []
    too_long = len(split.front_matter) * 4 > MAX_FRONT_MATTER  # else its UTF-8 cannot be over the limit
    if too_long and len(split.front_matter.encode("utf-8")) > MAX_FRONT_MATTER:
        return {}, [Problem(path, 1, "front matter is larger than 64 KiB; move long text into the body")]
    try:
        data = load_yaml(split.front_matter)
    except yaml.YAMLError as error:
        return {}, [Problem(path, error_line(error, 2), f"front matter: {error_text(error)}; fix the YAML")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return {}, [Problem(path, 2, f"front matter is {kind}, not a mapping; write it as 'key: value' lines")]
    return data, []


def is_person(rel: str, front_matter: dict[str, Any], config: Config, body: str = "") -> bool:
    """`type: person`, a tag of `people_tags` (or under one: `person/friend`) in `tags` or written in
    the body, a category of `people_categories` (kepano's `categories: ["[[People]]"]`), or a note in
    a people folder (SPEC §1)."""
    return person_by(rel, front_matter, config, body) is not None


def person_by(rel: str, front_matter: dict[str, Any], config: Config, body: str = "") -> str | None:
    """What makes a note a person, None when nothing does: `type`, `folder`, `tag:TAG` (in `tags`
    or written in the body) or `category:CATEGORY`, as the note writes it; `new` writes the vault's
    own convention into a note (SPEC §6)."""
    kind = front_matter.get("type")
    if isinstance(kind, str) and kind.strip().casefold() == "person":
        return "type"
    if any(rel.startswith(folder + "/") for folder in config.people_dirs if folder):
        return "folder"
    if "tags" in front_matter and config.people_tags:
        for tag in tags_of(front_matter["tags"]):
            if tag.casefold().split("/", 1)[0] in config.people_tags:
                return f"tag:{tag}"
    if "categories" in front_matter and config.people_categories:
        wanted = {fold(category) for category in config.people_categories}
        for category in links_of(front_matter["categories"]):
            if fold(category) in wanted:
                return f"category:{category}"
    if "#" in body and (written := body_tags(body, config.people_tags)):
        return f"tag:{written}"
    return None


def daily_date(rel: str, config: Config | None = None) -> date | None:
    """A daily note's date: a file name that begins with an ISO date, anywhere; or, in the daily notes'
    folder of Obsidian's settings, a path below it that reads as a date in their format (SPEC §1)."""
    day = date_at_start(rel.rpartition("/")[2])
    if day is not None or config is None or not config.daily_formats:
        return day
    for folder, form in config.daily_formats:
        if not folder or rel.startswith(folder + "/"):
            below = rel[len(folder) + 1 if folder else 0 : -3]
            if (day := date_in_format(below, form)) is not None:
                return day
    return None


def note_name(rel: str) -> str:
    return rel.rpartition("/")[2][:-3]


def conflict_problems(rel: str, text: str) -> list[Problem]:
    """Git conflict markers left by a merge: a problem at the line where the conflict starts."""
    if "<<<<<<<" not in text:
        return []
    message = "git conflict markers (<<<<<<< … >>>>>>>) from a merge; keep the right lines and delete the markers"
    return [Problem(rel, text.count("\n", 0, m.start()) + 1, message) for m in CONFLICT.finditer(text)]


def parse_text(rel: str, text: str, config: Config) -> Note:
    """Parse decoded note text; pure, so the watcher and a warm build can call it on one file."""
    if "\r" in text and "\n" not in text:  # a classic Mac note: lines end in CR alone
        text = text.replace("\r", "\n")
    split = split_front_matter(text)
    front_matter, problems = load_front_matter(rel, split)
    problems = conflict_problems(rel, text) + problems
    if (by := person_by(rel, front_matter, config, split.body)) is not None:
        reader = FieldReader(rel, front_matter, split.front_matter, 2)
        fields = read_person_fields(reader, config)
        if by != "folder":
            fields["by"] = by
        interactions, log_problems = read_log(split.body, split.body_line, rel)
        notes = prose(own_text(split.body))
        person = Person(name=note_name(rel), path=rel, interactions=interactions, notes=notes, **fields)
        tasks = read_tasks(split.body, split.body_line, own=True)
        return Note(rel, person=person, problems=tuple(problems + reader.problems + log_problems), tasks=tasks)
    tasks = read_tasks(split.body, split.body_line, own=False)
    if is_clipping(rel, front_matter, config):
        clipping = read_clipping(note_name(rel), front_matter, config)
        return Note(rel, problems=tuple(problems), clipping=clipping, tasks=tasks)
    note = Note(rel, tasks=tasks)
    if is_trip(front_matter, config):
        reader = FieldReader(rel, front_matter, split.front_matter, 2)
        note = note._replace(trip=read_trip(note_name(rel), reader))
        problems += reader.problems
    elif front_matter.get("loc"):
        note = note._replace(inside=inside_of(front_matter))  # a place note: the places it lies in
    day = daily_date(rel, config)
    attendees = meeting_links(front_matter, config)
    if day is not None:  # a daily note: its body's links and its contact properties' (SPEC §1, §3)
        said = contact_lines(split.body)
        mentions = tuple(dict.fromkeys((*(target for target, _ in said), *attendees)))
        return note._replace(
            daily_date=day, mentions=mentions, problems=tuple(problems), attendees=attendees, said=said
        )
    if attendees and (dated := parse_iso_date(front_matter.get("date"))) is not None:  # a meeting note
        return note._replace(daily_date=dated, mentions=attendees, problems=tuple(problems), attendees=attendees)
    return note._replace(problems=tuple(problems))


def meeting_links(front_matter: dict[str, Any], config: Config) -> tuple[str, ...]:
    """The people a meeting note's contact properties link (`people: ["[[Steph Ango]]"]`)."""
    if not front_matter:
        return ()
    found = (links_of(front_matter[key]) for key in config.contact_properties if key in front_matter)
    return tuple(dict.fromkeys(target for targets in found for target in targets))


def parse_bytes(rel: str, data: bytes, config: Config) -> Note:
    text, problem = decode(rel, data)
    if text is None:
        return Note(rel, problems=(problem,) if problem else ())
    return parse_text(rel, text, config)


def read_note(rel: str, path: str | Path, config: Config) -> tuple[Note, Stat | None]:
    """Read and parse one note (a file that cannot be read is a problem, not an exception), with the
    size and time of the file as it was read (taken before reading, so a change while it is read shows
    as a change next time)."""
    try:
        with open(path, "rb", buffering=0) as file:
            info = os.fstat(file.fileno())
            data = file.read()
    except OSError as error:
        message = f"cannot be read ({error.strerror}); check it exists and is readable"
        # Its stat, where the file is there: the index keeps the problem until the file changes (a
        # `chmod` changes its status change time), so one unreadable note never makes every build a full one
        return Note(rel, problems=(Problem(rel, None, message),)), file_stat(Path(path))
    return parse_bytes(rel, data, config), stat_of(info)
