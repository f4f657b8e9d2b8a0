"""A clipping (SPEC §4.5) as its front matter says: whether a note is one, and its date and terms."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from vaultkit.read.dates import date_at_start, parse_iso_date
from vaultkit.read.model import Clipping
from vaultkit.read.terms import normalise

if TYPE_CHECKING:
    from vaultkit.read.config import Config

CLIPPING_TYPES = {"clipping", "article"}
NOT_A_TERM = "clippings"  # the tag Web Clipper gives every clipping


def is_clipping(rel: str, front_matter: dict[str, Any], config: Config) -> bool:
    kind = front_matter.get("type")
    if isinstance(kind, str) and kind.strip().casefold() in CLIPPING_TYPES:
        return True
    return any(rel.startswith(folder + "/") for folder in config.clippings_dirs if folder)


def read_clipping(name: str, front_matter: dict[str, Any], config: Config) -> Clipping:
    """A clipping's date and terms from its front matter (anything unreadable is left out)."""
    written: list[tuple[str, bool]] = []  # (the text, whether its spelling is shown: a tag has no spaces)
    for key in ("tags", "topics", "interests"):
        value = front_matter.get(key)
        if isinstance(value, str):
            value = re.split(r"[,\s]+", value) if key == "tags" else [value]
        if isinstance(value, list):
            written.extend((item.strip().removeprefix("#"), key != "tags") for item in value if isinstance(item, str))
    prefix = config.interest_tag_prefix
    terms: dict[str, str] = {}
    for item, shown in written:
        item = item[len(prefix) :] if item.casefold().startswith(prefix) else item
        term = normalise(item, config.synonyms)
        if term and term != NOT_A_TERM:
            terms.setdefault(term, item if shown else term)
    created = parse_iso_date(front_matter.get("created")) or date_at_start(name)
    spelled = tuple((t, w) for t, w in sorted(terms.items()) if w != t and normalise(w) == t)
    return Clipping(name, created, tuple(sorted(terms)), spelled)
