"""The assistant's tools (SPEC §9), each declared once: its name, a description an assistant can
choose by, its typed parameters, and the function that answers it. The reading tools ask what the
reading commands ask (questions.py) and send the JSON of their `--json`; the write tools record what
`log` and `intro` record (recording.py). A tool that lists a dashboard section whole is declared with
the section (vaultkit/sections.py: `tool`, `about`). Nothing here imports the protocol's SDK:
server.py makes the table into the protocol's tools, so a new command is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vaultkit import questions, recording
from vaultkit.errors import UserError
from vaultkit.lookup import people_in
from vaultkit.read.config import MAX_LINES
from vaultkit.sections import SECTIONS, Section

if TYPE_CHECKING:
    from vaultkit.assistant.session import Session


@dataclass(frozen=True)
class Param:
    """A parameter of a tool: its name, its type (str, int, bool, date or list[str]), what it is, for
    a number its bounds, and for a text or a list its greatest length (an assistant's argument is
    bounded like a command line's). Not `required`: it may be left out (null)."""

    name: str
    kind: Any
    about: str
    required: bool = True
    least: int | None = None
    most: int | None = None
    longest: int | None = None


@dataclass(frozen=True)
class Tool:
    """One tool: `answer(session, **arguments)` gives its structured result, a JSON object (SPEC §9:
    `items` holds the list the command prints, or the object is the command's, for `brief`)."""

    name: str
    about: str
    answer: Callable[..., dict[str, Any]]
    params: tuple[Param, ...] = ()
    writes: bool = False


def _items(found: list[Any]) -> dict[str, Any]:
    return {"items": _json(found)}


def _json(found: list[Any]) -> list[Any]:
    """Each item as the command's `--json` prints it."""
    return [item.to_json() for item in found]


def _listed(ask: Callable[..., list[Any]]) -> Callable[..., dict[str, Any]]:
    """A tool that answers a list, as the command's `--json` prints it: `ask(answers, **arguments)`,
    each item's `to_json`, as `items`."""

    def answer(session: Session, **arguments: Any) -> dict[str, Any]:
        with session.answers() as answers:
            return _items(ask(answers, **arguments))

    return answer


def _brief(session: Session, name: str) -> dict[str, Any]:
    with session.answers() as answers:
        return questions.brief(answers, name).to_json()


def _draft_intro(session: Session, a: str, b: str) -> dict[str, Any]:
    with session.answers() as answers:
        written, problems = questions.draft_intro(answers, questions.intro_pair(answers, a, b, made=False))
    return {**_items(written), **_problems(problems)}


def _problems(problems: list[Any]) -> dict[str, Any]:
    """Problems a template of the vault's own had (the packaged one was used), when there were any."""
    return {"problems": [f"{p.location()}: {p.message}" for p in problems]} if problems else {}


def _log(
    session: Session,
    name: str,
    text: str,
    date: date | None = None,
    gave: bool = False,
    got: bool = False,
    with_: list[str] | None = None,
) -> dict[str, Any]:
    from vaultkit.read.plain import plain_text

    words = plain_text(text)  # what an assistant writes is data (SPEC §8, §9): no tag, link or line break
    if refusal := recording.log_refusal(words, gave, got):
        raise UserError(refusal)
    with session.answers(compute=False) as answers:
        people = people_in(answers, (name, *(with_ or ())), prefix=False)  # all found, or nothing written
    entries = recording.log_entries(people, words, date or session.today(), gave, got)
    return _written(recording.record(session.root, entries))


def _intro(made: bool) -> Callable[..., dict[str, Any]]:
    def answer(session: Session, a: str, b: str) -> dict[str, Any]:
        with session.answers() as answers:
            pair = questions.intro_pair(answers, a, b, made)
            written, problems = ([], []) if made else questions.draft_intro(answers, pair)
        lines = recording.record_intro(session.root, pair.one, pair.other, session.today(), made)
        return {**_written(lines), **({} if made else {"drafts": _json(written)}), **_problems(problems)}

    return answer


def _written(lines: Any) -> dict[str, Any]:
    return {"items": [{"path": path, "line": line} for path, line in lines]}


SHORT, LONG = 1_000, 10_000  # characters of a name, query or path; of a log line's text
NAME = "A person's name as their note is named, an alias, or their whole first name"
PAIR_A, PAIR_B = (f"{which} person: {NAME[0].lower()}{NAME[1:]}" for which in ("The first", "The other"))


def _section_tool(section: Section) -> Tool:
    """The tool that lists a section whole, as vaultkit/sections.py names and describes it."""
    return Tool(section.tool, section.about, _listed(lambda answers: answers.whole(section.name)))


TOOLS: tuple[Tool, ...] = (
    *(_section_tool(section) for section in SECTIONS if section.tool),
    Tool(
        "who",
        'Find people you know by interest, offer or need ("who do I know into film financing?"), or by company,'
        ' role or location ("who do I know at Acme / in Berlin?"): each with why they match.',
        _listed(questions.who),
        (
            Param(
                "query", str, "An interest, offer, need, company, role or place, e.g. 'rust' or 'Acme'", longest=SHORT
            ),
        ),
    ),
    Tool(
        "brief",
        "Before you meet someone: who they are as of the latest news, last contact and next follow-up, your notes"
        " on them, open promises, what matters to them, needs and offers matched in your network, the last"
        " interactions from every source, favours given and got, introductions, clippings to share, paths.",
        _brief,
        (Param("name", str, NAME + "; the start of a name is enough when it is one person's", longest=SHORT),),
    ),
    Tool(
        "intros",
        "The best introductions to make between people who should know each other (shared rare interests, one"
        " offers what the other needs), best first, each with the reason.",
        _listed(questions.intros),
        (Param("limit", int, "How many (default: as on the dashboard)", required=False, least=0, most=MAX_LINES),),
    ),
    Tool(
        "share",
        "Without a note: recent clippings worth sharing, and with whom. With a note (its path in the vault or its"
        " name): the people it resonates with, ranked by shared terms.",
        _listed(questions.share),
        (Param("note", str, "A note's path in the vault, or its name", required=False, longest=SHORT),),
    ),
    Tool(
        "people",
        "Everyone in your notes, by name: the note, tie, cadence, last contact, next follow-up, company, location,"
        " e-mail addresses and phone numbers.",
        _listed(lambda answers: answers.people_list()),
    ),
    Tool(
        "duplicates",
        "Person notes that are probably one person (the same e-mail, phone or LinkedIn profile; or the same name"
        " but for accents, order or a middle name), certain pairs first, with the evidence.",
        _listed(lambda answers: answers.duplicates()),
    ),
    Tool(
        "draft_intro",
        "Draft a message to each of two people asking whether they would like to meet, from what they share."
        " Records nothing (the intro_ask tool records the ask, when writes are allowed).",
        _draft_intro,
        (Param("a", str, PAIR_A, longest=SHORT), Param("b", str, PAIR_B, longest=SHORT)),
    ),
    Tool(
        "log",
        "Record an interaction in a person's Log (one line: '- DATE TEXT'), or a meeting of several in each"
        " one's log naming the others. The text is written as plain text: no tags or links.",
        _log,
        (
            Param("name", str, NAME, longest=SHORT),
            Param(
                "text", str, "What happened, e.g. 'Coffee at Blue Tokai, talked about her documentary'", longest=LONG
            ),
            Param("date", date, "The day it happened, YYYY-MM-DD (default: today)", required=False),
            Param("gave", bool, "You gave them something (adds #gave)", required=False),
            Param("got", bool, "You received something from them (adds #got)", required=False),
            Param("with", list[str], "Others at the same meeting, each named as `name` is", required=False, longest=50),
        ),
        writes=True,
    ),
    Tool(
        "intro_ask",
        "Record that you asked two people whether they would like to meet (#intro-ask in both logs), and give"
        " the drafts to send. A pair already asked or introduced is refused.",
        _intro(made=False),
        (Param("a", str, PAIR_A, longest=SHORT), Param("b", str, PAIR_B, longest=SHORT)),
        writes=True,
    ),
    Tool(
        "intro_made",
        "Record that two people were introduced (#intro in both logs). A pair already introduced is refused.",
        _intro(made=True),
        (Param("a", str, PAIR_A, longest=SHORT), Param("b", str, PAIR_B, longest=SHORT)),
        writes=True,
    ),
)
