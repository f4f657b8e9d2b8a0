"""Every section of the dashboard, declared once (SPEC §4): what it lists, how many lines, the command
that lists it whole, its place, how the index keeps it, and which facts it reads.

Everything else is derived from these declarations: the dashboard's lists and their "…and N more"
lines (insights/sections.py), the config's `max_*` keys (read/config.py), the index's item tables and
result rows (store/database.py), and which sections a changed note leaves stale (store/warm.py: a
section is stale when it reads a kind of fact the change touched). The order of `SECTIONS` is the
dashboard's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Fact(StrEnum):
    """The kinds of fact a note states, and a section reads."""

    OWN = "own"  # a person's own note: their fields and their log (their own lines only)
    CONTACT = "contact"  # contact other notes record with a person: daily and meeting notes, done tasks
    PROMISES = "promises"  # open tasks to a person, wherever they are written
    NAMES = "names"  # names and aliases: whom a link resolves to
    TERMS = "terms"  # interests, offers, needs (and how each is written), no_intros
    LINKS = "links"  # knows, met_through, introduced, #intro and #intro-ask lines
    MET = "met"  # who has met whom: log lines linking another, calendar events and meeting notes naming several
    COMPANIES = "companies"  # colleagues are edges of the network
    TARGETS = "targets"  # who is a target
    FIRST_CONTACT = "first_contact"  # whether someone was ever in touch: a target met is no longer unmet
    CLIPPINGS = "clippings"  # saved articles and their terms
    READER_LOG = "reader_log"  # the log of someone a recent clipping may resonate with
    UNRESOLVED = "unresolved"  # links from dated notes to no note
    TRIPS = "trips"  # trip notes, and place notes that put one place inside another
    IDENTITIES = "identities"  # e-mail addresses, phone numbers, profile URLs: who may be one person
    PROBLEMS = "problems"  # what a note gets wrong


class Kept(StrEnum):
    """How the index keeps a section's items, which says what can redo them one owner at a time."""

    PERSON = "person"  # items owned by a person: redone for the people a change affects
    NOTE = "note"  # items owned by the note that states them: redone for the notes that changed
    NETWORK = "network"  # found from the whole network, kept whole: redone by a full build


@dataclass(frozen=True)
class Section:
    name: str  # the command's and the JSON's name; the config key is `max_` + name
    heading: str  # on the dashboard
    command: str  # the command that lists it whole
    item: str  # `module:Type` of its items, imported when first decoded (a command loads only its own)
    kept: Kept
    reads: frozenset[Fact]
    limit: int | None  # how many lines the dashboard lists by default (`max_*`); None: every one
    more: bool = True  # the dashboard says how many more there are, naming the command
    # For a section listed in groups (a trip and its people): the config key bounding each group
    per_group: str = ""
    variable: str = ""  # its name in the dashboard template, where that is not `name`
    ticks: str = ""  # what a ticked box of it records (dashboard/ticks.py): "follow-up", "intro", "share"
    # The assistant's tool that lists it whole, when that takes no argument (SPEC §9), and what the tool
    # says of it, for an assistant to choose by
    tool: str = ""
    about: str = ""

    @property
    def limit_key(self) -> str:
        return f"max_{self.name}"

    @property
    def template_name(self) -> str:
        return self.variable or self.name


F = Fact
OWN = frozenset({F.OWN})
FOLLOW_UP = frozenset({F.OWN, F.CONTACT})  # when someone was last in touch, and when they are due
SHARE = frozenset({F.CLIPPINGS, F.READER_LOG, F.TERMS, F.NAMES})  # a clipping and whom it resonates with
PATHS = frozenset({F.NAMES, F.LINKS, F.COMPANIES, F.TARGETS, F.FIRST_CONTACT})  # the network's edges, targets

