"""`vaultkit import whatsapp FILE`: a chat as WhatsApp's "Export chat" writes it (SPEC §6).

The file is `_chat.txt` (iOS) or `WhatsApp Chat with NAME.txt` (Android), or the `.zip` WhatsApp
shares holding it. Each message starts a line, in the phone's date format:

    [18/11/2026, 09:14:03] Sam Okafor: See you at the screening     (iOS)
    18/11/2026, 09:14 - Sam Okafor: See you at the screening        (Android)
    11/19/26, 2:03 PM - Sam Okafor: See you at the screening        (US: month first, 12-hour)

A line that does not start so continues the message above it. Day-first or month-first is read from
the file itself (a first number above 12 is a day, a second one above 12 is a month); where every date
reads both ways, `--date-order` says which, else day-first, and the report says so. Lines WhatsApp
writes itself are not messages: the encryption notice (which iOS writes as from the contact), "created
group", "added", "left", "Missed voice call"; iOS marks them with an invisible U+200E, Android writes
them without a sender. WhatsApp writes those lines in the phone's language: the English ones are known.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from vaultkit.exchange.contacts import ImportFailure, at_most
from vaultkit.exchange.messages import Correspondents, Exchange, MessagesReport, bare_name, sender
from vaultkit.network.identity import Record
from vaultkit.read.names import fold

MAX_CHAT = 1 << 30  # bytes: a chat export's text is far smaller
LINE = re.compile(
    r"^[\u200e\u200f\ufeff]*\[?(?P<a>[0-9]{1,4})[./-](?P<b>[0-9]{1,2})[./-](?P<c>[0-9]{2,4}),?[ \t]+"
    r"(?P<time>[0-9]{1,2}[:.][0-9]{2}(?:[:.][0-9]{2})?(?:[ \t\u202f\u00a0]?[AaPp]\.?[Mm]\.?)?)"
    r"(?:\][ \t]?|[ \t]+[-\u2013][ \t]+)(?P<rest>.*)$"
)
MARK = "\u200e"
# Lines WhatsApp writes, wherever they are; and those it writes in groups, which iOS marks with U+200E
NOTICE = re.compile(
    r"^(?:messages (?:and calls )?(?:to this (?:group|chat) )?are (?:now )?(?:end-to-end encrypted|secured)"
    r"|missed (?:group )?(?:voice|video) call|this chat is with a business account|.*security code changed"
    r"|.*changed (?:their|your) security code)",
    re.IGNORECASE,
)
GROUP_EVENT = re.compile(
    r"\b(?:created (?:the )?group|created this group|added|removed|left|joined using|changed the (?:subject|group)"
    r"|changed this group|changed (?:their|the) phone number|changed to|now an admin|pinned a message)\b",
    re.IGNORECASE,
)
FILE_NAME = re.compile(r"^WhatsApp Chat (?:with|-) (?P<name>.+?)(?:\.txt|\.zip)?$", re.IGNORECASE)


class Message(NamedTuple):
    numbers: tuple[int, int, int]  # the date's three numbers as written
    sender: str


@dataclass
class Chat:
    messages: list[Message] = field(default_factory=list)
    system: int = 0  # lines WhatsApp wrote itself
    group_events: int = 0  # of which: someone created, joined or left a group
    name: str = ""  # the other person, from the file name, if it gives one


def chat_name(path: Path, member: str = "") -> str:
    """The person a file's name says the chat is with (`WhatsApp Chat with Sam Okafor.txt`)."""
    for candidate in (Path(member).name, path.name, path.parent.name):
        match = FILE_NAME.match(candidate)
        if match:
            return bare_name(match["name"])
    return ""


