"""Text from outside is data, never markup, and a name always wins over another's alias (SPEC §8)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import TODAY, interactions, person, run
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.read.body import read_log
from vaultkit.read.plain import CONTROL, plain_text, unescaped

Make = Callable[[dict[str, str | bytes]], Path]


HOSTILE_TITLES = ("Arrested for fraud #news", "Lunch #got", "]] [[Bo Kim #intro", "2026-01-01 #gave sync")


def hostile_calendar() -> str:
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:hostile-{number}@example.com\r\n"
        f"SUMMARY:{title}\r\n"
        "ORGANIZER;CN=Ana:mailto:ana@example.com\r\n"
        f"DTSTART:2026111{number}T100000Z\r\n"
        f"DTEND:2026111{number}T110000Z\r\n"
        "END:VEVENT\r\n"
        for number, title in enumerate(HOSTILE_TITLES)
    )
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
    return f"{head}{events}END:VCALENDAR\r\n"


def test_calendar_titles_carry_no_tag_link_or_date_into_the_log(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ana.md": person(email="ana@example.com"), "People/Bo Kim.md": person()})
    calendar = tmp_path / "hostile.ics"
    calendar.write_text(hostile_calendar(), encoding="utf-8")
    result = run("import", "ics", calendar, "--vault", root, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    logged = interactions(root, "People/Ana.md")
    assert len(logged) == len(HOSTILE_TITLES)
    for item in logged:
        assert (item.gave, item.got, item.intro, item.news, item.links) == (False, False, False, False, ())
        assert item.text.endswith("(calendar)")
    shown = run("news", "--vault", root, "--today", TODAY.isoformat(), "--json")
    assert shown.output.strip() == "[]"
    assert "Arrested for fraud \\#news (calendar)" in (root / "People/Ana.md").read_text(encoding="utf-8")


def test_a_linkedin_company_with_markup_and_a_line_break_is_one_plain_news_line(vault: Make, tmp_path: Path) -> None:
    root = vault(
        {
            "People/Asha Rao.md": person(company="Lantern", role="Producer", email="asha@example.com"),
            "People/Sam Okafor.md": person(interests="[rust]"),
        }
    )
    export = tmp_path / "Connections.csv"
    export.write_text(
        "Notes:\r\n\r\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        'Asha,Rao,,asha@example.com,"Evil]] [[Sam Okafor #got\n- 2026-11-01 x #gave",Producer #intro,05 Jan 2023\r\n',
        encoding="utf-8",
    )
    result = run("import", "linkedin", export, "--vault", root, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    [news] = interactions(root, "People/Asha Rao.md")
    assert (news.news, news.gave, news.got, news.intro, news.links) == (True, False, False, False, ())
    text = (root / "People/Asha Rao.md").read_text(encoding="utf-8")
    assert text.count("\n- ") == 1  # the line break did not make a second log line
    shown = run("news", "--vault", root, "--today", TODAY.isoformat(), "--json")
    assert "Now Producer #intro at Evil]] [[Sam Okafor #got - 2026-11-01 x #gave (LinkedIn)" in shown.output
    again = run("import", "linkedin", export, "--vault", root, "--today", TODAY.isoformat())
    assert again.exit_code == 0 and (root / "People/Asha Rao.md").read_text(encoding="utf-8") == text


@given(st.text(max_size=60))
def test_any_imported_text_reads_back_as_itself_and_nothing_more(text: str) -> None:
    """One line, no tag vaultkit reads, no link, no leading date; and its escapes undone give the
    text back (with its white space folded)."""
    escaped = plain_text(text)
    line = f"- 2026-11-20 {escaped} (calendar)"
    found, problems = read_log(line, 1, "People/X.md")
    assert problems == [] and len(found) == 1
    item = found[0]
    assert (item.gave, item.got, item.intro, item.news, item.links) == (False, False, False, False, ())
    body_alone, _ = read_log(escaped, 1, "People/X.md")
    assert body_alone == ()
    folded = " ".join(CONTROL.sub(" ", text).split())
    assert unescaped(escaped) == folded


def test_a_vcard_note_cannot_open_a_code_block_a_heading_or_a_log_line(vault: Make, tmp_path: Path) -> None:
    root = vault({})
    cards = tmp_path / "contacts.vcf"
    note = "```\\n## Log\\n- 2026-11-01 Lunch #got [[Ana]]\\n~~~"
    cards.write_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee\r\nNOTE:{note}\r\nEND:VCARD\r\n", encoding="utf-8")
    assert run("import", "vcard", cards, "--vault", root).exit_code == 0
    assert run("log", "Dee", "Called", "--vault", root, "--date", "2026-11-20").exit_code == 0
    [called] = interactions(root, "People/Dee.md")
    assert called.text == "Called"
    text = (root / "People/Dee.md").read_text(encoding="utf-8")
    assert "\\```\n\\#\\# Log\n\\- 2026-11-01 Lunch \\#got [\\[Ana]\\]\n\\~~~\n" in text


def test_a_person_whose_name_is_anothers_alias_can_be_reached(vault: Make) -> None:
    root = vault({"People/Max.md": person(), "People/Maximilian Ott.md": person(aliases="[Max]")})
    logged = run("log", "Max", "Coffee", "--vault", root, "--date", "2026-11-20")
    assert logged.exit_code == 0, logged.output
    assert "People/Max.md" in logged.output
    assert "- 2026-11-20 Coffee" in (root / "People/Max.md").read_text(encoding="utf-8")
    assert "Coffee" not in (root / "People/Maximilian Ott.md").read_text(encoding="utf-8")
    shown = run("brief", "max", "--vault", root, "--today", TODAY.isoformat(), "--json")
    assert shown.exit_code == 0 and json.loads(shown.output)["name"] == "Max"
