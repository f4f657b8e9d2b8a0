"""Person notes that are probably one person (SPEC §6 `duplicates`): found by grouping people under
each identity and name key, never by comparing all pairs (SPEC §7).

- **Certain**: both notes hold the same e-mail address (case-insensitive), LinkedIn profile URL or
  phone number (by digits, the last nine when one side has no country code): identity.py's rules.
- **Likely**: the names are equal without accents (transliterated), case, punctuation and word order
  (`Núñez, José` / `jose nunez`), or equal but for a middle name or initial (`Chris J. Lee` / `Chris
  Lee`) — and no identity of one kind differs between them (identity.py's `someone_else`: two notes
  with different e-mails and none shared are two people, as the importers' `Chris Lee (2)` is).

A key held by more than SHARED_MAX notes (a team address, an office switchboard, a very common name)
is no evidence: listing every pair of its holders would be the all-pairs comparison §7 forbids.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations
from typing import Any, NamedTuple

from vaultkit.network.identity import LOCAL_DIGITS, Entry, Record, email_key, emails_in, linkedin_key, phones_in
from vaultkit.read.model import Problem, code
from vaultkit.read.names import bare, name_key

SHARED_MAX = 20
KINDS = ("email", "linkedin", "phone", "name")  # the order evidence is listed in
NOT_A_LETTER = re.compile(r"[^\w\s]|_")
SIMPLE_ADDRESS = re.compile(r"(?<![^\s,;<>@])[^\s,;<>@]+@[^\s,;<>@]+")  # from a word's start: linear
WARNING = "probably the same person as "  # how check's warning begins (store/warm.py keeps it by this)


class Known(NamedTuple):
    """What tells a person apart: their name and note, and the e-mail, phone and URL texts as the
    note lists them."""

    name: str
    path: str
    email: tuple[str, ...] = ()
    phone: tuple[str, ...] = ()
    url: tuple[str, ...] = ()

    @classmethod
    def of_details(cls, name: str, path: str, details: dict[str, str]) -> Known:
        parts = {key: tuple(p.strip() for p in details.get(key, "").split(",") if p.strip()) for key in KEYS}
        return cls(name, path, **parts)


KEYS = ("email", "phone", "url")


class Evidence(NamedTuple):
    kind: str  # email, phone, linkedin or name
    value: str

    def words(self) -> str:
        shown = {"email": "e-mail", "linkedin": "LinkedIn URL", "phone": "phone", "name": "name"}
        return f"{shown[self.kind]} {self.value}"


class Duplicate(NamedTuple):
    """Two notes that are probably one person (a < b by name, case-folded)."""

    a: str
    b: str
    certain: bool
    evidence: tuple[Evidence, ...]
    a_path: str
    b_path: str

    def sort_key(self) -> tuple[bool, tuple[str, str], tuple[str, str]]:
        """Certain pairs first, then by name."""
        return (not self.certain, name_key(self.a), name_key(self.b))

    def to_json(self) -> dict[str, Any]:
        evidence = [{"kind": e.kind, "value": e.value} for e in self.evidence]
        return {"a": self.a, "b": self.b, "certain": self.certain, "evidence": evidence}

    def reason(self) -> str:
        """`same e-mail chris@example.com, same name chris lee`"""
        return ", ".join(f"same {e.words()}" for e in self.evidence)

    def warning(self) -> Problem:
        """What `check` says of a certain pair, naming both notes (a warning: it never fails check)."""
        message = (
            f"{WARNING}{code(self.b_path)}: both hold the {self.evidence[0].words()}; to fold them into one, "
            f'vaultkit merge "{self.a}" "{self.b}" --dry-run'
        )
        return Problem(self.a_path, None, message, "warning")


def is_duplicate_warning(problem: Problem) -> bool:
    return problem.severity == "warning" and problem.message.startswith(WARNING)


def name_words(name: str) -> list[str]:
    """A name's words without accents (transliterated), case and punctuation, a `Last, First` name
    turned first-name first: `Núñez, José` → `jose nunez`."""
    last, comma, first = name.partition(",")
    written = f"{first} {last}" if comma else name
    # An ASCII name has no accent to take off: case-folded as bare() would (most names of a large vault)
    folded = written.casefold() if written.isascii() else bare(written)
    plain = folded.replace(" ", "").isalnum()
    return folded.split() if plain else NOT_A_LETTER.sub(" ", folded).split()


def _identity_keys(person: Known) -> Iterator[tuple[str, str]]:
    """The keys a person is grouped under for certain pairs: (kind, key)."""
    for text in person.email:
        if SIMPLE_ADDRESS.fullmatch(text):  # most are one bare address: no search for several
            yield ("email", email_key(text))
        else:
            yield from (("email", address) for address in emails_in(text))
    for url in person.url:
        if "linkedin" in url.casefold() and (key := linkedin_key(url)):
            yield ("linkedin", key)
    for text in person.phone:
        yield from (("phone", phone.digits[-LOCAL_DIGITS:]) for phone in phones_in(text))


def _name_keys(words: Sequence[str]) -> Iterator[tuple[str, str]]:
    """The keys a person is grouped under for likely pairs: the words in any order, and the first
    and last word (a middle name or initial aside)."""
    if words:
        yield ("name", " ".join(sorted(words)))
    if len(words) >= 2:
        yield ("ends", f"{words[0]} {words[-1]}")


def keys_of(person: Known) -> list[tuple[str, str]]:
    """Every key a person is grouped under, once each (the index keeps them: store/database.py)."""
    return list(dict.fromkeys([*_identity_keys(person), *_name_keys(name_words(person.name))]))


def _grouped(keys: Iterable[tuple[int, tuple[str, str]]]) -> list[tuple[tuple[str, str], list[int]]]:
    """The groups of two people or more under one key (and at most SHARED_MAX), by key."""
    groups: dict[tuple[str, str], list[int]] = {}
    for number, key in keys:
        members = groups.get(key)
        if members is None:
            groups[key] = [number]
        elif members[-1] != number:
            members.append(number)
    return sorted((key, members) for key, members in groups.items() if 1 < len(members) <= SHARED_MAX)


def _middles_agree(one: Sequence[str], other: Sequence[str]) -> bool:
    """Whether two names of the same first and last word are equal but for a middle name or
    initial: one has none, or each middle word is the other's or its initial."""
    left, right = one[1:-1], other[1:-1]
    if not left or not right:
        return left != right
    if len(left) != len(right) or left == right:
        return False
    return all(a == b or _initial_of(a, b) or _initial_of(b, a) for a, b in zip(left, right, strict=True))


