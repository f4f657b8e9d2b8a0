"""Who is who across sources (SPEC §8, issue 22 items 1 to 3): one identity module decides, for every
importer, which person a record is; a value from one source never lands in another person's note."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
from conftest import person, run

from vaultkit.network.identity import Identities, Record, linkedin_key

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"

# As Google Contacts exports a card (vCard 3.0): several EMAIL and TEL, an ADR, an escaped URL.
GOOGLE_CARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sarah Chen\r\nN:Chen;Sarah;;;\r\n"
    "EMAIL;TYPE=INTERNET;TYPE=HOME:sarah.chen@home.example\r\n"
    "EMAIL;TYPE=INTERNET;TYPE=WORK:s.chen@globex.example\r\n"
    "TEL;TYPE=CELL:+1 415-555-0134\r\nTEL;TYPE=WORK:(415) 555-0100\r\n"
    "ADR;TYPE=HOME:;;1 Market St;San Francisco;CA;94105;US\r\n"
    "ORG:Globex\r\nTITLE:VP Design\r\n"
    "item1.URL:https\\://www.linkedin.com/in/sarahchen-globex\r\nitem1.X-ABLabel:LinkedIn\r\n"
    "NOTE:Met at Config 2025\r\nCATEGORIES:myContacts\r\nEND:VCARD\r\n"
)


def linkedin_export(*rows: str) -> str:
    preamble = (
        '"Notes:\r\n""When exporting your connection data, you may notice that some of the email addresses'
        ' are missing."""\r\n\r\n'
    )
    return preamble + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n" + "".join(rows)


