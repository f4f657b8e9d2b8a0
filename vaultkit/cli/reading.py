"""The commands that read: the lists of the dashboard's sections whole, introductions, paths, who,
share and brief."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vaultkit.cli.commands import help_line
from vaultkit.cli.common import (
    answered,
    common_options,
    json_option,
    print_json,
    print_json_value,
    show,
    vault_argument,
    vault_option,
)
from vaultkit.read.config import MAX_LINES

if TYPE_CHECKING:  # loaded by the commands that use them: the others answer from the index alone
    from vaultkit.network.paths import TargetPath

F = TypeVar("F", bound=Callable[..., Any])


def list_command(function: F) -> click.Command:
    """A command that lists a section whole: its vault, `--json` and the shared options (SPEC §6)."""
    command = click.command(short_help=help_line(function.__name__))
    return command(vault_argument(json_option(common_options(function))))


@list_command
def due(vault: Path, as_json: bool, today: date | None) -> None:
    """List who is due a follow-up within the horizon.

    \b
    Example:
      vaultkit due ~/Notes --json
    """
    with answered(vault, today) as found:
        items, config = found.section("due"), found.config
    if as_json:
        return print_json(items)
    for item in items:
        late = " (overdue)" if item.overdue else ""
        last = item.last_contact.isoformat() if item.last_contact else "never"
        since = f" · late since {item.late}" if item.late else ""
        click.echo(f"{item.due}{late}  {item.name}  · {item.cadence_words} · last {last}{since}")
    if not items:
        click.echo(f"Nobody is due in the next {config.horizon_days} days.")
    return None


@list_command
def milestones(vault: Path, as_json: bool, today: date | None) -> None:
    """List the birthdays, family birthdays and milestones of the next milestone_days.

    \b
    Example:
      vaultkit milestones ~/Notes --json
    """
    with answered(vault, today) as found:
        items = found.section("milestones")
    nothing = f"No birthdays or milestones in the next {found.config.milestone_days} days."
    show(items, as_json, lambda m: f"{m.date}  {m.name}  · {m.description}", nothing)


@list_command
def balance(vault: Path, as_json: bool, today: date | None) -> None:
    """List the people whose #got outnumbers #gave: give before you take.

    \b
    Example:
      vaultkit balance ~/Notes
    """
    with answered(vault, today) as found:
        items = found.section("balance")
    show(items, as_json, lambda b: f"{b.name}: received {b.got}, gave {b.gave}", "You owe nobody a favour back.")


@click.command(short_help=help_line("intros"))
@vault_argument
@click.option("--limit", type=click.IntRange(0, MAX_LINES), help="How many (default: max_intros, as the dashboard).")
@click.option("--in-flight", "in_flight", is_flag=True, help="The introductions asked about and not yet made.")
@json_option
@common_options
def intros(vault: Path, limit: int | None, in_flight: bool, as_json: bool, today: date | None) -> None:
    """Suggest the best introductions between people who should know each other.

    Never every possible pair: the best max_intros (or --limit), chosen as on the dashboard. With
    --in-flight: the pairs asked about (vaultkit intro) and not yet introduced, oldest ask first.

    \b
    Example:
      vaultkit intros ~/Notes
      vaultkit intros --limit 30 --json
      vaultkit intros --in-flight
    """
    if in_flight:
        with answered(vault, today) as found:
            waiting = found.result("inflight")
        line = lambda f: f"{f.a} ↔ {f.b}: asked {f.asked} ({f.days} day{'' if f.days == 1 else 's'})"  # noqa: E731
        return show(waiting, as_json, line, "No introduction is waiting for an answer.")
    from vaultkit import questions

    with answered(vault, today) as found:
        items = questions.intros(found, limit)
    return show(items, as_json, lambda item: f"{item.a} ↔ {item.b}: {item.reason}", "No introductions to suggest.")


@list_command
def paths(vault: Path, as_json: bool, today: date | None) -> None:
    """Show how to reach each target through people you know.

    \b
    Example:
      vaultkit paths ~/Notes --json
    """
    with answered(vault, today) as found:
        items = found.result("paths")
    show(items, as_json, _chain_line, "No paths to targets.")


def _chain_line(item: TargetPath) -> str:
    steps = "".join(f" → {name}" if how == "knows" else f" →({how}) {name}" for how, name in item.steps())
    return f"{item.target}: {item.path[0]}{steps}"


@click.command(short_help=help_line("who"))
@click.argument("query")
@vault_option
@json_option
@common_options
def who(query: str, vault: Path, as_json: bool, today: date | None) -> None:
    """Find people by interest, offer, need, company, role or location.

    \b
    Example:
      vaultkit who rust --vault ~/Notes
      vaultkit who Acme
    """
    from vaultkit import questions

    with answered(vault, today) as answers:
        found = questions.who(answers, query)
    show(found, as_json, lambda person: f"{person.name}: {person.reason()}", f"Nobody matches {query!r}.")


@click.command(short_help=help_line("share"))
@click.argument("note", required=False)
@vault_option
@json_option
@common_options
def share(note: str | None, vault: Path, as_json: bool, today: date | None) -> None:
    """The clippings worth sharing, and with whom; or the people one note resonates with.

    Without NOTE: the dashboard's Worth sharing section whole. NOTE is a note's path in the vault or its
    name: the people it resonates with, ranked as on the dashboard (the terms' rarity, then a recent
    conversation on one of them, then the name), without the dashboard's three per clipping.

    \b
    Example:
      vaultkit share
      vaultkit share "Clippings/Rust in Production.md"
      vaultkit share "Rust in Production" --json --vault ~/Notes
    """
    from vaultkit import questions

    with answered(vault, today) as answers:
        found = questions.share(answers, note)
    if note is None:
        nothing = f"No clipping of the last {answers.config.share_days} days to share."
        return show(found, as_json, lambda item: f"{item.clipping} → {item.person}: {item.reason()}", nothing)
    return show(found, as_json, lambda item: f"{item.person}: {item.reason()}", "Nobody in the vault shares its terms.")


@list_command
def news(vault: Path, as_json: bool, today: date | None) -> None:
    """List the #news log lines of the last news_days (job changes the LinkedIn import found), newest first.

    \b
    Example:
      vaultkit news ~/Notes
    """
    with answered(vault, today) as found:
        items = found.section("news")
    nothing = f"No news in the last {found.config.news_days} days."
    show(items, as_json, lambda n: f"{n.date}  {n.name}  · {n.text}", nothing)


@list_command
def today(vault: Path, as_json: bool, today: date | None) -> None:
    """List whom to reach out to today, ranked by their reasons, each reason strongest first.

    The weights: a milestone today 4, within 3 days 3; news since your last contact 3; late 3, else
    overdue 2 (a strong tie +1); a clipping to share 1; a dormant tie serving one of your goals 1.

    \b
    Example:
      vaultkit today ~/Notes --json
    """
    with answered(vault, today) as found:
        items = found.section("today")
    nothing = "Nobody has a reason to hear from you today."
    show(items, as_json, lambda r: f"{r.score:>2}  {r.name}  · {r.line()}", nothing)


@list_command
def promises(vault: Path, as_json: bool, today: date | None) -> None:
    """List the promises past due: open tasks that link a person (or sit in their note), due before
    today, or made more than promise_days ago with no due date; oldest first.

    \b
    Example:
      vaultkit promises ~/Notes --json
    """
    with answered(vault, today) as found:
        items = found.section("promises")
    show(items, as_json, lambda p: f"{p.day}  {p.name}  · {p.plain()} — in {p.note}", "No promise is past due.")


@list_command
def trips(vault: Path, as_json: bool, today: date | None) -> None:
    """List your trips underway or starting within trip_days, each with everyone who lives where it
    goes: those due by the trip's last day first, then strong ties, then the longest since contact.

    \b
    Example:
      vaultkit trips ~/Notes --json
    """
    from vaultkit.insights.trips import grouped

    with answered(vault, today) as found:
        coming, days = grouped(found.section("trips")), found.config.trip_days

    def line(trip: Any) -> str:
        people = ", ".join(f"{p.name} ({p.mark()})" for p in trip.people)
        return f"{trip.start}..{trip.end}  {trip.trip}  · {', '.join(trip.places)}: {people}"

    show(coming, as_json, line, f"No trip of yours in the next {days} days reaches anyone in your notes.")


@list_command
def revive(vault: Path, as_json: bool, today: date | None) -> None:
    """List dormant ties worth reviving: no contact for dormant_years, those serving your goals first.

    \b
    Example:
      vaultkit revive ~/Notes
    """
    with answered(vault, today) as found:
        items = found.section("revive")
    nothing = f"No tie has been quiet for {found.config.dormant_years} years."
    show(items, as_json, lambda r: f"{r.name}  · {r.line(found.today)}", nothing)


@list_command
def untracked(vault: Path, as_json: bool, today: date | None) -> None:
    """List links from daily and meeting notes to notes that do not exist, written on two days or more
    of the last 90: people you mention but do not track yet.

    \b
    Example:
      vaultkit untracked ~/Notes
    """
    with answered(vault, today) as found:
        items = found.result("untracked")
    line = lambda u: f"{u.name}  · mentioned on {u.days} days, last {u.last}: vaultkit new {shlex.quote(u.name)}"  # noqa: E731
    show(items, as_json, line, "Every name you mention has a note.")


@click.command(short_help=help_line("brief"))
@click.argument("name")
@vault_option
@json_option
@common_options
def brief(name: str, vault: Path, as_json: bool, today: date | None) -> None:
    """Before you meet someone: who they are, what matters to them, how you can help each other.

    NAME is a file name or an alias, in any case. Markdown on stdout (pasteable into a note), or JSON.

    \b
    Example:
      vaultkit brief "Asha Rao"
      vaultkit brief asha --json --vault ~/Notes
    """
    from vaultkit import questions
    from vaultkit.dashboard.brief import to_markdown

    with answered(vault, today) as answers:
        found = questions.brief(answers, name)
    if as_json:
        print_json_value(found.to_json())
    else:
        click.echo(to_markdown(found), nl=False)
