"""News (SPEC §4.3): `#news` log lines from the last `news_days`, such as a job change the LinkedIn
import found, each a reason to write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit.read.dates import add_days
from vaultkit.read.names import name_key
from vaultkit.read.plain import unescaped

if TYPE_CHECKING:
    from vaultkit.read.config import Config
    from vaultkit.read.model import Interaction, Person

NEWS_TAG = re.compile(r"(?<![\w/#&\\])#news(?![\w/-])", re.IGNORECASE)


@dataclass(frozen=True)
class News:
    date: date
    name: str
    text: str  # the log line without its `#news` tag

    def sort_key(self) -> tuple[int, tuple[str, str], str]:
        """Newest first, then by name and text."""
        return (-self.date.toordinal(), name_key(self.name), self.text)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "name": self.name, "text": self.text}


def person_news(person: Person, config: Config, today: date) -> tuple[News, ...]:
    """A person's `#news` lines dated within the window (none after today)."""
    if not person.interactions:
        return ()  # most people of a large vault
    since = add_days(today, -config.news_days)
    return tuple(
        News(i.date, person.name, news_text(i)) for i in person.interactions if i.news and since <= i.date <= today
    )


def news_text(interaction: Interaction) -> str:
    """A `#news` line without its tag, as plain text (an import's escapes undone; the dashboard
    escapes it where it lands): `Now CEO at Framewise (LinkedIn)`."""
    pieces = NEWS_TAG.split(interaction.text)  # each tag goes with the space before it
    return unescaped("".join([piece.rstrip() for piece in pieces[:-1]] + pieces[-1:]).strip())
