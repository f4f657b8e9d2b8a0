"""`vaultkit import mbox FILE`: contact from mail (SPEC §6), from an mbox as Gmail Takeout or
Thunderbird writes it, read as a stream: the file is read in chunks of a megabyte, each message's
headers are taken (`From`, `To`, `Cc`, `Date`, `Subject` and the three that mark mail nobody wrote to
you), and its body is skipped by a search for the next `From ` line after a blank line, never held.
A 5 GB Takeout needs no more memory than a small one.

Mail from you to or copying a person, or from them to or copying you, is contact on the day of its
`Date:` in its own offset; with `me` unset every message in the file is yours, so everyone on it is.
Mailing-list mail (`List-Id`), automatic mail (`Auto-Submitted` other than `no`, `Precedence: bulk`,
`list` or `junk`) and mail with more than 20 recipients are not contact.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import BinaryIO

from vaultkit.exchange.exports import ImportFailure
from vaultkit.exchange.messages import Correspondents, Exchange, MessagesReport
from vaultkit.network.identity import Record, email_key

CHUNK = 1 << 20
MAX_HEADERS = 256 * 1024  # a header block longer than this is no mail's: the message is skipped
MAX_RECIPIENTS = 20
SEPARATOR = b"\nFrom "
FOLD = re.compile(r"\r?\n[ \t]+")
# The headers vaultkit reads, each with its folded lines; found by one search of the block (in C)
WANTED = re.compile(
    rb"^(from|to|cc|date|subject|list-id|auto-submitted|precedence)[ \t]*:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)",
    re.IGNORECASE | re.MULTILINE,
)
QUOTED = re.compile(r'"(?:\\.|[^"\\])*"|\([^()]*\)')  # a display name in quotes, a comment
ADDRESS = re.compile(r"(?<![^\s<>,;:\"()\[\]])[^\s<>,;:\"()\[\]]+@[^\s<>,;:\"()\[\]]+")  # from a word's start: linear


def header_blocks(stream: BinaryIO, progress: Callable[[int], None] | None = None) -> Iterator[bytes | None]:
    """Each message's header block, in file order (None for one whose headers never end)."""
    buffer = stream.read(CHUNK)
    if progress:
        progress(len(buffer))
    if not buffer.startswith(b"From "):
        raise ImportFailure("not an mbox file (it does not start with a 'From ' line); export the mail as mbox")
    start = 0
    while True:
        end = _blank_line(buffer, start)
        while end < 0 and len(buffer) - start <= MAX_HEADERS:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            if progress:
                progress(len(chunk))
            buffer, start = buffer[start:] + chunk, 0
            end = _blank_line(buffer, start)
        yield buffer[start:end] if end >= 0 else None
        search = end if end >= 0 else start + 1
        while True:  # the body, skipped: the next `From ` line after a blank line
            found = buffer.find(SEPARATOR, search)
            if found >= 0 and _after_blank(buffer, found):
                start = found + 1
                break
            if found >= 0:
                search = found + 1
                continue
            chunk = stream.read(CHUNK)
            if not chunk:
                return
            if progress:
                progress(len(chunk))
            buffer, search = buffer[-8:] + chunk, 0


def _blank_line(buffer: bytes, start: int) -> int:
    """Where the headers after `start` end (at their blank line), or -1. Each search stops where the
    other found one: a search of the whole buffer for each message would read it again and again."""
    lf = buffer.find(b"\n\n", start, start + MAX_HEADERS)
    crlf = buffer.find(b"\n\r\n", start, lf if lf >= 0 else start + MAX_HEADERS)
    ends = [at for at in (lf, crlf) if at >= 0]
    return min(ends) + 1 if ends else -1


def _after_blank(buffer: bytes, at: int) -> bool:
    """Whether the newline at `at` ends a blank line (`\\n\\n` or `\\n\\r\\n` before the `From `)."""
    return (at >= 1 and buffer[at - 1] == 10) or (at >= 2 and buffer[at - 1] == 13 and buffer[at - 2] == 10)


def headers_of(block: bytes) -> dict[str, str]:
    """The headers vaultkit reads, unfolded; `To` and `Cc` joined when written more than once."""
    found: dict[str, str] = {}
    for name, raw in WANTED.findall(block, block.find(b"\n") + 1):  # after the `From ` line
        key = name.decode("ascii").lower()
        value = FOLD.sub(" ", raw.decode("utf-8", errors="replace")).strip()
        found[key] = f"{found[key]}, {value}" if key in ("to", "cc") and key in found else found.get(key, value)
    return found


def not_contact(headers: dict[str, str]) -> str | None:
    """Why a message is nobody's contact, or None."""
    if "list-id" in headers:
        return "mailing-list messages"
    if headers.get("auto-submitted", "no").strip().lower() != "no":
        return "automatic messages"
    if headers.get("precedence", "").strip().lower() in ("bulk", "list", "junk"):
        return "bulk messages"
    return None


def exchanges(
    stream: BinaryIO, people: Correspondents, report: MessagesReport, progress: Callable[[int], None] | None = None
) -> Iterator[Exchange]:
    """Each message's exchanges: one per correspondent of yours on it."""
    skipped = report.skipped
    for block in header_blocks(stream, progress):
        report.messages += 1
        if block is None:
            skipped["messages whose headers cannot be read"] += 1
            continue
        headers = headers_of(block)
        why = not_contact(headers)
        if why is not None:
            skipped[why] += 1
            continue
        try:
            at = parsedate_to_datetime(headers.get("date", ""))
        except (TypeError, ValueError, IndexError):
            skipped["messages without a readable Date"] += 1
            continue
        yield from _with(headers, people, skipped, at)


def addresses(*values: str) -> list[str]:
    """The addresses of address headers (`"Lee, Marcus" <marcus@x.org>, ada@y.org`), without their
    display names and comments: a search, where the standard library's parser took 100 µs a header."""
    text = ", ".join(value for value in values if value)
    if '"' in text or "(" in text:
        text = QUOTED.sub(" ", text)
    return list(dict.fromkeys(email_key(address) for address in ADDRESS.findall(text)))


def _with(headers: dict[str, str], people: Correspondents, skipped: Counter[str], at: datetime) -> Iterator[Exchange]:
    senders = addresses(headers.get("from", ""))
    recipients = addresses(headers.get("to", ""), headers.get("cc", ""))
    if len(recipients) > MAX_RECIPIENTS:
        skipped[f"messages to more than {MAX_RECIPIENTS} people"] += 1
        return
    mine = people.my_emails
    if not mine:
        correspondents = [*senders, *recipients]  # every message is yours
    elif any(address in mine for address in senders):
        correspondents = recipients
    elif any(address in mine for address in recipients):
        correspondents = senders
    else:
        skipped["messages neither from nor to you"] += 1
        return
    subject = headers.get("subject", "")  # decoded only for the line it may give (messages.py)
    for address in dict.fromkeys(a for a in correspondents if a not in mine):
        yield Exchange(Record(emails=(address,)), at.date(), subject, at)
