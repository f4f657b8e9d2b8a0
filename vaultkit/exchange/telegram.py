"""`vaultkit import telegram FILE`: Telegram Desktop's JSON export (SPEC §6), one chat's `result.json`
or the whole account's (its chats under `chats.list`).

A personal chat counts every message with the person it is with (the chat's name, as your Telegram
contacts name them); a group counts each member's own messages, by the name Telegram shows. Service
entries (a call, a member added, a pinned message) are not messages; channels, bots and Saved
Messages are no one's contact. Only the fields vaultkit reads are decoded: no message text is kept.
In a whole account's export your own id (`personal_information`) is you; else `me` says who you are.

Exports from before 2021 write ids as numbers (`"from_id": 4815162342`), later ones as text
(`"from_id": "user4815162342"`); an entry's day is its `date` (the exporting computer's local time),
or, where an export has only `date_unixtime`, that moment in the local time zone. The file is read
whole (msgspec decodes only the fields above), bounded in size; one nested deeper than any export
(a hostile file) is refused in words.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import msgspec

from vaultkit.exchange.contacts import at_most
from vaultkit.exchange.exports import ImportFailure, open_export, wrong_kind
from vaultkit.exchange.messages import Exchange, MessagesReport, sender
from vaultkit.read.dates import parse_iso_date

PERSONAL = {"personal_chat"}
GROUPS = {"private_group", "private_supergroup", "public_supergroup"}


class Entry(msgspec.Struct):
    type: str = "message"
    date: str = ""
    date_unixtime: str | int | None = None
    sender: str | None = msgspec.field(default=None, name="from")
    from_id: str | int | None = None
    action: str | None = None
    duration_seconds: int | None = None
    discard_reason: str | None = None


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
    left_chats: ChatList | None = None  # groups you have left: their messages were contact too
    personal_information: Me | None = None


MAX_TELEGRAM = 2 << 30  # bytes: an account's whole export of years of chats is a few hundred MB


def read_export(path: Path) -> Export:
    """The export, decoded; ImportFailure, saying what the file looks like, when it is none."""
    with open_export(path) as file:
        data = at_most(file, str(path), MAX_TELEGRAM, "a Telegram export")
    try:
        export = msgspec.json.decode(data, type=Export)
    except RecursionError:
        raise ImportFailure(f"{path}: nested deeper than any Telegram export, so not one; export it again") from None
    except (msgspec.DecodeError, msgspec.ValidationError):
        if data.lstrip()[:1] in (b"<", b""):
            hint = "; export it again as JSON (Export chat history → Format: JSON)"
            raise ImportFailure(f"{path}: not Telegram Desktop's JSON export{hint}") from None
        raise wrong_kind(path, data[:4096], "Telegram Desktop's JSON export") from None
    if (
        export.chats is None
        and export.left_chats is None
        and not export.messages
        and export.type not in PERSONAL | GROUPS
    ):
        raise wrong_kind(path, data[:4096], "Telegram Desktop's JSON export (it has no chats or messages)")
    return export


def user(id_: str | int | None) -> str | None:
    """An id as exports since 2021 write it (`user4815162342`); older ones wrote the number alone."""
    return f"user{id_}" if isinstance(id_, int) else id_


def chats_of(export: Export) -> list[ChatExport]:
    if export.chats is not None or export.left_chats is not None:
        return [*(export.chats.chats if export.chats else []), *(export.left_chats.chats if export.left_chats else [])]
    return [ChatExport(export.name, export.type, export.messages)]


def exchanges(export: Export, report: MessagesReport) -> Iterator[Exchange]:
    """A personal chat: every message with its person. A group: each member's own messages (yours,
    by your id here, by `me` in tally)."""
    report.messages += message_count(export)
    skipped = report.skipped
    mine = user(export.personal_information.user_id) if export.personal_information else None
    for chat in chats_of(export):
        if chat.type not in PERSONAL | GROUPS:
            skipped[f"messages in {chat.type or 'unknown'} chats"] += len(chat.messages)
            continue
        other = sender(chat.name) if chat.type in PERSONAL and chat.name else None
        for entry in chat.messages:
            day = _day(entry)
            call = entry.type == "service" and entry.action == "phone_call"
            if day is None:
                skipped["undated entries"] += 1
            elif call and not entry.duration_seconds:
                skipped["missed or declined calls"] += 1
            elif entry.type != "message" and not call:
                skipped["service entries"] += 1
            elif other is not None:
                yield Exchange(other, day, call=call)
            elif entry.sender and not call and user(entry.from_id) != mine:
                yield Exchange(sender(entry.sender), day)


def _day(entry: Entry) -> date | None:
    """`2026-11-18T09:14:03`, the exporting computer's local time: its date; else `date_unixtime`'s
    moment in the local time zone; None when neither is a date."""
    if entry.date:
        return parse_iso_date(entry.date[:10])
    try:
        return datetime.fromtimestamp(int(entry.date_unixtime or ""), tz=UTC).astimezone().date()
    except (ValueError, OverflowError, OSError):
        return None


def message_count(export: Export) -> int:
    return sum(len(chat.messages) for chat in chats_of(export))
