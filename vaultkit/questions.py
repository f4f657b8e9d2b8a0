"""What each reading command asks the index, written once: the command prints the answer as lines or
as its `--json` (each item's `to_json`), and the assistant's server (`vaultkit mcp`, SPEC §9) sends
the same items' JSON. Each function takes today's answers (answers.py) and the command's arguments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from vaultkit.errors import UserError, VaultError
from vaultkit.lookup import clipping_named, people_in, person_in

if TYPE_CHECKING:  # loaded by the questions that use them: the others answer from the index alone
    from datetime import date

    from vaultkit.answers import Answers
    from vaultkit.dashboard.messages import Draft
    from vaultkit.insights.brief import Brief
    from vaultkit.network.index import Index
    from vaultkit.read.model import Person, Problem


def intros(answers: Answers, limit: int | None = None) -> list[Any]:
    """The best introductions: the index's (max_intros), or the best `limit` among everyone when the
    index keeps fewer."""
    most = answers.config.limit("intros")
    if limit is None or limit <= most:
        return answers.result("intros")[:limit]
    from vaultkit.network.intros import suggest_intros

    config = answers.config.with_limit("intros", limit)
    return list(suggest_intros(answers.everyone(), config, answers.today))


def who(answers: Answers, query: str) -> list[Any]:
    """People by interest, offer, need (normalised) or company, role, location (substring)."""
    from vaultkit.network.who import held_in_matches
    from vaultkit.network.who import who as find_people

    return list(find_people(answers.profiles(held_in_matches(answers.config, query)), answers.config, query))


def share(answers: Answers, note: str | None = None) -> list[Any]:
    """Without `note`: the clippings worth sharing, and with whom. With it (a path in the vault or a
    note's name): the people that note resonates with, ranked, without the dashboard's three."""
    if note is None:
        return answers.result("share")
    from vaultkit.insights.clippings import Readers

    clipping = clipping_named(answers, note)
    return list(Readers(answers.readers(clipping)).for_clipping(clipping, answers.today, most=None))


def brief(answers: Answers, name: str) -> Brief:
    """All the index knows of one person, as of the latest news (SPEC §6)."""
    from vaultkit.insights.brief import brief_of

    person = answers.person(person_in(answers, name, answers.people([name])))
    network = answers.network(person)
    return brief_of(network, answers.config, person, answers.today, answers.paths(), answers.trip_plans())


class Pair(NamedTuple):
    """Two people `intro` names, and what it looks at for them (answers.pair)."""

    one: Person
    other: Person
    network: Index


def intro_pair(answers: Answers, first: str, second: str, made: bool) -> Pair:
    """The two people an introduction is of, found as a write finds them (no start of a name), or
    an error: one named twice, a pair already introduced, or (unless it records it made) already asked."""
    one, other = people_in(answers, (first, second), prefix=False)
    if one.name == other.name:
        raise NamedTwice(f"{one.name} is named twice; an introduction is of two people")
    pair = Pair(one, other, answers.pair(one, other))
    _refuse_a_pair_done(pair.network, one.name, other.name, made)
    return pair


class NamedTwice(UserError):
    """One person named for two (`intro A A`, `log A --with A`): a usage error."""


def draft_intro(answers: Answers, pair: Pair) -> tuple[list[Draft], list[Problem]]:
    """The drafts `intro` prints, one to each in the order named (a failing template of the vault's
    own falls back to the packaged one, and is reported)."""
    from vaultkit.dashboard.messages import drafts
    from vaultkit.network.intros import pair_of

    one, other, network = pair
    return drafts(answers.root, network, pair_of(network, one.name, other.name), (one.name, other.name))


def _refuse_a_pair_done(index: Index, one: str, other: str, made: bool) -> None:
    """A pair already introduced is refused; so is one already asked, unless this records it made."""
    pair = frozenset((one, other))
    if pair in index.introduced:
        when = introduced_on(index, one, other)
        since = f" on {when}" if when else f" (`introduced` in {index.people[one].path} or {index.people[other].path})"
        raise introduced_already(one, other, since)
    asked = index.links.asked.get(pair)
    if asked is not None and not made:
        raise asked_already(one, other, asked)


def introduced_already(one: str, other: str, since: str) -> VaultError:
    return VaultError(f"{one} and {other} were introduced{since}; nothing was recorded")


def asked_already(one: str, other: str, asked: date) -> VaultError:
    import shlex

    return VaultError(
        f"{one} and {other} were asked on {asked} (Introductions in flight); when both say yes, tick it on"
        f" the dashboard or run: vaultkit intro {shlex.quote(one)} {shlex.quote(other)} --made"
    )


def introduced_on(index: Index, one: str, other: str) -> date | None:
    """The first `#intro` log line of either that links the other."""
    days = [
        interaction.date
        for name, partner in ((one, other), (other, one))
        for interaction in index.people[name].interactions
        if interaction.intro and partner in {index.resolve(link) for link in interaction.links}
    ]
    return min(days, default=None)
