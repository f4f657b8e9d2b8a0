"""An edit saved in the instant before the rename is not lost (SPEC §5)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from vaultkit.files import write
from vaultkit.files.edit import LogLine, insert_log_line

Make = Callable[[dict[str, str | bytes]], Path]


needs_swap = pytest.mark.skipif(
    not sys.platform.startswith(("linux", "darwin")), reason="the guarantee is Linux's and macOS's (docs/safety.md)"
)


@needs_swap
def test_an_edit_saved_right_after_the_last_check_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor saves in the instant between the check and the rename: the swap shows it, and the
    line is computed again from the editor's text."""
    note = tmp_path / "Ann.md"
    note.write_bytes(b"## Log\n- 2026-11-01 coffee\n")
    armed: list[bool] = []
    edits = [b"- 2026-11-02 typed in the editor\n"]  # once: the editor saves one edit
    real_temp, real_read = write.write_temp, write.Snapshot.read.__func__  # type: ignore[attr-defined]

    def temp_then_arm(*args: object, **kwargs: object) -> Path:
        armed.append(True)
        return real_temp(*args, **kwargs)  # type: ignore[arg-type]

    def read_then_edit(cls: type[write.Snapshot], path: Path) -> write.Snapshot:
        snapshot = real_read(cls, path)
        if armed and edits and path == note:  # the check right before the rename has just passed
            armed.clear()
            with open(note, "ab") as editor:
                editor.write(edits.pop())
        return snapshot

    monkeypatch.setattr(write, "write_temp", temp_then_arm)
    monkeypatch.setattr(write.Snapshot, "read", classmethod(read_then_edit))
    assert insert_log_line(note, LogLine(date(2026, 11, 3), "logged"))
    text = note.read_text(encoding="utf-8")
    assert "- 2026-11-02 typed in the editor" in text and "- 2026-11-03 logged" in text
    assert [p.name for p in tmp_path.iterdir()] == ["Ann.md"]


# The editor appending every 2 ms while `log` runs: tests/test_editor_appending.py (a safety and a
# liveness claim, apart).
