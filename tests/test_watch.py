"""`vaultkit watch` with a real observer on real files: editors' saves, git, failures, signals."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path

import pytest
from conftest import person, wait_for, write_notes

from vaultkit.build import build
from vaultkit.read.model import Problem
from vaultkit.result import BuildResult
from vaultkit.store.database import Store
from vaultkit.vault import Vault
from vaultkit.watch import VaultGone, Watcher

TIMEOUT = 10.0


class Running:
    """A watcher on its own thread, with the lines it logged."""

    def __init__(self, root: Path, poll: bool = False) -> None:
        self.root = root
        self.lines: list[str] = []
        self.error: BaseException | None = None
        self.watcher = Watcher(root, lambda: date(2026, 11, 21), log=self.lines.append, poll=poll)
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.watcher.run()
        except BaseException as error:
            self.error = error

    @property
    def dashboard(self) -> str:
        try:
            return (self.root / "Dashboard.md").read_text()
        except FileNotFoundError:
            return ""

    def shows(self, text: str) -> Callable[[], bool]:
        return lambda: text in self.dashboard

    def rebuilds(self) -> int:
        return len([line for line in self.lines if "Dashboard.md" in line])

    def logged(self, text: str, rebuilds: int = 1) -> Callable[[], bool]:
        """At least `rebuilds` rebuilds logged, the last saying `text`. A rebuild logs its line just
        after it writes the dashboard: what the dashboard shows can be there before the line is."""
        return lambda: self.rebuilds() >= rebuilds and text in self.lines[-1]


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[Callable[..., Running]]:
    started: list[Running] = []

    def start(notes: dict[str, str | bytes], poll: bool = False) -> Running:
        root = write_notes(tmp_path / "vault", notes)
        running = Running(root, poll)
        running.thread.start()
        wait_for(lambda: running.rebuilds() >= 1 or running.error is not None, what="the initial build")
        started.append(running)
        return running

    yield start
    for running in started:
        running.watcher.stop()
        running.thread.join(timeout=5)
        assert not running.thread.is_alive()


def due_person(name: str) -> str:
    return person(cadence="1w")


def test_atomic_save_sed_rename_delete_and_new_file(watching: Callable[..., Running]) -> None:
    w = watching({"People/Ann.md": person(cadence="1w"), "People/Bob.md": person(cadence="1w")})
    assert "[[Ann]]" in w.dashboard and "[[Bob]]" in w.dashboard
    people = w.root / "People"
    # an editor's atomic save: write a temp file, then rename it over the note
    temp = people / ".Ann.md.tmp1234"
    temp.write_text(person(cadence="1w", last_contact="2026-11-20"))
    os.replace(temp, people / "Ann.md")  # noqa: PTH105 (the exact call editors make)
    wait_for(w.shows("[[Ann]] — due 2026-11-27"), what="the atomic save")
    # sed -i writes a new file and renames it too
    subprocess.run(["sed", "-i", "s/cadence: 1w/cadence: 10d/", str(people / "Bob.md")], check=True)
    wait_for(w.shows("[[Bob]] — due 2026-11-21 · every 10 days"), what="sed -i")
    (people / "Bob.md").rename(people / "Robert.md")
    wait_for(lambda: "[[Robert]]" in w.dashboard and "[[Bob]]" not in w.dashboard, what="the rename")
    (people / "Robert.md").unlink()
    wait_for(lambda: "[[Robert]]" not in w.dashboard, what="the delete")
    (people / "Cy.md").write_text(person(cadence="2w"))
    wait_for(w.shows("[[Cy]]"), what="the new file")
    assert w.error is None


def vim_saves_like_vim(path: Path, text: str) -> None:
    """vim's default save: probe with `4913`, keep a `~` backup, write the file anew, drop the backup."""
    probe = path.parent / "4913"
    probe.write_text("")
    probe.unlink()
    backup = path.parent / (path.name + "~")
    path.rename(backup)
    path.write_text(text)
    backup.unlink()


