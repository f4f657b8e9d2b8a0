"""Whether the store is current (SPEC §7): the vault's listing against the sizes and times the last
build kept, and for `build`, whether there is nothing to do at all.

This is what every command runs first, so it imports only the scan, the dashboard file's checks and
the store: a command that finds the store current loads nothing else (the warm and full paths are
imported by the drivers when they are needed).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.dashboard.file import check_dashboard, check_owner, has_ticks, templates_fingerprint
from vaultkit.files.write import Snapshot, digest
from vaultkit.read.scan import NoteFilter, ScanReport, Stat, listed
from vaultkit.result import BuildResult

if TYPE_CHECKING:
    from vaultkit.read.config import Config
    from vaultkit.store.database import Store


class Listing(NamedTuple):
    """The vault's notes with their stats (scan.listed), and what the scan found besides."""

    found: dict[str, Stat | None]
    report: ScanReport


def listing(root: Path, config: Config) -> Listing:
    report = ScanReport()
    return Listing(listed(root, config, report=report, notes=NoteFilter.for_vault(root, config)), report)


def last_of(db: Store, today: date) -> dict[str, Any] | None:
    """What the store says of the last build, when it was today's (else every section is computed
    again: a new day moves every date)."""
    last = db.meta("last")
    return last if isinstance(last, dict) and last.get("today") == today.isoformat() else None


def left_as_built(last: dict[str, Any], shown: Snapshot) -> bool:
    """Whether the dashboard is still what the last build wrote, with no box ticked (a box ticked or
    an edit takes a full build, which records it; so does a box left ticked because it could not be
    recorded, which only a full build keeps ticked)."""
    return last.get("dashboard") == digest(shown.data) and not has_ticks(shown.text())


def nothing_to_do(root: Path, config: Config, db: Store, today: date, listed: Listing) -> BuildResult | None:
    """The last build's summary when nothing it read changed since: no note (their sizes and times),
    setting (the store is keyed by them), template or date, and the dashboard is still what it wrote,
    with no box ticked. A dashboard path that holds a note is refused (NotOurs) as by any build."""
    check_dashboard(root, config.dashboard)
    last = last_of(db, today)
    if last is None or not last.get("rendered", True) or last.get("templates") != templates_fingerprint(root):
        return None
    shown = Snapshot.read(root / config.dashboard)
    check_owner(config.dashboard, shown.data)
    if not left_as_built(last, shown) or db.changed(listed.found) != {}:
        return None
    return BuildResult(config.dashboard, False, len(listed.found), dict(last["counts"]))
