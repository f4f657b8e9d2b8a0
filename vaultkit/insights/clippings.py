"""Worth sharing (SPEC §4.5): saved articles matched to the people they would interest.

A clipping is a note in a `clippings_dirs` folder (Obsidian Web Clipper saves to `Clippings/`) or
whose front matter says `type: clipping` or `type: article`. Its terms are its `tags` (less
`clippings`), `topics` and `interests`, normalised like interests; its date is `created`, else a
date at the start of its file name. For each clipping of the last `share_days`, the people whose
interests or needs share a term with it, ranked by the terms' rarity weights summed, then first
those whose log of the last 90 days mentions a term (the conversation it resonates with), then by
name; at most three, never someone whose log already links it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit.read.clippings import read_clipping
from vaultkit.read.dates import add_days
from vaultkit.read.names import fold, name_key
from vaultkit.read.terms import normalise

if TYPE_CHECKING:
    from vaultkit.network.index import Index
    from vaultkit.read.config import Config
    from vaultkit.read.model import Clipping, Note, Person

PER_CLIPPING = 3
RECENT_DAYS = 90


@dataclass(frozen=True)
class Share:
    """A clipping to forward to a person, and why."""

    clipping: str
    person: str
    terms: tuple[str, ...]  # normalised, rarest first
    why: str  # "into rust" / "needs contract review", as the notes write the terms
    score: float
    recent: date | None  # the date of the log line it resonates with
    topic: str = ""  # the term that line mentions, as written

    def reason(self) -> str:
        talked = f"; talked about {self.topic} on {self.recent.isoformat()}" if self.recent else ""
        return self.why + talked

    def to_json(self) -> dict[str, Any]:
        return {
            "clipping": self.clipping,
            "person": self.person,
            "terms": list(self.terms),
            "recent": self.recent.isoformat() if self.recent else None,
            "reason": self.reason(),
        }


class Readers:
    """Who could read what: each term's people (by interest or need) and its rarity weight."""

    def __init__(self, index: Index, terms: Iterable[str] | None = None) -> None:
        """`terms`: only these are weighed (the clippings' terms: no other is asked for)."""
        self.index = index
        self.by_term: dict[str, list[Person]] = defaultdict(list)
        wanted = set(terms) if terms is not None else None
        counts: Counter[str] = Counter()
        for person in index.people.values():
            for term in {*person.interests, *person.needs}:
                if wanted is None or term in wanted:
                    self.by_term[term].append(person)
                    counts[term] += 1
        people = len(index.people)
        if index.population is not None:  # the index holds some of the people: the vault's counts
            counts = Counter({term: n for term, n in index.population.interests_or_needs.items() if term in counts})
            people = index.population.people
        self.weight = {term: math.log1p(people / n) for term, n in counts.items()}

    def for_clipping(self, clipping: Clipping, today: date, most: int | None = PER_CLIPPING) -> list[Share]:
        """The people the clipping resonates with, best first. Scores are summed term by term; only
        the people of the best scores are then looked at closely (their logs), until `most` are found."""
        score: dict[str, float] = defaultdict(float)
        people: dict[str, Person] = {}
        for term in clipping.terms:  # in one order for everyone: equal term sets, equal sums
            for person in self.by_term.get(term, ()):
                score[person.name] += self.weight[term]
                people[person.name] = person
        found: list[Share] = []
        ordered = sorted(score, key=lambda name: (-score[name], name_key(name)))
        for _, tied in itertools.groupby(ordered, key=score.__getitem__):
            shares = [s for name in tied if (s := self.share_with(clipping, people[name], today)) is not None]
            found.extend(sorted(shares, key=lambda s: (s.recent is None, name_key(s.person))))
            if most is not None and len(found) >= most:
                return found[:most]
        return found

    def share_with(self, clipping: Clipping, person: Person, today: date) -> Share | None:
        """Why the clipping resonates with one person; None when it does not, or was sent already."""
        if person.interactions and _links_to(person, clipping.name):
            return None  # already sent, or talked about
        shared = sorted((t for t in clipping.terms if t in person.interests or t in person.needs), key=self._rarest)
        if not shared:
            return None
        spelled = self._spelled(clipping)
        into = [spelled.get(t, t) for t in shared if t in person.interests]
        needs = [spelled.get(t, t) for t in shared if t not in person.interests]
        why = "; ".join(part for part in (_listed("into", into), _listed("needs", needs)) if part)
        score = math.fsum(self.weight[t] for t in shared)
        recent, topic = _talked(person, shared, today) if person.interactions else (None, "")
        return Share(clipping.name, person.name, tuple(shared), why, score, recent, spelled.get(topic, topic))

    def _spelled(self, clipping: Clipping) -> dict[str, str]:
        """How the notes write the clipping's terms (the people's notes first, then the clipping)."""
        return {
            t: self.index.spelled.get(t, written)
            for t, written in ((t, dict(clipping.spelled).get(t, t)) for t in clipping.terms)
        }

    def _rarest(self, term: str) -> tuple[float, str]:
        return (-self.weight.get(term, 0.0), term)


