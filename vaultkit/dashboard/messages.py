"""The drafts `vaultkit intro A B` prints: a short message to each, asking whether they would like to
meet, made from the pair's reasons (SPEC §4.11). The template is `messages.md.j2`, overridable in the
vault and rendered in the same sandbox as the dashboard's; a failing override falls back to the
packaged one and is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.dashboard.render import TemplateFailure, render_override, render_packaged
from vaultkit.insights.news import current_role
from vaultkit.read import names

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.network.intros import Intro
    from vaultkit.read.model import Problem

MESSAGES_TEMPLATE = "messages.md.j2"


@dataclass(frozen=True)
class Draft:
    to: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"to": self.to, "text": self.text}


def first_name(name: str) -> str:
    """How a draft greets someone: their first name past a title (`Jane` for Dr. Jane Smith), else
    their name (`Dr. Smith`)."""
    return names.first_name(name) or name


def draft_context(index: Index, pair: Intro, to: str) -> dict[str, Any]:
    """What the template sees for the message to `to` (one of the pair)."""
    other = pair.b if to == pair.a else pair.a
    written = dict(pair.spelling)
    them = index.people[other]
    details = dict(them.details)
    current = current_role(them)  # as of the latest news, not a job they left (SPEC §6)
    now = current.shown() if current else ", ".join(details[key] for key in ("role", "company") if details.get(key))
    about = ", ".join(part for part in (now, details.get("location")) if part)
    return {
        "to": to,
        "first": first_name(to),
        "other": other,
        "other_first": first_name(other),
        "other_about": about,
        "other_role": current.role if current else details.get("role"),
        "other_company": current.company if current else details.get("company"),
        "shared": [written.get(term, term) for term in pair.shared],
        "they_offer": [written.get(m.what, m.what) for m in pair.matches if m.needs == to],
        "you_offer": [written.get(m.what, m.what) for m in pair.matches if m.offers == to],
    }


def drafts(root: Path, index: Index, pair: Intro, order: tuple[str, str]) -> tuple[list[Draft], list[Problem]]:
    """A draft to each of the two, in the order the user named them."""
    found: list[Draft] = []
    problems: list[Problem] = []
    for to in order:
        context = draft_context(index, pair, to)
        text = None
        if not problems:
            try:
                text = render_override(root, MESSAGES_TEMPLATE, context, plain=True)
            except TemplateFailure as failure:
                problems.append(failure.problem)
        if text is None:
            text = render_packaged(MESSAGES_TEMPLATE, context, plain=True)
        found.append(Draft(to, text.strip("\n") + "\n"))
    return found, problems
