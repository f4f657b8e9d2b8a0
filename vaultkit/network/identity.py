"""Who is who across sources (SPEC §8): the one place that decides which person a record from an
export is. Every importer asks it: contacts (vCard, LinkedIn), the calendar, and message exports.

A person is known by their note's name, their aliases, their `email` addresses, their `phone`
numbers and their LinkedIn profile URL. A record is matched, in this order, by an e-mail address,
a LinkedIn profile URL, a phone number, the note's name, an alias. A record whose name matches a
person who has an identity of the same kind that differs (another e-mail address, LinkedIn URL or
phone number) is someone else. A URL of another kind (a homepage, a company page) is no evidence
either way. A name always wins over another person's alias.

| record's  ×  person's | same                | different               | either has none |
|---|---|---|---|
| e-mail                | match, `by e-mail`  | someone else (by name)  | no evidence     |
| LinkedIn profile URL  | match, `by LinkedIn URL` | someone else (by name) | no evidence  |
| phone (digits)        | match, `by phone`   | someone else (by name)  | no evidence     |
| other URL             | no evidence         | no evidence             | no evidence     |
| name                  | match, `by name`    | —                       | —               |
| alias                 | match, `by alias`, unless a person has that name | — | —        |
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import unquote

from vaultkit.read.names import fold

if TYPE_CHECKING:
    from vaultkit.read.model import Person

LINKEDIN = re.compile(r"^(?:[a-z]{2,3}\.)?linkedin\.com/in/([^/?#]+)")
# From the start of a run only (the look-behind): tried at every character of a long run without `@`,
# it would scan the run again from each.
ADDRESS = re.compile(r"(?<![^\s,;<>])[^\s,;<>]+@[^\s,;<>]+")
LOCAL_DIGITS = 9  # a number without a country code is compared by its last nine digits


def email_key(text: str) -> str:
    return text.strip().removeprefix("mailto:").removeprefix("MAILTO:").strip().casefold()


def emails_in(text: str) -> list[str]:
    """The addresses in a detail (`a@x.org, b@y.org`)."""
    return [email_key(address) for address in ADDRESS.findall(text)]


def url_key(url: str) -> str:
    """A URL without scheme, `www.`, query, fragment and trailing slash."""
    bare = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip().lower()).removeprefix("www.")
    return bare.split("?")[0].split("#")[0].rstrip("/")


def linkedin_key(url: str) -> str | None:
    """`linkedin.com/in/NAME` for a LinkedIn profile URL (a country's subdomain too); None for any
    other URL, which is no evidence of who someone is."""
    match = LINKEDIN.match(url_key(url))
    return f"linkedin.com/in/{unquote(match[1])}" if match else None


class Phone(NamedTuple):
    digits: str  # without the `+` or `00` of a country code
    international: bool  # written with a country code

    @classmethod
    def of(cls, text: str) -> Phone | None:
        stripped = text.strip()
        digits = re.sub(r"[^0-9]", "", stripped)
        international = stripped.startswith("+") or digits.startswith("00")
        digits = digits[2:] if not stripped.startswith("+") and digits.startswith("00") else digits
        return cls(digits, international) if len(digits) >= 6 else None

    def same(self, other: Phone) -> bool:
        if self.international and other.international:
            return self.digits == other.digits
        return self.digits[-LOCAL_DIGITS:] == other.digits[-LOCAL_DIGITS:]


def phones_in(text: str) -> list[Phone]:
    return [phone for part in re.split(r"[,;/]", text) if (phone := Phone.of(part)) is not None]


@dataclass(frozen=True)
class Record:
    """Someone in an export: a contact, a calendar guest, a chat's sender, a mail's correspondent."""

    name: str = ""
    emails: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()

    def linkedin(self) -> set[str]:
        return {key for url in self.urls if (key := linkedin_key(url))}

    def phone_numbers(self) -> list[Phone]:
        return [phone for text in self.phones for phone in phones_in(text)]


class Match(NamedTuple):
    path: str  # the person's note; "" when the record is ambiguous
    by: str  # "e-mail", "LinkedIn URL", "phone", "name", "alias", or why it is ambiguous

    @property
    def ambiguous(self) -> bool:
        return not self.path


TWIN = re.compile(r"\s\(\d+\)$")  # `Sarah Chen (2)`: the second person of a name, as imports name them


@dataclass
class Entry:
    """A person as the importers know them."""

    path: str
    emails: set[str] = field(default_factory=set)
    linkedin: set[str] = field(default_factory=set)
    phones: list[Phone] = field(default_factory=list)

    def someone_else(self, record: Record) -> bool:
        """Whether an identity of the same kind on both sides differs."""
        emails, linkedin, phones = set(map(email_key, record.emails)), record.linkedin(), record.phone_numbers()
        if emails and self.emails and not emails & self.emails:
            return True
        if linkedin and self.linkedin and not linkedin & self.linkedin:
            return True
        return bool(phones and self.phones) and not any(a.same(b) for a in phones for b in self.phones)

    def holds_any(self, records: Iterable[Record]) -> bool:
        """Whether the person has an identity of one of these records."""
        for record in records:
            if set(map(email_key, record.emails)) & self.emails or record.linkedin() & self.linkedin:
                return True
            if any(a.same(b) for a in record.phone_numbers() for b in self.phones):
                return True
        return False


KINDS = (("e-mail", "e-mail address"), ("LinkedIn URL", "LinkedIn URL"), ("phone", "phone number"))


def differing(records: list[Record]) -> str | None:
    """The kind of identity two of these records (of one name) hold differently — they are two
    people (SPEC §8) — as `e-mail address`, `LinkedIn URL` or `phone number`; None when none differs.
    Records of one kind that share no value common to all are taken to differ (linear, not by pairs)."""
    keyed: list[list[set[str]]] = [[], [], []]
    for record in records:
        for at, keys in enumerate(
            (
                set(map(email_key, record.emails)),
                record.linkedin(),
                {phone.digits[-LOCAL_DIGITS:] for phone in record.phone_numbers()},
            )
        ):
            if keys:
                keyed[at].append(keys)
    for (_, words), sets in zip(KINDS, keyed, strict=True):
        if len(sets) > 1 and not set.intersection(*sets):
            return words
    return None


class Identities:
    """Everyone in the vault (and whoever an import adds meanwhile), by every identity they have."""

    def __init__(self) -> None:
        self.by_email: dict[str, Entry] = {}
        self.by_linkedin: dict[str, Entry] = {}
        self.by_phone: dict[str, list[tuple[Phone, Entry]]] = defaultdict(list)  # last nine digits →
        self.by_name: dict[str, list[Entry]] = defaultdict(list)
        self.by_twin: dict[str, list[Entry]] = defaultdict(list)  # `Sarah Chen (2)` under `sarah chen`
        self.by_alias: dict[str, list[Entry]] = defaultdict(list)
        self.by_path: dict[str, Entry] = {}
        self.advice = "its e-mail or LinkedIn URL"  # what to add to tell two people of one name apart

    @classmethod
    def of(cls, people: Iterable[Person]) -> Identities:
        found = cls()
        for person in sorted(people, key=lambda p: p.path):
            details = dict(person.details)
            found.add(person.path, person.name, person.aliases, details)
        return found

    def add(self, path: str, name: str, aliases: Iterable[str], details: dict[str, str]) -> None:
        entry = Entry(
            path,
            set(emails_in(details.get("email", ""))),
            {key for url in details.get("url", "").split(",") if (key := linkedin_key(url))},
            phones_in(details.get("phone", "")),
        )
        self.by_path[path] = entry
        for address in entry.emails:
            self.by_email.setdefault(address, entry)
        for key in entry.linkedin:
            self.by_linkedin.setdefault(key, entry)
        for phone in entry.phones:
            self.by_phone[phone.digits[-LOCAL_DIGITS:]].append((phone, entry))
        self.by_name[fold(name.strip())].append(entry)
        if TWIN.search(name.strip()):
            self.by_twin[fold(TWIN.sub("", name.strip()))].append(entry)
        for alias in dict.fromkeys(fold(alias.strip()) for alias in aliases):
            if alias != fold(name.strip()):
                self.by_alias[alias].append(entry)

    def is_name(self, name: str) -> bool:
        """Whether a person's note has this name (a new note then gets no alias of it)."""
        return bool(self.by_name.get(fold(name.strip())))

    def match(self, record: Record) -> Match | None:
        """The person a record is, and by what; None when it is nobody in the vault."""
        for address in map(email_key, record.emails):
            if address in self.by_email:
                return Match(self.by_email[address].path, "e-mail")
        for key in sorted(record.linkedin()):
            if key in self.by_linkedin:
                return Match(self.by_linkedin[key].path, "LinkedIn URL")
        for phone in record.phone_numbers():
            for known, entry in self.by_phone.get(phone.digits[-LOCAL_DIGITS:], ()):
                if known.same(phone):
                    return Match(entry.path, "phone")
        return self.match_name(record)

    def match_name(self, record: Record) -> Match | None:
        """By name, else by alias (unless someone has that name); never someone who differs by an
        identity of the same kind. Where two people bear the name (`Sarah Chen`, `Sarah Chen (2)`) and
        nothing tells them apart, the record is ambiguous: it is neither of them, nor a third."""
        key = fold(record.name.strip())
        if not key:
            return None
        named = self.by_name.get(key, []) + self.by_twin.get(key, [])
        fitting = [entry for entry in named if not entry.someone_else(record)]
        if len(fitting) > 1:
            notes = ", ".join(entry.path for entry in fitting)
            return Match("", f"matches {len(fitting)} notes by name ({notes}); add {self.advice} to one")
        if fitting:
            return Match(fitting[0].path, "name")
        if named:
            return None  # someone else of that name; and an alias never wins over a name
        for entry in self.by_alias.get(key, []):
            if not entry.someone_else(record):
                return Match(entry.path, "alias")
        return None