@pytest.mark.parametrize("editor", ["vim-pattern", "vim"])
def test_vim_saves_are_seen_and_its_leftovers_ignored(watching: Callable[..., Running], editor: str) -> None:
    w = watching({"People/Ann.md": person(cadence="1w")})
    note = w.root / "People/Ann.md"
    if editor == "vim":
        vim = shutil.which("vim")
        if vim is None:
            if os.environ.get("CI"):
                pytest.fail("vim is missing: .ci/run installs it so that CI always runs this test")
            pytest.skip("vim is not installed here (.ci/run installs it, so CI always runs this)")
        # vim writes its own .swp swap file and the 4913 probe while it edits and saves
        script = ["-u", "NONE", "-i", "NONE", "-N", "-es", "-c", "%s/cadence: 1w/cadence: 3d/", "-c", "wq", str(note)]
        subprocess.run([vim, *script], check=True, timeout=20)
    else:
        vim_saves_like_vim(note, person(cadence="3d"))
    wait_for(w.shows("[[Ann]] — due 2026-11-21 · every 3 days"), what=f"{editor}'s save")
    wait_for(w.logged("1 person,", rebuilds=2), what=f"the rebuild after {editor}'s save to be logged")
    before = w.rebuilds()
    for leftover in ("4913", "Ann.md~", ".#Ann.md", "#Ann.md#", "Ann.md.swx", ".Ann.md.swp"):
        (note.parent / leftover).write_text("x")
    (w.root / "notes.txt").write_text("not markdown")
    probe = w.root / "People" / "Probe.md"
    probe.write_text(person(cadence="1w"))  # a real change after the leftovers, to know they were seen
    wait_for(w.shows("[[Probe]]"), what="the probe note")
    wait_for(w.logged("2 people,", rebuilds=before + 1), what="the probe note's rebuild to be logged")
    assert w.rebuilds() == before + 1, w.lines[before:]


def test_git_checkout_switching_500_notes(watching: Callable[..., Running], tmp_path: Path) -> None:
    w = watching({"People/Anchor.md": person(cadence="1w"), "vaultkit.yaml": "max_due: 1001\n"})  # all of them
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", "-C", str(w.root)]
    subprocess.run([*git, "init", "-q", "-b", "one"], check=True)
    (w.root / ".gitignore").write_text("Dashboard.md\n")  # (`vaultkit init` sets up a merge driver instead)
    for i in range(500):
        (w.root / "People" / f"One {i:03d}.md").write_text(person(cadence="1w"))
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    wait_for(w.shows("[[One 499]]"), what="500 new notes")
    subprocess.run([*git, "checkout", "-q", "-b", "two"], check=True)
    subprocess.run([*git, "rm", "-q", "People/One *.md"], check=True)
    for i in range(500):
        (w.root / "People" / f"Two {i:03d}.md").write_text(person(cadence="2w"))
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "two"], check=True)
    wait_for(lambda: "[[Two 499]]" in w.dashboard and "[[One 000]]" not in w.dashboard, what="branch two")
    subprocess.run([*git, "checkout", "-q", "one"], check=True)
    wait_for(lambda: "[[One 499]]" in w.dashboard and "[[Two 000]]" not in w.dashboard, what="back to branch one")
    assert w.watcher.vault.store.notes.keys() == {f"People/One {i:03d}.md" for i in range(500)} | {"People/Anchor.md"}


def test_a_bad_note_shows_as_a_problem_and_the_watcher_goes_on(watching: Callable[..., Running]) -> None:
    w = watching({"People/Ann.md": person(cadence="1w")})
    (w.root / "People/Bad.md").write_text("---\ncadence: [\n---\n")
    wait_for(w.shows("People/Bad.md:"), what="the problem")
    (w.root / "People/Bad.md").write_text(person(cadence="1w"))
    wait_for(lambda: "## Problems" not in w.dashboard and "[[Bad]]" in w.dashboard, what="the fix")
    assert w.error is None


def test_no_rewrite_while_idle(watching: Callable[..., Running]) -> None:
    w = watching({"People/Ann.md": person(cadence="1w")})
    dashboard = w.root / "Dashboard.md"
    stamp = dashboard.stat().st_mtime_ns
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:  # observe for three idle seconds
        assert dashboard.stat().st_mtime_ns == stamp
        time.sleep(0.1)
    assert w.rebuilds() == 1


def test_a_ticked_box_is_recorded_and_does_not_loop(watching: Callable[..., Running]) -> None:
    w = watching({"People/Ann.md": person(cadence="1w")})
    dashboard = w.root / "Dashboard.md"
    dashboard.write_text(dashboard.read_text().replace("- [ ] [[Ann]]", "- [x] [[Ann]]"))
    wait_for(lambda: "ticked on the dashboard" in (w.root / "People/Ann.md").read_text(), what="the tick")
    wait_for(w.shows("- [ ] [[Ann]] — due 2026-11-28"), what="the new dashboard")
    wait_for(w.logged("recorded ticked boxes"), what="the rebuild that recorded the tick to be logged")
    settled = w.rebuilds()
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        assert w.rebuilds() == settled, w.lines
        time.sleep(0.1)


