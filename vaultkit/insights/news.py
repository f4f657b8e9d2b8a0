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
from vaultkit.read.terms import normalise

if TYPE_CHECKING:
    from vaultkit.read.config import Config
    from vaultkit.read.model import Interaction, Person

NEWS_TAG = re.compile(r"(?<![\w/#&\\])#news(?![\w/-])", re.IGNORECASE)
NOW = re.compile(r"Now (?P<what>.+?) \((?P<source>[^()]+)\)", re.DOTALL)  # `Now CEO at Framewise (LinkedIn)`


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


@dataclass(frozen=True)
class Current:
    """Someone's role as of their latest `#news` line (SPEC §6 `brief`): what the note's `role` and
    `company` cannot know, since front matter has no date."""

    role: str | None
    company: str | None
    source: str  # the app the line's parentheses name: `LinkedIn`
    date: date

    def shown(self) -> str:
        """`Co-founder & CEO at Ferrule Labs`, as the brief and `intro`'s drafts say it."""
        return " at ".join(part for part in (self.role, self.company) if part)

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "company": self.company, "source": self.source, "date": self.date.isoformat()}


def current_role(person: Person) -> Current | None:
    """The role the latest `#news` line that reads as one (`Now ROLE at COMPANY (SOURCE)`, as the
    LinkedIn import writes it) gives; None when no line does."""
    found = None
    for i in sorted((i for i in person.interactions if i.news), key=lambda i: (i.date, i.line), reverse=True):
        if (match := NOW.fullmatch(news_text(i))) is not None:
            found = (i, match)
            break
    if found is None:
        return None
    interaction, match = found
    what = match["what"].strip()
    if what.startswith("at "):  # `Now at Acme`: a company, no position
        return Current(None, what[3:].strip() or None, match["source"].strip(), interaction.date)
    role, at, company = what.rpartition(" at ")  # a position may hold " at " too; a company rarely does
    if not at:
        return Current(what, None, match["source"].strip(), interaction.date)
    return Current(role.strip(), company.strip(), match["source"].strip(), interaction.date)


def as_of_news(person: Person, current: Current) -> str:
    """The current role with where it comes from, and what the note says where that differs:
    `Co-founder & CEO at Ferrule Labs (LinkedIn, 2026-12-01; the note says Engineering Manager at Stripe)`."""
    details = dict(person.details)
    noted = " at ".join(part for part in (details.get("role"), details.get("company")) if part)
    said = f"; the note says {noted}" if noted and normalise(noted) != normalise(current.shown()) else ""
    return f"{current.shown()} ({current.source}, {current.date.isoformat()}{said})"