def imported(kind: str, file: Path, root: Path, *extra: str) -> str:
    result = run("import", kind, file, "--vault", root, "--today", TODAY, *extra)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_google_card_keeps_every_address_number_and_its_city(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    cards = tmp_path / "contacts.vcf"
    cards.write_text(GOOGLE_CARD, encoding="utf-8")
    imported("vcard", cards, root)
    fields = frontmatter.load(root / "People/Sarah Chen.md").metadata
    assert fields["email"] == ["sarah.chen@home.example", "s.chen@globex.example"]
    assert fields["phone"] == ["+1 415-555-0134", "(415) 555-0100"]
    assert fields["location"] == "San Francisco"
    assert fields["url"] == "https://www.linkedin.com/in/sarahchen-globex"
    calendar = tmp_path / "c.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Design review\r\n"
        "DTSTART:20261110T100000Z\r\nDTEND:20261110T110000Z\r\nATTENDEE:mailto:S.Chen@globex.example\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    imported("ics", calendar, root)  # sent to the second address: still her
    assert "- 2026-11-10 Design review (calendar)" in (root / "People/Sarah Chen.md").read_text(encoding="utf-8")


def test_a_second_sarah_chen_gets_no_alias_and_never_receives_the_first_ones_news(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {"People/Sarah Chen.md": person(email="sarah@acme-accounting.example", company="Acme", role="Accountant")}
    )
    cards = tmp_path / "contacts.vcf"
    cards.write_text(GOOGLE_CARD, encoding="utf-8")
    imported("vcard", cards, root)
    second = frontmatter.load(root / "People/Sarah Chen (2).md").metadata
    assert "aliases" not in second  # an alias that is another person's name would steal her lookups
    logged = run("log", "Sarah Chen", "Lunch", "--vault", root, "--date", "2026-11-20")
    assert logged.exit_code == 0 and "People/Sarah Chen.md" in logged.output, logged.output
    assert run("check", root).output.count("warning") == 0
    export = tmp_path / "Connections.csv"
    export.write_text(
        linkedin_export(
            "Sarah,Chen,https://www.linkedin.com/in/sarahchen-globex,,Globex,Head of Design,05 Jan 2023\r\n",
        ),
        encoding="utf-8",
    )
    dry = imported("linkedin", export, root, "--dry-run")
    assert "Sarah Chen → People/Sarah Chen (2).md (by LinkedIn URL)" in dry
    imported("linkedin", export, root)
    accountant = (root / "People/Sarah Chen.md").read_text(encoding="utf-8")
    assert "#news" not in accountant and "Globex" not in accountant
    assert "- 2026-11-21 Now Head of Design at Globex (LinkedIn) #news" in (
        root / "People/Sarah Chen (2).md"
    ).read_text(encoding="utf-8")


def test_a_row_that_fits_two_people_of_one_name_is_written_into_neither(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Sarah Chen.md": person(company="Acme"), "People/Sarah Chen (2).md": person(company="Globex")})
    export = tmp_path / "Connections.csv"
    export.write_text(linkedin_export("Sarah,Chen,https://www.linkedin.com/in/sc,,Initech,CTO,05 Jan 2023\r\n"))
    before = {p.name: p.read_bytes() for p in (root / "People").iterdir()}
    report = imported("linkedin", export, root)
    assert "skipped 'Sarah Chen': matches 2 notes by name (People/Sarah Chen.md, People/Sarah Chen (2).md)" in report
    assert {p.name: p.read_bytes() for p in (root / "People").iterdir()} == before


def test_an_alias_that_is_another_persons_name_is_a_warning_naming_both(vault: Make) -> None:
    root = vault({"People/Sarah Chen.md": person(), "People/Sarah Chen (2).md": person(aliases="[Sarah Chen]")})
    checked = run("check", root)
    assert checked.exit_code == 0, checked.output  # a warning never fails check
    assert "People/Sarah Chen (2).md:2: warning: alias `Sarah Chen` is the name of another person" in checked.output
    assert "(`People/Sarah Chen.md`)" in checked.output and "0 problems, 1 warning" in checked.output


def test_a_homepage_is_no_evidence_against_a_linkedin_row(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Priya Raman.md": person(url="https://example.com/priya", target="true", company="Initech")})
    export = tmp_path / "Connections.csv"
    export.write_text(
        linkedin_export("Priya,Raman,https://www.linkedin.com/in/priyaraman,,Initech,CTO,05 Jan 2023\r\n"),
        encoding="utf-8",
    )
    assert "Priya Raman → People/Priya Raman.md (by name)" in imported("linkedin", export, root, "--dry-run")
    imported("linkedin", export, root)
    assert sorted(p.name for p in (root / "People").iterdir()) == ["Priya Raman.md"]


def test_a_linkedin_url_of_another_profile_is_someone_else(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Chris Lee.md": person(url="https://uk.linkedin.com/in/chris-lee-1/")})
    export = tmp_path / "Connections.csv"
    export.write_text(
        linkedin_export(
            "Chris,Lee,https://www.linkedin.com/in/chris-lee-1?trk=x,,Acme,CTO,05 Jan 2023\r\n",
            "Chris,Lee,https://www.linkedin.com/in/chris-lee-2,,Globex,Engineer,05 Jan 2023\r\n",
        ),
        encoding="utf-8",
    )
    dry = imported("linkedin", export, root, "--dry-run")
    assert "Chris Lee → People/Chris Lee.md (by LinkedIn URL)" in dry and "would create 1" in dry


@pytest.mark.parametrize(
    ("theirs", "ours", "same"),
    [
        ("+44 20 7946 0000", "020 7946 0000", True),  # one side without a country code: the last nine digits
        ("0044 20 7946 0000", "+44 (20) 7946-0000", True),
        ("+44 20 7946 0000", "+33 20 7946 0000", False),  # both with a country code: every digit
        ("+1 415-555-0134", "+1 415-555-0199", False),
    ],
)
def test_phones_compare_by_their_digits(theirs: str, ours: str, same: bool) -> None:
    known = Identities()
    known.add("People/Ann.md", "Ann", (), {"phone": ours})
    found = known.match(Record("Somebody", phones=(theirs,)))
    assert (found is not None and found.by == "phone") == same


def test_the_matching_order_and_the_name_over_an_alias() -> None:
    known = Identities()
    known.add("People/Max.md", "Max", (), {})
    known.add("People/Maximilian Ott.md", "Maximilian Ott", ("Max", "Maxi"), {"email": "max@ott.example"})
    assert known.match(Record("Max")) == ("People/Max.md", "name")
    assert known.match(Record("Max", emails=("MAX@ott.example",))) == ("People/Maximilian Ott.md", "e-mail")
    assert known.match(Record("maxi")) == ("People/Maximilian Ott.md", "alias")
    assert known.match(Record("Maxi", emails=("other@x.example",))) is None  # another address: someone else
    assert linkedin_key("http://de.linkedin.com/in/Ann%C3%A9/?x=1") == "linkedin.com/in/anné"
    assert linkedin_key("https://www.linkedin.com/company/acme") is None


def test_a_calendar_title_names_the_person_not_the_alias(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Max.md": person(), "People/Maximilian Ott.md": person(aliases="[Max]")})
    calendar = tmp_path / "c.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:Lunch with Max\r\n"
        "DTSTART:20261110T100000Z\r\nDTEND:20261110T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    imported("ics", calendar, root)
    assert "Lunch with Max" in (root / "People/Max.md").read_text(encoding="utf-8")
    assert "Lunch" not in (root / "People/Maximilian Ott.md").read_text(encoding="utf-8")


# Item 5: lookups without accents, by first name or a unique start; `new` refuses a near twin


@pytest.fixture
def people(vault: Make) -> Path:
    return vault(
        {
            "People/José Núñez.md": person(),
            "People/Kenji Watanabe.md": person(),
            "People/Zoë Keller.md": person(aliases="[Zo]"),
            "People/Sam Lee.md": person(),
            "People/Sam Okafor.md": person(),
        }
    )


@pytest.mark.parametrize(
    ("query", "name"),
    [("jose nunez", "José Núñez"), ("Jose", "José Núñez"), ("kenji", "Kenji Watanabe"), ("ZOE", "Zoë Keller"),
     ("zoë keller", "Zoë Keller"), ("Kenji Wat", "Kenji Watanabe")],
)  # fmt: skip
def test_a_person_is_found_without_accents_by_first_name_or_a_unique_start(people: Path, query: str, name: str) -> None:
    shown = run("brief", query, "--vault", people, "--today", TODAY, "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["name"] == name
    logged = run("log", query, "Tea", "--vault", people, "--date", "2026-11-20")
    if query == "Kenji Wat":  # a write takes no prefix: it names whom it could mean, and writes nothing
        assert logged.exit_code == 2 and f"did you mean {name} (People/{name}.md)" in logged.output
        return
    assert logged.output.startswith(f"People/{name}.md: - 2026-11-20 Tea")  # the write names its note


def test_a_first_name_of_two_people_suggests_both(people: Path) -> None:
    result = run("brief", "sam", "--vault", people, "--today", TODAY)
    assert result.exit_code == 2
    assert "'sam' could be Sam Lee (People/Sam Lee.md), Sam Okafor (People/Sam Okafor.md)" in result.output


@pytest.mark.parametrize("name", ["Zoe Keller", "zoe keller", "ZO", "Jose Nunez"])
def test_new_refuses_a_name_that_is_a_person_but_for_accents_and_case(people: Path, name: str) -> None:
    result = run("new", name, "--vault", people)
    assert result.exit_code == 2 and "the same but for accents or case" in result.output
    assert "People/Z" in result.output or "People/J" in result.output
    assert "--force" in result.output
    forced = run("new", name, "--vault", people, "--force")
    assert forced.exit_code == 0 and forced.output == f"created People/{name}.md\n"
