"""`vaultkit brief NAME` as Markdown: readable in a terminal, pasteable into a note. The user's own
text (their notes, log lines, task texts) is shown as written; every other value is escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultkit.dashboard.markdown import chain, escape_markdown, wikilink, wikilinks
from vaultkit.insights.milestones import BIRTHDAY
from vaultkit.insights.news import as_of_news

if TYPE_CHECKING:
    from vaultkit.insights.brief import Brief, Recent
    from vaultkit.network.promises import Promise


def to_markdown(brief: Brief) -> str:
    """The brief as Markdown: readable in a terminal, pasteable into a note."""
    p = brief.person
    details = dict(p.details)
    lines = [f"# {escape_markdown(p.name)}", ""]
    shown = ("location",) if brief.current else ("role", "company", "location")
    who: list[str] = [escape_markdown(details[key]) for key in shown if key in details]
    if brief.current:  # as of the latest news: what the note says beside it (SPEC §6)
        who.insert(0, escape_markdown(as_of_news(p, brief.current)))
    who.append(f"{brief.tie} tie")
    if p.met or p.met_through:
        met = "met" + (f" {p.met.isoformat()}" if p.met else "")
        who.append(met + (f" through {wikilinks(list(p.met_through))}" if p.met_through else ""))
    lines.append(" · ".join(who))
    contact = [details[key] for key in ("email", "phone", "url") if key in details]
    if contact:
        lines.append(escape_markdown(" · ".join(contact)))
    lines += ["", "## Keeping in touch"]
    lines.append(f"- Last contact: {brief.last_contact.isoformat() if brief.last_contact else 'never'}")
    if brief.follow_up:
        late = " (overdue)" if brief.follow_up.overdue else ""
        lines.append(f"- Next follow-up: {brief.follow_up.due.isoformat()}{late} · {brief.follow_up.cadence_words}")
    for plan, place in brief.trips:  # you will be in their city (SPEC §4.14)
        lines.append(f"- You will be in {escape_markdown(place)} {plan.days()} ({wikilink(plan.trip)})")
    if p.notes:  # the user's own text, as written (SPEC §6)
        lines += ["", "## Your notes", p.notes]
    if brief.promises:
        lines += ["", "## Promises"] + [_promise_line(promise) for promise in brief.promises]
    lines += _what_matters(brief)
    lines += _help(brief)
    if brief.recent:  # the user's own lines, links and tags as written, and where (SPEC §6)
        lines += ["", "## Recent"] + [_recent_line(item) for item in brief.recent]
    if brief.gave or brief.got:
        lines += ["", "## Give and take", f"- gave {brief.gave}, received {brief.got}"]
    if brief.intros:
        lines += ["", "## Introductions"]
        lines += [f"- {wikilink(i.a)} ↔ {wikilink(i.b)} — {escape_markdown(i.reason)}" for i in brief.intros]
    if brief.share:
        lines += ["", "## Worth sharing with them"]
        lines += [f"- {wikilink(s.clipping)} — {escape_markdown(s.reason())}" for s in brief.share]
    if brief.paths:
        lines += ["", "## Paths to them" if p.target else "## Targets through them"]
        lines += [f"- {wikilink(t.target)}: {chain(t)}" for t in brief.paths]
    return "\n".join(lines) + "\n"


def _recent_line(item: Recent) -> str:
    """`- 2026-11-12 · Meeting with Ada — in [[2026-11-12 Meeting with Ada]]`; a log line as written."""
    where = "the log" if item.source == "log" else wikilink(item.note_name)
    return f"- {item.date.isoformat()} · {item.text} — in {where}"


def _promise_line(promise: Promise) -> str:
    """`- due 2026-11-20 · send the deck — in [[2026-11-18]]`: the task's text as written."""
    when = f"due {promise.due}" if promise.due else f"made {promise.made}" if promise.made else "no date"
    return f"- {when} · {promise.text} — in {wikilink(promise.note_name)}"


def _what_matters(brief: Brief) -> list[str]:
    p = brief.person
    lines = ["", "## What matters to them"]
    for label, items in (("Interests", brief.interests), ("Likes", p.likes), ("Gift ideas", p.gift_ideas)):
        if items:
            lines.append(f"- {label}: {escape_markdown(', '.join(items))}")
    for m in brief.dates:
        what = m.title.capitalize() if m.kind == BIRTHDAY else escape_markdown(m.title)
        lines.append(f"- {what}: {m.date.isoformat()}")
    return lines if len(lines) > 2 else []  # no heading over nothing


def _help(brief: Brief) -> list[str]:
    lines = []
    if brief.needs:
        lines += ["", "## What they need"]
        for what, who in brief.needs:
            # "you could introduce them": not when each of them knows them, was introduced or asked already
            hint = ": you could introduce them" if set(who) - brief.linked else ""
            offered = f" — offered by {wikilinks(list(who))}{hint}" if who else ""
            lines.append(f"- {escape_markdown(what)}{offered}")
    if brief.offers:
        lines += ["", "## What they offer"]
        for what, who in brief.offers:
            needed = f" — needed by {wikilinks(list(who))}" if who else ""
            lines.append(f"- {escape_markdown(what)}{needed}")
    return lines