def chat_text(path: Path) -> tuple[str, str]:
    """The chat's text and its name from the file names; a zip's `_chat.txt` or `WhatsApp Chat … .txt`."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            texts = [n for n in archive.namelist() if n.lower().endswith(".txt") and not n.startswith("__MACOSX")]
            chosen = sorted(texts, key=lambda n: (Path(n).name != "_chat.txt", not Path(n).name.startswith("WhatsApp")))
            if not chosen:
                raise ImportFailure(f"{path}: the archive holds no chat (_chat.txt); is it WhatsApp's export?")
            with archive.open(chosen[0]) as member:
                data = at_most(member, f"{path}: its {chosen[0]}", MAX_CHAT, "a chat export")
            return _decoded(data), chat_name(path, chosen[0])
    with open(path, "rb") as file:
        return _decoded(at_most(file, str(path), MAX_CHAT, "a chat export")), chat_name(path)


def _decoded(data: bytes) -> str:
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def read_chat(text: str, name: str = "") -> Chat:
    """Every message's date numbers and sender; lines WhatsApp wrote itself counted apart."""
    chat = Chat(name=name)
    names: dict[str, str] = {}  # a sender as written → without its marks (a chat has a few senders)
    for line in text.splitlines():
        match = LINE.match(line)
        if match is None:
            continue  # the next line of a message
        who, colon, said = match["rest"].partition(": ")
        numbers = (int(match["a"]), int(match["b"]), int(match["c"]))
        words = said.lstrip(MARK + "\u200f ")
        if not colon:  # Android writes its own lines without a sender
            chat.system += 1
            chat.group_events += bool(GROUP_EVENT.search(match["rest"]))
        elif NOTICE.match(words) or (said.startswith(MARK) and GROUP_EVENT.search(words)):
            chat.system += 1
            chat.group_events += bool(GROUP_EVENT.search(words))
        else:
            if who not in names:
                names[who] = bare_name(who)
            chat.messages.append(Message(numbers, names[who]))
    return chat


def date_order(chat: Chat, given: str | None) -> tuple[str, str]:
    """`ymd`, `dmy` or `mdy`, from the file (a number above 12 says which), else as given, else
    day-first; and what the report says of it."""
    firsts = [m.numbers for m in chat.messages]
    if any(a > 31 for a, _, _ in firsts):
        return "ymd", ""
    day_first = any(a > 12 for a, _, _ in firsts)
    month_first = any(b > 12 for _, b, _ in firsts)
    if day_first != month_first:
        found = "dmy" if day_first else "mdy"
        if given and given != found:
            return found, f"the file's dates are {'day' if day_first else 'month'}-first; --date-order {given} ignored"
        return found, ""
    if given:
        return given, ""
    if not firsts:
        return "dmy", ""
    return "dmy", "every date reads both ways; read day-first (--date-order mdy if the phone writes month-first)"


def day_of(numbers: tuple[int, int, int], order: str) -> date | None:
    a, b, c = numbers
    year, month, day = (a, b, c) if order == "ymd" else (c, b, a) if order == "dmy" else (c, a, b)
    year = year + 2000 if year < 100 else year
    try:
        return date(year, month, day)
    except ValueError:
        return None


def exchanges(chat: Chat, order: str, people: Correspondents, report: MessagesReport) -> Iterator[Exchange]:
    """A chat of two: every message is with the other person. A group: each member's own messages."""
    report.messages += len(chat.messages)
    if chat.system:
        report.skipped["lines WhatsApp wrote itself"] += chat.system
    skipped = report.skipped
    records = {name: sender(name) for name in dict.fromkeys(m.sender for m in chat.messages)}
    other = _the_other(chat, records, people)
    days: dict[tuple[int, int, int], date | None] = {}
    for message in chat.messages:
        if message.numbers not in days:
            days[message.numbers] = day_of(message.numbers, order)
        day = days[message.numbers]
        if day is None:
            skipped["dates that are no real date"] += 1
        else:  # your own messages in a group are nobody's: tally leaves you out
            yield Exchange(other if other is not None else records[message.sender], day)


def _the_other(chat: Chat, records: dict[str, Record], people: Correspondents) -> Record | None:
    """The one person a chat is with, when it is a chat of two; None for a group. `records`: each
    sender as written, and as a record."""
    others = [record for record in records.values() if not people.is_me(record)]
    if chat.group_events or len(others) > 2:
        return None
    if len(others) == 1:
        return others[0]
    if not others:
        return Record(name=chat.name) if chat.name else None
    if len(records) == 2:  # `me` unset: which of the two is the other?
        named = [name for name, record in records.items() if chat.name and fold(name) == fold(chat.name)]
        if len(named) == 1:
            return records[named[0]]
        known = [record for record in others if people.match(record) is not None]
        if len(known) == 1:
            return known[0]
    return None