def _links_to(person: Person, name: str) -> bool:
    wanted = fold(name)
    return any(fold(link) == wanted for i in person.interactions for link in i.links)


def _listed(word: str, terms: list[str]) -> str:
    return f"{word} {', '.join(terms)}" if terms else ""


def _talked(person: Person, terms: list[str], today: date) -> tuple[date | None, str]:
    """The newest log line of the last 90 days that mentions one of the terms as whole words: its
    date and the term (the rarest it mentions)."""
    since = add_days(today, -RECENT_DAYS)
    patterns = [(term, re.compile(rf"(?<!\w){re.escape(term)}(?!\w)")) for term in terms]
    found: tuple[date | None, str] = (None, "")
    for i in person.interactions:
        if since <= i.date <= today and (found[0] is None or i.date > found[0]):
            text = normalise(i.text)
            mentioned = next((term for term, pattern in patterns if pattern.search(text)), None)
            if mentioned is not None:
                found = (i.date, mentioned)
    return found


def asked_note(query: str) -> tuple[str, str]:
    """The path in the vault a `vaultkit share NOTE` query gives, and the folded name it may mean instead."""
    rel = query.replace("\\", "/").strip("/")
    return rel, fold(rel.removesuffix(".md"))


def note_as_clipping(notes: Mapping[str, Note], root: Path, config: Config, query: str) -> Clipping:
    """The note a path in the vault or a name means, read as a clipping (its tags as terms), for
    `vaultkit share NOTE`; KeyError when there is none."""
    rel, wanted = asked_note(query)
    if rel not in notes:
        named = sorted(path for path in notes if fold(path.rpartition("/")[2].removesuffix(".md")) == wanted)
        if not named:
            raise KeyError(query)
        rel = named[0]
    if (clipping := notes[rel].clipping) is not None:
        return clipping
    from vaultkit.read.parse import load_front_matter  # parse reads clippings: import on use
    from vaultkit.read.split import split_front_matter

    text = (root / rel).read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    front_matter, _ = load_front_matter(rel, split_front_matter(text))
    return read_clipping(rel.rpartition("/")[2].removesuffix(".md"), front_matter, config)


def recent_clippings(index: Index, config: Config, today: date) -> list[Clipping]:
    """The clippings of the last `share_days`, newest first, then by name."""
    since = add_days(today, -config.share_days)
    recent = [c for c in index.clippings if c.day is not None and since <= c.day <= today]
    return sorted(recent, key=lambda c: (-(c.day or today).toordinal(), name_key(c.name)))


def shares_for(index: Index, person: Person, config: Config, today: date) -> list[Share]:
    """The clippings of the last `share_days` worth sharing with one person, best first."""
    recent = recent_clippings(index, config, today)
    readers = Readers(index, {term for clipping in recent for term in clipping.terms})
    found = [s for c in recent if (s := readers.share_with(c, person, today))]
    return sorted(found, key=lambda s: (-s.score, s.recent is None, name_key(s.clipping)))


def worth_sharing(index: Index, config: Config, today: date) -> list[Share]:
    """The dashboard's section: each clipping of the last `share_days`, newest first, with its people."""
    recent = recent_clippings(index, config, today)
    if not recent:
        return []
    readers = Readers(index, {term for clipping in recent for term in clipping.terms})
    return [share for clipping in recent for share in readers.for_clipping(clipping, today)]
