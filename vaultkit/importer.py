"""Bring contacts into the vault: only people not there yet, each as a new note; never touch others.

A contact is already there when a person note matches its name (case-insensitive, Unicode-normalised)
or alias, its e-mail, or its profile URL. A second import of the same file therefore creates nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from vaultkit.build import Vault
from vaultkit.contacts import Contact, Contacts
from vaultkit.create import MAX_NAME, RESERVED, UNSAFE, CreateError, create_note, name_problem, render_person
from vaultkit.index import Index
from vaultkit.names import fold

UNSAFE_RUN = re.compile(UNSAFE.pattern + "+")  # the characters `new` refuses, a run at a time


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    existing: int = 0
    nameless: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (the row's name, why it was skipped)

    def summary(self, dry_run: bool) -> str:
        verb = "would create" if dry_run else "created"
        text = f"{verb} {len(self.created)}, already there {self.existing}, skipped {self.nameless} without a name"
        return text + (f", skipped {len(self.failed)} that could not be imported" if self.failed else "")


def match_key(name: str) -> str:
    return fold(name.strip())


def url_key(url: str) -> str:
    """Profile URLs compare without scheme, `www.`, query and trailing slash."""
    bare = re.sub(r"^[a-z]+://", "", url.strip().lower()).removeprefix("www.")
    return bare.split("?")[0].split("#")[0].rstrip("/")


@dataclass
class Known:
    """Every name, alias, e-mail and URL already in the vault (and those imported so far)."""

    keys: set[str] = field(default_factory=set)

    @classmethod
    def from_index(cls, index: Index) -> Known:
        known = cls()
        for person in index.people.values():
            details = dict(person.details)
            known.add(person.name, person.aliases, details.get("email"), details.get("url"))
        return known

    def add(self, name: str, aliases: Iterable[str] = (), email: str | None = None, url: str | None = None) -> None:
        self.keys.update(f"name:{match_key(n)}" for n in (name, *aliases))
        if email:
            self.keys.add(f"email:{email.strip().casefold()}")
        if url:
            self.keys.add(f"url:{url_key(url)}")

    def has(self, contact: Contact) -> bool:
        wanted = {f"name:{match_key(contact.name)}"}
        if contact.email:
            wanted.add(f"email:{contact.email.strip().casefold()}")
        if contact.url:
            wanted.add(f"url:{url_key(contact.url)}")
        return not wanted.isdisjoint(self.keys)


def safe_base(name: str) -> str:
    """A note name `new` would accept, made from any text: unsafe characters and `..` become `-`,
    the length fits in MAX_NAME bytes with room for a ` (123456)`; "Unnamed" when nothing is left."""
    base = UNSAFE_RUN.sub("-", name.replace("..", "-")).strip(" .-")
    if base.split(".")[0].casefold() in RESERVED:
        base = f"{base} (contact)"
    base = base.encode("utf-8")[: MAX_NAME - 12].decode("utf-8", errors="ignore").rstrip(" .-")
    return base if base and not name_problem(base) else "Unnamed"


def file_name(name: str, taken: set[str]) -> str:
    """A safe note name for a contact, and a number when it clashes with one taken."""
    base = safe_base(name)
    candidate, number = base, 2
    while fold(candidate) in taken:  # ends: each turn tries a new number, and `base` is safe
        candidate, number = f"{base} ({number})", number + 1
    return candidate


def import_contacts(
    vault: Vault, contacts: Contacts, dry_run: bool, progress: Callable[[Iterable[Contact]], Iterable[Contact]]
) -> ImportReport:
    """Create a note for each contact not yet in the vault."""
    index = vault.index()
    known = Known.from_index(index)
    taken = {fold(name) for name in index.people} | {fold(p.rsplit("/", 1)[-1][:-3]) for p in vault.store.notes}
    report = ImportReport(nameless=contacts.nameless, failed=list(contacts.unreadable))
    for contact in progress(contacts.found):
        if known.has(contact):
            report.existing += 1
            continue
        name = file_name(contact.name, taken)
        fields = dict(contact.fields)
        if name != contact.name:
            fields = {"aliases": [contact.name], **fields} if not name_problem(contact.name) else fields
        if not dry_run:
            try:
                text = render_person(vault.root, name, fields, contact.body)
                name = create_note(vault.root, vault.config, name, text).stem
            except (CreateError, OSError) as error:  # this row only: the others are still imported
                report.failed.append((contact.name, str(error)))
                continue
        known.add(contact.name, [name], contact.email, contact.url)
        taken.add(fold(name))
        report.created.append(name)
    return report
