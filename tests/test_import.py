"""`vaultkit import linkedin|vcard`: new notes only, matched by name, alias, e-mail or URL; idempotent."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
from conftest import person, run

from vaultkit.exchange.contacts import connected_on

Make = Callable[[dict[str, str | bytes]], Path]

CONNECTIONS = (
    "\ufeffNotes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    'download their email address."\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Asha,Rao,https://www.linkedin.com/in/asharao,asha@example.com,Lantern Pictures,Producer,05 Jan 2023\r\n"
    'Tomás,Alvarez,https://www.linkedin.com/in/tomas,,"Alvarez Films, Ltd.","Videographer, Editor",17 Mar 21\r\n'
    ",,https://www.linkedin.com/in/private,,,,01 Feb 2024\r\n"
    "\r\n"
    "Jane,Doe/Smith,https://www.linkedin.com/in/janeds/,,Acme,CTO,12 Dec 2022\r\n"
    "Existing,Person,https://www.linkedin.com/in/existing,known@example.com,X,Y,01 Jan 2020\r\n"
)


def import_file(kind: str, file: Path, root: Path, *extra: str) -> str:
    result = run("import", kind, file, "--vault", root, *extra)
    assert result.exit_code == 0, result.output
    return result.output


def test_linkedin_export_with_preamble_bom_quotes_blanks_and_two_digit_years(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Someone Else.md": person(email="known@example.com")})
    export = tmp_path / "Connections.csv"
    export.write_bytes(CONNECTIONS.encode("utf-8"))
    output = import_file("linkedin", export, root)
    assert output.strip().splitlines()[-1] == "created 3, already there 1, skipped 1 without a name"
    asha = frontmatter.load(root / "People/Asha Rao.md")
    assert asha.metadata == {
        "company": "Lantern Pictures",
        "role": "Producer",
        "email": "asha@example.com",
        "url": "https://www.linkedin.com/in/asharao",
        "connected": "2023-01-05",
    }
    tomas = frontmatter.load(root / "People/Tomás Alvarez.md")
    assert tomas["company"] == "Alvarez Films, Ltd." and tomas["role"] == "Videographer, Editor"
    assert tomas["connected"] == "2021-03-17" and "email" not in tomas.metadata
    jane = frontmatter.load(root / "People/Jane Doe-Smith.md")
    assert jane["company"] == "Acme"  # a name that cannot be a file name is made safe ("/" cannot be a link)
    # a connection date is not a contact: nobody imported is due, and every note is clean
    assert run("due", root, "--json", "--today", "2026-11-21").output.strip() == "[]"
    assert run("check", root).exit_code == 0


def test_a_second_import_changes_nothing(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    export = tmp_path / "Connections.csv"
    export.write_bytes(CONNECTIONS.encode("utf-8"))
    import_file("linkedin", export, root)
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    assert (
        import_file("linkedin", export, root).strip().endswith("created 0, already there 4, skipped 1 without a name")
    )
    assert {p: p.read_bytes() for p in root.rglob("*.md")} == before


def test_matching_by_alias_email_and_url_never_changes_existing_notes(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {
            "People/A. Rao.md": person(aliases="[Asha Rao]"),
            "People/T.md": person(url="https://linkedin.com/in/tomas"),
            "People/J.md": "---\nemail: known@example.com\n---\nuntouched\n",
        }
    )
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    export = tmp_path / "Connections.csv"
    export.write_bytes(CONNECTIONS.encode("utf-8"))
    assert "created 1, already there 3" in import_file("linkedin", export, root)
    assert {p: p.read_bytes() for p in before} == before


def test_the_export_zip_and_header_drift(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    archive = tmp_path / "Basic_LinkedInDataExport_11-21-2026.zip"
    drifted = CONNECTIONS.replace(",URL,", ",Profile URL,")
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Basic_LinkedInDataExport/Connections.csv", drifted)
        zipped.writestr("Basic_LinkedInDataExport/Messages.csv", "x")
    assert "created 4" in import_file("linkedin", archive, root)
    assert frontmatter.load(root / "People/Asha Rao.md")["url"] == "https://www.linkedin.com/in/asharao"


def test_dry_run_writes_nothing(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    export = tmp_path / "Connections.csv"
    export.write_bytes(CONNECTIONS.encode("utf-8"))
    output = import_file("linkedin", export, root, "--dry-run")
    assert "Asha Rao → People/Asha Rao.md (new note)" in output and "would create 4," in output
    assert not any(root.rglob("*.md"))


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"name,email\nA,b\n", "no header row with 'First Name' and 'Last Name'"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"PK\x03\x04broken", "damaged ZIP"),
    ],
)
def test_a_file_that_is_not_an_export_is_an_error_and_creates_nothing(
    vault: Make, tmp_path: Path, content: bytes, fragment: str
) -> None:
    root = vault({})
    bogus = tmp_path / "Connections.csv"
    bogus.write_bytes(content)
    result = run("import", "linkedin", bogus, "--vault", root)
    assert result.exit_code == 2
    assert fragment in result.output and str(bogus) in result.output
    assert not any(root.rglob("*.md"))


def test_connected_on_forms() -> None:
    assert connected_on("05 Jan 2023").isoformat() == "2023-01-05"  # type: ignore[union-attr]
    assert connected_on("5 Jan 23").isoformat() == "2023-01-05"  # type: ignore[union-attr]
    assert connected_on("someday") is None


VCARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Sam;;;\r\nFN:Sam Okafor\r\nORG:Comedy Store;Bookings\r\n"
    "TITLE:Stand-up comic\r\nEMAIL;TYPE=INTERNET:sam@example.com\r\nTEL;TYPE=CELL:+44 20 7946 0000\r\n"
    "BDAY:1990-04-15\r\nNOTE:Met at the Edinburgh Fringe\\, 2019.\\nLoves podcasts.\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Hana Suzuki\r\nBDAY:--0229\r\nURL:https://hana.example.jp\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nEMAIL:nobody@example.com\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Marcus;;;\r\nBDAY:19850704\r\nEND:VCARD\r\n"
)


def test_vcards_of_both_versions(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    cards = tmp_path / "contacts.vcf"
    cards.write_text(VCARDS)
    output = import_file("vcard", cards, root).strip().splitlines()
    assert output[-1] == "created 3, already there 0, skipped 1 without a name"
    assert output[0].startswith("skipped card 3 (line 18) (nobody@example.com): no name")
    sam = frontmatter.load(root / "People/Sam Okafor.md")
    assert sam.metadata == {
        "company": "Comedy Store",  # ORG's first component: the unit (Bookings) is no company
        "role": "Stand-up comic",
        "email": "sam@example.com",
        "phone": "+44 20 7946 0000",
        "birthday": "1990-04-15",
    }
    assert "Met at the Edinburgh Fringe, 2019.\nLoves podcasts." in sam.content
    assert frontmatter.load(root / "People/Hana Suzuki.md")["birthday"] == "02-29"
    assert frontmatter.load(root / "People/Marcus Lee.md")["birthday"] == "1985-07-04"
    assert run("check", root).exit_code == 0
    assert "created 0, already there 3" in import_file("vcard", cards, root)


def test_not_a_vcard_file(vault: Make, tmp_path: Path) -> None:
    bogus = tmp_path / "contacts.vcf"
    bogus.write_text("hello\n")
    result = run("import", "vcard", bogus, "--vault", vault({}))
    assert result.exit_code == 2 and "not a vCard file (no BEGIN:VCARD in it)" in result.output