def test_config_change_reloads_and_a_bad_config_keeps_the_last_good(watching: Callable[..., Running]) -> None:
    w = watching({"People/Ann.md": person(cadence="2w", last_contact="2026-11-20")})
    assert "[[Ann]]" not in w.dashboard
    (w.root / "vaultkit.yaml").write_text("horizon_days: 30\n")
    wait_for(w.shows("[[Ann]] — due 2026-12-04"), what="the new horizon")
    (w.root / "vaultkit.yaml").write_text("horizon_days: soon\n")
    wait_for(lambda: any("keeping the last good settings" in line for line in w.lines), what="the config error")
    wait_for(w.shows("Config value 'horizon_days'"), what="the config error under Problems on the dashboard")
    (w.root / "People/Bob.md").write_text(person(cadence="1w"))
    wait_for(w.shows("[[Bob]]"), what="a rebuild under the last good config")
    assert "[[Ann]]" in w.dashboard and "the last good settings are kept" in w.dashboard
    (w.root / "vaultkit.yaml").write_text("horizon_days: 30\n")
    wait_for(lambda: "horizon_days" not in w.dashboard, what="the problem gone once the file is fixed")
    assert "[[Ann]]" in w.dashboard and "[[Bob]]" in w.dashboard


def test_polling_works_too(watching: Callable[..., Running]) -> None:
    w = watching({"People/Ann.md": person(cadence="1w")}, poll=True)
    (w.root / "People/Bob.md").write_text(person(cadence="1w"))
    wait_for(w.shows("[[Bob]]"), what="a polled change")


def test_a_vanished_vault_ends_the_watch_with_an_error(watching: Callable[..., Running]) -> None:
    w = watching({"People/Ann.md": person(cadence="1w")})
    shutil.rmtree(w.root)
    wait_for(lambda: not w.thread.is_alive(), what="the watch to end")
    assert isinstance(w.error, VaultGone)


def test_a_vault_moved_away_and_a_new_folder_at_its_path_gets_no_dashboard(
    watching: Callable[..., Running], tmp_path: Path
) -> None:
    """The watch keeps the vault it started in (SPEC §1): moved away, with another folder made at its
    path, the watcher stops with a message and writes nothing into the new folder."""
    w = watching({"People/Ann.md": person(cadence="1w")})
    moved = tmp_path / "moved"
    w.root.rename(moved)
    (w.root / "People").mkdir(parents=True)
    (w.root / "People/Stranger.md").write_text(person(cadence="1w"))
    (moved / "People/Bob.md").write_text(person(cadence="1w"))  # a change the watcher hears
    wait_for(lambda: not w.thread.is_alive(), what="the watch to end")
    assert isinstance(w.error, VaultGone)
    assert "moved or replaced" in str(w.error)
    assert sorted(p.relative_to(w.root).as_posix() for p in w.root.rglob("*")) == ["People", "People/Stranger.md"]
    assert "[[Bob]]" not in (moved / "Dashboard.md").read_text()  # nor into the old one: it stopped


def test_a_failing_handler_or_build_never_kills_the_loop(
    watching: Callable[..., Running], monkeypatch: pytest.MonkeyPatch
) -> None:
    w = watching({"People/Ann.md": person(cadence="1w")})
    real_build = w.watcher.vault.build
    calls = []

    def flaky(today: date, write: bool = True, extra: Sequence[Problem] = ()) -> object:
        calls.append(today)
        if len(calls) == 1:
            raise RuntimeError("render exploded")
        return real_build(today, write, extra)

    monkeypatch.setattr(w.watcher.vault, "build", flaky)
    before = w.dashboard
    (w.root / "People/Bob.md").write_text(person(cadence="1w"))
    wait_for(lambda: any("render exploded" in line for line in w.lines), what="the logged failure")
    assert w.dashboard == before  # the last good dashboard stays
    (w.root / "People/Cy.md").write_text(person(cadence="1w"))
    wait_for(w.shows("[[Cy]]"), what="the next rebuild")
    assert "[[Bob]]" in w.dashboard


def start_cli_watch(root: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "watch", str(root), "--today", "2026-11-21", *extra],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    assert "initial build" in first, first
    return process


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_signals_end_the_watch_cleanly_within_a_second(tmp_path: Path, stop: signal.Signals) -> None:
    root = write_notes(tmp_path / "vault", {"People/Ann.md": person(cadence="1w")})
    process = start_cli_watch(root)
    process.send_signal(stop)
    try:
        assert process.wait(timeout=1.5) == 0
    finally:
        process.kill()


