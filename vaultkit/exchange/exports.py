"""What every importer does with the file it is given before reading it as its format: open it only
when it is a regular file (not a device such as `/dev/zero`, a pipe, or a link to one), read it as a
stream with a bound per line, and, when it reads as nothing, say what it looks like and which import
reads it (SPEC §8: a file of the wrong kind is refused, never read as nothing).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, BinaryIO

from vaultkit.errors import UserError

MAX_LINE = 64 * 1024  # bytes of a line that are read: a message's date and sender are in its first hundred


class ImportFailure(UserError):
    """The file cannot be imported; the message names it and says what to do."""


def open_export(path: Path) -> BinaryIO:
    """The file, opened to read bytes; ImportFailure when it is not a regular file (a link is
    followed, so a link to `/dev/zero` is refused as the device is)."""
    try:
        opened = open(path, "rb")  # noqa: SIM115 - the caller closes it
    except OSError as error:
        raise ImportFailure(f"{path}: cannot be read ({error.strerror or error})") from None
    kind = os.fstat(opened.fileno()).st_mode  # the file opened, not a name that may change meanwhile
    if not stat.S_ISREG(kind):
        opened.close()
        device = stat.S_ISCHR(kind) or stat.S_ISBLK(kind)
        what = "a folder" if stat.S_ISDIR(kind) else "a device" if device else "a pipe or socket"
        raise ImportFailure(f"{path}: {what}, not a file; give the export's file")
    return opened


def bounded_lines(stream: IO[bytes], most: int = MAX_LINE) -> Iterator[bytes]:
    """The stream's lines (each without its line end), each cut at `most` bytes: a line of 200 MB
    costs no more memory than one of 64 KB. `\\r\\n`, `\\n` and a lone `\\r` end a line."""
    while True:
        line = stream.readline(most)
        if not line:
            return
        if not line.endswith(b"\n") and len(line) >= most:  # the rest of a long line, skipped
            while (rest := stream.readline(most)) and not rest.endswith(b"\n"):
                pass
        yield from line.rstrip(b"\r\n").split(b"\r")


CHAT_LINE = re.compile(rb"^\[?[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{2,4},? ")
EMAIL_HEADER = re.compile(rb"^(?:Received|Return-Path|From|Delivered-To|MIME-Version|Message-ID|Date|X-[\w-]+):", re.I)
# What a file's first bytes say it is, and the import that reads it
KINDS = (
    (b"BEGIN:VCALENDAR", "an iCalendar file", "vaultkit import ics"),
    (b"BEGIN:VCARD", "a vCard file", "vaultkit import vcard"),
    (b"From ", "an mbox mail archive", "vaultkit import mbox"),
    (b"PK\x03\x04", "a ZIP archive", ""),
)


def looks_like(head: bytes) -> tuple[str, str]:
    """What a file whose first bytes are `head` looks like, and the import that reads it ("" if none)."""
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    for start, what, reader in KINDS:
        if text[: len(start)].upper() == start.upper():
            return what, reader
    if text.startswith((b"{", b"[")):
        if any(key in head for key in (b'"messages"', b'"chats"', b'"about"', b'"personal_information"')):
            return "Telegram Desktop's JSON export", "vaultkit import telegram"
        return "a JSON file", ""
    first = text.split(b"\n", 1)[0].lower()
    if CHAT_LINE.match(first.lstrip("\u200e".encode())):
        return "a WhatsApp chat export", "vaultkit import whatsapp"
    if (b"first name" in first and b"last name" in first) or b"notes:" in first:
        return "LinkedIn's Connections.csv", "vaultkit import linkedin"
    if EMAIL_HEADER.match(text):
        return "one e-mail message (.eml), not an mbox of many", ""
    if b"\x00" in head:
        return "a binary file", ""
    return "text", ""


def wrong_kind(path: Path, head: bytes, wanted: str) -> ImportFailure:
    """The error for a file that reads as nothing of the kind wanted: what it looks like instead."""
    what, reader = looks_like(head)
    told = f"; it looks like {what}: {reader} reads it" if reader else f"; it looks like {what}"
    return ImportFailure(f"{path}: not {wanted}{told}")
