"""Contact from your messages, offline (SPEC §6 `import whatsapp|telegram|mbox`): what the three
importers share once each has read its file into exchanges.

An exchange is one message between you and someone, on a day: a chat's message (a chat of two counts
every message with the other person; a group, each member's own messages), a mail from or to them.
Each day with exchanges adds one line to the person's log, `- 2026-11-18 3 messages (WhatsApp)` or
`- 2026-11-16 The solar project and 1 more (e-mail)`; no message text is copied (a subject is, made
plain text first). A day already logged from the same source gets no second line, whatever its
count, so a second import, even of a newer export, adds nothing. People are matched by the one
module of SPEC §8 (network/identity.py); your own names, numbers and addresses (`me`) are nobody.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vaultkit.files.edit import LogLine, insert_log_lines
from vaultkit.network.identity import Identities, Match, Phone, Record, email_key
from vaultkit.read.names import bare, first_name, fold
from vaultkit.read.plain import plain_text

if TYPE_CHECKING:
    from vaultkit.network.index import Index

PHONE_LIKE = re.compile(r"^\+?[0-9][0-9 ()\-.]{5,}$")
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")  # marks WhatsApp puts around names


def subject_of(value: str) -> str:
    """A mail's Subject as text (`=?UTF-8?Q?…?=` decoded), as written when it cannot be decoded."""
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeError):
        return value


def plural(count: int, word: str) -> str:
    """`1 day`, `2 days`, `1,204 messages`."""
    return f"{count:,} {word}{'' if count == 1 else 's'}"


SINGULAR = {"entries": "entry", "lines": "line", "messages": "message", "calls": "call", "dates": "date", "are": "is"}


def one_of(why: str) -> str:
    """A reason counted once, in the singular: `1 service entry`, `1 line WhatsApp wrote itself`."""
    words = why.split(" ")
    plural_at = next((at for at, word in enumerate(words) if word in SINGULAR and word != "are"), None)
    if plural_at is not None:
        words[plural_at] = SINGULAR[words[plural_at]]
        words = [SINGULAR["are"] if word == "are" else word for word in words]
    return " ".join(words)


def bare_name(text: str) -> str:
    """A sender as the export writes it, without the invisible direction marks around it, nor the
    `~` iOS writes before the name of someone not in your contacts (`~ YSL`: the name they chose)."""
    return " ".join(BIDI.sub("", text).split()).removeprefix("~ ").removeprefix("~")


class Exchange(NamedTuple):
    """One message between you and `who` (a name or number as the export shows it, or a record); a
    named tuple, since a chat of 100,000 lines makes as many."""

    who: Record
    day: date
    subject: str = ""  # a mail's, as its header writes it (decoded for the line it gives)
    at: datetime | None = None  # when, to tell the day's first mail
    call: bool = False  # a call that was answered, not a message


@dataclass
class Day:
    count: int = 0
    first: tuple[datetime, str] | None = None  # the day's earliest mail: when, and its subject
    calls: int = 0  # answered calls (Telegram)

    def add(self, exchange: Exchange) -> None:
        if exchange.call:
            self.calls += 1
            return
        self.count += 1
        if exchange.at is not None and (self.first is None or exchange.at < self.first[0]):
            self.first = (exchange.at, exchange.subject)


@dataclass
class MessagesReport:
    source: str  # "WhatsApp", "Telegram", "e-mail": the end of each line, and how a day is known
    messages: int = 0  # read from the file
    skipped: Counter[str] = field(default_factory=Counter)  # not contact, by why
    days: dict[str, dict[date, Day]] = field(default_factory=lambda: defaultdict(dict))  # note → day →
    unmatched: Counter[str] = field(default_factory=Counter)  # senders who are nobody in the vault
    unmatched_days: dict[str, set[date]] = field(default_factory=lambda: defaultdict(set))  # … and their days
    ambiguous: dict[str, str] = field(default_factory=dict)
    matched: dict[str, Match] = field(default_factory=dict)  # each correspondent shown → whom, and by what
    notes: list[str] = field(default_factory=list)  # what the reader says of the file (a date order guessed, …)
    added: int = 0
    already: int = 0

    def line(self, day: date, tally: Day) -> LogLine:
        if self.source == "e-mail":
            written = subject_of(tally.first[1]) if tally.first else ""
            subject = plain_text(written) if written.strip() else "(no subject)"
            more = f" and {tally.count - 1} more" if tally.count > 1 else ""
            return LogLine(day, f"{subject}{more} (e-mail)")
        said = [plural(tally.count, "message")] if tally.count else []
        said += [plural(tally.calls, "call")] if tally.calls else []
        return LogLine(day, f"{', '.join(said)} ({self.source})")

    def summary(self, dry_run: bool) -> str:
        people = len(self.days)
        days = sum(len(found) for found in self.days.values())
        verb = "would add" if dry_run else "added"
        text = f"{plural(self.messages, 'message')} read: {plural(days, 'day')} with {plural(people, 'person')}"
        text = text.replace("persons", "people") + f", {verb} {plural(self.added, 'line')}"
        text += f", {plural(self.already, 'day')} already logged"
        if self.skipped:
            text += "; not contact: " + ", ".join(
                f"{count:,} {why if count != 1 else one_of(why)}" for why, count in sorted(self.skipped.items())
            )
        if self.unmatched:
            senders = plural(len(self.unmatched), "sender")
            text += f"; {senders} matched nobody (--dry-run lists them)"
        return text


