"""Exports as the apps really write them (SPEC §8): every version, locale and platform still found in
people's archives is read, or refused clearly; never read as nothing. Each fixture below is written
byte for byte as its app writes it (line ends, byte-order marks, quoted-printable, the narrow no-break
space before `PM`)."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


def imported(root: Path, kind: str, file: Path, *extra: str) -> str:
    result = run("import", kind, file, "--vault", root, "--today", TODAY, *extra)
    assert result.exit_code == 0, result.output
    return result.output


def log_lines(root: Path, rel: str) -> list[str]:
    return [line for line in (root / rel).read_text(encoding="utf-8").splitlines() if line.startswith("- ")]


# vCard

IOS5 = (  # iPhone (iOS 5) ends every line with CR CR LF
    b"BEGIN:VCARD\r\r\nVERSION:3.0\r\r\nN:Sato;Kenji;;;\r\r\nFN:Kenji Sato\r\r\n"
    b"ORG:Doctolib;Engineering;\r\r\nTITLE:Staff Engineer\r\r\n"
    b"item1.EMAIL;type=INTERNET;type=pref:kenji@doctolib.example\r\r\nitem1.X-ABLabel:_$!<Other>!$_\r\r\n"
    b"TEL;type=CELL;type=VOICE;type=pref:+33 6 12 34 56 78\r\r\nEND:VCARD\r\r\n"
)
OUTLOOK_2003 = (  # vCard 2.1 in Windows-1252, quoted-printable, a comma left bare in ORG
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN:M\xfcller;J\xfcrgen\r\nFN:J\xfcrgen M\xfcller\r\n"
    "ORG:Company, The;TheDepartment\r\nTITLE:Head of Sales, EMEA\r\n"
    "NOTE;ENCODING=QUOTED-PRINTABLE:Met at the fair in K=F6ln, introduced by Ana.=0D=0A=\r\nLikes cycling.\r\n"
    "TEL;WORK;VOICE:+49 221 123456\r\nEMAIL;PREF;INTERNET:juergen@company.example\r\n"
    "PHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n /9j/4AAQSkZJRgABAQEAYABgAA=!!\r\n\r\nEND:VCARD\r\n"
).encode("cp1252")
ANDROID = (  # Android's 2.1 export: UTF-8 quoted-printable with soft line breaks
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Nowak;=C5=81ukasz;;;\r\n"
    b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C5=81ukasz=20Nowak\r\n"
    b"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Poznali=C5=9Bmy si=C4=99 w Krakowie, na konferencji o=\r\n"
    b"=20ko=C5=82ach\r\nTEL;CELL:+48600100200\r\nEND:VCARD\r\n"
)
FOLDED_QP = (  # quoted-printable whose soft breaks are also folded with a space (Samsung, ez-vcard)
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=\r\n"
    b" =B2;=D0=98=D0=B2=D0=B0=D0=BD;;;\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD =D0=\r\n"
    b" =9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2\r\nTEL;TYPE=CELL:+71234567890\r\nEND:VCARD\r\n"
)
EVOLUTION = (  # a 3.0 card with PROFILE and a photo that is no base64
    b"BEGIN:VCARD\nVERSION:3.0\nPROFILE:VCard\nFN:Ines Duarte\nN:Duarte;Ines;;;\n"
    b"PHOTO;ENCODING=b;TYPE=JPEG:@@@not base64@@@\nEMAIL;TYPE=WORK:ines@example.pt\nEND:VCARD\n"
)


def test_vcards_as_phones_and_mail_clients_write_them_each_read_whole(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    files = [("ios5.vcf", IOS5), ("outlook.vcf", OUTLOOK_2003), ("android.vcf", ANDROID), ("evo.vcf", EVOLUTION)]
    files.append(("samsung.vcf", FOLDED_QP))
    for name, data in files:
        cards = tmp_path / name
        cards.write_bytes(data)
        output = imported(root, "vcard", cards)
        assert output.strip().splitlines()[-1] == "created 1, already there 0, skipped 0 without a name", output
    kenji = frontmatter.load(root / "People/Kenji Sato.md")
    assert kenji["company"] == "Doctolib" and kenji["email"] == "kenji@doctolib.example"
    jurgen = frontmatter.load(root / "People/Jürgen Müller.md")
    assert jurgen["company"] == "Company, The" and jurgen["role"] == "Head of Sales, EMEA"
    assert "Met at the fair in Köln, introduced by Ana." in jurgen.content and "Likes cycling." in jurgen.content
    lukasz = frontmatter.load(root / "People/Łukasz Nowak.md")
    assert lukasz["phone"] == "+48600100200"
    assert "Poznaliśmy się w Krakowie, na konferencji o kołach" in lukasz.content
    assert frontmatter.load(root / "People/Ines Duarte.md")["email"] == "ines@example.pt"
    assert frontmatter.load(root / "People/Иван Петров.md")["phone"] == "+71234567890"


IOS_SOCIAL = (  # iOS keeps a LinkedIn profile as X-SOCIALPROFILE, not URL
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.1//EN\r\nN:P.;Raj;;;\r\nFN:Raj P.\r\n"
    b"X-SOCIALPROFILE;type=linkedin;x-user=rajpatel:http://www.linkedin.com/in/rajpatel\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ito;Mei;;;\r\nFN:Mei Ito\r\nURL;type=HOME:https://mei.example.jp\r\n"
    b"X-SOCIALPROFILE;type=linkedin;x-user=meiito:http://www.linkedin.com/in/meiito\r\nEND:VCARD\r\n"
)


def test_an_ios_cards_linkedin_profile_is_an_identity(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Raj Patel.md": person(url="https://www.linkedin.com/in/rajpatel/") + "# Raj\n"})
    cards = tmp_path / "contacts.vcf"
    cards.write_bytes(IOS_SOCIAL)
    dry = run("import", "vcard", cards, "--vault", root, "--today", TODAY, "--dry-run")
    assert "Raj P. → People/Raj Patel.md (by LinkedIn URL)" in dry.output, dry.output
    imported(root, "vcard", cards)
    assert frontmatter.load(root / "People/Mei Ito.md")["url"] == [
        "https://mei.example.jp",
        "http://www.linkedin.com/in/meiito",
    ]
    assert run("check", root).exit_code == 0  # a list of URLs is a note's url as SPEC §2 allows


# WhatsApp

PEOPLE = {
    "People/Jahn Doe.md": person(phone="'+34 600 111 222'") + "# Jahn Doe\n\n## Log\n",
    "People/Sam Okafor.md": person() + "# Sam Okafor\n\n## Log\n",
}


def chat_file(tmp_path: Path, text: str, name: str = "WhatsApp Chat with Jahn Doe.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("lines", "days"),
    [
        (  # a Spanish-locale Android phone, month first: `p. m.` and `a. m.`
            "01/30/2026, 08:49 p. m. - Jahn Doe: hola\n01/30/2026, 09:02 p. m. - Ana: qué tal\n"
            "01/31/2026, 10:15 a. m. - Jahn Doe: bien\n",
            ["- 2026-01-30 2 messages (WhatsApp)", "- 2026-01-31 1 message (WhatsApp)"],
        ),
        (  # Latin American iOS: `p.m.`, in brackets, with seconds
            "[30/1/26, 8:49:03 p.m.] Jahn Doe: hola\r\n[31/1/26, 9:00:00 a.m.] Ana: sí\r\n",
            ["- 2026-01-30 1 message (WhatsApp)", "- 2026-01-31 1 message (WhatsApp)"],
        ),
        (  # an English iPhone since iOS 16: a narrow no-break space before `PM`
            "[1/30/26, 8:49:03\u202fPM] Jahn Doe: hi\r\n[1/30/26, 8:50:00\u202fPM] Ana: hey\r\n",
            ["- 2026-01-30 2 messages (WhatsApp)"],
        ),
        (  # lower-case `pm`, a no-break space, Android
            "30/01/2026, 8:49\u00a0pm - Jahn Doe: hi\n",
            ["- 2026-01-30 1 message (WhatsApp)"],
        ),
        (  # German: dots, a two-digit year, 24-hour
            "30.01.26, 20:49 - Jahn Doe: Hallo\n",
            ["- 2026-01-30 1 message (WhatsApp)"],
        ),
        (  # Finnish: `klo` before a time written with a dot
            "30.1.2026 klo 20.49 - Jahn Doe: moi\n",
            ["- 2026-01-30 1 message (WhatsApp)"],
        ),
        (  # Chinese and Japanese phones: the year first, the mark before the time
            "2026/1/30 下午8:49 - Jahn Doe: 你好\n2026/01/31 20:49 - Jahn Doe: こんにちは\n",
            ["- 2026-01-30 1 message (WhatsApp)", "- 2026-01-31 1 message (WhatsApp)"],
        ),
        (  # English (Canada): the year first with dashes, `p.m.`
            "2026-01-30, 5:46 p.m. - Jahn Doe: hi\n",
            ["- 2026-01-30 1 message (WhatsApp)"],
        ),
        (  # before 2015: a colon after the time
            "3/24/14, 1:59:59 PM: Jahn Doe: hi\n3/24/14, 2:00:10 PM: Jahn Doe: 2:00 is fine\n",
            ["- 2014-03-24 2 messages (WhatsApp)"],
        ),
        (  # iOS in a group: `~` and a narrow no-break space before a name not in your contacts
            "[30.01.26, 18:08:08] ~\u202fJahn Doe: Zdravím\r\n",
            ["- 2026-01-30 1 message (WhatsApp)"],
        ),
    ],
    ids=[
        "es p. m.",
        "es p.m. iOS",
        "en U+202F PM",
        "en pm",
        "de",
        "fi klo",
        "zh ja year first",
        "en-CA",
        "before 2015",
        "iOS tilde",
    ],
)
def test_whatsapp_times_are_read_in_every_locales_form(
    vault: Make, tmp_path: Path, lines: str, days: list[str]
) -> None:
    root = vault(PEOPLE)
    output = imported(root, "whatsapp", chat_file(tmp_path, lines), "--today", "2026-02-01", "--since", "2014-01-01")
    assert log_lines(root, "People/Jahn Doe.md") == days, output


def test_an_ios_chat_in_spanish_counts_neither_the_encryption_notice_nor_a_missed_call(
    vault: Make, tmp_path: Path
) -> None:
    root = vault(PEOPLE)
    chat = chat_file(
        tmp_path,
        "[29/1/26, 8:00:00 p.m.] Jahn Doe: \u200eLos mensajes y las llamadas están cifrados de extremo a extremo."
        " Nadie fuera de este chat, ni siquiera WhatsApp, puede leerlos ni escucharlos.\r\n"
        "[29/1/26, 8:01:00 p.m.] Jahn Doe: \u200eLlamada de voz perdida\r\n"
        "[30/1/26, 9:00:00 a.m.] Jahn Doe: hola\r\n"
        "[30/1/26, 9:00:05 a.m.] Jahn Doe: \u200e<adjunto: 0001-PHOTO.jpg>\r\n",  # a photo is a message
        "_chat.txt",
    )
    output = imported(root, "whatsapp", chat, "--today", "2026-02-01")
    assert log_lines(root, "People/Jahn Doe.md") == ["- 2026-01-30 2 messages (WhatsApp)"], output


@pytest.mark.parametrize(
    "name",
    ["Chat de WhatsApp con Jahn Doe.txt", "WhatsApp Chat mit Jahn Doe.txt", "Conversa do WhatsApp com Jahn Doe.zip"],
)
def test_a_chat_is_with_the_person_its_file_names_in_the_phones_language(
    vault: Make, tmp_path: Path, name: str
) -> None:
    root = vault(PEOPLE)
    (root / "vaultkit.yaml").write_text("me: [Ana]\n")
    text = "30/1/26, 20:49 - Ana: ¿vienes?\n30/1/26, 20:50 - Ana: te espero\n"  # only you wrote
    if name.endswith(".zip"):
        chat = tmp_path / name
        with zipfile.ZipFile(chat, "w") as archive:
            archive.writestr(name.replace(".zip", ".txt"), text)
            archive.writestr("IMG-20260130-WA0001.jpg", b"\xff\xd8\xff")
    else:
        chat = chat_file(tmp_path, text, name)
    imported(root, "whatsapp", chat, "--today", "2026-02-01")
    assert log_lines(root, "People/Jahn Doe.md") == ["- 2026-01-30 2 messages (WhatsApp)"]


def test_whatsapp_dates_at_the_calendars_ends_are_read_as_written_or_skipped_and_counted(
    vault: Make, tmp_path: Path
) -> None:
    root = vault(PEOPLE)
    chat = chat_file(
        tmp_path,
        "01/01/0001, 00:00 - Jahn Doe: the first day\n"
        "31/12/9999, 23:59 - Jahn Doe: the last\n"
        "15/06/001, 12:00 - Jahn Doe: a year of three digits\n"
        "00/13/2026, 12:00 - Jahn Doe: no day\n",
    )
    output = imported(root, "whatsapp", chat, "--since", "0001-01-01", "--today", "9999-12-31")
    assert log_lines(root, "People/Jahn Doe.md") == [
        "- 0001-01-01 1 message (WhatsApp)",
        "- 9999-12-31 1 message (WhatsApp)",
    ]
    assert "2 dates that cannot be read" in output


def test_a_file_of_another_kind_is_refused_saying_what_it_looks_like(vault: Make, tmp_path: Path) -> None:
    root = vault(PEOPLE)
    telegram = tmp_path / "result.json"
    telegram.write_text('{\n "name": "Jahn Doe",\n "type": "personal_chat",\n "id": 1,\n "messages": []\n}\n')
    cases = [
        ("whatsapp", telegram, "looks like Telegram Desktop's JSON export: vaultkit import telegram reads it"),
        ("telegram", chat_file(tmp_path, "30/01/2026, 20:49 - Jahn Doe: hi\n"), "vaultkit import whatsapp reads it"),
        ("ics", chat_file(tmp_path, "BEGIN:VCARD\r\nFN:A\r\nEND:VCARD\r\n", "a.ics"), "vaultkit import vcard reads it"),
        ("vcard", chat_file(tmp_path, "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "a.vcf"), "import ics reads it"),
        ("mbox", chat_file(tmp_path, "First Name,Last Name\r\n", "a.mbox"), "vaultkit import linkedin reads it"),
        ("linkedin", chat_file(tmp_path, "From a@b Sat Jan 3 2026\nFrom: a@b\n\n", "c.csv"), "import mbox reads it"),
    ]
    for kind, path, told in cases:
        result = run("import", kind, path, "--vault", root, "--today", TODAY)
        assert result.exit_code == 2 and told in result.output and str(path) in result.output, (kind, result.output)
        assert "Traceback" not in result.output
    assert log_lines(root, "People/Jahn Doe.md") == []


def test_what_is_not_a_regular_file_is_refused_in_words(vault: Make, tmp_path: Path) -> None:
    root = vault(PEOPLE)
    link = tmp_path / "WhatsApp Chat with Jahn Doe.txt"
    link.symlink_to("/dev/zero")
    for kind in ("whatsapp", "telegram", "mbox", "vcard", "linkedin", "ics"):
        for given in (link, Path("/dev/zero")):
            result = run("import", kind, given, "--vault", root, "--today", TODAY)
            assert result.exit_code == 2, (kind, result.output)
            assert "a device, not a file" in result.output and "Traceback" not in result.output


def _zip_with(tmp_path: Path, data: bytes, patch: Callable[[bytearray, zipfile.ZipInfo], None]) -> Path:
    path = tmp_path / "WhatsApp Chat - Jahn Doe.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", data)
        info = archive.getinfo("_chat.txt")
    raw = bytearray(path.read_bytes())
    patch(raw, info)
    path.write_bytes(bytes(raw))
    return path


def _declare_small(raw: bytearray, info: zipfile.ZipInfo) -> None:
    """The entry declares 2 KB, in its local header and in the central directory, and inflates to more."""
    central = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, 2048)
    struct.pack_into("<I", raw, info.header_offset + 22, 2048)


def _lie_about_crc(raw: bytearray, info: zipfile.ZipInfo) -> None:
    central = raw.rfind(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 16, info.CRC ^ 0xFFFF)
    struct.pack_into("<I", raw, info.header_offset + 14, info.CRC ^ 0xFFFF)


def test_a_whatsapp_zip_that_inflates_past_what_it_declares_or_lies_in_its_crc_is_refused_in_words(
    vault: Make, tmp_path: Path
) -> None:
    root = vault(PEOPLE)
    chat = b"30/01/2026, 20:49 - Jahn Doe: hi\n" * 400_000  # 13 MB that deflate to a few KB
    told = "does not match its checksum"
    for patch in (_declare_small, _lie_about_crc):
        result = run("import", "whatsapp", _zip_with(tmp_path, chat, patch), "--vault", root, "--today", TODAY)
        assert result.exit_code == 2 and told in result.output and "Traceback" not in result.output, result.output
        assert "BadZipFile" not in result.output
    assert log_lines(root, "People/Jahn Doe.md") == []


def test_a_chat_of_one_enormous_line_is_read_in_bounded_memory(tmp_path: Path) -> None:
    from vaultkit.exchange.whatsapp import read_file

    chat = tmp_path / "WhatsApp Chat with Jahn Doe.txt"
    with chat.open("wb") as file:
        file.write(b"30/01/2026, 20:49 - Jahn Doe: ")
        for _ in range(40):
            file.write(b"x" * (1 << 20))
        file.write(b"\n31/01/2026, 08:00 - Jahn Doe: and then\n")
    tracemalloc.start()
    try:
        read = read_file(chat)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [message.numbers for message in read.messages] == [("30", "01", "2026"), ("31", "01", "2026")]
    assert peak < 4 << 20  # a 40 MB line costs no more than a bounded line


# Telegram

TELEGRAM_2019 = """{
 "about": "Here is the data you requested. Remember: Telegram is ad free, it doesn't use your data for ad \
targeting and doesn't store your messages or media after you delete them.",
 "personal_information": {
  "user_id": 1110001,
  "first_name": "Ana",
  "last_name": "",
  "phone_number": "+34 600 000 000",
  "bio": ""
 },
 "left_chats": {
  "about": "This page lists all chats from this export.",
  "list": [
   {
    "name": "Old choir",
    "type": "private_group",
    "id": 555,
    "messages": [
     {
      "id": 9,
      "type": "message",
      "date": "2019-01-02T10:00:00",
      "edited": "1970-01-01T01:00:00",
      "from": "Sam Okafor",
      "from_id": 3330003,
      "text": "rehearsal moved"
     }
    ]
   }
  ]
 },
 "chats": {
  "about": "This page lists all chats from this export.",
  "list": [
   {
    "name": "Film club",
    "type": "private_supergroup",
    "id": 9876543210,
    "messages": [
     {
      "id": 1,
      "type": "message",
      "date": "2019-01-30T20:49:03",
      "edited": "1970-01-01T01:00:00",
      "from": "Jahn Doe",
      "from_id": 2220002,
      "text": "hola"
     },
     {
      "id": 2,
      "type": "message",
      "date": "2019-01-30T20:50:00",
      "edited": "1970-01-01T01:00:00",
      "from": "Ana",
      "from_id": 1110001,
      "text": "hi"
     },
     {
      "id": 3,
      "type": "service",
      "date": "2019-01-31T10:00:00",
      "edited": "1970-01-01T01:00:00",
      "actor": "Jahn Doe",
      "actor_id": 2220002,
      "action": "pin_message",
      "message_id": 1,
      "text": ""
     }
    ]
   }
  ]
 }
}
"""


def test_telegram_exports_before_2021_with_numeric_ids_are_read(vault: Make, tmp_path: Path) -> None:
    root = vault({**PEOPLE, "People/Ana Field.md": person() + "# Ana\n\n## Log\n"})
    export = tmp_path / "result.json"
    export.write_bytes(TELEGRAM_2019.encode("utf-8"))
    output = imported(root, "telegram", export, "--since", "2019-01-01")
    assert log_lines(root, "People/Jahn Doe.md") == ["- 2019-01-30 1 message (Telegram)"], output
    assert log_lines(root, "People/Ana Field.md") == []  # your own id, written as a number: you
    assert log_lines(root, "People/Sam Okafor.md") == ["- 2019-01-02 1 message (Telegram)"]  # a group you left
    assert "1 service entry" in output


def telegram_chat(*entries: str) -> str:
    return (
        '{\n "name": "Jahn Doe",\n "type": "personal_chat",\n "id": 2220002,\n "messages": [\n'
        + ",\n".join(entries)
        + "\n ]\n}\n"
    )


def test_telegram_entries_dated_only_by_unixtime_count_and_an_answered_call_is_contact(
    vault: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    root = vault(PEOPLE)
    export = tmp_path / "result.json"
    export.write_text(
        telegram_chat(
            '  {"id": 1, "type": "message", "date_unixtime": "1794993243", "from": "Jahn Doe",'
            ' "from_id": "user2220002", "text": "hi"}',
            '  {"id": 2, "type": "service", "date": "2026-11-19T09:00:00", "date_unixtime": "1795078800",'
            ' "actor": "Jahn Doe", "actor_id": "user2220002", "action": "phone_call", "duration_seconds": 95,'
            ' "discard_reason": "hangup", "text": ""}',
            '  {"id": 3, "type": "service", "date": "2026-11-20T09:00:00", "date_unixtime": "1795165200",'
            ' "actor": "Jahn Doe", "actor_id": "user2220002", "action": "phone_call", "discard_reason": "missed",'
            ' "text": ""}',
            '  {"id": 4, "type": "service", "date": "2026-11-20T10:00:00", "actor": "Ana", "actor_id": "user1",'
            ' "action": "phone_call", "discard_reason": "busy", "text": ""}',
        ),
        encoding="utf-8",
    )
    try:
        output = imported(root, "telegram", export)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert log_lines(root, "People/Jahn Doe.md") == [
        "- 2026-11-18 1 message (Telegram)",
        "- 2026-11-19 1 call (Telegram)",
    ]
    assert "2 missed or declined calls" in output


def test_a_telegram_export_nested_beyond_any_real_one_is_refused_in_words(vault: Make, tmp_path: Path) -> None:
    root = vault(PEOPLE)
    export = tmp_path / "result.json"
    deep = "[" * 10_000 + "]" * 10_000
    export.write_text(telegram_chat(f'  {{"id": 1, "type": "message", "date": "2026-11-18T09:00:00", "text": {deep}}}'))
    result = run("import", "telegram", export, "--vault", root, "--today", TODAY)
    assert result.exit_code == 2 and "nested deeper than any Telegram export" in result.output, result.output
    assert "RecursionError" not in result.output and "internal error" not in result.output


# Calendars


def vevent(uid: str, day: str, title: str, *extra: str) -> str:
    lines = [f"UID:{uid}", f"DTSTAMP:{day}T000000Z", f"DTSTART;VALUE=DATE:{day}", f"SUMMARY:{title}", *extra]
    return "BEGIN:VEVENT\r\n" + "".join(f"{line}\r\n" for line in lines) + "END:VEVENT\r\n"


def vcalendar(*events: str) -> str:
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
    return head + "".join(events) + "END:VCALENDAR\r\n"


def test_a_calendar_with_a_byte_order_mark_or_several_vcalendars_is_read_whole(vault: Make, tmp_path: Path) -> None:
    root = vault(PEOPLE)
    marked = tmp_path / "outlook.ics"
    marked.write_bytes(b"\xef\xbb\xbf" + vcalendar(vevent("a", "20261102", "Lunch with Jahn Doe")).encode())
    output = imported(root, "ics", marked)
    assert log_lines(root, "People/Jahn Doe.md") == ["- 2026-11-02 Lunch with Jahn Doe (calendar)"], output
    merged = tmp_path / "two.ics"  # two calendars exported one after the other into one file
    merged.write_bytes(
        (
            vcalendar(vevent("b", "20261103", "Call with Sam Okafor"))
            + vcalendar(vevent("c", "20261104", "Dinner with Sam Okafor"))
        ).encode()
    )
    output = imported(root, "ics", merged)
    assert log_lines(root, "People/Sam Okafor.md") == [
        "- 2026-11-03 Call with Sam Okafor (calendar)",
        "- 2026-11-04 Dinner with Sam Okafor (calendar)",
    ], output
    assert output.strip().splitlines()[-1].startswith("2 events read: 2 event days in the window, 2 with someone")


def test_a_skipped_event_says_why_in_words_never_a_python_message(vault: Make, tmp_path: Path) -> None:
    root = vault(PEOPLE)
    calendar = tmp_path / "c.ics"
    calendar.write_bytes(
        vcalendar(
            vevent("twice", "20261102", "Two starts with Jahn Doe", "DTSTART;VALUE=DATE:20261103"),
            "BEGIN:VEVENT\r\nUID:none\r\nSUMMARY:No start\r\nEND:VEVENT\r\n",
            vevent("fine", "20261105", "Tea with Jahn Doe"),
        ).encode()
    )
    output = imported(root, "ics", calendar)
    assert "skipped UID twice (Two starts with Jahn Doe): cannot be read: it has 2 starts (DTSTART)" in output
    assert "skipped UID none (No start): cannot be read: it has no start (DTSTART)" in output
    assert "object has no attribute" not in output and "'list'" not in output
    assert log_lines(root, "People/Jahn Doe.md") == ["- 2026-11-05 Tea with Jahn Doe (calendar)"]


VCALENDAR_1 = (  # a phone's `.vcs`: vCalendar 1.0, quoted-printable titles, a rule in 1.0's own form
    "BEGIN:VCALENDAR\r\nVERSION:1.0\r\nBEGIN:VEVENT\r\nUID:vcs-1\r\n"
    "SUMMARY;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Caf=C3=A9 with Jahn Doe\r\n"
    "DTSTART:20261102T100000\r\nDTEND:20261102T110000\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:vcs-2\r\nSUMMARY:Stand-up with Jahn Doe\r\nDTSTART:20261103T090000\r\n"
    "DTEND:20261103T091500\r\nRRULE:D1 #10\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_a_vcalendar_1_file_is_read_and_its_own_repeat_rules_refused_by_name(vault: Make, tmp_path: Path) -> None:
    root = vault(PEOPLE)
    calendar = tmp_path / "calendar.vcs"
    calendar.write_bytes(VCALENDAR_1.encode())
    output = imported(root, "ics", calendar)
    assert log_lines(root, "People/Jahn Doe.md") == ["- 2026-11-02 Café with Jahn Doe (calendar)"], output
    assert (
        "skipped UID vcs-2 (Stand-up with Jahn Doe): cannot be read: its repeat rule (RRULE) is not iCalendar's"
        in output
    )


# LinkedIn

LINKEDIN_2018 = (  # an export of 2018: no URL column, the date with a time, an e-mail that is a member URN
    "First Name,Last Name,Email Address,Company,Position,Connected On\r\n"
    'Mira,Kovač,urn:li:member:664293716,Lumen,Designer,"1/8/18, 6:14 PM"\r\n'
    'Ola,Berg,ola@example.no,Fjord,CTO,"12/31/17, 11:02\u202fAM"\r\n'
)


def test_older_linkedin_exports_keep_their_dates_and_an_email_that_is_no_address_is_none(
    vault: Make, tmp_path: Path
) -> None:
    root = vault({})
    export = tmp_path / "Connections.csv"
    export.write_bytes(LINKEDIN_2018.encode("utf-8"))
    imported(root, "linkedin", export)
    mira = frontmatter.load(root / "People/Mira Kovač.md")
    assert mira["connected"] == "2018-01-08" and "email" not in mira.metadata
    ola = frontmatter.load(root / "People/Ola Berg.md")
    assert ola["connected"] == "2017-12-31" and ola["email"] == "ola@example.no"


LINKEDIN_OUTLOOK = (  # before 2017, LinkedIn also offered its connections as an Outlook CSV
    '"First Name","Last Name","E-mail Address","Company","Job Title"\r\n"Lea","Wong","lea@example.sg","Grab","PM"\r\n'
)


def test_linkedins_outlook_csv_is_read_and_a_row_the_csv_reader_cannot_read_is_skipped_and_named(
    vault: Make, tmp_path: Path
) -> None:
    root = vault({})
    export = tmp_path / "linkedin_connections_export_microsoft_outlook.csv"
    export.write_bytes(LINKEDIN_OUTLOOK.encode("utf-8"))
    imported(root, "linkedin", export)
    lea = frontmatter.load(root / "People/Lea Wong.md")
    assert (lea["email"], lea["company"], lea["role"]) == ("lea@example.sg", "Grab", "PM")
    huge = tmp_path / "Connections.csv"
    huge.write_text(f'First Name,Last Name,URL\nAb,"{"x" * 200_000}",u\nBo,Chan,https://linkedin.com/in/bo\n')
    output = imported(root, "linkedin", huge)
    assert "skipped 'line 2': cannot be read: a cell longer than any LinkedIn export's (128 KB)" in output
    assert (root / "People/Bo Chan.md").exists()


# Mail

APPLE_MAIL = (
    b"From jahn@example.es Fri Nov 20 09:00:00 2026\n"
    b"From: Jahn Doe <jahn@example.es>\nTo: Ana <ana@example.org>\nSubject: Hola\n"
    b"Date: Fri, 20 Nov 2026 09:00:00 +0100\nMessage-Id: <1@example.es>\n\nhola\n"
)


def test_apple_mails_mbox_folder_is_read_and_a_single_eml_is_refused_by_name(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Jahn Doe.md": person(email="jahn@example.es") + "# Jahn\n\n## Log\n"})
    folder = tmp_path / "Inbox.mbox"
    folder.mkdir()
    (folder / "mbox").write_bytes(APPLE_MAIL)
    (folder / "table_of_contents").write_bytes(b"\x00\x01binary")
    output = imported(root, "mbox", folder)
    assert log_lines(root, "People/Jahn Doe.md") == ["- 2026-11-20 Hola (e-mail)"], output
    single = tmp_path / "message.eml"
    single.write_bytes(APPLE_MAIL.split(b"\n", 1)[1])
    result = run("import", "mbox", single, "--vault", root, "--today", TODAY)
    assert result.exit_code == 2 and "it looks like one e-mail message (.eml)" in result.output, result.output