def test_a_second_watcher_on_the_same_vault_is_refused(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "vault", {"People/Ann.md": person(cadence="1w")})
    first = start_cli_watch(root)
    try:
        second = subprocess.run(
            [sys.executable, "-m", "vaultkit", "watch", str(root)], capture_output=True, text=True, timeout=20
        )
        assert second.returncode == 2
        assert "another vaultkit" in second.stderr and "watch lock" in second.stderr
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(timeout=5)


def test_a_dead_observer_is_restarted_with_a_rescan(watching: Callable[..., Running]) -> None:
    w = watching({"People/Ann.md": person(cadence="1w")})
    dead = w.watcher.observer
    assert dead is not None
    dead.stop()
    dead.join(timeout=5)
    wait_for(lambda: any("restarting it" in line for line in w.lines), what="the restart")
    assert w.watcher.observer is not dead
    (w.root / "People/Bob.md").write_text(person(cadence="1w"))
    wait_for(w.shows("[[Bob]]"), what="a change seen by the new observer")


def test_the_inotify_limit_falls_back_to_polling_with_the_fix(
    watching: Callable[..., Running], monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchdog.observers import Observer

    def full(self: object) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "start", full)
    w = watching({"People/Ann.md": person(cadence="1w")})
    assert any("fs.inotify.max_user_watches" in line and "polling instead" in line for line in w.lines)
    (w.root / "People/Bob.md").write_text(person(cadence="1w"))
    wait_for(w.shows("[[Bob]]"), what="a polled change")


def test_a_folder_moved_out_of_the_vault_takes_its_people_along(
    watching: Callable[..., Running], tmp_path: Path
) -> None:
    """The vault root's own "modified" event, which follows the move, must not cancel the rescan."""
    w = watching({"People/Ann.md": person(cadence="1w"), "Work/Bo.md": person(type="person", cadence="1w")})
    assert "[[Ann]]" in w.dashboard
    (w.root / "People").rename(tmp_path / "elsewhere")
    wait_for(lambda: "[[Ann]]" not in w.dashboard and "[[Bo]]" in w.dashboard, what="the folder moved out")
    assert w.error is None


