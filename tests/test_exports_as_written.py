"""Exports as the apps really write them (SPEC §8): every version, locale and platform still found in
people's archives is read, or refused clearly; never read as nothing. Each fixture below is written
byte for byte as its app writes it (line ends, byte-order marks, quoted-printable, the narrow no-break
space before `PM`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import frontmatter
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
EVOLUTION = (  # a 3.0 card with PROFILE and a photo that is no base64
    b"BEGIN:VCARD\nVERSION:3.0\nPROFILE:VCard\nFN:Ines Duarte\nN:Duarte;Ines;;;\n"
    b"PHOTO;ENCODING=b;TYPE=JPEG:@@@not base64@@@\nEMAIL;TYPE=WORK:ines@example.pt\nEND:VCARD\n"
)


def test_vcards_as_phones_and_mail_clients_write_them_each_read_whole(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    for name, data in [("ios5.vcf", IOS5), ("outlook.vcf", OUTLOOK_2003), ("android.vcf", ANDROID), ("evo.vcf", EVOLUTION)]:
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
