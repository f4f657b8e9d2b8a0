"""A build from the store after a few edits writes exactly what a full build writes (SPEC §5), and
takes the warm path (warm.py) exactly when the edits touch only their own people."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_VAULT, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.answers import answers
from vaultkit.build import build
from vaultkit.sections import SECTIONS
from vaultkit.vault import Vault

# Every note of the sample vault: people, daily notes (where a log line is text, and a link a mention)
# and a project note.
NOTES = sorted(
    rel
    for path in SAMPLE_VAULT.rglob("*.md")
    if path.name != "Dashboard.md" and not (rel := path.relative_to(SAMPLE_VAULT).as_posix()).startswith("Clippings/")
)

# Edits as people make them: each turns a note's text into another.
Edit = Callable[[str], str]


def front(line: str) -> Edit:
    """A front matter line added (a key already there makes a duplicate: a problem, also an edit)."""
    return lambda text: text.replace("---\n", f"---\n{line}\n", 1)


def body(line: str) -> Edit:
    return lambda text: text + ("" if text.endswith("\n") else "\n") + line + "\n"


TOUCHING_ONLY_ITSELF: dict[str, Edit] = {
    "log line": body("- 2026-11-20 Coffee"),
    "gave": body("- 2026-11-21 Sent the festival list #gave"),
    "got": body("- 2026-11-19 Got an intro to a producer #got"),
    "old log line": body("- 2025-01-01 Long ago"),
    "future log line": body("- 2026-12-01 In the future"),
    "words": body("Just some more words."),
    "last contact": front("last_contact: 2026-11-01"),
    "bad date": front("last_contact: 2024-02-30"),
    "follow-up": front("follow_up: 2026-11-23"),
    "birthday": front("birthday: 1990-11-25"),
    "birthday without year": front("birthday: 11-30"),
    "cadence": front("cadence: 2w"),
    "bad cadence": front("cadence: fortnightly-ish"),
    "tie": front("tie: strong"),
    "milestone": front("milestones: {founded: 2010-11-28}"),
    "family": front("family: {Ada (niece): 2020-11-30}"),
    "news": body("- 2026-11-19 Now Producer at Lantern (LinkedIn) #news"),
    "old news": body("- 2026-09-01 Now Editor at Framewise (LinkedIn) #news"),
    "promise to them": body("- [ ] send the reel 📅 2026-11-18"),
    "promise done": body("- [x] sent the reel ✅ 2026-11-20"),
    "saved unchanged": lambda text: text,
}
TOUCHING_OTHERS: dict[str, Edit] = {
    "interests": front("interests: [rare topic]"),
    "offers": front("offers: [contract review]"),
    "knows": front("knows: ['[[Marcus Lee]]']"),
    "target": front("target: true"),
    "aliases": front("aliases: [Someone]"),
    "intro log line": body("- 2026-11-20 Met [[Leo Rossi]] #intro"),
    "intro asked": body("- 2026-11-20 Asked about an introduction to [[Leo Rossi]] #intro-ask"),
    "met in the log": body("- 2026-11-20 Dinner with [[Leo Rossi]]"),  # they have met: no longer strangers
    "calendar event": body("- 2026-11-20 Pitch review (calendar)"),
    "company": front("org: ['[[Lantern Pictures]]']"),
    "duplicate key": front("role: Twice"),
    "front matter removed": lambda text: "no front matter at all\n",
}
# In a daily note, a mention (someone's contact that day); in a person note, a line of text.
LINKS: list[Edit] = [body("Called [[Marcus Lee]] about the cut."), body("Lunch with [[Asha Rao]].")]
MEETING = "people: ['[[Asha Rao]]', '[[Hana Suzuki]]']"  # in a daily note: the two have met
# Edits that move people in and out of Reach out today, Worth reviving and People you mention (§4.9-13).
NEW_SECTIONS: list[Edit] = [
    front("cadence: 1w..3w"),
    front("tie: strong"),
    front("met: 2019-01-01"),
    front("birthday: 11-22"),
    body("- 2026-11-20 Now CTO at Acme (LinkedIn) #news"),
    body("Lunch with [[Bo Chen]]."),
    body("Lunch with [[Nobody Yet]] and [[Asha Rao]]."),
    # Promises (§4.10) and done tasks (§3), as the Tasks plugin and Dataview write them
    body("- [ ] Send [[Marcus Lee]] the cut 📅 2026-11-19"),
    body("- [ ] Call [[Ravi Iyer]] back [due:: 2026-11-30]"),
    body("- [ ] Ask [[Sam Okafor]] for the set list"),
    body("- [x] Sent [[Asha Rao]] the festival list ✅ 2026-11-20"),
    lambda text: text.replace("- [ ]", "- [x]", 1),
    # Coming trips (§4.14): someone moves where a trip goes; a trip's days or places change
    front("location: Mumbai"),
    front("location: '[[Lisbon]]'"),
    lambda text: text.replace("end: 2026-12-02", "end: 2026-11-20", 1),
    lambda text: text.replace("[[Mumbai]]", "[[Lisbon]]", 1),
    # Who has met whom (§4.4): a log line linking another, a meeting of several, one event in two logs
    body("- 2026-11-19 Dinner with [[Asha Rao]] and [[Sam Okafor]]"),
    lambda text: (front(MEETING) if text.startswith("---") else lambda t: f"---\n{MEETING}\n---\n{t}")(text),
    body("- 2026-11-18 Festival jury (calendar)"),
]
# A note that has none of the fields above, so that adding one is not a duplicate key.
PLAIN = (
    "People/Plain Person.md",
    "---\nrole: Editor\ninterests: [documentary]\n---\n# Plain Person\n\n## Log\n- 2026-01-05 Met at a screening\n",
)
# Smaller sections than the defaults, so that edits move people in and out of what the dashboard shows.
BOUNDS = "max_due: 2\nmax_milestones: 1\nmax_news: 1\nmax_balance: 1\nmax_problems: 1\nmax_paths: 1\n"
BOUNDS += "max_today: 1\nmax_revive: 1\nmax_untracked: 1\nmax_promises: 1\nmax_inflight: 1\n"


@contextmanager
def aged_copy(bounds: str = "", clippings: bool = False) -> Iterator[Path]:
    """The sample vault in a folder of its own, every file an hour old, with its own store; without
    its clippings unless asked (an edit to one of their readers takes a full build)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        shutil.copytree(SAMPLE_VAULT, root)
        if not clippings:
            shutil.rmtree(root / "Clippings")
        with (root / "vaultkit.yaml").open("a", encoding="utf-8") as config:
            config.write(bounds)
        (root / "Dashboard.md").unlink()
        (root / PLAIN[0]).write_text(PLAIN[1], encoding="utf-8")
        past = time.time() - 3600
        for path in root.rglob("*.md"):
            os.utime(path, (past, past))
        old_cache = os.environ.get("VAULTKIT_CACHE_DIR")
        os.environ["VAULTKIT_CACHE_DIR"] = str(Path(folder) / "cache")
        try:
            yield root
        finally:
            if old_cache is not None:
                os.environ["VAULTKIT_CACHE_DIR"] = old_cache


