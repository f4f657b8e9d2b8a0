"""What every call of the assistant's server knows: the one vault it serves, named at start, what
today is, and whether the index is used; and the index's answers for a call, brought up to date
first as a reading command brings them (answers.py: cheap when nothing changed), so an answer never
lags a note saved before the call (SPEC §9)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.answers import Answers


@dataclass(frozen=True)
class Session:
    root: Path
    fixed_today: date | None  # --today; else the clock's, call by call (a server may run past midnight)
    cache: bool  # False with --no-cache: every call reads every note
    warn: Callable[[str], None]

    def today(self) -> date:
        return self.fixed_today or date.today()

    @contextlib.contextmanager
    def answers(self, compute: bool = True) -> Iterator[Answers]:
        """Today's answers of the index, current first (see answers.answers; without `compute`, for a
        call that only looks people up)."""
        from vaultkit.answers import answers

        found = answers(self.root, self.today(), self.cache, self.warn, compute)
        try:
            yield found
        finally:
            found.close()
