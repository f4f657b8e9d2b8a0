"""`vaultkit import whatsapp FILE`: a chat as WhatsApp's "Export chat" writes it (SPEC §6).

The file is `_chat.txt` (iOS) or `WhatsApp Chat with NAME.txt` (Android), or the `.zip` WhatsApp
shares holding it. Each message starts a line, in the phone's date format:

    [18/11/2026, 09:14:03] Sam Okafor: See you at the screening     (iOS)
    18/11/2026, 09:14 - Sam Okafor: See you at the screening        (Android)
    11/19/26, 2:03 PM - Sam Okafor: See you at the screening        (US: month first, 12-hour)
    3/24/14, 1:59:59 PM: Sam Okafor: See you at the screening       (before 2015: a colon after the time)

A line that does not start so continues the message above it. Day-first or month-first is read from
the file itself (a first number above 12 is a day, a second one above 12 is a month); where every date
reads both ways, `--date-order` says which, else day-first, and the report says so. Lines WhatsApp
writes itself are not messages: the encryption notice (which iOS writes as from the contact), "created
group", "added", "left", "Missed voice call"; iOS marks them with an invisible U+200E, Android writes
them without a sender. WhatsApp writes those lines in the phone's language: the English ones are known,
and iOS's encryption notice and missed calls in Spanish, Portuguese, German, French and Italian.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, NamedTuple

from vaultkit.exchange.exports import ImportFailure, bounded_lines, open_export, wrong_kind
from vaultkit.exchange.messages import Correspondents, Exchange, MessagesReport, bare_name, sender
from vaultkit.network.identity import Record
from vaultkit.read.names import fold

MAX_CHAT = 1 << 30  # bytes a chat's text may declare inside a zip: a chat export's text is far smaller
# A message's first line: its date (three numbers, kept as written), its time in any locale's form (a
# 24-hour `20:49` or `20.49`, or 12-hour with the locale's mark before or after it: `8:49 PM`, `8:49 pm`,
# `8:49\u202fPM`, `08:49 p. m.`, `8:49 p.m.`, `下午8:49`, `klo 20.49`), then ` - ` (Android) or `] ` (iOS).
# The time is not used (a message's day is its date), so any mark of up to two short words is read.
MERIDIEM = r"[^\W\d_]{1,6}\.?(?:[ \u202f\u00a0]?[^\W\d_]{1,6}\.?)?"
LINE = re.compile(
    r"^[\u200e\u200f\ufeff]*\[?(?P<a>[0-9]{1,4})[./-] ?(?P<b>[0-9]{1,2})[./-] ?(?P<c>[0-9]{2,4})\.?,?[ \t]+"
    rf"(?:{MERIDIEM}[ \t\u202f\u00a0]?)?"
    rf"(?P<time>[0-9]{{1,2}}[:.][0-9]{{2}}(?:[:.][0-9]{{2}})?(?:[ \t\u202f\u00a0]?{MERIDIEM})?)"
    r"(?:\][ \t]?|[ \t]+[-\u2013][ \t]+|:[ \t]+)(?P<rest>.*)$"
)
MARK = "\u200e"
# Lines WhatsApp writes, wherever they are; and those it writes in groups, which iOS marks with U+200E
NOTICE = re.compile(
    r"^(?:messages (?:and calls )?(?:to this (?:group|chat) )?are (?:now )?(?:end-to-end encrypted|secured)"
    r"|missed (?:group )?(?:voice|video) call|this chat is with a business account|.*security code changed"
    r"|.*changed (?:their|your) security code)",
    re.IGNORECASE,
)
# The same lines in the languages WhatsApp is most used in, as iOS writes them (marked with U+200E):
# the encryption notice and a missed call, in Spanish, Portuguese, German, French and Italian
LOCAL_NOTICE = re.compile(
    r"cifrados de extremo a extremo|criptografia de ponta a ponta|protegidas com a criptografia"
    r"|ende-zu-ende-verschlüsselt|chiffrés de bout en bout|crittografati end-to-end"
    r"|^llamada (?:de voz |de video |)perdida|^chamada de (?:voz|vídeo) perdida|^verpasster (?:sprach|video)anruf"
    r"|^appel (?:vocal|vidéo) manqué|^chiamata (?:vocale|video) persa",
    re.IGNORECASE,
)
GROUP_EVENT = re.compile(
    r"\b(?:created (?:the )?group|created this group|added|removed|left|joined using|changed the (?:subject|group)"
    r"|changed this group|changed (?:their|the) phone number|changed to|now an admin|pinned a message)\b",
    re.IGNORECASE,
)
# The export's file name, in the phone's language: `WhatsApp Chat with NAME` (English; `- NAME` on iOS),
# `WhatsApp Chat mit NAME` (German), `Chat de WhatsApp con NAME` (Spanish), `Conversa do WhatsApp com
# NAME` (Portuguese), `Discussion WhatsApp avec NAME` (French), `Chat WhatsApp con NAME` (Italian),
# `WhatsApp-chat met NAME` (Dutch)
FILE_NAME = re.compile(
    r"^(?:WhatsApp[ -]Chat (?:with|-|mit|met)|Chat de WhatsApp con|Conversa do WhatsApp com"
    r"|Discussion WhatsApp avec|Chat WhatsApp con) (?P<name>.+?)(?:\.txt|\.zip)?$",
    re.IGNORECASE,
)


class Message(NamedTuple):
    numbers: tuple[str, str, str]  # the date's three numbers as written (`0001` is not `01`)
    sender: str


@dataclass
class Chat:
    messages: list[Message] = field(default_factory=list)
    system: int = 0  # lines WhatsApp wrote itself
    group_events: int = 0  # of which: someone created, joined or left a group
    name: str = ""  # the other person, from the file name, if it gives one
    lines: int = 0  # lines with something on them
    head: bytes = b""  # the file's first bytes, to say what it looks like when nothing reads as a chat


def chat_name(path: Path, member: str = "") -> str:
    """The person a file's name says the chat is with (`WhatsApp Chat with Sam Okafor.txt`)."""
    for candidate in (Path(member).name, path.name, path.parent.name):
        match = FILE_NAME.match(candidate)
        if match:
            return bare_name(match["name"])
    return ""


