"""Normalised terms and wikilinks: how interests, offers, needs and links are compared."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping

SEPARATORS = re.compile(r"[\s\-_]+")
WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]*?)\]\]")


@functools.lru_cache(maxsize=65536)
def _fold(term: str) -> str:
    folded = term.casefold() if term.isascii() else unicodedata.normalize("NFC", term.casefold())
    return SEPARATORS.sub(" ", folded.strip().removeprefix("#")).strip()


def normalise(term: str, synonyms: Mapping[str, str] | None = None) -> str:
    """Case-fold, drop a leading `#`, fold runs of space, `-` and `_`, then apply a synonym."""
    folded = _fold(term)
    if synonyms:
        return synonyms.get(folded, folded)
    return folded


@functools.lru_cache(maxsize=65536)  # the same names are linked from many notes
def link_target(text: str) -> str:
    """The note a link points to: `[[Name|shown]]`, `[[Name#Heading]]`, `[[Folder/Name.md]]`, or `Name`."""
    inner = text.strip()
    if inner.startswith("[[") and inner.endswith("]]"):
        inner = inner[2:-2]
    for mark in ("|", "#", "^"):
        inner = inner.split(mark, 1)[0]
    inner = inner.strip().rsplit("/", 1)[-1]
    if inner.lower().endswith(".md"):
        inner = inner[:-3]
    return inner.strip()
