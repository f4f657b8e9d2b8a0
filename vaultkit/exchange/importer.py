"""Bring contacts into the vault: only people not there yet, each as a new note; never touch others.

Who a contact is, the identity module decides (network/identity.py, SPEC §8): by e-mail, LinkedIn
URL, phone, then name or alias, never someone with another identity of the same kind; two people of
one name are both kept (`Chris Lee (2).md`), and the second gets no alias that is the first one's
name. A second import of the same file therefore creates nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.files.create import (
    MAX_NAME,
    RESERVED,
    UNSAFE,
    CreateError,
    create_note,
    name_problem,
    new_note_place,
    render_person,
)
from vaultkit.files.edit import LogLine, insert_log_line
from vaultkit.insights.news import news_text
from vaultkit.network.identity import Identities, Match, differing
from vaultkit.read.names import fold
from vaultkit.read.plain import plain_lines, plain_text
from vaultkit.read.terms import normalise

if TYPE_CHECKING:
    from vaultkit.exchange.contacts import Contact, Contacts
    from vaultkit.read.model import Person
    from vaultkit.vault import Vault

UNSAFE_RUN = re.compile(UNSAFE.pattern + "+")  # the characters `new` refuses, a run at a time


@dataclass
class ImportReport:
    nameless: int = 0
    nameless_at: list[str] = field(default_factory=list)  # where each record without a name is
    failed: list[tuple[str, str]] = field(default_factory=list)  # (the row's name, why it was skipped)
    created: list[str] = field(default_factory=list)
    existing: int = 0
    rows: list[tuple[str, str, str]] = field(default_factory=list)  # (the row's name, its note, how matched)
    news: list[str] = field(default_factory=list)  # the `#news` lines inserted, with their notes

    def summary(self, dry_run: bool) -> str:
        verb = "would create" if dry_run else "created"
        text = f"{verb} {len(self.created)}, already there {self.existing}, skipped {self.nameless} without a name"
        text += f", skipped {len(self.failed)} that could not be imported" if self.failed else ""
        return text + (f", {len(self.news)} with news" if self.news else "")


def news_line(person: Person, contact: Contact) -> str | None:
    """`Now POSITION at COMPANY (LinkedIn)` when the export shows another company or position than
    the person's last `#news` line, or, without one, than their note; None when nothing changed."""
    company, role = contact.fields.get("company"), contact.fields.get("role")
    if not company and not role:
        return None
    text = f"Now {role} at {company} (LinkedIn)" if company and role else f"Now {role or f'at {company}'} (LinkedIn)"
    latest = max((i for i in person.interactions if i.news), key=lambda i: (i.date, i.line), default=None)
    if latest is not None:
        return None if news_text(latest).casefold() == text.casefold() else text
    details = dict(person.details)
    if not details.get("company") and not details.get("role"):
        return None  # the note says nothing to compare with: no news
    same = all(
        not new or normalise(str(new)) == normalise(details.get(key, ""))
        for key, new in (("company", company), ("role", role))
    )
    return None if same else text


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


class Skip(NamedTuple):
    why: str


NEW = None  # a record that is someone new: no note matches it


def one_name_twins(contacts: Contacts, known: Identities, by_path: dict[str, Person]) -> dict[int, Match | Skip | None]:
    """Two records of one name in one file, with identities of one kind that differ, are two people
    (SPEC §8). A note of that name holding none of their identities is matched only by further
    evidence: the one record whose company (failing that, position, where the note has no company)
    is the note's; the others are new people (`Raj Patel (2).md`). Without such evidence every one of
    them is skipped, named: a note never takes news from a record another could be just as well.
    Returns what was decided for those records, by their number in the file."""
    groups: dict[str, list[int]] = defaultdict(list)
    for number, contact in enumerate(contacts.found):
        groups[fold(contact.name.strip())].append(number)
    decided: dict[int, Match | Skip | None] = {}
    for numbers in groups.values():
        if len(numbers) < 2:
            continue
        records = [contacts.found[number].record() for number in numbers]
        kind = differing(records)
        if kind is None:
            continue
        weak: dict[str, list[int]] = defaultdict(list)  # a note → the records that match it by name only
        for number, record in zip(numbers, records, strict=True):
            found = known.match(record)
            if found is not None and found.by in ("name", "alias"):
                weak[found.path].append(number)
        for path, matched in weak.items():
            if len(matched) < 2 or known.by_path[path].holds_any(records):
                continue
            chosen, evidence = _by_evidence([contacts.found[number] for number in matched], by_path.get(path))
            for at, number in enumerate(matched):
                decided[number] = Match(path, f"name and {evidence}") if at == chosen else NEW
            if chosen is None:
                many = "two" if len(matched) == 2 else str(len(matched))
                what = "LinkedIn profiles" if contacts.news else "contacts"
                neither = "neither" if len(matched) == 2 else "none of them"
                why = f"{many} {what} of one name, and {path} holds {neither}: add the right {kind} to the note"
                decided.update((number, Skip(why)) for number in matched)
    return decided


