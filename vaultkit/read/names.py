"""Sort keys and the name comparison shared by every stage, so orders and matches agree everywhere."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def name_key(name: str) -> tuple[str, str]:
    """Order names case-insensitively, then exactly, so the order is total and stable."""
    return (name.casefold(), name)


def fold(name: str) -> str:
    """How names, aliases and links are compared (SPEC §2): Unicode NFC, case-folded, so `José` typed
    on a Mac (decomposed) and on Linux (composed) is one person."""
    if name.isascii():
        return name.casefold()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def bare(name: str) -> str:
    """A name without accents, case or extra spaces (`José  Núñez` → `jose nunez`): how a lookup that
    found no name or alias compares, and how `new` tells a near twin (`Zoe Keller`, `Zoë Keller`)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def suggest(query: str, names: Iterable[str], most: int = 5) -> list[str]:
    """Names a mistyped or partial query may mean: a whole word of the name (`Alice` → `Alice
    Moreau`, `Moreau` too), then names that start with it, then names spelt alike."""
    key = fold(" ".join(query.split()))
    folded = {fold(name): name for name in sorted(names, key=name_key)}
    by_word = [name for f, name in folded.items() if key in f.split()]
    by_prefix = [name for f, name in folded.items() if f.startswith(key)]
    import difflib  # here: only a name that matches nobody asks for it

    alike = [folded[f] for f in difflib.get_close_matches(key, list(folded), n=most, cutoff=0.6)]
    return list(dict.fromkeys([*by_word, *by_prefix, *alike]))[:most]