SECTIONS: tuple[Section, ...] = (
    Section("today", "Reach out today", "today", "vaultkit.insights.reach:Reach", Kept.PERSON,
            FOLLOW_UP | {F.PROMISES, F.TRIPS} | SHARE, 5, variable="reach", ticks="follow-up",
            tool="today", about=(
                "Whom to reach out to today, ranked: each person with their reasons (a birthday or milestone, news "
                "since your last contact, a late or overdue follow-up, a clipping to share, a dormant tie serving a"
                " goal)."
            )),
    Section("due", "Due follow-ups", "due", "vaultkit.insights.followups:FollowUp", Kept.PERSON, FOLLOW_UP, 25,
            ticks="follow-up",
            tool="due", about=(
                "Who is due a follow-up within the horizon (their keep-in-touch cadence has run out), soonest "
                "first, with their last contact."
            )),
    Section("milestones", "Upcoming milestones", "milestones", "vaultkit.insights.milestones:Milestone",
            Kept.PERSON, OWN, 25,
            tool="milestones", about=(
                "Birthdays, family birthdays and milestones coming up, by date."
            )),
    Section("trips", "Coming trips", "trips", "vaultkit.insights.trips:TripPerson", Kept.PERSON,
            FOLLOW_UP | {F.TRIPS}, None, more=False, per_group="max_trip_people",
            tool="trips", about=(
                "Your trips underway or coming soon, each with the people who live where it goes (to meet while you"
                " are there): those due a follow-up by the trip's last day first, then close ties, then the longest"
                " since contact."
            )),
    Section("news", "News", "news", "vaultkit.insights.news:News", Kept.PERSON, OWN, 10,
            tool="news", about=(
                "Recent news about people (job changes found by the LinkedIn import: #news log lines), newest "
                "first."
            )),
    Section("promises", "Promises", "promises", "vaultkit.network.promises:Promise", Kept.NOTE,
            frozenset({F.PROMISES, F.NAMES}), 10,
            tool="promises", about=(
                "Promises past due: open tasks that mention a person, due before today or made long ago; oldest "
                "first."
            )),
    Section("inflight", "Introductions in flight", "intros --in-flight", "vaultkit.network.intros:InFlight",
            Kept.NETWORK, frozenset({F.LINKS, F.NAMES}), 10, ticks="intro",
            tool="intros_in_flight", about=(
                "Introductions asked about (both asked whether they would like to meet) and not yet made, oldest "
                "ask first."
            )),
    Section("intros", "Suggested introductions", "intros", "vaultkit.network.intros:Intro", Kept.NETWORK,
            PATHS | {F.TERMS, F.MET}, 10, more=False, ticks="intro"),
    Section("share", "Worth sharing", "share", "vaultkit.insights.clippings:Share", Kept.NETWORK, SHARE, 10,
            ticks="share"),
    Section("revive", "Worth reviving", "revive", "vaultkit.insights.reach:Revive", Kept.PERSON, FOLLOW_UP | PATHS, 5,
            tool="revive", about=(
                "Dormant ties worth reviving: no contact for years, those serving your goals first."
            )),
    Section("paths", "Paths to targets", "paths", "vaultkit.network.paths:TargetPath", Kept.NETWORK, PATHS, 15,
            tool="paths", about=(
                "How to reach the people you want to meet (notes marked `target: true`) through people you know: "
                "the shortest chains, up to three steps, of who knows whom, who met through whom, or colleagues."
            )),
    Section("balance", "Give before you take", "balance", "vaultkit.insights.balance:Balance", Kept.PERSON, OWN, 10),
    Section("untracked", "People you mention", "untracked", "vaultkit.insights.reach:Untracked", Kept.NETWORK,
            frozenset({F.UNRESOLVED, F.NAMES}), 5,
            tool="untracked", about=(
                "People you mention in daily and meeting notes but have no note for yet, with how often and when."
            )),
    Section("problems", "Problems", "check", "vaultkit.read.model:Problem", Kept.NOTE,
            frozenset({F.PROBLEMS, F.NAMES, F.IDENTITIES}), 50),  # with two notes of one person (duplicates)
)  # fmt: skip

BY_NAME: dict[str, Section] = {section.name: section for section in SECTIONS}
NAMES = tuple(BY_NAME)
# Kept item by item, with a sort key, so the dashboard's first lines are a query
ITEMIZED = tuple(s.name for s in SECTIONS if s.kept is not Kept.NETWORK)
PERSON_SECTIONS = tuple(s.name for s in SECTIONS if s.kept is Kept.PERSON)
NOTE_SECTIONS = tuple(s.name for s in SECTIONS if s.kept is Kept.NOTE)
NETWORK_SECTIONS = tuple(s.name for s in SECTIONS if s.kept is Kept.NETWORK)
# Listed up to their limit, then "…and N more" (introductions are the best `max_intros`, no more line)
BOUNDED = tuple(s.name for s in SECTIONS if s.more)
DEFAULT_LIMITS: dict[str, int] = {s.name: s.limit for s in SECTIONS if s.limit is not None}


# The kinds of fact whose change can be redone one owner at a time: a person's own lines for a change
# of their note, the contact or the promises others record for them; a note's own lines for its
# promises and problems. A change of any other kind a section reads (a name, a link, a trip) reaches
# people it cannot name, and is redone by a full build.
LOCAL: dict[Kept, frozenset[Fact]] = {
    Kept.PERSON: frozenset({F.OWN, F.CONTACT, F.PROMISES}),
    Kept.NOTE: frozenset({F.PROMISES, F.PROBLEMS}),
    Kept.NETWORK: frozenset(),
}


def stale(changed: set[Fact] | frozenset[Fact]) -> tuple[Section, ...]:
    """The sections that read one of these kinds of fact: what a change of them leaves stale."""
    return tuple(section for section in SECTIONS if section.reads & changed)


def redone_in_place(changed: set[Fact] | frozenset[Fact]) -> bool:
    """Whether every section a change leaves stale can be redone for the people and notes it touches
    (else it takes a full build)."""
    return all(section.reads & changed <= LOCAL[section.kept] for section in stale(changed))
