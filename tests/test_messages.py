"""Contact from message exports, offline (SPEC §6 `import whatsapp|telegram|mbox`, §8), issue 26.
The fixtures in tests/fixtures/messages are written as the apps write them: WhatsApp's iOS zip (with
its invisible marks and attachments), Android's day-first and the US month-first 12-hour export, a
group; Telegram Desktop's single-chat and whole-account JSON; a Gmail Takeout mbox."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import person, run

from vaultkit.exchange.mbox import header_blocks
from vaultkit.exchange.whatsapp import date_order, read_chat

Make = Callable[[dict[str, str | bytes]], Path]
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "messages"
TODAY = "2026-11-21"


def people(vault: Make, me: str = "") -> Path:
    root = vault(
        {
            "People/Sam Okafor.md": person(aliases="[Sammy]", email="sam@example.com", cadence="1m") + "# Sam Okafor\n",
            "People/Marcus Lee.md": person(email="marcus@framewise.example") + "# Marcus Lee\n",
            "People/Bo Chen.md": person(phone="'07700 900123'") + "# Bo Chen\n",
        }
    )
    if me:
        (root / "vaultkit.yaml").write_text(f"me: {me}\n")
    return root


def imported(root: Path, kind: str, file: Path, *extra: str) -> str:
    result = run("import", kind, file, "--vault", root, "--today", TODAY, *extra)
    assert result.exit_code == 0, result.output
    return result.output


def log(root: Path, name: str) -> list[str]:
    text = (root / f"People/{name}.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("- 20")]


# WhatsApp


@pytest.mark.parametrize(
    "name", ["WhatsApp Chat - Sam Okafor.zip", "WhatsApp Chat with Sam Okafor.txt"], ids=["iOS zip", "Android"]
)
def test_a_chat_of_two_adds_one_line_a_day_counting_every_message_and_no_text(vault: Make, name: str) -> None:
    root = people(vault)
    output = imported(root, "whatsapp", FIXTURES / name)
    # 18th: Anna's question, Sam's answer and his photo (the encryption notice is WhatsApp's); the
    # 19th only a missed call, which is no message; the 20th: Anna's thanks (and Sam's photo on iOS)
    twentieth = "2 messages" if name.endswith(".zip") else "1 message"
    assert log(root, "Sam Okafor") == [
        "- 2026-11-18 3 messages (WhatsApp)",
        f"- 2026-11-20 {twentieth} (WhatsApp)",
    ]
    assert "#gave" not in (root / "People/Sam Okafor.md").read_text() and "screening" not in output
    assert "would add" not in output and "2 days with 1 person" in output


def test_month_first_12_hour_times_are_read_from_the_file(vault: Make) -> None:
    root = people(vault)
    imported(root, "whatsapp", FIXTURES / "WhatsApp Chat with Marcus Lee.txt")
    assert log(root, "Marcus Lee") == ["- 2026-11-19 2 messages (WhatsApp)", "- 2026-11-20 1 message (WhatsApp)"]


def test_dates_that_read_both_ways_are_day_first_unless_told_and_the_report_says_so(
    vault: Make, tmp_path: Path
) -> None:
    chat = tmp_path / "WhatsApp Chat with Sam Okafor.txt"
    chat.write_text("03/11/2026, 09:14 - Sam Okafor: hi\n04/11/2026, 09:15 - Anna Field: hello\n", encoding="utf-8")
    root = people(vault)
    result = run("import", "whatsapp", chat, "--vault", root, "--today", TODAY, "--dry-run")
    assert "read day-first" in result.stderr and "- 2026-11-03 1 message (WhatsApp)" in result.stdout
    result = run("import", "whatsapp", chat, "--vault", root, "--today", TODAY, "--date-order", "mdy")
    assert log(root, "Sam Okafor") == ["- 2026-03-11 1 message (WhatsApp)", "- 2026-04-11 1 message (WhatsApp)"]
    assert date_order(read_chat("13/11/2026, 09:14 - A: x\n"), "mdy")[0] == "dmy"  # the file wins, and says so


def test_a_group_counts_each_member_who_wrote_that_day_matched_by_alias_and_by_phone(vault: Make) -> None:
    root = people(vault, me="[Anna Field]")
    output = imported(root, "whatsapp", FIXTURES / "WhatsApp Chat with Film club.txt", "--dry-run")
    assert "matched nobody: +1 415 555 0100 (1 message)" in output  # the next person to add
    assert "Anna Field" not in output.split("matched nobody")[-1]  # you are nobody
    imported(root, "whatsapp", FIXTURES / "WhatsApp Chat with Film club.txt")
    assert log(root, "Sam Okafor") == ["- 2026-11-02 1 message (WhatsApp)"]  # as Sammy, his alias
    assert log(root, "Bo Chen") == ["- 2026-11-02 2 messages (WhatsApp)"]  # by the digits of his number
    assert log(root, "Marcus Lee") == []


def test_a_second_import_even_of_a_newer_export_adds_nothing_for_a_day_logged(vault: Make, tmp_path: Path) -> None:
    root = people(vault)
    first = FIXTURES / "WhatsApp Chat with Sam Okafor.txt"
    imported(root, "whatsapp", first)
    before = (root / "People/Sam Okafor.md").read_bytes()
    assert "0 lines, 2 days already logged" in imported(root, "whatsapp", first)
    newer = tmp_path / first.name
    newer.write_text(
        first.read_text() + "20/11/2026, 22:00 - Sam Okafor: one more\n21/11/2026, 08:00 - Sam Okafor: hi\n"
    )
    imported(root, "whatsapp", newer)
    assert log(root, "Sam Okafor")[:2] == [line for line in before.decode().splitlines() if line.startswith("- 20")]
    assert log(root, "Sam Okafor")[2:] == ["- 2026-11-21 1 message (WhatsApp)"]  # only the new day


def test_a_zip_is_read_as_whatsapp_shares_it_and_since_bounds_the_days(vault: Make, tmp_path: Path) -> None:
    root = people(vault)
    imported(root, "whatsapp", FIXTURES / "WhatsApp Chat - Sam Okafor.zip", "--since", "2026-11-19")
    assert log(root, "Sam Okafor") == ["- 2026-11-20 2 messages (WhatsApp)"]
    empty = tmp_path / "photos.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("a.jpg", b"x")
    result = run("import", "whatsapp", empty, "--vault", root)
    assert result.exit_code == 2 and "no chat" in result.output


# Telegram

CALLED = ["- 2026-11-18 2 messages, 1 call (Telegram)", "- 2026-11-20 1 message (Telegram)"]


def test_telegram_single_chat_export_counts_messages_not_service_entries(vault: Make) -> None:
    root = people(vault)
    output = imported(root, "telegram", FIXTURES / "result.json")
    # the 18th's answered call is contact that day, counted apart; a missed one is not
    assert log(root, "Sam Okafor") == CALLED
    assert "service" not in output  # its one service entry is the call


def test_telegram_account_export_reads_every_chat_and_knows_you_by_your_id(vault: Make) -> None:
    root = people(vault)
    output = imported(root, "telegram", FIXTURES / "telegram-account.json")
    assert log(root, "Sam Okafor") == CALLED
    assert log(root, "Marcus Lee") == ["- 2026-11-02 1 message (Telegram)"]  # in the group
    assert "1 message in public_channel chats" in output and "1 message in saved_messages chats" in output


# Mail


def test_mail_is_contact_by_address_on_its_own_dates_day_and_lists_and_bulk_are_not(vault: Make) -> None:
    root = people(vault, me="[anna@example.com]")
    output = imported(root, "mbox", FIXTURES / "Takeout.mbox")
    assert log(root, "Sam Okafor") == [
        "- 2026-11-18 The solar project — \\#gave [\\[Bo]\\] (e-mail)",  # its own -0800 day; made plain text
        "- 2026-11-19 Re: The solar project and 1 more (e-mail)",
    ]
    assert log(root, "Marcus Lee") == ["- 2026-11-19 Re: The solar project (e-mail)"]  # copied
    for why in ("1 mailing-list message", "1 bulk message", "1 automatic message", "more than 20 people"):
        assert why in output
    assert "[[Bo]]" not in (root / "People/Sam Okafor.md").read_text()  # no link, no tag: plain text


def test_with_me_unset_every_message_is_yours_and_a_stranger_is_counted(vault: Make) -> None:
    root = people(vault)
    output = imported(root, "mbox", FIXTURES / "Takeout.mbox", "--dry-run")
    assert "matched nobody: anna@example.com" in output and "matched nobody: someone@else.example (1 message)" in output
    assert log(root, "Sam Okafor") == []  # a dry run writes nothing


def test_an_mbox_is_read_as_a_stream_of_header_blocks() -> None:
    body = b"x" * (3 << 20)  # a body longer than a chunk
    mbox = b"From a\nSubject: one\n\n" + body + b"\nFrom b\n\nFrom c\nSubject: three\n\nbody\n"
    blocks = list(header_blocks(io.BytesIO(mbox)))
    # `From b` ends the body with no blank line before it: a line of the body; `From c` follows one
    assert blocks == [b"From a\nSubject: one\n", b"From c\nSubject: three\n"]
    inside = b"From a\nSubject: one\n\nline\nFrom the body, no blank line before\n\nFrom d\n\n"
    assert list(header_blocks(io.BytesIO(inside))) == [b"From a\nSubject: one\n", b"From d\n"]


def test_a_file_that_is_no_export_is_an_error_naming_it(vault: Make, tmp_path: Path) -> None:
    root = people(vault)
    bad = tmp_path / "notes.json"
    bad.write_text("[1, 2")
    result = run("import", "telegram", bad, "--vault", root)
    assert result.exit_code == 2 and "notes.json" in result.output and "Traceback" not in result.output
    bad.write_text("hello")
    result = run("import", "mbox", bad, "--vault", root)
    assert result.exit_code == 2 and "not an mbox" in result.output


def test_the_fixtures_are_as_the_apps_write_them(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "WhatsApp Chat - Sam Okafor.zip", tmp_path)
    with zipfile.ZipFile(tmp_path / "WhatsApp Chat - Sam Okafor.zip") as archive:
        text = archive.read("_chat.txt").decode()
    assert "\u200e" in text and "\r\n" in text and "<attached:" in text
    assert "\u202f" in (FIXTURES / "WhatsApp Chat with Marcus Lee.txt").read_text()


def test_nothing_lands_in_the_note_of_someone_a_file_or_a_display_name_only_names(vault: Make, tmp_path: Path) -> None:
    """A value from one source never lands in another person's note (§8): a chat's file name names
    Marcus but its one sender besides you is Sam; a mail's display name says Sam Okafor but its address
    is a stranger's (a display name is no evidence)."""
    root = people(vault, me="[Anna Field, anna@example.com]")
    chat = tmp_path / "WhatsApp Chat with Marcus Lee.txt"
    chat.write_text("18/11/2026, 09:14 - Anna Field: hi\n18/11/2026, 09:15 - Sam Okafor: hello\n", encoding="utf-8")
    imported(root, "whatsapp", chat)
    assert log(root, "Sam Okafor") == ["- 2026-11-18 2 messages (WhatsApp)"] and log(root, "Marcus Lee") == []
    mail = tmp_path / "spoof.mbox"
    mail.write_text(
        "From x Wed Nov 18 09:14:03 +0000 2026\nDate: Wed, 18 Nov 2026 09:14:03 +0000\n"
        "From: Sam Okafor <stranger@else.example>\nTo: anna@example.com\nSubject: Hi\n\nbody\n",
        encoding="utf-8",
    )
    output = imported(root, "mbox", mail, "--dry-run")
    assert "Sam Okafor.md: - 2026-11-18 Hi" not in output and "matched nobody: stranger@else.example" in output
