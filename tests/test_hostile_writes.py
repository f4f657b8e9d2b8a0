"""Hostile vaults and unlucky moments, part 1: what vaultkit writes (SPEC §1, §5; issue 12, items 1-4, 9).

Each test is a case an attacker who hands the user a vault, or a badly timed save, could open: an
edit saved while vaultkit writes, a dashboard path that holds a note or leads out of the vault, links
that lead out, templates that never end, a write killed halfway.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from conftest import person, run, wait_for

from vaultkit.dashboard import render
from vaultkit.dashboard.file import MARKER
from vaultkit.errors import VaultError
from vaultkit.files import write
from vaultkit.files.edit import EditError, LogLine, insert_log_line
from vaultkit.read.paths import TEMP_SUFFIX
from vaultkit.userdirs import vault_key
from vaultkit.vault import Vault

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"
DAY = date(2026, 11, 20)
LOG = "## Log\n- 2026-11-01 coffee\n"


def during_fsync(monkeypatch: pytest.MonkeyPatch, action: Callable[[], None], times: int = 1) -> list[int]:
    """Run `action` while vaultkit flushes its temporary file (after the write, before the rename):
    the moment an editor's save used to be lost in. Returns the list of calls, to count them."""
    real_fsync, pid = os.fsync, os.getpid()
    calls: list[int] = []

    def slow_fsync(handle: int) -> None:
        real_fsync(handle)
        if os.getpid() != pid:
            return  # the forked cache writer's own files: not the write under test
        calls.append(handle)
        if len(calls) <= times:
            action()

    monkeypatch.setattr(os, "fsync", slow_fsync)
    return calls


# 1. No write loses an edit saved before it


@pytest.mark.parametrize("swap", [True, False], ids=["with the atomic swap", "where files cannot be swapped"])
def test_a_line_the_user_saves_while_log_writes_is_kept(
    vault: Make, monkeypatch: pytest.MonkeyPatch, swap: bool
) -> None:
    """With the atomic swap, or without it (SPEC §5's fallback, forced here: the target is read again
    right before the rename), a save made after the change was computed is not lost."""
    if not swap:
        monkeypatch.setattr(write, "exchange", lambda one, other: False)
        monkeypatch.setattr(write, "rename_new", lambda old, new: False)
    root = vault({"People/Ann.md": person(cadence="1w") + LOG})
    note = root / "People/Ann.md"
    during_fsync(monkeypatch, lambda: note.write_text(note.read_text() + "- 2026-11-02 typed by the user\n"))
    result = run("log", "Ann", "Lunch", "--date", "2026-11-20", "--vault", root)
    assert result.exit_code == 0, result.output
    assert note.read_text().endswith("- 2026-11-01 coffee\n- 2026-11-02 typed by the user\n- 2026-11-20 Lunch\n")


