"""Sort keys and the name comparison shared by every stage, so orders and matches agree everywhere."""

from __future__ import annotations

import re
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


TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof", "sir", "dame", "rev"})


def first_name(name: str) -> str:
    """A name's first name as written, past a title: `Dr. Jane Smith` → `Jane`. None (empty) where a
    title is followed by one word only (`Dr. Smith`: that word is a surname), or is all there is."""
    words = name.split()
    titled = False
    while words and words[0].rstrip(".").casefold() in TITLES:
        words, titled = words[1:], True
    return "" if titled and len(words) < 2 else words[0] if words else ""


def bare(name: str) -> str:
    """A name without accents, case or extra spaces (`José  Núñez` → `jose nunez`): how a lookup that
    found no name or alias compares, and how `new` tells a near twin (`Zoe Keller`, `Zoë Keller`).

    Letters are transliterated (SPEC §8), not only stripped of their marks: `Łukasz` → `lukasz`,
    `Søren` → `soren`, `Straße` → `strasse`, `Ærø` → `aero`, `Алексей` → `aleksey` (anyascii, which
    knows every script). Chinese characters are the exception: they are kept as they are, since
    their readings in Latin letters are shared by many different names (北京 and 背景 are `beijing`)."""
    if name.isascii():
        return " ".join(name.casefold().split())
    from anyascii import anyascii  # here: only a name that is not ASCII needs it (SPEC §7: start fast)

    text = unicodedata.normalize("NFC", name)
    latin = anyascii(text) if not HAN.search(text) else OTHER_THAN_HAN.sub(lambda run: anyascii(run[0]), text)
    return " ".join(latin.casefold().split())


HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
OTHER_THAN_HAN = re.compile("[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def suggest(query: str, names: Iterable[str], most: int = 5) -> list[str]:
    """Names a mistyped or partial query may mean: a whole word of the name (`Alice` → `Alice
    Moreau`, `Moreau` too), then names that start with it, then names spelt alike."""
    key = bare(query)
    plain = [(bare(name), name) for name in sorted(set(names), key=name_key)]  # `lukasz`: Łukasz Nowak
    by_word = [name for f, name in plain if key in f.split()]
    by_prefix = [name for f, name in plain if f.startswith(key)]
    import difflib  # here: only a name that matches nobody asks for it

    close = difflib.get_close_matches(key, list(dict.fromkeys(f for f, _ in plain)), n=most, cutoff=0.6)
    alike = [name for f in close for g, name in plain if g == f]
    return list(dict.fromkeys([*by_word, *by_prefix, *alike]))[:most]