def test_watch_never_reads_a_note_that_links_out_of_the_vault(watching: Callable[..., Running], tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(person(cadence="1w") + "SECRET\n")
    w = watching({"People/Ann.md": person(cadence="1w")})
    (w.root / "People/Leak.md").symlink_to(secret)
    (w.root / "People/Bo.md").write_text(person(cadence="1w"))  # a later change, to wait on
    wait_for(w.shows("[[Bo]]"), what="the change after the link")
    assert "Leak" not in w.dashboard


def test_a_rebuild_log_line_names_the_notes_it_parsed(watching: Callable[..., Running]) -> None:
    w = watching({f"People/P{i}.md": person(cadence="1w") for i in range(6)})
    (w.root / "People/P1.md").write_text(person(cadence="2w"))
    wait_for(w.logged("People/P1.md parsed", rebuilds=2), what="the line naming one note")
    for i in range(6):
        (w.root / f"People/P{i}.md").write_text(person(cadence="3w"))
    wait_for(w.logged("People/P0.md, People/P1.md, People/P2.md +3 more parsed", rebuilds=3), what="three and more")


def test_a_log_line_saved_takes_the_warm_path_and_writes_what_a_full_build_writes(
    watching: Callable[..., Running], monkeypatch: pytest.MonkeyPatch
) -> None:
    full_builds: list[str] = []  # by the watcher's thread
    full_build = Vault.build

    def counted(self: Vault, today: date, write: bool = True, extra: Sequence[Problem] = ()) -> BuildResult:
        full_builds.append(threading.current_thread().name)
        return full_build(self, today, write, extra)

    monkeypatch.setattr(Vault, "build", counted)
    log = "\n## Log\n- 2026-11-01 Coffee\n"
    w = watching({"People/Ann.md": person(cadence="1w") + log, "People/Bo.md": person(cadence="1w") + log})
    assert full_builds == [w.thread.name]  # the first: every note
    note = w.root / "People/Ann.md"
    note.write_text(note.read_text() + "- 2026-11-20 Lunch\n")
    wait_for(w.logged("People/Ann.md parsed", rebuilds=2), what="the rebuild")
    assert full_builds == [w.thread.name]  # then from the store: Ann's rows replaced, the dashboard rendered from it
    assert "[[Ann]] — due 2026-11-27" in w.dashboard
    assert not build(w.root, date(2026, 11, 21), cache=False).written  # what a full build writes, byte for byte
    (w.root / "People/Cy.md").write_text(person(cadence="1w"))  # a new note: a full build
    wait_for(w.logged("People/Cy.md parsed", rebuilds=3), what="the new note")
    assert full_builds.count(w.thread.name) == 2 and "[[Cy]]" in w.dashboard


def test_a_store_damaged_while_watching_is_written_anew_and_the_dashboard_kept_current(
    watching: Callable[..., Running],
) -> None:
    log = "\n## Log\n- 2026-11-01 Coffee\n"
    w = watching({"People/Ann.md": person(cadence="1w") + log})
    saving = w.watcher.saving
    wait_for(lambda: saving is None or not saving.is_alive(), what="the first build's store")
    with contextlib.closing(sqlite3.connect(Store.path_for(w.root))) as db:
        db.execute("DROP TABLE items")
        db.commit()
    note = w.root / "People/Ann.md"
    for day, due in (
        ("20", "27"),
        ("21", "28"),
    ):  # the first rebuild finds the store damaged, the second uses the new one
        note.write_text(note.read_text() + f"- 2026-11-{day} Lunch\n")
        wait_for(w.shows(f"[[Ann]] — due 2026-11-{due}"), what=f"the log line of the {day}th")
    assert not w.error and not any("failed" in line for line in w.lines)


def test_a_watcher_started_on_a_current_index_does_not_write_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first build is a full one from the index's records; when that finds every note as the
    index kept it and the same build, the index is not written again (seconds at 50,000 people)."""
    from vaultkit import watch as watch_module

    root = write_notes(tmp_path / "vault", {"People/Ann.md": person(cadence="1w"), "People/Bo.md": person()})
    hour_ago = time.time() - 3600  # not too fresh to trust
    for path in root.rglob("*.md"):
        os.utime(path, (hour_ago, hour_ago))
    build(root, date(2026, 11, 21), cache=True)  # the index written, in this process
    writes: list[str] = []
    save_in_thread = watch_module.save_in_thread

    def counted(found: object) -> threading.Thread:
        writes.append("store")
        return save_in_thread(found)  # type: ignore[arg-type]

    monkeypatch.setattr(watch_module, "save_in_thread", counted)
    for edit in (False, True):
        if edit:  # a note changed while no watcher ran: the first build writes the index
            (root / "People/Bo.md").write_text(person(cadence="2w"))
            os.utime(root / "People/Bo.md", (hour_ago, hour_ago + 1))
        running = Running(root)
        running.thread.start()
        wait_for(lambda: running.rebuilds() >= 1 or running.error is not None, what="the initial build")  # noqa: B023
        running.watcher.stop()
        running.thread.join(timeout=5)
        assert writes == (["store"] if edit else [])


def test_ctrl_c_says_the_watch_stopped(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    (root / "People").mkdir()
    (root / "People/Ann.md").write_text(person(cadence="1w"))
    env = {**os.environ, "VAULTKIT_TODAY": "2026-11-21"}
    process = subprocess.Popen(
        [sys.executable, "-m", "vaultkit", "watch", str(root)], stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        wait_for(lambda: (root / "Dashboard.md").exists(), what="the first build")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 0 and f"stopped watching {root}" in err, err


def test_an_edit_through_a_linked_people_folder_stays_the_person_s(tmp_path: Path) -> None:
    """`People` a link to `Contacts/Friends`: the notes are people at People/ (the listing puts them
    there), and the watcher, which hears the edit at the real path, applies it to the same person,
    never to a second note at Contacts/Friends/."""
    root = write_notes(tmp_path / "vault", {"Contacts/Friends/Ann.md": person(cadence="1w"), "Daily/x.md": "x\n"})
    (root / "People").symlink_to(root / "Contacts/Friends", target_is_directory=True)
    running = Running(root)
    running.thread.start()
    try:
        wait_for(running.shows("[[Ann]] — due"), what="the initial build")
        (root / "Contacts/Friends/Ann.md").write_text(person(cadence="1w", last_contact="2026-11-20"))
        wait_for(running.shows("[[Ann]] — due 2026-11-27"), what="the edit at the real path")
        assert running.watcher.vault.stats.keys() == {"People/Ann.md", "Daily/x.md"}
        assert running.dashboard.count("[[Ann]]") == 1 and "problem" not in running.dashboard.lower()
    finally:
        running.watcher.stop()
        running.thread.join(timeout=5)
    assert running.error is None