def edit(root: Path, rel: str, change: Edit) -> None:
    path = root / rel
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def full_build_agrees(root: Path) -> None:
    """A build without the store leaves the dashboard as the build with the store wrote it."""
    before = (root / "Dashboard.md").read_bytes()
    assert not build(root, TODAY, cache=False).written
    assert (root / "Dashboard.md").read_bytes() == before


def every_list_agrees(root: Path) -> None:
    """Every section whole, everyone (`people`) and `duplicates`, as the index the builds kept up to
    date answers them, are what an index written from every note (`--no-cache`) answers."""
    kept, fresh = answers(root, TODAY, cache=True), answers(root, TODAY, cache=False)
    try:
        assert kept.db is not None and kept.insights is None  # the kept index answers, computing nothing
        for section in SECTIONS:
            assert as_json(kept.whole(section.name)) == as_json(fresh.whole(section.name)), section.name
        assert as_json(kept.people_list()) == as_json(fresh.people_list())
        assert as_json(kept.duplicates()) == as_json(fresh.duplicates())
    finally:
        kept.close()
        fresh.unsaved = None  # nothing to write: it was --no-cache
        fresh.close()


def as_json(items: list[Any]) -> list[Any]:
    return [item.to_json() if hasattr(item, "to_json") else item for item in items]  # a problem is a tuple


