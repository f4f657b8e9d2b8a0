"""Hostile vaults, part 2: strange values, names and files (SPEC §1, §2, §6; issue 12, items 5-8, 10, 11).

No value, however large or strange, stops a command: it is a problem naming the file and the field,
or a far date that never comes due. Nothing hangs, nothing is skipped in silence.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import person, run, write_notes
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.exchange.importer import file_name
from vaultkit.files.create import name_problem

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


def every_reading_command(root: Path, *extra: str) -> dict[str, str]:
    """Run each command that reads the whole vault; none may crash (exit 0 or 1, never 2 or a trace)."""
    outputs = {}
    for command in (["build"], ["check"], ["due"], ["intros"], ["paths"], ["export", "ics"]):
        vault_args = [str(root)] if command[0] in ("build", "check", "due", "intros", "paths") else ["--vault", root]
        result = run(*command, *vault_args, *extra)
        assert result.exit_code in (0, 1), (command, result.output)
        assert "internal error" not in result.output and "Traceback" not in result.output
        outputs[command[0]] = result.output
    return outputs


# 5. Importers: every row becomes a note or is skipped, named and counted; nothing loops


def vcard(*cards: str) -> str:
    return "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\n{card}END:VCARD\r\n" for card in cards)


def test_vcard_names_that_cannot_be_file_names_are_made_safe(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person()})
    emoji = "😀" * 100
    cards = tmp_path / "c.vcf"
    cards.write_text(vcard("FN:John..Smith\r\n", f"FN:{emoji}\r\n", "FN:..\r\n", "FN:CON\r\n", "FN:Last One\r\n"))
    result = run("import", "vcard", cards, "--vault", root)
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("created 5, already there 0, skipped 0 without a name")
    names = sorted(path.stem for path in (root / "People").iterdir())
    assert {"John-Smith", "Unnamed", "CON (contact)", "Last One"} <= set(names)
    assert all(name_problem(name) is None for name in names)


def test_linkedin_names_with_dots_are_made_safe(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person()})
    export = tmp_path / "Connections.csv"
    export.write_text("First Name,Last Name,URL\nJane..,..Doe,https://x/in/jane\n../..,/etc/passwd,https://x/in/p\n")
    result = run("import", "linkedin", export, "--vault", root)
    assert result.exit_code == 0, result.output
    assert "created 2" in result.output
    assert all((root / "People").iterdir())
    assert not (root.parent / "etc").exists()


def test_one_bad_card_is_skipped_and_named_and_the_rest_are_imported(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person()})
    cards = tmp_path / "c.vcf"
    cards.write_text(
        vcard(
            "FN:First\r\n",
            "FN:Bad Note\r\nNOTE:- 2026-13-45 met at a fair\r\n",
            "FN:Broken\r\nBEGIN:VEVENT\r\n",
            "FN:Last\r\n",
        )
    )
    result = run("import", "vcard", cards, "--vault", root)
    assert result.exit_code == 0, result.output
    assert "skipped 'card 3 (line 10)': cannot be read (VEVENT component wasn't closed)" in result.output
    assert "created 3, already there 0, skipped 0 without a name, skipped 1 that could not be imported" in result.output
    assert {path.stem for path in (root / "People").iterdir()} == {"Ann", "First", "Bad Note", "Last"}
    # The card's note is data (SPEC §8): no leading list mark or date survives, so it is no log line.
    assert "\\- 2026-13-45 met at a fair" in (root / "People/Bad Note.md").read_text(encoding="utf-8")
    assert run("check", root).output == "0 problems in 4 notes\n"


def test_a_zip_member_larger_than_any_export_is_refused_without_reading_it_whole(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person()})
    archive = tmp_path / "export.zip"
    with (
        zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
        out.open("Connections.csv", "w") as member,
    ):
        member.write(b"First Name,Last Name\n")
        block = b"A,B\n" * (1 << 18)  # 1 MiB
        for _ in range(400):
            member.write(block)
    assert archive.stat().st_size < 8 << 20  # it compresses: a ZIP bomb, in small
    tracemalloc.start()
    try:
        result = run("import", "linkedin", archive, "--vault", root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 2
    assert "its Connections.csv is larger than 64 MB" in result.output
    assert peak < 200 << 20  # the 400 MiB member was never held whole


def test_a_row_that_cannot_be_written_is_skipped_and_named(vault: Make, tmp_path: Path) -> None:
    root = vault({"People/Ann.md": person()})
    (root / "People/Bo.md").mkdir()  # a folder where Bo's note would go
    cards = tmp_path / "c.vcf"
    cards.write_text(vcard("FN:Bo\r\n", "FN:Cy\r\n"))
    result = run("import", "vcard", cards, "--vault", root)
    assert result.exit_code == 0, result.output
    assert "skipped 'Bo': People/Bo.md already exists" in result.output
    assert "created 1, already there 0, skipped 0 without a name, skipped 1 that could not be imported" in result.output
    assert (root / "People/Cy.md").is_file()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_contact_name_gives_a_safe_file_name(name: str) -> None:
    made = file_name(name, taken={"unnamed", "john"})
    assert name_problem(made) is None
    assert len(made.encode("utf-8")) <= 200


# 6. No value stops a command


@pytest.mark.parametrize("cadence", ["99999y", "9000000d", "99999999999999999999999d", "1200000m", "0d", "-1w"])
def test_a_huge_or_strange_cadence_is_a_problem_naming_the_field(vault: Make, cadence: str) -> None:
    root = vault({"People/Ann.md": person(cadence=cadence, last_contact="2026-01-01"), "People/Bo.md": person()})
    outputs = every_reading_command(root, "--today", TODAY)
    assert "People/Ann.md:2: `cadence`: expected a cadence like" in outputs["check"]


@pytest.mark.parametrize(
    "fields",
    [
        {"follow_up": "9999-12-31"},
        {"birthday": "9999-12-31"},
        {"milestones": "{end: 9999-12-31}"},
        {"last_contact": "9999-12-31", "cadence": "1y"},
        {"last_contact": "9999-06-30", "cadence": "100y"},
        {"birthday": "0001-01-01", "last_contact": "0001-01-01", "cadence": "1d"},
    ],
    ids=["snooze forever", "birthday", "milestone", "future contact", "contact near the end", "year one"],
)
@pytest.mark.parametrize("today", ["2026-11-21", "9999-12-31", "0001-01-01"])
def test_dates_at_the_ends_of_the_calendar_never_crash(vault: Make, fields: dict[str, str], today: str) -> None:
    root = vault({"People/Ann.md": person(**fields, family="{Mira: 9999-12-31}")})
    every_reading_command(root, "--today", today)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("horizon_days", "99999999999"),
        ("horizon_days", "²"),
        ("horizon_days", "٣"),
        ("milestone_days", "99999999"),
        ("max_intros", "1e9"),
        ("horizon_days", "-1"),
    ],
)
def test_a_setting_out_of_range_names_the_key(vault: Make, setting: str, value: str) -> None:
    root = vault({"People/Ann.md": person(), "vaultkit.yaml": f"{setting}: {value}\n"})
    result = run("build", root, "--today", TODAY)
    assert result.exit_code == 2
    assert f"Config value '{setting}': expected a whole number from 0 to" in result.output


# 7 is in test_watch.py (a folder moved out of the vault, with a real observer).

# 8. An unreadable folder or file is a problem naming it


def run_unprivileged(root: Path, cache: Path, *args: str) -> tuple[int, str]:
    """The CLI in a forked child that drops root's right to read everything (CI runs as root): the
    exit code and the output. Forked, not started anew: the interpreter may live where nobody can read."""
    import jinja2.sandbox  # noqa: F401  (the child may not be able to import it)

    for folder in (root.parent, root, cache):
        folder.chmod(0o777 if folder == cache else 0o755)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover
        try:
            os.environ["VAULTKIT_CACHE_DIR"] = str(cache)
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)  # nobody
            result = run(*args)
            os.write(write_end, f"{result.exit_code}\n{result.output}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as out:
        data = out.read().decode()
    os.waitpid(child, 0)
    code, _, output = data.partition("\n")
    return int(code), output


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder anyone may enter (pytest's own temporary folders are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="vaultkit-test-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_an_unreadable_folder_and_file_are_problems(open_folder: Path) -> None:
    root = write_notes(
        open_folder / "vault",
        {
            "People/Ann.md": person(cadence="1w"),
            "People/Private/Bo.md": person(cadence="1w"),
            "People/Cy.md": person(cadence="1w"),
        },
    )
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    (root / "People/Private").chmod(0o000)
    (root / "People/Cy.md").chmod(0o000)
    (open_folder / "cache").mkdir()
    code, output = run_unprivileged(root, open_folder / "cache", "check", str(root))
    assert code == 1, output
    assert "People/Private/: folder cannot be read (Permission denied)" in output
    assert "People/Cy.md: cannot be read (Permission denied)" in output


# 10. Strange text: line endings, digits, Unicode, fences, names


def test_front_matter_of_a_note_with_cr_line_endings_is_read(vault: Make) -> None:
    root = vault({"People/Ann.md": b"---\rcadence: 1w\r---\r## Log\r- 2026-11-01 coffee\r"})
    result = run("due", root, "--today", TODAY, "--json")
    assert '"due": "2026-11-08"' in result.output
    assert run("log", "Ann", "Lunch", "--date", "2026-11-20", "--vault", root).exit_code == 0
    assert (root / "People/Ann.md").read_bytes().endswith(b"- 2026-11-01 coffee\r- 2026-11-20 Lunch\r")


@pytest.mark.parametrize("written", ["٢٠٢٦-١١-٠١", "２０２６-１１-０１", "2026-11-0١"])
def test_digits_of_other_scripts_are_not_a_date(vault: Make, written: str) -> None:
    root = vault({"People/Ann.md": person(last_contact=written) + f"## Log\n- {written} coffee\n"})
    result = run("check", root)
    assert result.exit_code == 1
    assert "`last_contact`" in result.output and "write it as `YYYY-MM-DD`" in result.output


def test_composed_and_decomposed_spellings_are_one_person(vault: Make) -> None:
    composed = unicodedata.normalize("NFC", "José Núñez")
    decomposed = unicodedata.normalize("NFD", "José Núñez")
    root = vault(
        {
            f"People/{composed}.md": person(cadence="1w"),
            f"Work/{decomposed}.md": person(type="person"),
            "2026-11-20.md": f"Lunch with [[{decomposed}]]\n",
        }
    )
    check = run("check", root, "--today", TODAY)
    assert "another person note is also named" in check.output
    due = run("due", root, "--today", TODAY, "--json")
    assert '"last_contact": "2026-11-20"' in due.output
    assert run("log", decomposed, "coffee", "--vault", root).exit_code == 0


def test_a_backtick_line_inside_a_tilde_fence_does_not_end_it(vault: Make) -> None:
    body = "## Notes\n~~~\n```\n## Log\n~~~\n\n## Log\n- 2026-11-01 coffee\n\n## Later\nstuff\n"
    root = vault({"People/Ann.md": person() + body})
    assert run("log", "Ann", "Lunch", "--date", "2026-11-20", "--vault", root).exit_code == 0
    text = (root / "People/Ann.md").read_text()
    assert text == person() + body.replace("coffee\n", "coffee\n- 2026-11-20 Lunch\n")


@pytest.mark.parametrize("name", ["A\u2028B", "A\u2029B", "A\x85B", "A\u202eB", "A\x7fB", "A\tB"])
def test_new_refuses_names_with_separators_and_controls(vault: Make, name: str) -> None:
    root = vault({"People/Ann.md": person()})
    result = run("new", name, "--vault", root)
    assert result.exit_code == 2
    assert "control characters or line separators" in result.output
    assert sorted(path.name for path in (root / "People").iterdir()) == ["Ann.md"]


# 11. Messages say what happened


def test_log_into_a_note_that_is_not_utf8_says_so(vault: Make) -> None:
    root = vault({"People/Ann.md": b"---\ncadence: 1w\n---\nCaf\xe9\n"})
    result = run("log", "Ann", "hello", "--vault", root)
    assert result.exit_code == 2
    assert "People/Ann.md:4: not valid UTF-8 (byte 0xe9)" in result.output
    assert "no person named" not in result.output


def test_the_summary_counts_notes_changed_not_boxes_ticked(vault: Make) -> None:
    root = vault(
        {"People/Ann.md": person(cadence="1w", interests="[rust]"), "People/Bo.md": person(interests="[rust]")}
    )
    run("build", root, "--today", TODAY)
    dashboard = root / "Dashboard.md"
    dashboard.write_text(dashboard.read_text().replace("- [ ]", "- [x]"))
    result = run("build", root, "--today", TODAY)
    assert "recorded ticked boxes in 2 notes" in result.output


# More of what an attacker could hand over


@pytest.mark.parametrize(
    "front_matter",
    [
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "x: !!python/object/apply:os.system ['touch /tmp/vaultkit-pwned']\n",
        "tie: strong\ntie: loose\n",
        "- a list\n",
        "cadence: " + "9" * 5000 + "d\n",
        "knows: " + "[" * 500 + "]" * 500 + "\n",
    ],
    ids=["alias bomb", "python tag", "duplicate key", "a list", "a long number", "deep nesting"],
)
def test_hostile_front_matter_is_a_problem(vault: Make, front_matter: str) -> None:
    root = vault({"People/Ann.md": f"---\n{front_matter}---\n", "People/Bo.md": person(cadence="1w")})
    outputs = every_reading_command(root, "--today", TODAY)
    assert "People/Ann.md" in outputs["check"]
    assert not Path("/tmp/vaultkit-pwned").exists()


def test_link_loops_fifos_and_devices_do_not_hang(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    (root / "People/loop").symlink_to(root / "People")
    (root / "People/a.md").symlink_to(root / "People/b.md")
    (root / "People/b.md").symlink_to(root / "People/a.md")
    (root / "People/Zero.md").symlink_to("/dev/zero")
    os.mkfifo(root / "People/Pipe.md")
    outputs = every_reading_command(root, "--today", TODAY)
    assert "1 person" in outputs["build"]


def test_names_and_values_cannot_inject_structure_into_the_dashboard(vault: Make) -> None:
    root = vault(
        {
            "People/Ann\n## Injected.md": person(cadence="1w"),
            "People/Bo]] [[Evil.md": person(cadence="1w", interests="['[[x]] | cell', '- item']"),
            "People/Cy.md": person(cadence="1w", interests="['[[x]] | cell', '- item']", aliases="['<script>']"),
        }
    )
    assert run("build", root, "--today", TODAY).exit_code == 0
    text = (root / "Dashboard.md").read_text()
    assert "\n## Injected" not in text
    assert "[[Bo]]" not in text and "[[Evil" not in text
    assert "both into \\[\\[x\\]\\] \\| cell, - item" in text


def test_a_note_of_one_huge_line_is_read(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + "x" * 20_000_000 + "\n"})
    outputs = every_reading_command(root, "--today", TODAY)
    assert "[[Ann]]" not in outputs["due"] and "Ann" in outputs["due"]


def test_binary_files_are_problems_not_crashes(vault: Make) -> None:
    root = vault({"People/Ann.md": b"\x00\x01\x02\xff" * 1000, "People/Bo.md": person(cadence="1w")})
    shutil.copy(Path("/bin/true"), root / "People/True.md")
    outputs = every_reading_command(root, "--today", TODAY)
    assert "People/Ann.md:1: not valid UTF-8" in outputs["check"]


@pytest.mark.parametrize("store", [[], ["--no-cache"]], ids=["with the store", "without"])
def test_a_file_or_folder_name_that_is_not_utf8_is_a_problem_not_a_crash(
    vault: Make, store: list[str], tmp_path: Path
) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    (root / os.fsdecode(b"People/Bad \xff name.md")).write_text(person(cadence="1w"))
    (root / os.fsdecode(b"Old \xfe notes")).mkdir()
    (root / os.fsdecode(b"Old \xfe notes/Ben.md")).write_text(person(cadence="1w"))
    for _ in range(2):  # the second from the store
        result = run("build", root, "--today", TODAY, *store)
        assert result.exit_code == 0, result.output
        dashboard = (root / "Dashboard.md").read_text(encoding="utf-8")
        assert "[[Ann]]" in dashboard and "Bad" not in dashboard.split("## Problems")[0]
        assert "People/Bad \\xff name.md" in dashboard and "is not UTF-8" in dashboard
        assert "Old \\xfe notes/" in dashboard
    assert run("check", root, *store).exit_code == 1