class Correspondents:
    """Who an exchange is with: the identity rules of SPEC §8, your own identities (`me`) nobody."""

    def __init__(self, index: Index, me: Iterable[str], advice: str = "") -> None:
        self.identities = Identities.of(index.people.values())
        if advice:  # what tells two people of one name apart in this source
            self.identities.advice = advice
        self.first_names: dict[str, list[str]] | None = None  # first name → notes, made when first asked
        self.people = {person.path: person for person in index.people.values()}
        mine = [text.strip() for text in me if text.strip()]
        self.my_names = {fold(text) for text in mine}
        self.my_emails = {email_key(text) for text in mine if "@" in text}
        self.my_phones = [phone for text in mine if PHONE_LIKE.match(text) and (phone := Phone.of(text))]

    def is_me(self, record: Record) -> bool:
        """Whether a record is you: by a name (as `sender` makes it, without its marks), an address
        or a number of `me`."""
        if record.name and fold(record.name) in self.my_names:
            return True
        if any(email_key(address) in self.my_emails for address in record.emails):
            return True
        return any(phone.same(mine) for phone in record.phone_numbers() for mine in self.my_phones)

    def match(self, record: Record) -> Match | None:
        return None if self.is_me(record) else self.identities.match(record)

    def first_named(self, name: str) -> str | None:
        """The note of the one person whose first name a one-word sender is (`Björn`, when only
        `Björn Åkesson.md` has it), compared without accents; None when nobody's, or several people's.
        A first name in someone else's phone is no proof, so it is only named, never counted."""
        if not name or len(name.split()) != 1 or "@" in name:  # a one-word name, not an address
            return None
        if self.first_names is None:
            self.first_names = defaultdict(list)
            for person in self.people.values():
                written = bare(person.name)
                if (first := first_name(written)) and first != written:  # a name of one word is no first name
                    self.first_names[first].append(person.path)
        found = self.first_names.get(bare(name), [])
        return found[0] if len(found) == 1 else None


def sender(text: str) -> Record:
    """A chat's sender: a number when it reads as one (an unsaved contact), else a name."""
    name = bare_name(text)
    return Record(phones=(name,)) if PHONE_LIKE.match(name) else Record(name=name)


def shown(record: Record) -> str:
    return record.name or ", ".join((*record.emails, *record.phones))


def tally(
    exchanges: Iterable[Exchange], people: Correspondents, report: MessagesReport, since: date, today: date
) -> None:
    """Each exchange of `since` .. today counted on its person's day; a sender who is nobody apart, and
    you (`me`) not at all: the readers leave that to this one place."""
    seen: dict[Record, tuple[bool, Match | None]] = {}  # each correspondent: you?, and whom they match
    for exchange in exchanges:
        if not since <= exchange.day <= today:
            report.skipped["outside --since .. today"] += 1
            continue
        who = exchange.who
        if who not in seen:
            mine = people.is_me(who)
            seen[who] = (mine, None if mine else people.identities.match(who))
        mine, match = seen[who]
        if match is None:
            if not mine:
                report.unmatched[shown(who)] += 1
                report.unmatched_days[shown(who)].add(exchange.day)
        elif match.ambiguous:
            report.ambiguous[shown(exchange.who)] = match.by
        else:
            report.matched.setdefault(shown(who), match)
            report.days[match.path].setdefault(exchange.day, Day()).add(exchange)


def first_name_hints(report: MessagesReport, people: Correspondents) -> list[str]:
    """For each sender that matched nobody but is the unique first name of a person, the alias line
    that would count them (SPEC §8): `Björn: add "aliases: [Björn]" to People/Björn Åkesson.md to
    count these 4 days`."""
    hints = []
    for who in sorted(report.unmatched):
        path = people.first_named(who)
        if path is not None:
            alias = who if SIMPLE.fullmatch(who) else json.dumps(who, ensure_ascii=False)
            days = plural(len(report.unmatched_days[who]), "day")
            hints.append(f'{who}: add "aliases: [{alias}]" to {path} to count these {days}')
    return hints


SIMPLE = re.compile(r"[^\W\d_][\w.' -]*")  # an alias YAML reads as plain text in a flow list


def logged_from(people: Correspondents, path: str, source: str) -> set[date]:
    """The days a person's log already has a line from this source (`… (WhatsApp)`)."""
    person = people.people.get(path)
    end = f"({source})"
    return {i.date for i in person.interactions if i.text.endswith(end)} if person is not None else set()


def record(report: MessagesReport, people: Correspondents, root: Path, dry_run: bool) -> list[str]:
    """Insert each person's new days (or, with `dry_run`, only list them); one line shown per day."""
    shown_lines: list[str] = []
    for path, days in sorted(report.days.items()):
        done = logged_from(people, path, report.source)
        lines = [report.line(day, days[day]) for day in sorted(days) if day not in done]
        report.already += len(days) - len(lines)
        if not lines:
            continue
        added = len(lines) if dry_run else insert_log_lines(root / path, lines, once=True, root=root)
        report.added += added
        report.already += len(lines) - added
        shown_lines.extend(f"{path}: {line.render()}" for line in lines[:added])
    return shown_lines