def _by_evidence(records: list[Contact], person: Person | None) -> tuple[int | None, str]:
    """The one record whose company is the note's (or, where the note has no company, whose position
    is its role), and which it was (`company`, `position`); None when not exactly one."""
    details = dict(person.details) if person is not None else {}
    for key, said in (("company", "company"), ("role", "position")):
        mine = normalise(details.get(key, ""))
        if not mine:
            continue
        same = [at for at, record in enumerate(records) if normalise(str(record.fields.get(key, ""))) == mine]
        return (same[0] if len(same) == 1 else None), said
    return None, ""


def import_contacts(
    vault: Vault,
    contacts: Contacts,
    dry_run: bool,
    progress: Callable[[Iterable[Contact]], Iterable[Contact]],
    today: date,
) -> ImportReport:
    """Create a note for each contact not yet in the vault; for one already there whose company or
    position changed (LinkedIn), insert a `#news` line into their log."""
    index = vault.index()
    known = Identities.of(index.people.values())
    taken = {fold(name) for name in index.people} | {fold(p.rsplit("/", 1)[-1][:-3]) for p in vault.store.notes}
    report = ImportReport(contacts.nameless, list(contacts.nameless_at), list(contacts.unreadable))
    folder, convention = new_note_place(vault.root, vault.config, index.people.values())  # where `new` writes
    by_path = {person.path: person for person in index.people.values()}
    decided = one_name_twins(contacts, known, by_path)
    for number, contact in enumerate(progress(contacts.found)):
        found = decided[number] if number in decided else known.match(contact.record())
        if isinstance(found, Skip):
            report.failed.append((contact.name, found.why))
            continue
        if found is not None and found.ambiguous:
            report.failed.append((contact.name, found.by))  # written into neither note: skipped, named
            continue
        if found is not None:
            report.existing += 1
            report.rows.append((contact.name, found.path, f"by {found.by}"))
            person = by_path.get(found.path)
            news = news_line(person, contact) if contacts.news and person is not None else None
            if news is not None:
                entry = LogLine(today, f"{plain_text(news)} #news")
                if dry_run or insert_log_line(vault.root / found.path, entry, once=True, root=vault.root):
                    report.news.append(f"{found.path}: {entry.render()}")
            continue
        name = file_name(contact.name, taken)
        fields = {**convention, **contact.fields}
        # `John..Smith` made `John-Smith` keeps its name as an alias; a second `Sarah Chen` does not:
        # an alias that is another person's name would be that person's in every lookup
        if name != contact.name and not name_problem(contact.name) and not known.is_name(contact.name):
            fields = {"aliases": [contact.name], **fields}
        if not dry_run:
            try:
                text = render_person(vault.root, name, fields, plain_lines(contact.body))
                name = create_note(vault.root, vault.config, name, text, folder).stem
            except CreateError as error:  # this row only: the others are still imported
                report.failed.append((contact.name, str(error)))
                continue
            except OSError as error:  # in words, never `[Errno 28] …`
                report.failed.append((contact.name, f"its note cannot be written ({error.strerror or 'an error'})"))
                continue
        path = f"{folder}/{name}.md" if folder else f"{name}.md"
        aliases = [contact.name] if "aliases" in fields else []
        known.add(path, name, aliases, contact.details())
        taken.add(fold(name))
        report.created.append(name)
        report.rows.append((contact.name, path, "new note"))
    return report