def read_file(path: Path) -> Chat:
    """The chat in a `.txt` export, or in the `.zip` WhatsApp shares (its `_chat.txt` or `WhatsApp Chat
    … .txt`), read as a stream of lines each bounded (exports.bounded_lines): a chat of one 200 MB line,
    or an archive whose entry inflates beyond what it declares, costs no more memory than a small one.
    ImportFailure for what is not a regular file, a damaged archive, or a file in which no line reads
    as a WhatsApp message (it says what the file looks like instead)."""
    with open_export(path) as opened:
        if opened.read(4) in (b"PK\x03\x04", b"PK\x05\x06"):
            opened.seek(0)
            chat = _zipped(path, opened)
        else:
            opened.seek(0)
            chat = read_lines(bounded_lines(opened), chat_name(path))
    if not chat.lines:
        raise ImportFailure(f"{path}: the chat is empty; export it again from WhatsApp (Export chat)")
    if not chat.messages and not chat.system:
        raise wrong_kind(path, chat.head, "a WhatsApp chat export (no line reads as a WhatsApp message)")
    return chat


def _zipped(path: Path, opened: IO[bytes]) -> Chat:
    try:
        with zipfile.ZipFile(opened) as archive:
            texts = [
                info
                for info in archive.infolist()
                if info.filename.lower().endswith(".txt") and not info.filename.startswith("__MACOSX")
            ]
            chosen = sorted(
                texts,
                key=lambda i: (Path(i.filename).name != "_chat.txt", not FILE_NAME.match(Path(i.filename).name)),
            )
            if not chosen:
                raise ImportFailure(f"{path}: the archive holds no chat (_chat.txt); is it WhatsApp's export?")
            info = chosen[0]
            if info.file_size > MAX_CHAT:
                size = f"{info.file_size >> 20:,} MB"
                raise ImportFailure(f"{path}: its {info.filename} would be {size}, more than any chat export")
            with archive.open(info) as member:  # zipfile inflates no more than the entry declares
                return read_lines(bounded_lines(member), chat_name(path, info.filename))
    except zipfile.BadZipFile as error:
        checksum = "CRC" in str(error)
        why = "its chat does not match its checksum" if checksum else "it is not a ZIP archive that can be read"
        raise ImportFailure(f"{path}: a damaged ZIP archive ({why}); export the chat again") from None
    except (zlib.error, EOFError, zipfile.LargeZipFile):
        why = "its chat cannot be inflated"
        raise ImportFailure(f"{path}: a damaged ZIP archive ({why}); export the chat again") from None
    except (NotImplementedError, RuntimeError):  # a compression method zipfile lacks, or a password
        why = "encrypted, or packed in a way that cannot be read"
        raise ImportFailure(f"{path}: a ZIP archive {why}; export the chat again without a password") from None