def test_a_box_ticked_while_the_dashboard_is_written_is_recorded_not_reverted(
    vault: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + LOG, "People/Bo.md": person(cadence="1w")})
    run("build", root, "--today", TODAY)
    dashboard = root / "Dashboard.md"
    (root / "People/Bo.md").write_text(person(cadence="2w"))  # so the next build writes the dashboard

    def tick_ann() -> None:
        dashboard.write_text(dashboard.read_text().replace("- [ ] [[Ann]]", "- [x] [[Ann]]"))

    during_fsync(monkeypatch, tick_ann)
    result = run("build", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "recorded ticked boxes in 1 note" in result.output
    assert (root / "People/Ann.md").read_text().endswith("- 2026-11-21 In touch (ticked on the dashboard)\n")
    assert "- [ ] [[Ann]] — due 2026-11-28" in dashboard.read_text()


def test_a_note_that_never_stops_changing_is_an_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = tmp_path / "Ann.md"
    note.write_text(LOG)
    during_fsync(monkeypatch, lambda: note.write_text(note.read_text() + "- 2026-11-02 again\n"), times=99)
    with pytest.raises(EditError, match=r"Ann\.md: the note kept changing"):
        insert_log_line(note, LogLine(DAY, "never"))
    assert "never" not in note.read_text()
    assert note.read_text().count("again") == 5
    assert not list(tmp_path.glob(f"*{TEMP_SUFFIX}"))


# 2. The dashboard never replaces a file vaultkit did not write


@pytest.mark.parametrize(
    ("dashboard", "notes"),
    [
        ("People/Asha Rao.md", {"People/Asha Rao.md": person(cadence="1w") + LOG}),
        ("Daily/2026-11-20.md", {"Daily/2026-11-20.md": "Met [[Asha Rao]]\n"}),
        ("Dashboard.md", {"Dashboard.md": "# My own dashboard\n\nHand-written, precious.\n"}),
        ("Clippings/Rust.md", {"Clippings/Rust.md": "---\ntype: clipping\n---\nAn article\n"}),
        ("Dashboard.md", {"Dashboard.md": f"# How vaultkit marks its dashboard\n{MARKER}\n"}),
        ("Dashboard.md", {"Dashboard.md": f"\n{MARKER}\n## Due follow-ups\n"}),
    ],
    ids=["a person", "a daily note", "a note of the same name", "a clipping", "quoting the marker", "marker second"],
)
def test_the_dashboard_never_replaces_a_note(vault: Make, dashboard: str, notes: dict[str, str]) -> None:
    root = vault({**notes, "vaultkit.yaml": f"dashboard: {dashboard}\n", "People/Bo.md": person(cadence="1w")})
    before = (root / dashboard).read_bytes()
    for command in ("build", "watch"):
        result = run(command, root, "--today", TODAY)
        assert result.exit_code == 2, result.output
        assert f"{dashboard}: this note was not written by vaultkit" in result.output
    assert (root / dashboard).read_bytes() == before


def test_dashboards_of_earlier_versions_and_empty_notes_are_replaced(vault: Make) -> None:
    earlier = "# Dashboard\n\nWritten by vaultkit for 2026-11-01; edits here are replaced at the next build.\n"
    for old in (earlier, "", "\n"):
        root = vault({"People/Ann.md": person(cadence="1w"), "Dashboard.md": old})
        result = run("build", root, "--today", TODAY)
        assert result.exit_code == 0, result.output
        assert (root / "Dashboard.md").read_text().startswith(MARKER + "\n# Dashboard\n")


def test_a_dashboard_from_a_vault_template_is_known_by_its_first_line(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(cadence="1w"),
            ".vaultkit/templates/dashboard.md.j2": "{% for d in due %}- [ ] {{ d.name | link }}\n{% endfor %}",
        }
    )
    assert run("build", root, "--today", TODAY).exit_code == 0
    (root / "People/Ann.md").write_text(person(cadence="2w"))
    assert run("build", root, "--today", "2026-11-22").exit_code == 0
    assert (root / "Dashboard.md").read_text() == f"{MARKER}\n- [ ] [[Ann]]\n"


def test_a_note_saved_at_the_dashboard_path_while_watching_is_not_replaced(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    loaded = Vault(root)
    loaded.load_all()
    loaded.build(date(2026, 11, 21))
    (root / "Dashboard.md").write_text("# Mine now\n")
    with pytest.raises(VaultError, match="not written by vaultkit"):
        loaded.build(date(2026, 11, 21))
    assert (root / "Dashboard.md").read_text() == "# Mine now\n"


# 3. Nothing outside the vault is read or written, links included


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the vault, with a private file in it."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "README.md").write_text("private readme\n")
    (folder / "secret.md").write_text("---\ntype: person\ncadence: 1w\n---\nSECRET-TOKEN\n")
    (folder / "leak.txt").write_text("SECRET-TOKEN\n")
    return folder


def test_a_dashboard_through_a_linked_folder_outside_is_a_config_error(vault: Make, outside: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), "vaultkit.yaml": "dashboard: Out/README.md\n"})
    (root / "Out").symlink_to(outside)
    result = run("build", root, "--today", TODAY)
    assert result.exit_code == 2
    assert "'dashboard': Out/README.md leads outside the vault" in result.output
    assert (outside / "README.md").read_text() == "private readme\n"


def test_a_dashboard_that_links_outside_is_neither_read_nor_replaced(vault: Make, outside: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + LOG})
    ticked = f"{MARKER}\n## Due follow-ups\n- [x] [[Ann]]\n"
    (outside / "dash.md").write_text(ticked)
    (root / "Dashboard.md").symlink_to(outside / "dash.md")
    result = run("build", root, "--today", TODAY)
    assert result.exit_code == 2
    assert (root / "Dashboard.md").is_symlink()
    assert (outside / "dash.md").read_text() == ticked
    assert "In touch" not in (root / "People/Ann.md").read_text()


def test_a_dashboard_linked_inside_the_vault_is_written_through_the_link(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), "Meta/Dash.md": ""})
    (root / "Dashboard.md").symlink_to(root / "Meta/Dash.md")
    assert run("build", root, "--today", TODAY).exit_code == 0
    assert (root / "Dashboard.md").is_symlink()
    assert "[[Ann]]" in (root / "Meta/Dash.md").read_text()


