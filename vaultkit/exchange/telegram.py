"""`vaultkit import telegram FILE`: Telegram Desktop's JSON export (SPEC §6), one chat's `result.json`
or the whole account's (its chats under `chats.list`).

A personal chat counts every message with the person it is with (the chat's name, as your Telegram
contacts name them); a group counts each member's own messages, by the name Telegram shows. Service
entries (a call, a member added, a pinned message) are not messages; channels, bots and Saved
Messages are no one's contact. Only the fields vaultkit reads are decoded: no message text is kept.
In a whole account's export your own id (`personal_information`) is you; else `me` says who you are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import msgspec

from vaultkit.exchange.contacts import ImportFailure
from vaultkit.exchange.messages import Exchange, MessagesReport, sender
from vaultkit.read.dates import parse_iso_date

PERSONAL = {"personal_chat"}
GROUPS = {"private_group", "private_supergroup", "public_supergroup"}


class Entry(msgspec.Struct):
    type: str = "message"
    date: str = ""
    sender: str | None = msgspec.field(default=None, name="from")
    from_id: str | None = None


class ChatExport(msgspec.Struct):
    name: str | None = None
    type: str = ""
    messages: list[Entry] = []


class ChatList(msgspec.Struct):
    chats: list[ChatExport] = msgspec.field(default_factory=list, name="list")


class Me(msgspec.Struct):
    user_id: int | None = None


class Export(msgspec.Struct):
    """A chat's export, or the account's (chats under `chats`)."""

    name: str | None = None
    type: str = ""
    messages: list[Entry] = []
    chats: ChatList | None = None
    personal_information: Me | None = None


def read_export(path: Path) -> Export:
    try:
        return msgspec.json.decode(path.read_bytes(), type=Export)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise ImportFailure(f"{path}: not Telegram Desktop's JSON export ({error}); export it as JSON") from None


def chats_of(export: Export) -> list[ChatExport]:
    if export.chats is not None:
        return export.chats.chats
    return [ChatExport(export.name, export.type, export.messages)]


def exchanges(export: Export, report: MessagesReport) -> Iterator[Exchange]:
    """A personal chat: every message with its person. A group: each member's own messages (yours,
    by your id here, by `me` in tally)."""
    report.messages += message_count(export)
    skipped = report.skipped
    mine = f"user{export.personal_information.user_id}" if export.personal_information else None
    for chat in chats_of(export):
        if chat.type not in PERSONAL | GROUPS:
            skipped[f"messages in {chat.type or 'unknown'} chats"] += len(chat.messages)
            continue
        other = sender(chat.name) if chat.type in PERSONAL and chat.name else None
        for entry in chat.messages:
            day = _day(entry.date)
            if entry.type != "message" or day is None:
                skipped["service entries" if entry.type != "message" else "undated entries"] += 1
                continue
            if other is not None:
                yield Exchange(other, day)
            elif entry.sender and entry.from_id != mine:
                yield Exchange(sender(entry.sender), day)


def _day(text: str) -> date | None:
    """`2026-11-18T09:14:03`, the phone's local time: its date."""
    return parse_iso_date(text[:10]) if text else None


def message_count(export: Export) -> int:
    return sum(len(chat.messages) for chat in chats_of(export))