def read_chat(text: str, name: str = "") -> Chat:
    """A chat's text, as `read_lines` reads it (for a chat already in memory)."""
    return read_lines((line.encode("utf-8") for line in text.splitlines()), name)


def read_lines(lines: Iterable[bytes], name: str = "") -> Chat:
    """Every message's date numbers and sender; lines WhatsApp wrote itself counted apart."""
    chat = Chat(name=name)
    names: dict[str, str] = {}  # a sender as written → without its marks (a chat has a few senders)
    head: list[bytes] = []
    for raw in lines:
        if not raw.strip():
            continue
        chat.lines += 1
        if len(head) < HEAD_LINES:
            head.append(raw[:HEAD_BYTES])
        match = LINE.match(raw.decode("utf-8", errors="replace"))
        if match is None:
            continue  # the next line of a message
        who, colon, said = match["rest"].partition(": ")
        numbers = (match["a"], match["b"], match["c"])
        words = said.lstrip(MARK + "\u200f ")
        if not colon:  # Android writes its own lines without a sender
            chat.system += 1
            chat.group_events += bool(GROUP_EVENT.search(match["rest"]))
        elif NOTICE.match(words) or (
            said.startswith(MARK) and (GROUP_EVENT.search(words) or LOCAL_NOTICE.search(words))
        ):
            chat.system += 1
            chat.group_events += bool(GROUP_EVENT.search(words))
        else:
            if who not in names:
                names[who] = bare_name(who)
            chat.messages.append(Message(numbers, names[who]))
    chat.head = b"\n".join(head)
    return chat


HEAD_LINES, HEAD_BYTES = 20, 512  # what is kept of the file's start, to say what it looks like


def date_order(chat: Chat, given: str | None) -> tuple[str, str]:
    """`ymd`, `dmy` or `mdy`, from the file (a number above 12 says which), else as given, else
    day-first; and what the report says of it."""
    written = list(dict.fromkeys(m.numbers for m in chat.messages))
    if any(len(a) == 4 for a, _, _ in written):  # the year first (`2019/01/30`, `2019. 1. 30.`)
        return "ymd", ""
    firsts = [(int(a), int(b), int(c)) for a, b, c in written]
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


def day_of(numbers: tuple[str, str, str], order: str) -> date | None:
    """The date three numbers write in an order; None when they are no date, or when the year is not
    written whole or as two digits (`001`): a date that cannot be read is never guessed (a two-digit
    year is this century's, as WhatsApp writes them)."""
    a, b, c = numbers
    year, month, day = (a, b, c) if order == "ymd" else (c, b, a) if order == "dmy" else (c, a, b)
    if len(year) not in (2, 4):
        return None
    try:
        return date(int(year) + 2000 if len(year) == 2 else int(year), int(month), int(day))
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
    days: dict[tuple[str, str, str], date | None] = {}
    for message in chat.messages:
        if message.numbers not in days:
            days[message.numbers] = day_of(message.numbers, order)
        day = days[message.numbers]
        if day is None:
            skipped["dates that cannot be read"] += 1
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