@contextmanager
def full_builds_counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    count = [0]
    load_all = Vault.load_all

    def counting(self: Vault) -> None:
        count[0] += 1
        load_all(self)

    with monkeypatch.context() as patch:
        patch.setattr(Vault, "load_all", counting)
        yield count


def full_builds_after(change: Callable[[Path], object], monkeypatch: pytest.MonkeyPatch) -> int:
    """Build, change the vault, build again: how many full builds the second build took (0 when it
    took the warm path); either way its dashboard must be the one a full build writes."""
    with aged_copy() as root:
        build(root, TODAY, cache=True)
        change(root)
        return full_builds_now(root, monkeypatch)


def full_builds_now(root: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many full builds a cached build of the vault as it is takes; either way its dashboard must
    be the one a full build writes."""
    with full_builds_counted(monkeypatch) as full:
        build(root, TODAY, cache=True)
    full_build_agrees(root)
    return full[0]


def own_template(root: Path) -> None:
    """A dashboard template of the vault's own: its lines are not the packaged template's."""
    template = root / ".vaultkit/templates/dashboard.md.j2"
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text("Due:\n{% for d in due %}- {{ d.name | link }} {{ d.due }}\n{% endfor %}", encoding="utf-8")


def edited(rel: str, change: Edit) -> Callable[[Path], None]:
    return lambda root: edit(root, rel, change)


edits = st.lists(
    st.tuples(
        st.sampled_from(NOTES),
        st.sampled_from([*TOUCHING_ONLY_ITSELF.values(), *TOUCHING_OTHERS.values(), *LINKS, *NEW_SECTIONS]),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(edits, min_size=1, max_size=3), bounds=st.sampled_from(["", BOUNDS]))
def test_a_build_from_the_store_after_any_edits_writes_what_a_full_build_writes(
    rounds: list[list[tuple[str, Edit]]], bounds: str
) -> None:
    with aged_copy(bounds) as root:
        build(root, TODAY, cache=True)
        for changes in rounds:
            for name, change in changes:
                edit(root, name, change)
            build(root, TODAY, cache=True)
            full_build_agrees(root)
            every_list_agrees(root)


@pytest.mark.parametrize("change", TOUCHING_ONLY_ITSELF.values(), ids=TOUCHING_ONLY_ITSELF)
def test_an_edit_that_touches_only_its_note_takes_the_warm_path(change: Edit, monkeypatch: pytest.MonkeyPatch) -> None:
    assert full_builds_after(edited(PLAIN[0], change), monkeypatch) == 0


@pytest.mark.parametrize("change", TOUCHING_OTHERS.values(), ids=TOUCHING_OTHERS)
def test_an_edit_that_touches_others_takes_a_full_build(change: Edit, monkeypatch: pytest.MonkeyPatch) -> None:
    assert full_builds_after(edited(PLAIN[0], change), monkeypatch) == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "People/New Person.md").write_text("---\ncadence: 1w\n---\n"),
        lambda root: (root / "People/Leo Rossi.md").unlink(),
        lambda root: (root / "People/Leo Rossi.md").rename(root / "People/Leo Rossa.md"),
        edited("Daily/2026-11-20.md", body("Called [[Leo Rossi]].")),  # never in touch before: a first contact
        edited("Dashboard.md", lambda text: text.replace("- [ ]", "- [x]", 1)),
    ],
    ids=["new note", "deleted note", "renamed note", "first contact in a daily note", "ticked box"],
)
def test_other_changes_take_a_full_build(change: Callable[[Path], object], monkeypatch: pytest.MonkeyPatch) -> None:
    assert full_builds_after(change, monkeypatch) == 1


@pytest.mark.parametrize(
    "task",
    [
        "- [ ] Send [[Marcus Lee]] the cut 📅 2026-11-19",  # a promise past due: Promises, Reach out today
        "- [ ] Send [[Marcus Lee]] the cut [due:: 2026-11-19]",
        "- [x] Sent [[Marcus Lee]] the cut ✅ 2026-11-21",  # contact today, the task's done date
    ],
)
def test_a_task_added_to_a_daily_note_takes_the_warm_path(task: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with aged_copy() as root:
        build(root, TODAY, cache=True)
        before = (root / "Dashboard.md").read_text(encoding="utf-8")
        edit(root, "Daily/2026-11-20.md", body(task))
        assert full_builds_now(root, monkeypatch) == 0
        after = (root / "Dashboard.md").read_text(encoding="utf-8")
        assert after != before
        if "[ ]" in task:
            assert "## Promises\n- 2026-11-19 · [[Marcus Lee]] · Send Marcus Lee the cut — in [[2026-11-20]]" in after
        else:
            assert "[[Marcus Lee]] — due 2026-11-24 · follow-up date · last contact 2026-11-21" in after


def test_a_new_day_takes_a_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    with aged_copy() as root:
        build(root, TODAY, cache=True)
        edit(root, "People/Marcus Lee.md", body("- 2026-11-20 Coffee"))
        tomorrow = TODAY.replace(day=TODAY.day + 1)
        with full_builds_counted(monkeypatch) as full:
            build(root, tomorrow, cache=True)
        assert full == [1]
        before = (root / "Dashboard.md").read_bytes()
        assert not build(root, tomorrow, cache=False).written
        assert (root / "Dashboard.md").read_bytes() == before


def test_a_note_read_moments_after_it_changed_is_read_again_on_the_warm_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def twice(root: Path) -> None:
        edit(root, "People/Marcus Lee.md", body("- 2026-11-20 Coffee"))
        build(root, TODAY, cache=True)  # within the clock's doubt: kept, but to be read again
        edit(root, "People/Marcus Lee.md", body("- 2026-11-21 Lunch #got"))

    assert full_builds_after(twice, monkeypatch) == 0


def test_warm_builds_after_warm_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each warm build leaves the store as a full build would: the next one starts from it."""

    def three_patches(root: Path) -> None:
        edit(root, PLAIN[0], TOUCHING_ONLY_ITSELF["follow-up"])  # one more line of follow-ups
        build(root, TODAY, cache=True)
        edit(root, "People/Marcus Lee.md", TOUCHING_ONLY_ITSELF["birthday"])  # one more milestone
        build(root, TODAY, cache=True)
        edit(root, "People/Meera Pillai.md", TOUCHING_ONLY_ITSELF["gave"])  # a balance line changes

    assert full_builds_after(three_patches, monkeypatch) == 0


@pytest.mark.parametrize("style", [b"\r\n", b"\xef\xbb\xbf"], ids=["CRLF", "BOM"])
def test_a_dashboard_saved_with_crlf_or_a_bom_is_written_in_its_style_on_the_warm_path(
    style: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def restyled(root: Path) -> None:
        dashboard = root / "Dashboard.md"
        data = dashboard.read_bytes()
        dashboard.write_bytes(data.replace(b"\n", style) if style == b"\r\n" else style + data)
        build(root, TODAY, cache=True)  # a full build: the dashboard is not what the last one wrote
        edit(root, PLAIN[0], TOUCHING_ONLY_ITSELF["follow-up"])

    assert full_builds_after(restyled, monkeypatch) == 0


def test_with_a_dashboard_template_of_the_vaults_own_an_edit_takes_the_warm_path_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with aged_copy() as root:
        own_template(root)
        build(root, TODAY, cache=True)
        edit(root, PLAIN[0], TOUCHING_ONLY_ITSELF["follow-up"])
        with full_builds_counted(monkeypatch) as full:
            build(root, TODAY, cache=True)
        assert full == [0] and "Plain Person" in (root / "Dashboard.md").read_text(encoding="utf-8")
        full_build_agrees(root)


@pytest.mark.parametrize(("who", "full"), [("People/Marcus Lee.md", 1), ("People/Ravi Iyer.md", 0)])
def test_with_a_recent_clipping_only_an_edit_to_one_of_its_readers_takes_a_full_build(
    who: str, full: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def clipping_and_a_log_line(root: Path) -> None:
        (root / "Clippings").mkdir()
        (root / "Clippings/Cuts.md").write_text("---\ncreated: 2026-11-20\ntags: [startups]\n---\n")
        os.utime(root / "Clippings/Cuts.md", (time.time() - 3600,) * 2)  # saved a while ago
        build(root, TODAY, cache=True)
        edit(root, who, body("- 2026-11-20 Talked about startups"))  # Marcus is into startups, Ravi is not

    assert full_builds_after(clipping_and_a_log_line, monkeypatch) == full


@pytest.mark.parametrize(
    ("change", "full"), [(body("- 2026-11-20 Talked about startups"), 1), (front("birthday: 11-25"), 0)]
)
def test_a_clipping_reader_s_log_makes_worth_sharing_stale_and_their_birthday_does_not(
    change: Edit, full: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worth sharing reads its readers' logs (the conversation it resonates with), not their dates:
    only the change of a kind of fact it reads takes a full build."""

    def clipping_then(root: Path) -> None:
        (root / "Clippings").mkdir()
        (root / "Clippings/Cuts.md").write_text("---\ncreated: 2026-11-20\ntags: [startups]\n---\n")
        os.utime(root / "Clippings/Cuts.md", (time.time() - 3600,) * 2)
        build(root, TODAY, cache=True)
        edit(root, "People/Marcus Lee.md", change)  # Marcus is into startups

    assert full_builds_after(clipping_then, monkeypatch) == full


def test_moving_to_where_a_trip_goes_takes_the_warm_path_and_a_trip_edit_a_full_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A person's place is their own fact: only their lines change. A trip's days or places reach
    people it cannot name: a full build (docs/store.md)."""
    with aged_copy() as root:
        build(root, TODAY, cache=True)
        edit(root, PLAIN[0], front("location: Mumbai"))
        assert full_builds_now(root, monkeypatch) == 0
        trips = (root / "Dashboard.md").read_text(encoding="utf-8").split("## Coming trips\n", 1)[1]
        assert "[[Plain Person]] (due)" in trips.split("\n", 1)[0]  # due since 2026-04-05
        edit(root, "Trips/2026 Mumbai Trip.md", lambda text: text.replace("[[Mumbai]]", "[[Lagos]]"))
        assert full_builds_now(root, monkeypatch) == 1
        assert "Lagos: [[Aisha Bello]]" in (root / "Dashboard.md").read_text(encoding="utf-8")


def test_the_sections_are_bounded_and_count_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    with aged_copy(BOUNDS) as root:
        result = build(root, TODAY, cache=True)
        text = (root / "Dashboard.md").read_text(encoding="utf-8")
        due = text.split("## Due follow-ups\n", 1)[1].split("\n\n", 1)[0].splitlines()
        assert len(due) == 3 and due[2] == f"- …and {result.counts['due'] - 2} more: vaultkit due"
        for command in ("milestones", "balance"):
            assert f" more: vaultkit {command}\n" in text
        edit(root, PLAIN[0], front("follow_up: 2026-01-06"))  # due before the two shown
        assert full_builds_now(root, monkeypatch) == 0
        assert "[[Plain Person]]" in (root / "Dashboard.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("people", "full"), [("['[[Asha Rao]]', '[[Hana Suzuki]]']", 1), ("['[[Marcus Lee]]']", 0)], ids=["two", "one"]
)
def test_a_daily_note_naming_two_people_together_makes_introductions_stale_and_naming_one_does_not(
    people: str, full: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two people named in one meeting's contact properties have met (SPEC §4.4): suggested
    introductions read it (Fact.MET). Contact with one person is theirs alone: the warm path."""
    change = edited("Daily/2026-11-20.md", lambda text: f"---\npeople: {people}\n---\n{text}")
    assert full_builds_after(change, monkeypatch) == full


def test_a_note_that_cannot_be_read_keeps_its_row_so_the_next_build_has_nothing_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A note the user may not read is a problem kept in the index with its stat: the builds after it
    do not read every note again for it; a change of the file (a `chmod`) has it read again."""
    from vaultkit.read import parse

    with aged_copy() as root:
        locked = root / "People/Asha Rao.md"
        real_open = open

        def refusing(path: object, *args: object, **kwargs: object) -> object:
            if str(path) == str(locked) and locked.stat().st_mode & 0o444 == 0:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

        monkeypatch.setattr(parse, "open", refusing, raising=False)
        locked.chmod(0o000)
        past = time.time() - 3600
        os.utime(root / "People", (past, past))
        build(root, TODAY, cache=True)
        assert "People/Asha Rao.md]] — cannot be read (Permission denied)" in (root / "Dashboard.md").read_text("utf-8")
        with full_builds_counted(monkeypatch) as full:
            assert not build(root, TODAY, cache=True).written
        assert full == [0]
        locked.chmod(0o644)  # its status change time moves: read again
        build(root, TODAY, cache=True)
        assert "cannot be read" not in (root / "Dashboard.md").read_text("utf-8")