def _initial_of(initial: str, word: str) -> bool:
    return len(initial) == 1 and word.startswith(initial)


def _same_phone(one: Known, other: Known) -> str | None:
    for mine in phones_in(", ".join(one.phone)):
        for theirs in phones_in(", ".join(other.phone)):
            if mine.same(theirs):
                return mine.digits
    return None


def _entry(person: Known) -> Entry:
    record = _record(person)
    return Entry(person.path, set(emails_in(", ".join(person.email))), record.linkedin(), record.phone_numbers())


def _record(person: Known) -> Record:
    return Record(person.name, person.email, person.url, person.phone)


def certain_pairs(people: Sequence[Known]) -> dict[tuple[int, int], list[Evidence]]:
    """Pairs (by their places in `people`) that share an e-mail, LinkedIn URL or phone, with the evidence."""
    keys = ((number, key) for number, person in enumerate(people) for key in _identity_keys(person))
    found: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for (kind, key), group in _grouped(keys):
        for one, other in combinations(group, 2):
            value = key
            if kind == "phone" and (value := _same_phone(people[one], people[other]) or "") == "":
                continue  # the same last nine digits, but two country codes
            evidence = Evidence(kind, value)
            if evidence not in found[(one, other)]:
                found[(one, other)].append(evidence)
    return found


def duplicates(people: Sequence[Known]) -> list[Duplicate]:
    """Every pair of notes that is probably one person: certain first, then by name."""
    found = certain_pairs(people)
    certain = set(found)
    words = [name_words(person.name) for person in people]
    keys = ((number, key) for number, written in enumerate(words) for key in _name_keys(written))
    for (kind, key), group in _grouped(keys):
        for one, other in combinations(group, 2):
            if kind == "ends" and not _middles_agree(words[one], words[other]):
                continue
            if (one, other) not in certain and _entry(people[one]).someone_else(_record(people[other])):
                continue  # an identity of one kind differs, none shared: two people
            evidence = Evidence("name", " ".join(words[one]) if kind == "name" else key)
            if not any(e.kind == "name" for e in found[(one, other)]):
                found[(one, other)].append(evidence)
    pairs = (_pair(people, pair, evidence, pair in certain) for pair, evidence in found.items())
    return sorted(pairs, key=Duplicate.sort_key)


def _pair(people: Sequence[Known], pair: tuple[int, int], evidence: list[Evidence], certain: bool) -> Duplicate:
    one, other = sorted((people[pair[0]], people[pair[1]]), key=lambda p: (*name_key(p.name), p.path))
    ordered = tuple(sorted(evidence, key=lambda e: (KINDS.index(e.kind), e.value)))
    return Duplicate(one.name, other.name, certain, ordered, one.path, other.path)


def duplicate_warnings(people: Iterable[Known]) -> list[Problem]:
    """A warning for each certain pair (what `check` lists), naming both notes."""
    known = sorted(people, key=lambda p: p.path)
    found = certain_pairs(known)
    return [_pair(known, pair, evidence, True).warning() for pair, evidence in sorted(found.items())]
