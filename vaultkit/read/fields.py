"""Validate a person's front matter (SPEC §2): each bad field is a Problem, the rest still counts."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vaultkit.read.config import TIES, Config
from vaultkit.read.dates import parse_cadence, parse_iso_date, parse_yearly
from vaultkit.read.model import PartialDate, Problem, code
from vaultkit.read.terms import link_target, normalise

DETAILS = ("company", "role", "location", "email", "phone", "url")


@functools.lru_cache(maxsize=256)
def _key_line(key: str) -> re.Pattern[str]:
    """Where a key starts a line of front matter (compiled once per key)."""
    return re.compile(rf"^{re.escape(key)}\s*:", re.MULTILINE)


@dataclass
class FieldReader:
    """Reads fields of one front matter, reporting problems with the key's line in the file."""

    path: str
    front_matter: dict[str, Any]
    text: str
    first_line: int
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, key: str) -> int | None:
        match = _key_line(key).search(self.text)
        return self.first_line + self.text.count("\n", 0, match.start()) if match else None

    def problem(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.line_of(key), f"{code(key)}: {message}"))

    def value(self, key: str) -> Any:
        value = self.front_matter.get(key)
        return None if value == "" else value

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of text; a single text is a list of one; `[[Name]]` unquoted (a nested list) is a link."""
        value = self.value(key)
        if value is None:
            return ()
        items = value if isinstance(value, list) else [value]
        found: list[str] = []
        for item in items:
            if not isinstance(item, str):
                item = _unwrap_link(item)
            if isinstance(item, str):
                if stripped := item.strip():
                    found.append(stripped)
            elif item is not None:
                self.problem(key, f"expected a list of text, found {code(item)}; write each entry as text")
        return tuple(found)

    def date(self, key: str) -> Any:
        value = self.value(key)
        if value is None:
            return None
        parsed = parse_iso_date(value)
        if parsed is None:
            self.problem(key, f"{code(value)} is not a real date; write it as `YYYY-MM-DD`")
        return parsed

    def yearly(self, key: str, value: Any) -> PartialDate | None:
        parsed = parse_yearly(value)
        if parsed is None and value is not None:
            self.problem(key, f"{code(value)} is not a real date; write it as `YYYY-MM-DD` or `MM-DD`")
        return parsed

    def flag(self, key: str) -> bool:
        value = self.value(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.problem(key, f"expected `true` or `false`, found {code(value)}")
            return False
        return value

    def detail(self, key: str) -> str | None:
        value = self.value(key)
        if value is None:
            return None
        if isinstance(value, list):
            value = _unwrap_link(value)  # `company: [[Northwind]]` unquoted: a list in a list
        if key in LISTED and isinstance(value, list) and all(isinstance(item, str) for item in value):
            return ", ".join(item.strip() for item in value if item.strip()) or None  # several addresses
        if isinstance(value, list | dict):
            self.problem(key, f"expected text, found {code(value)}")
            return None
        text = str(value).strip()
        return link_text(text) if text.startswith("[[") else text


LISTED = ("email", "phone", "url")  # details that may be a list (SPEC §2): kept as one text, comma-separated


# What may be a list of names, each text or a link (`org: ["[[Obsidian]]", "[[Ango Labs]]"]`), and the
# keys kepano's layout writes them under when the note does not set `company` or `location` (SPEC §1).
PLACES: dict[str, tuple[str, ...]] = {"company": ("company", "org", "organization"), "location": ("location", "loc")}


def _named_list(reader: FieldReader, key: str) -> tuple[str, ...]:
    """A company or a location as a list of names: the first of its keys the note sets, each item's
    link read as its shown text; `org: []` (kepano's template) is none."""
    for name in PLACES[key]:
        if name in reader.front_matter:
            value = reader.value(name)
            if isinstance(value, dict):
                reader.problem(name, f"expected text or a list of text, found {code(value)}")
                return ()
            if not isinstance(value, list):
                text = reader.detail(name)
                return (text,) if text else ()
            items = (link_text(text) if text.startswith("[[") else text for text in reader.texts(name))
            return tuple(dict.fromkeys(item for item in items if item))
    return ()


def _unwrap_link(item: Any) -> Any:
    """An unquoted `[[Name]]` in YAML is a list in a list; read it as the link it was meant to be."""
    depth = 0
    while isinstance(item, list) and len(item) == 1:
        item, depth = item[0], depth + 1
    return f"[[{item}]]" if depth and isinstance(item, str) else item


def _tie(reader: FieldReader) -> str | None:
    value = reader.value("tie")
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in TIES:
        reader.problem("tie", f"expected `strong` or `loose`, found {code(value)}")
        return None
    return value.strip().lower()


def _cadence(reader: FieldReader) -> str | None:
    value = reader.value("cadence")
    if value is None:
        return None
    try:
        parse_cadence(value)
    except ValueError as hint:
        reader.problem("cadence", f"expected {hint}, found {code(value)}")
        return None
    return str(value).strip()


def _milestones(reader: FieldReader, key: str = "milestones") -> tuple[tuple[str, PartialDate], ...]:
    """A mapping of label to a yearly date: `milestones` (`work anniversary: 2019-04-01`) and
    `family` (`Mira (daughter): 2019-05-02`)."""
    value = reader.value(key)
    if value is None:
        return ()
    if not isinstance(value, dict):
        example = "`Mira (daughter): 2019-05-02`" if key == "family" else "`work anniversary: 2019-04-01`"
        reader.problem(key, f"expected a mapping of label to date, like {example}")
        return ()
    found = []
    for label, when in value.items():
        parsed = reader.yearly(key, when)
        if parsed is not None:
            found.append((str(label).strip(), parsed))
    return tuple(sorted(found, key=lambda item: (item[0].casefold(), item[0])))


def tags_of(value: Any) -> list[str]:
    """A `tags` property as Obsidian reads it: a list, or text split at commas and spaces; no `#`."""
    if isinstance(value, str):
        value = re.split(r"[,\s]+", value)
    if not isinstance(value, list):
        return []
    return [tag for item in value if isinstance(item, str) and (tag := item.strip().removeprefix("#"))]


def links_of(value: Any) -> list[str]:
    """The link targets of a list property (`categories: ["[[People]]"]`, or bare text `People`)."""
    items = value if isinstance(value, list) else [value]
    found = (_unwrap_link(item) for item in items)
    return [target for item in found if isinstance(item, str) and (target := link_target(item))]


def link_text(text: str) -> str:
    """A text property whose whole value is one wikilink means the link's shown text, else its
    target (`[[Northwind Ventures]]` → `Northwind Ventures`, SPEC §1); any other text is itself."""
    match = WHOLE_LINK.fullmatch(text.strip())
    if match is None:
        return text
    return (match["shown"] or "").strip() or link_target(match["target"])


WHOLE_LINK = re.compile(r"\[\[(?P<target>[^\[\]|]*)(?:\|(?P<shown>[^\[\]]*))?\]\]")


def _tags_as_interests(reader: FieldReader, prefix: str) -> list[str]:
    tags = tags_of(reader.value("tags"))
    return [tag[len(prefix) :] for tag in tags if tag.casefold().startswith(prefix) and len(tag) > len(prefix)]


def _link_lines(reader: FieldReader) -> tuple[tuple[str, int], ...]:
    found = ((key, reader.line_of(key)) for key in LINK_FIELDS if key in reader.front_matter)
    return tuple((key, line) for key, line in found if line is not None)


LINK_FIELDS = ("knows", "introduced", "met_through", "aliases")  # keys whose lines warnings name


def _terms(items: list[str] | tuple[str, ...], config: Config, spelled: dict[str, str]) -> tuple[str, ...]:
    """The terms normalised; `spelled` gets how the note writes a term otherwise than its normalised
    form (`AT&T`, `Machine Learning`), first come first kept, but not the text a synonym replaced."""
    found = set()
    for item in items:
        term = normalise(item, config.synonyms)
        if not term:
            continue
        found.add(term)
        if term != item and term not in spelled and normalise(item) == term:
            spelled[term] = item
    return tuple(sorted(found))


def _links(reader: FieldReader, key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(target for item in reader.texts(key) if (target := link_target(item))))


FieldParser = Callable[[FieldReader, Config], Any]

# Fields read from the front matter key of the same name.
SAME_NAME: dict[str, FieldParser] = {
    "aliases": lambda r, c: tuple(link_target(alias) or alias for alias in r.texts("aliases")),
    "tie": lambda r, c: _tie(r),
    "cadence": lambda r, c: _cadence(r),
    "last_contact": lambda r, c: r.date("last_contact"),
    "follow_up": lambda r, c: r.date("follow_up"),
    "birthday": lambda r, c: r.yearly("birthday", r.value("birthday")),
    "milestones": lambda r, c: _milestones(r),
    "knows": lambda r, c: _links(r, "knows"),
    "met_through": lambda r, c: _links(r, "met_through"),
    "met": lambda r, c: r.date("met"),
    "family": lambda r, c: _milestones(r, "family"),
    "likes": lambda r, c: r.texts("likes"),
    "gift_ideas": lambda r, c: r.texts("gift_ideas"),
    "introduced": lambda r, c: _links(r, "introduced"),
    "target": lambda r, c: r.flag("target"),
    "no_intros": lambda r, c: r.flag("no_intros"),
}


def read_person_fields(reader: FieldReader, config: Config) -> dict[str, Any]:
    """Keyword arguments for Person from the keys present; problems land on the reader."""
    front_matter = reader.front_matter
    fields = {key: SAME_NAME[key](reader, config) for key in SAME_NAME if key in front_matter}
    spelled: dict[str, str] = {}
    if "interests" in front_matter or "tags" in front_matter:
        tagged = _tags_as_interests(reader, config.interest_tag_prefix)
        # A tag cannot hold a space (`interest/travel-writing`): its spelling is not shown.
        written = _terms(reader.texts("interests"), config, spelled)
        fields["interests"] = tuple(sorted({*written, *_terms(tagged, config, {})}))
    for key in ("offers", "needs"):
        if key in front_matter:
            fields[key] = _terms(reader.texts(key), config, spelled)
    details = []
    for key in DETAILS:
        if key in PLACES:
            named = _named_list(reader, key)
            if named:
                fields["companies" if key == "company" else "locations"] = named
            text = ", ".join(named) or None
        else:
            text = reader.detail(key) if key in front_matter else None
        if text:
            details.append((key, text))
    if details:
        fields["details"] = tuple(details)
    if spelled:
        fields["spelled"] = tuple(sorted(spelled.items()))
    if link_lines := _link_lines(reader):
        fields["link_lines"] = link_lines
    return fields