@pytest.mark.parametrize("linked", ["the include", "the template", "the templates folder"])
def test_a_template_never_copies_a_file_outside_into_the_dashboard(vault: Make, outside: Path, linked: str) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    folder = root / ".vaultkit/templates"
    if linked == "the templates folder":
        (outside / "templates").mkdir()
        (outside / "templates/dashboard.md.j2").write_text("{% include 'leak.txt' %}")
        (outside / "templates/leak.txt").write_text("SECRET-TOKEN\n")
        folder.parent.mkdir()
        folder.symlink_to(outside / "templates")
    else:
        folder.mkdir(parents=True)
        (outside / "dashboard.md.j2").write_text("SECRET-TOKEN {{ today }}\n")
        if linked == "the template":
            (folder / "dashboard.md.j2").symlink_to(outside / "dashboard.md.j2")
        else:
            (folder / "dashboard.md.j2").write_text("{% include 'leak.txt' %}")
            (folder / "leak.txt").symlink_to(outside / "leak.txt")
    result = run("build", root, "--today", TODAY)
    assert result.exit_code == 0, result.output
    text = (root / "Dashboard.md").read_text()
    assert "SECRET-TOKEN" not in text
    assert "outside the vault" in text and "[[Ann]]" in text  # a problem, and the packaged template


def test_log_through_a_linked_note_writes_its_target_and_keeps_the_link(vault: Make) -> None:
    root = vault({"Archive/Ann.md": person(cadence="1w") + LOG})
    (root / "People").mkdir()
    (root / "People/Ann.md").symlink_to(root / "Archive/Ann.md")
    result = run("log", "Ann", "Lunch", "--date", "2026-11-20", "--vault", root)
    assert result.exit_code == 0, result.output
    assert (root / "People/Ann.md").is_symlink()
    assert (root / "Archive/Ann.md").read_text().endswith("- 2026-11-20 Lunch\n")


def test_a_note_that_links_outside_is_never_read_nor_written(vault: Make, outside: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    (root / "People/Leak.md").symlink_to(outside / "secret.md")
    result = run("log", "Leak", "hello", "--vault", root)
    assert result.exit_code == 2
    assert "no person named 'Leak'" in result.output
    with pytest.raises(EditError, match="outside the vault"):
        insert_log_line(root / "People/Leak.md", LogLine(DAY, "hello"), root=root)
    assert "hello" not in (outside / "secret.md").read_text()
    run("build", root, "--today", TODAY)
    assert "Leak" not in (root / "Dashboard.md").read_text()


def test_a_config_that_links_outside_is_not_read(vault: Make, outside: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    (outside / "vaultkit.yaml").write_text("dashboard: Out.md\n")
    (root / "vaultkit.yaml").symlink_to(outside / "vaultkit.yaml")
    result = run("build", root, "--today", TODAY)
    assert result.exit_code == 2
    assert "vaultkit.yaml: is a link to a file outside the vault" in result.output


def test_init_leaves_a_gitattributes_that_links_outside_alone(vault: Make, outside: Path) -> None:
    root = vault({"People/Ann.md": person()})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (outside / "attributes").write_text("* text=auto\n")
    (root / ".gitattributes").symlink_to(outside / "attributes")
    result = run("init", root)
    assert result.exit_code == 0, result.output
    assert "left it alone" in result.output
    assert (outside / "attributes").read_text() == "* text=auto\n"


def test_export_to_a_link_the_user_names_writes_its_target(vault: Make, outside: Path) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    (outside / "cal.ics").write_text("")
    link = root.parent / "cal-link.ics"
    link.symlink_to(outside / "cal.ics")
    assert run("export", "ics", "-o", link, "--vault", root, "--today", TODAY).exit_code == 0
    assert link.is_symlink()
    assert "BEGIN:VCALENDAR" in (outside / "cal.ics").read_text()


# 4. A template is limited in time and output, and its failures say why


@pytest.fixture
def quick_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SPEC's limit is 5 s; the tests use 1 s so that they stay quick (the constant is pinned below)."""
    monkeypatch.setattr(render, "TIME_LIMIT", 1.0)


def test_the_template_limits_are_the_specs() -> None:
    assert (render.TIME_LIMIT, render.MAX_OUTPUT) == (5.0, 1_000_000)


@pytest.mark.usefixtures("quick_limit")
@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "ran longer than 1"),
        ("{{ 9**(9**9) }}", "ran longer than 1"),
        ("{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}", "wrote more than 1 MB"),
        ("{{ 'x' * 3000000000 }}", "ran out of memory"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "recursed too deeply"),
        ("{{ ''.__class__.__mro__ }}", "SecurityError: access to attribute"),
        ("{% for %}", "TemplateSyntaxError"),
    ],
    ids=["nested loops", "a huge power", "huge output", "a memory bomb", "recursion", "escape", "syntax"],
)
def test_a_hostile_template_is_a_problem_and_the_packaged_one_is_used(vault: Make, template: str, reason: str) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), ".vaultkit/templates/dashboard.md.j2": template})
    started = time.monotonic()
    result = run("build", root, "--today", TODAY)
    assert time.monotonic() - started < 30  # a bound that only a hang breaks, not a timing
    assert result.exit_code == 0, result.output
    text = (root / "Dashboard.md").read_text()
    assert "[[Ann]]" in text
    problem = next(line for line in text.splitlines() if "dashboard.md.j2" in line)
    assert reason in problem and "template failed: ;" not in problem
    assert "fix the template or delete it" in problem


