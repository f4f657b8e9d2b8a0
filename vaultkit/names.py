"""Sort keys and the name comparison shared by every stage, so orders and matches agree everywhere."""

from __future__ import annotations

import unicodedata


def name_key(name: str) -> tuple[str, str]:
    """Order names case-insensitively, then exactly, so the order is total and stable."""
    return (name.casefold(), name)


def fold(name: str) -> str:
    """How names, aliases and links are compared (SPEC §2): Unicode NFC, case-folded, so `José` typed
    on a Mac (decomposed) and on Linux (composed) is one person."""
    if name.isascii():
        return name.casefold()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())
