"""A command asks a running `watch` instead of listing the vault (SPEC §7, files/sync.py): a real
watcher on real files, a cookie it must answer, and the answers equal to those of `--no-cache`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import person, run, wait_for
from test_watch import Running, watching

from vaultkit.files import lock, sync
from vaultkit.read.paths import TEMP_SUFFIX
from vaultkit.store import current

__all__ = ["watching"]  # the fixture, from test_watch

TODAY = ("--today", "2026-11-21")  # the watcher's day in test_watch.Running


def people(count: int) -> dict[str, str]:
    return {f"People/P{i:02}.md": person(cadence="1w", interests="[x, y]") for i in range(count)}


def cookies(root: Path) -> list[str]:
    return [path.name for path in root.iterdir() if path.name.startswith(sync.COOKIE_PREFIX)]


@pytest.fixture
def no_listing(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """Every listing a command makes of the vault, recorded (a command that asked the watcher makes none)."""
    listed: list[Path] = []
    listing = current.listing

    def recorded(root: Path, config: object) -> current.Listing:
        listed.append(root)
        return listing(root, config)  # type: ignore[arg-type]

    monkeypatch.setattr(current, "listing", recorded)
    yield listed


def synced_watcher(watching: Callable[..., Running], notes: dict[str, str | bytes], poll: bool = False) -> Running:
    running = watching(notes, poll=poll)
    if not poll:
        wait_for(lambda: lock.watcher_syncs(running.root), what="the watcher to say it answers")
    return running


@pytest.mark.parametrize("command", [["due", "--json"], ["milestones"], ["intros", "--json"], ["check"], ["today"]])
def test_with_watch_running_a_command_lists_nothing_and_answers_as_without_the_index(
    watching: Callable[..., Running], no_listing: list[Path], command: list[str]
) -> None:
    w = synced_watcher(watching, {**people(6), "People/Bad.md": "---\ncadence: [\n---\n"})
    asked = run(*command, "--vault", w.root, *TODAY)
    assert no_listing == []
    plain = run(*command, "--vault", w.root, *TODAY, "--no-cache")
    assert (asked.exit_code, asked.output) == (plain.exit_code, plain.output)
    assert cookies(w.root) == []


def test_a_note_saved_just_before_a_command_is_in_its_answer(
    watching: Callable[..., Running], no_listing: list[Path]
) -> None:
    """The watcher waits for a quiet moment before it rebuilds; a command's cookie makes it apply
    what it heard at once, and answer only then, so no answer misses a save made before it."""
    w = synced_watcher(watching, people(4))
    for day in range(1, 6):
        note = w.root / f"People/P{day % 4:02}.md"
        note.write_text(person(cadence="1w", interests="[x, y]") + f"\n## Log\n- 2026-11-{10 + day:02} Coffee\n")
        answer = run("due", "--json", "--vault", w.root, *TODAY)
        assert f'"last_contact":"2026-11-{10 + day:02}"' in answer.output.replace(" ", "")
    assert no_listing == []


def test_log_after_log_asks_the_watcher_and_never_while_holding_the_write_lock(
    watching: Callable[..., Running], no_listing: list[Path]
) -> None:
    """A command holding the write lock would keep the watcher from applying what it heard (its
    rebuild takes that lock): it lists instead. `log` finds its people first, then takes the lock."""
    w = synced_watcher(watching, people(3))
    with lock.writing(w.root):
        assert not sync.synced(w.root)
    assert cookies(w.root) == []
    for text in ("Coffee", "Tea", "Lunch"):
        assert run("log", "P01", text, "--vault", w.root, *TODAY).exit_code == 0
    assert no_listing == []
    assert (w.root / "People/P01.md").read_text().count("2026-11-21") == 3


def test_a_polling_watcher_is_not_asked(watching: Callable[..., Running], no_listing: list[Path]) -> None:
    """A polling observer sees a folder's changes in no order: a cookie would prove nothing."""
    w = synced_watcher(watching, people(2), poll=True)
    assert not lock.watcher_syncs(w.root)
    assert run("due", "--vault", w.root, *TODAY).exit_code == 0
    assert no_listing == [w.root]


def test_without_a_watcher_no_cookie_is_written(vault: Callable[[dict[str, str | bytes]], Path]) -> None:
    root = vault(people(2))
    assert run("build", root, *TODAY).exit_code == 0
    assert not lock.watcher_syncs(root)
    assert not sync.synced(root)
    assert run("due", "--vault", root, *TODAY).exit_code == 0
    assert cookies(root) == []


def test_a_cookie_nobody_answers_is_given_up_and_removed(vault: Callable[[dict[str, str | bytes]], Path]) -> None:
    """A watcher's lock that says it answers, with no watcher reading events (stuck in a long build):
    the command waits a moment, removes its cookie and lists the vault itself."""
    root = vault(people(1))
    with lock.watching(root) as held:
        lock.say(held, lock.SYNCS)
        assert lock.watcher_syncs(root)
        assert not sync.synced(root, wait=0.05)
    assert not lock.watcher_syncs(root)  # the lock let go: nobody to ask
    assert cookies(root) == []


def test_a_cookie_is_no_note_and_a_leftover_one_is_removed_by_a_build(
    vault: Callable[[dict[str, str | bytes]], Path],
) -> None:
    root = vault(people(1))
    left = root / sync.cookie_name()  # a command killed while it waited
    left.write_bytes(b"")
    assert sync.is_cookie(left.name)
    assert run("build", root, *TODAY).exit_code == 0
    assert not left.exists()


def test_a_cookie_named_link_a_vault_brings_is_removed_and_never_followed(
    watching: Callable[..., Running], tmp_path: Path
) -> None:
    """A hostile vault (a `git pull`) may bring a file named like a cookie: the watcher deletes what is
    at the vault's top under that name, a link itself and never what it points to outside the vault."""
    w = synced_watcher(watching, people(1))
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    link = w.root / f"{sync.COOKIE_PREFIX}99999-0{TEMP_SUFFIX}"
    link.symlink_to(outside)
    wait_for(lambda: not os.path.lexists(link), what="the watcher to answer the cookie")
    assert outside.read_text() == "keep me"
    nested = w.root / "People" / f"{sync.COOKIE_PREFIX}99999-1{TEMP_SUFFIX}"  # not at the top: not a cookie
    nested.write_text("")
    assert run("due", "--vault", w.root, *TODAY).exit_code == 0
    assert nested.exists()
