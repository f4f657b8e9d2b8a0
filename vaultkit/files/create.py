"""Create new person notes (`new`, and the importers): safe names, the person template, no clobbering."""

from __future__ import annotations

import contextlib
import functools
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontmatter.default_handlers import YAMLHandler

from vaultkit.dashboard.markdown import Markdown
from vaultkit.dashboard.render import TemplateFailure, render_override, render_packaged
from vaultkit.errors import UserError
from vaultkit.files.write import UMASK, write_temp
from vaultkit.read.names import bare
from vaultkit.read.parse import parse_text
from vaultkit.read.split import split_front_matter

if TYPE_CHECKING:
    from vaultkit.read.config import Config
    from vaultkit.read.model import Person

PERSON_TEMPLATE = "person.md.j2"
# Paths, link syntax, Windows' forbidden characters, control characters, line and paragraph separators,
# and the bidirectional overrides that make a name read differently from what it is.
UNSAFE = re.compile(r'[/\\\[\]|#^*"<>:?\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]')
RESERVED = {"con", "prn", "aux", "nul"} | {f"{kind}{n}" for kind in ("com", "lpt") for n in range(1, 10)}
MAX_NAME = 200


class CreateError(UserError):
    """A note could not be created; the message says why and what to do."""


def name_problem(name: str) -> str | None:
    """Why `name` cannot be a note's name (a file name that is also a safe wikilink), or None."""
    if not name.strip():
        return "a name cannot be empty"
    if name != name.strip():
        return "a name cannot start or end with a space"
    if ".." in name or UNSAFE.search(name):
        return (
            'a name cannot hold / \\ .. [ ] | # ^ * " < > : ?, control characters or line separators '
            "(paths and links break)"
        )
    if name.startswith(".") or name.endswith("."):
        return "a name cannot start or end with a dot (hidden or invalid on Windows)"
    if name.split(".")[0].casefold() in RESERVED:
        return f"{name.split('.')[0]} is a reserved file name on Windows"
    if len(name.encode("utf-8")) > MAX_NAME:
        return f"a name can be at most {MAX_NAME} bytes long"
    return None


def twin_refusal(name: str, twins: list[Person], force: bool) -> str | None:
    """Why `new NAME` refuses beside the people whose name or alias NAME is but for accents and case
    (SPEC §8), or None when it goes ahead: a note of exactly that name is never made twice, not even
    with `--force` (so the message does not offer it); an alias or a near twin names what it is."""
    nfc = functools.partial(unicodedata.normalize, "NFC")
    exact = [p for p in twins if nfc(p.name) == nfc(name)]
    if exact:
        return f"{exact[0].path} already exists; vaultkit never overwrites a note nor makes two of one name"
    if not twins or force:
        return None
    twin, key = twins[0], bare(name)
    alias = next((a for a in twin.aliases if bare(a) == key), None) if bare(twin.name) != key else None
    what = f"an alias of {twin.path}"
    if alias is None:
        what = f"already in the vault as {twin.name!r} ({twin.path}), the same but for accents or case"
    if alias is not None and alias != name:
        what += f" ({alias!r}), the same but for accents or case"
    return f"{name} is {what}; nothing was created (--force creates it anyway)"


def front_matter_text(fields: Mapping[str, Any]) -> str:
    """YAML for a new note, in the order given; empty values are left out."""
    kept = {key: value for key, value in fields.items() if value not in (None, "", [], ())}
    return str(YAMLHandler().export(kept, sort_keys=False)) + "\n" if kept else ""


def render_person(vault: Path, name: str, fields: Mapping[str, Any], body: str = "") -> str:
    """The new note's text from the vault's person template, or the packaged one."""
    context = {"name": name, "front_matter": Markdown(front_matter_text(fields)), "body": Markdown(body)}
    try:
        text = render_override(vault, PERSON_TEMPLATE, context)
    except TemplateFailure as failure:
        raise CreateError(f"{failure.problem.location()}: {failure.problem.message}") from None
    return text if text is not None else render_packaged(PERSON_TEMPLATE, context)


def new_note_place(vault: Path, config: Config, people: Iterable[Person]) -> tuple[str, dict[str, Any]]:
    """Where `new` writes a person and what front matter makes them one (SPEC §6): the first people
    folder, when one exists (or none does, nor any person besides); else, in a vault that keeps people
    by category or tag, the folder where most person notes live, with the convention most of them
    there follow (`categories: ["[[People]]"]`)."""
    first = config.people_dirs[0] if config.people_dirs else ""
    if not first or any((vault / folder).is_dir() for folder in config.people_dirs):
        return first, {}
    where = Counter(p.path.rpartition("/")[0] for p in people if p.by)
    if not where:
        return first, {}
    folder = min(where, key=lambda f: (-where[f], f))
    by = Counter(p.by for p in people if p.by and p.path.rpartition("/")[0] == folder)
    kind, _, value = min(by, key=lambda b: (-by[b], b)).partition(":")
    if kind == "category":
        return folder, {"categories": [f"[[{value}]]"]}
    return folder, {"tags": [value]} if kind == "tag" else {"type": "person"}


def people_folder(vault: Path, config: Config, where: str | None = None) -> Path:
    folder = vault / (where if where is not None else config.people_dirs[0] if config.people_dirs else "")
    root = vault.resolve()
    if not folder.resolve().is_relative_to(root):
        raise CreateError(f"{folder}: the people folder leads outside the vault; fix people_dirs in vaultkit.yaml")
    return folder


def create_note(vault: Path, config: Config, name: str, text: str, where: str | None = None) -> Path:
    """Write a new note atomically (in the first people folder, or `where`); never overwrite one that
    exists (even one made a moment ago)."""
    if problem := name_problem(name):
        raise CreateError(f"{name!r}: {problem}")
    folder_name = where if where is not None else config.people_dirs[0] if config.people_dirs else ""
    note = parse_text(f"{folder_name}/{name}.md".lstrip("/"), text, config)
    body_line = split_front_matter(text).body_line
    # The body may carry a contact's own notes: a bad date there is the note's problem, for `check`.
    made = [p for p in note.problems if p.line is None or p.line < body_line]
    if made:
        raise CreateError(f"the person template makes a note with a problem: {made[0].message}")
    folder = people_folder(vault, config, where)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.md"
    exists = CreateError(f"{target.relative_to(vault)} already exists; vaultkit never overwrites a note")
    temp = write_temp(target, text.encode("utf-8"), 0o666 & ~UMASK, shared=True)
    try:
        os.link(temp, target)  # atomic, and fails if the target exists
    except FileExistsError:
        raise exists from None
    except OSError:  # a file system without hard links: exclusive create instead
        try:
            with open(target, "xb") as out:
                out.write(text.encode("utf-8"))
        except FileExistsError:
            raise exists from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return target