def test_a_hanging_template_holds_the_write_lock_no_longer_than_its_limit(vault: Make) -> None:
    """A build in another process holds the write lock while its template hangs; `log` waits for it
    (up to 10 s) and gets it once the template is stopped at 5 s."""
    root = vault(
        {
            "People/Ann.md": person(cadence="1w") + LOG,
            ".vaultkit/templates/dashboard.md.j2": "{% for i in range(100000) %}{% for j in range(100000) %}"
            "{% endfor %}{% endfor %}",
        }
    )
    builder = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "build", str(root), "--today", TODAY, "--no-cache"],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    lock_file = Path(os.environ["VAULTKIT_CACHE_DIR"]) / "locks" / f"{vault_key(root)}.write.lock"
    try:
        wait_for(lambda: lock_file.exists() and lock_file.read_text() == str(builder.pid), "the build's lock")
        result = run("log", "Ann", "Lunch", "--vault", root)
    finally:
        builder.wait(timeout=60)
    assert result.exit_code == 0, result.output
    assert "Lunch" in (root / "People/Ann.md").read_text()


@pytest.mark.usefixtures("quick_limit")
def test_a_person_template_that_hangs_fails_new_with_a_message(vault: Make) -> None:
    root = vault(
        {"People/Ann.md": person(), ".vaultkit/templates/person.md.j2": "{{ 9**(9**9) }}"},
    )
    result = run("new", "Bo", "--vault", root)
    assert result.exit_code == 2
    assert "person.md.j2: template failed: ran longer than 1 seconds" in result.output
    assert not (root / "People/Bo.md").exists()


# 9. A write killed halfway leaves no visible copy, and the next build removes it


def test_a_write_killed_halfway_leaves_a_hidden_temp_file_the_next_build_removes(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w") + LOG})
    before = (root / "People/Ann.md").read_bytes()
    script = (
        "import os, sys, time\n"
        "real = os.fsync\n"
        "def stall(fd):\n"
        "    real(fd)\n"
        "    print('flushed', flush=True)\n"
        "    time.sleep(60)\n"
        "os.fsync = stall\n"
        "from vaultkit.cli.group import cli\n"
        "cli(['log', 'Ann', 'Lunch', '--vault', sys.argv[1]])\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(root)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "flushed"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    leftovers = [path.name for path in (root / "People").iterdir() if path.name != "Ann.md"]
    assert leftovers == [f".Ann.md{TEMP_SUFFIX}"]
    assert (root / "People/Ann.md").read_bytes() == before
    assert run("build", root, "--today", TODAY).exit_code == 0
    assert sorted(path.name for path in (root / "People").iterdir()) == ["Ann.md"]


def test_git_does_not_commit_a_leftover_after_init(vault: Make) -> None:
    root = vault({"People/Ann.md": person()})
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    assert run("init", root).exit_code == 0
    (root / "People" / f".Ann.md{TEMP_SUFFIX}").write_text("half a note")
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    staged = subprocess.run(["git", "-C", str(root), "diff", "--cached", "--name-only"], capture_output=True, text=True)
    assert TEMP_SUFFIX not in staged.stdout
    assert "People/Ann.md" in staged.stdout


def test_the_merge_driver_never_writes_through_a_link_in_the_repository(tmp_path: Path, outside: Path) -> None:
    """A repository may hold a link named like the driver's scratch files; the driver's own files are
    never in the vault, so the file the link points to is left alone."""
    from vaultkit.files.gitmerge import merge_note

    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("ours", "base", "theirs"):
        (repo / f".vaultkit-merge-{name}{TEMP_SUFFIX}").symlink_to(outside / "README.md")
    base, ours, theirs = (repo / f".merge_file_{n}" for n in ("base", "ours", "theirs"))
    base.write_text("## Log\n- 2026-11-01 coffee\n")
    ours.write_text("## Log\n- 2026-11-01 coffee\n- 2026-11-02 tea\n")
    theirs.write_text("## Log\n- 2026-11-01 coffee\n- 2026-11-03 lunch\n")
    assert merge_note(base, ours, theirs) == 0  # clean
    assert ours.read_text() == "## Log\n- 2026-11-01 coffee\n- 2026-11-02 tea\n- 2026-11-03 lunch\n"
    assert (outside / "README.md").read_text() == "private readme\n"
