"""Tasks in a note's body, as Obsidian, the Tasks plugin and Dataview write them (SPEC §3, §4.10).

- `- [ ] send [[Sam]] the deck 📅 2026-11-25`: an open task; its due date from the Tasks plugin's
  `📅` (or `📆`, `🗓`), or Dataview's `[due:: 2026-11-25]` (or `(due:: …)`).
- `- [x] sent [[Sam]] the deck ✅ 2026-11-12`: a done task with its done date (`✅`, or Dataview's
  `[completion:: …]`).
- Open means `[ ]` or `[/]` (in progress); done means `[x]`; any other status (`[-]` cancelled,
  `[>]` forwarded, a theme's own) is neither.

Only the tasks vaultkit uses are kept: open ones that link a person (or are in a person's note) and
done ones with a done date. A task in a code block, a quote or a callout is quoted, not yours: left out.
"""

from __future__ import annotations

import re
from datetime import date

from vaultkit.read.body import links_in, outside_code, without_code_spans
from vaultkit.read.dates import parse_iso_date
from vaultkit.read.model import Task

TASK = re.compile(r"^[ \t]*(?:[-*+]|[0-9]{1,9}[.)])[ \t]+\[(?P<status>[^\]\n])\][ \t]+(?P<text>.*?)\r?$", re.MULTILINE)
OPEN, DONE = " /", "xX"
_DATE = r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
_VS = "\ufe0f?"  # the variation selector some keyboards add after an emoji
DUE = re.compile(f"(?:📅|📆|🗓){_VS}[ \t]*{_DATE}")
DONE_AT = re.compile(f"✅{_VS}[ \t]*{_DATE}")
CREATED = re.compile(f"➕{_VS}[ \t]*{_DATE}")
# Dataview's inline fields, `[due:: 2026-11-25]` or `(due:: 2026-11-25)`; a value may hold links
# (`[with:: [[Sam]]]`). A value stops at the next bracket (parenthesis) that is not a link's, so the
# search stays linear: a value that ran on to the next `]` would be scanned again from every `[key::`
# of a line that has none (`[a:: [a:: [a:: …`).
FIELD = re.compile(
    r"\[(?P<key>[^\[\]():\n]+)::[ \t]*(?P<value>(?:[^\[\]\n]|\[\[[^\[\]\n]*\]\])*)\]"
    r"|\((?P<pkey>[^\[\]():\n]+)::[ \t]*(?P<pvalue>[^()\n]*)\)"
)
_SIGNS = "📅📆🗓⏳⌛🛫✅❌➕🔺⏫🔼🔽⏬🔁🆔⛔🏁"
# What the Tasks plugin appends to a task, left out of the text shown: dates, priorities, a rule of
# recurrence (up to the next field), dependencies, what to do on completion; a block id at the end.
TASKS_FIELDS = re.compile(
    f"(?:📅|📆|🗓|⏳|⌛|🛫|✅|❌|➕){_VS}[ \t]*{_DATE}"
    f"|[🔺⏫🔼🔽⏬]{_VS}"
    f"|🔁{_VS}[^{_SIGNS}]*"
    f"|(?:🆔|⛔){_VS}[ \t]*[\\w,-]+"
    f"|🏁{_VS}[ \t]*\\w+"
    r"|[ \t]\^[\w-]+[ \t]*$"
)


def read_tasks(body: str, first_line: int, own: bool) -> tuple[Task, ...]:
    """The tasks of a body that vaultkit uses; `own`: the body is a person's note, so an open task
    in it is a promise to them even when it links nobody."""
    if "[" not in body or "]" not in body:
        return ()
    if "```" not in body and "~~~" not in body:
        found = []
        line, position = first_line, 0
        for match in TASK.finditer(body):
            line += body.count("\n", position, match.start())
            position = match.start()
            if (task := _task(match, line, own)) is not None:
                found.append(task)
        return tuple(found)
    tasks = []
    for number, text in outside_code(body.splitlines(), first_line):
        line_match = TASK.match(text)
        if line_match is not None and (task := _task(line_match, number, own)) is not None:
            tasks.append(task)
    return tuple(tasks)


def _task(match: re.Match[str], line: int, own: bool) -> Task | None:
    status, text = match["status"], match["text"]
    if status not in OPEN and status not in DONE:
        return None
    links = links_in(without_code_spans(text)) if "[[" in text else ()
    fields = _fields(text) if "::" in text else {}
    if status in DONE:
        done = _first(DONE_AT, text) or parse_iso_date(fields.get("completion"))
        if done is None or not (links or own):
            return None
        return Task(line, shown(text), links, done=done)
    if not (links or own):
        return None
    due = _first(DUE, text) or parse_iso_date(fields.get("due"))
    created = _first(CREATED, text) or parse_iso_date(fields.get("created"))
    return Task(line, shown(text), links, due=due, created=created)


def _first(pattern: re.Pattern[str], text: str) -> date | None:
    match = pattern.search(text) if any(sign in text for sign in "📅📆🗓✅➕") else None
    return parse_iso_date(match[1]) if match else None


def _fields(text: str) -> dict[str, str]:
    """Dataview's inline fields of a task, by key (case-folded): the first of each."""
    found: dict[str, str] = {}
    for match in FIELD.finditer(text):
        key = (match["key"] or match["pkey"]).strip().casefold()
        found.setdefault(key, (match["value"] if match["key"] else match["pvalue"]).strip())
    return found


def shown(text: str) -> str:
    """A task's text as a list shows it: without the Tasks plugin's and Dataview's fields."""
    if "::" in text:
        text = FIELD.sub("", text)
    if any(sign in text for sign in _SIGNS) or "^" in text:
        text = TASKS_FIELDS.sub("", text)
    return " ".join(text.split())
