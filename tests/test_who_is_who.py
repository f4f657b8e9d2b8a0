"""Who is who when two records share a name, and the writes that take no guesses (SPEC §8)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


def log_lines(root: Path, rel: str) -> list[str]:
    return [line for line in (root / rel).read_text(encoding="utf-8").splitlines() if line.startswith("- ")]


def test_a_write_takes_a_whole_first_name_but_never_a_prefix(vault: Make) -> None:
    root = vault({"People/Jonas Weber.md": person() + "# Jonas Weber\n\n## Log\n"})
    refused = run("log", "Jon", "Coffee", "--vault", root, "--today", TODAY)
    assert refused.exit_code == 2, refused.output
    assert "Jonas Weber (People/Jonas Weber.md)" in refused.output and "Traceback" not in refused.output
    assert log_lines(root, "People/Jonas Weber.md") == []
    asked = run("intro", "Jon", "Jonas Weber", "--vault", root, "--today", TODAY)
    assert asked.exit_code == 2 and log_lines(root, "People/Jonas Weber.md") == []
    written = run("log", "jonas", "Coffee", "--vault", root, "--today", TODAY)
    assert written.exit_code == 0, written.output
    assert log_lines(root, "People/Jonas Weber.md") == ["- 2026-11-21 Coffee"]
    # a read still takes the unique start of a name
    assert run("brief", "Jon", "--vault", root, "--today", TODAY).exit_code == 0


def test_a_calendar_title_names_a_person_only_by_a_full_name(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {
            "People/Nguyễn Thị Mai.md": person(aliases="[Mai]") + "# Mai\n",
            "People/Katherine Moore.md": person(aliases="[Kate, Kate Moore]") + "# Katherine\n",
            "People/Robert Schmidt.md": person(aliases="[Bob]") + "# Robert\n",
        }
    )
    events = [
        ("h1", "20260501", "Tag der Arbeit (1. Mai)"),
        ("h2", "20261003", "Kate Bush listening party"),
        ("h3", "20261010", "Dentist (Dr. Bob)"),
        ("m1", "20261012", "Lunch with Kate Moore"),
        ("m2", "20261013", "Call with Nguyễn Thị Mai"),
    ]
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;VALUE=DATE:{day}\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        for uid, day, title in events
    )
    calendar = tmp_path / "holidays.ics"
    calendar.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n{body}END:VCALENDAR\r\n".encode())
    result = run("import", "ics", calendar, "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert log_lines(root, "People/Katherine Moore.md") == ["- 2026-10-12 Lunch with Kate Moore (calendar)"]
    assert log_lines(root, "People/Nguyễn Thị Mai.md") == ["- 2026-10-13 Call with Nguyễn Thị Mai (calendar)"]
    assert log_lines(root, "People/Robert Schmidt.md") == []


RAJ_TWICE = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Raj,Patel,https://www.linkedin.com/in/rajpatel-tcs,,TCS,Consultant,12 Mar 2024\r\n"
    "Raj,Patel,https://www.linkedin.com/in/raj-patel-rzp,,Razorpay,Founder,02 Feb 2021\r\n"
)


def test_two_linkedin_rows_of_one_name_are_two_people_and_the_company_says_which_is_the_note(
    vault: Make, tmp_path: Path
) -> None:
    root = vault({"People/Raj Patel.md": person(company="Razorpay", role="Founder") + "# Raj Patel\n\n## Log\n"})
    export = tmp_path / "Connections.csv"
    export.write_bytes(RAJ_TWICE.encode())
    dry = run("import", "linkedin", export, "--vault", root, "--today", TODAY, "--dry-run")
    assert "Raj Patel → People/Raj Patel.md (by name and company)" in dry.output, dry.output
    assert "Raj Patel → People/Raj Patel (2).md (new note)" in dry.output
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):  # the same file on later days adds nothing
        result = run("import", "linkedin", export, "--vault", root, "--today", day)
        assert result.exit_code == 0 and "#news" not in result.output, result.output
    assert log_lines(root, "People/Raj Patel.md") == []
    second = (root / "People/Raj Patel (2).md").read_text()
    assert "rajpatel-tcs" in second and "TCS" in second and "aliases" not in second


def test_two_rows_of_one_name_without_evidence_are_both_skipped_and_named(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Raj Patel.md": person(location="Pune") + "# Raj Patel\n\n## Log\n"})
    before = (root / "People/Raj Patel.md").read_bytes()
    export = tmp_path / "Connections.csv"
    export.write_bytes(RAJ_TWICE.encode())
    for day in ("2026-11-21", "2026-11-22"):
        result = run("import", "linkedin", export, "--vault", root, "--today", day)
        assert result.exit_code == 0, result.output
        assert (
            "skipped 2 'Raj Patel': two LinkedIn profiles of one name, and People/Raj Patel.md holds neither:"
            " add the right LinkedIn URL to the note" in result.output
        )
        assert result.output.strip().splitlines()[-1].endswith("skipped 2 that could not be imported")
    assert (root / "People/Raj Patel.md").read_bytes() == before
    assert sorted(p.name for p in (root / "People").iterdir()) == ["Raj Patel.md"]


def test_without_accents_means_transliterated(vault: Make) -> None:
    root = vault(
        {
            "People/Łukasz Nowak.md": person() + "# Łukasz\n\n## Log\n",
            "People/Søren Berg.md": person() + "# Søren\n\n## Log\n",
            "People/Ærø Straße.md": person() + "# Ærø\n\n## Log\n",
        }
    )
    for twin, existing in [
        ("Lukasz Nowak", "Łukasz Nowak"),
        ("Soren Berg", "Søren Berg"),
        ("aero strasse", "Ærø Straße"),
    ]:
        refused = run("new", twin, "--vault", root)
        assert refused.exit_code == 2 and f"People/{existing}.md" in refused.output, refused.output
    assert not (root / "People/Lukasz Nowak.md").exists()
    logged = run("log", "lukasz", "Coffee", "--vault", root, "--today", TODAY)
    assert logged.exit_code == 0 and logged.output.startswith("People/Łukasz Nowak.md: - 2026-11-21 Coffee")
    unknown = run("log", "luk", "Coffee", "--vault", root, "--today", TODAY)
    assert unknown.exit_code == 2 and "Łukasz Nowak" in unknown.output
    assert run("brief", "soren berg", "--vault", root, "--today", TODAY).exit_code == 0


def test_a_chat_sender_known_by_first_name_only_is_named_with_the_alias_line_to_add(
    vault: Make, tmp_path: Path
) -> None:
    root = vault(
        {
            "People/Björn Åkesson.md": person() + "# Björn\n\n## Log\n",
            "People/Priya Nair.md": person() + "# Priya\n\n## Log\n",
            "People/Priya Shah.md": person() + "# Priya S\n\n## Log\n",
            "People/Sam Okafor.md": person(aliases="[Sammy]", phone="'+44 7700 900123'") + "# Sam\n\n## Log\n",
        }
    )
    (root / "vaultkit.yaml").write_text("me: [Anna Field]\n")
    chat = tmp_path / "WhatsApp Chat with Film club.txt"
    chat.write_bytes(
        "18/11/2026, 09:00 - Anna Field: hi all\n"
        "18/11/2026, 09:01 - Björn: hej\n19/11/2026, 10:00 - Björn: och\n20/11/2026, 10:00 - Bjorn: again\n"
        "18/11/2026, 09:02 - Priya: hello\n"
        "18/11/2026, 09:03 - Sammy: yo\n"
        "18/11/2026, 09:04 - +44 7700 900123: from his other phone\n".encode()
    )
    dry = run("import", "whatsapp", chat, "--vault", root, "--today", TODAY, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert 'Björn: add "aliases: [Björn]" to People/Björn Åkesson.md to count these 2 days' in dry.output
    assert 'Bjorn: add "aliases: [Bjorn]" to People/Björn Åkesson.md to count these 1 day' in dry.output
    assert "Priya: add" not in dry.output  # two people have that first name: nobody is named
    assert "Sammy → People/Sam Okafor.md (by alias)" in dry.output
    assert "+44 7700 900123 → People/Sam Okafor.md (by phone)" in dry.output
    real = run("import", "whatsapp", chat, "--vault", root, "--today", TODAY)
    assert 'Björn: add "aliases: [Björn]" to People/Björn Åkesson.md' in real.output
    assert log_lines(root, "People/Björn Åkesson.md") == []  # a first name is no proof: nothing counted


def test_a_chat_sender_of_two_peoples_name_is_skipped_with_advice_that_works_for_a_chat(
    vault: Make, tmp_path: Path
) -> None:
    root = vault({"People/Chris Lee.md": person() + "# A\n", "People/Chris Lee (2).md": person() + "# B\n"})
    chat = tmp_path / "WhatsApp Chat with Chris Lee.txt"
    chat.write_bytes(b"18/11/2026, 09:01 - Chris Lee: hi\n18/11/2026, 09:02 - Anna: hey\n")
    result = run("import", "whatsapp", chat, "--vault", root, "--today", TODAY)
    assert "add their phone number (phone:) or an alias to one" in result.output, result.output
    assert "LinkedIn" not in result.output


def test_a_calendar_dry_run_says_how_each_person_matched(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {
            "People/Asha Rao.md": person(email="asha@example.com") + "# Asha\n",
            "People/Katherine Moore.md": person(aliases="[Kate Moore]") + "# Kate\n",
        }
    )
    calendar = tmp_path / "c.ics"
    calendar.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:1\r\nDTSTART;VALUE=DATE:20261102\r\nSUMMARY:Review\r\n"
        b"ATTENDEE;CN=Asha:mailto:asha@example.com\r\nEND:VEVENT\r\n"
        b"BEGIN:VEVENT\r\nUID:2\r\nDTSTART;VALUE=DATE:20261103\r\nSUMMARY:Tea with Kate Moore\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    dry = run("import", "ics", calendar, "--vault", root, "--today", TODAY, "--dry-run")
    assert "People/Asha Rao.md: matched by e-mail (1 event day)" in dry.output, dry.output
    assert "People/Katherine Moore.md: matched by alias in the title (1 event day)" in dry.output


def test_two_cards_of_one_name_with_different_emails_are_two_people_or_skipped_without_evidence(
    vault: Make, tmp_path: Path
) -> None:
    root = vault({"People/Chris Lee.md": person(company="Acme") + "# Chris\n\n## Log\n"})
    cards = tmp_path / "contacts.vcf"
    cards.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chris Lee\r\nEMAIL:chris@globex.example\r\nORG:Globex\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chris Lee\r\nEMAIL:chris@initech.example\r\nORG:Initech\r\nEND:VCARD\r\n"
    )
    result = run("import", "vcard", cards, "--vault", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert (
        "skipped 2 'Chris Lee': two contacts of one name, and People/Chris Lee.md holds neither:"
        " add the right e-mail address to the note" in result.output
    )
    assert sorted(p.name for p in (root / "People").iterdir()) == ["Chris Lee.md"]


def test_a_note_without_a_company_is_told_by_its_role(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Raj Patel.md": person(role="Founder") + "# Raj Patel\n\n## Log\n"})
    export = tmp_path / "Connections.csv"
    export.write_bytes(RAJ_TWICE.encode())
    dry = run("import", "linkedin", export, "--vault", root, "--today", TODAY, "--dry-run")
    assert "Raj Patel → People/Raj Patel.md (by name and position)" in dry.output, dry.output
    assert "Raj Patel → People/Raj Patel (2).md (new note)" in dry.output
