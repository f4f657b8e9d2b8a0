"""A warm build patches the last build's insights when the notes that changed touch only themselves;
whatever it does, its dashboard is byte for byte the one a full build writes."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import SAMPLE_VAULT, TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit import parse as parse_module
from vaultkit import patch as patch_module
from vaultkit.build import Vault, build
from vaultkit.cache import FOLD_AT, IndexCache
from vaultkit.config import Config, load_config
from vaultkit.model import Note
from vaultkit.patch import Key, Keys, Lines, layout_of

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
    "saved unchanged": lambda text: text,
}
TOUCHING_OTHERS: dict[str, Edit] = {
    "interests": front("interests: [rare topic]"),
    "offers": front("offers: [contract review]"),
    "knows": front("knows: ['[[Marcus Lee]]']"),
    "aliases": front("aliases: [Someone]"),
    "target": front("target: true"),
    "intro log line": body("- 2026-11-20 Met [[Leo Rossi]] #intro"),
    "duplicate key": front("role: Twice"),
    "front matter removed": lambda text: "no front matter at all\n",
}
# In a daily note, a mention (someone's contact that day); in a person note, a line of text.
LINKS: list[Edit] = [body("Called [[Marcus Lee]] about the cut."), body("Lunch with [[Asha Rao]].")]
# A note that has none of the fields above, so that adding one is not a duplicate key.
PLAIN = "People/Plain Person.md", "---\nrole: Editor\ninterests: [documentary]\n---\n# Plain Person\n"


@contextmanager
def aged_copy() -> Iterator[Path]:
    """The sample vault in a folder of its own, every file an hour old, with its own cache; without
    its clippings (Worth sharing reads every log: a vault with clippings is never patched)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "vault"
        shutil.copytree(SAMPLE_VAULT, root)
        shutil.rmtree(root / "Clippings")
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
    """A build without the cache leaves the dashboard as the cached build wrote it."""
    before = (root / "Dashboard.md").read_bytes()
    assert not build(root, TODAY, cache=False).written
    assert (root / "Dashboard.md").read_bytes() == before


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
    patched the first); either way its dashboard must be the one a full build writes."""
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
        st.sampled_from(NOTES), st.sampled_from([*TOUCHING_ONLY_ITSELF.values(), *TOUCHING_OTHERS.values(), *LINKS])
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rounds=st.lists(edits, min_size=1, max_size=3), page=st.sampled_from([2, 3, patch_module.PAGE]))
def test_a_cached_build_after_any_edits_writes_what_a_full_build_writes(
    rounds: list[list[tuple[str, Edit]]], page: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patch_module, "PAGE", page)  # the sample vault's sections fit in one page of the usual size
    with aged_copy() as root:
        build(root, TODAY, cache=True)
        for changes in rounds:
            for name, change in changes:
                edit(root, name, change)
            build(root, TODAY, cache=True)
            full_build_agrees(root)


@pytest.mark.parametrize("change", TOUCHING_ONLY_ITSELF.values(), ids=TOUCHING_ONLY_ITSELF)
def test_an_edit_that_touches_only_its_note_is_patched_in(change: Edit, monkeypatch: pytest.MonkeyPatch) -> None:
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
        edited("Daily/2026-11-20.md", body("Called [[Marcus Lee]].")),
        edited("Dashboard.md", lambda text: text.replace("- [ ]", "- [x]", 1)),
        lambda root: (own_template(root), edit(root, PLAIN[0], TOUCHING_ONLY_ITSELF["follow-up"])),
    ],
    ids=["new note", "deleted note", "renamed note", "daily note mentions", "ticked box", "own template"],
)
def test_other_changes_take_a_full_build(change: Callable[[Path], object], monkeypatch: pytest.MonkeyPatch) -> None:
    assert full_builds_after(change, monkeypatch) == 1


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


def test_a_note_read_moments_after_it_changed_is_read_again_and_still_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    def twice(root: Path) -> None:
        edit(root, "People/Marcus Lee.md", body("- 2026-11-20 Coffee"))
        build(root, TODAY, cache=True)  # within the clock's doubt: kept, but to be read again
        edit(root, "People/Marcus Lee.md", body("- 2026-11-21 Lunch #got"))

    assert full_builds_after(twice, monkeypatch) == 0


def damaged_page(data: bytes) -> bytes:
    """The first page of sort keys (after the header and the layout) made garbage of the same length."""
    lines = data.split(b"\n")
    lines[2] = b"x" * len(lines[2])
    return b"\n".join(lines)


def misplaced_section(data: bytes) -> bytes:
    """The layout (after the header) with the follow-ups said to start a line later than they do."""
    lines = data.split(b"\n")
    assert b'"due":{"start":6,' in lines[1]
    lines[1] = lines[1].replace(b'"due":{"start":6,', b'"due":{"start":7,')
    return b"\n".join(lines)


@pytest.mark.parametrize(
    "damage",
    [lambda _: b"", lambda _: b"{", lambda _: b'{"key": 1}', lambda _: b"[]", damaged_page, misplaced_section],
    ids=["empty", "cut", "foreign", "not an object", "a page", "a section's start"],
)
def test_a_damaged_saved_build_takes_a_full_build(
    damage: Callable[[bytes], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged(root: Path) -> None:
        (saved,) = (Path(os.environ["VAULTKIT_CACHE_DIR"]) / "index").glob("*.build.jsonl")
        saved.write_bytes(damage(saved.read_bytes()))
        edit(root, "People/Marcus Lee.md", body("- 2026-11-20 Coffee"))

    assert full_builds_after(damaged, monkeypatch) == 1


def test_a_full_build_after_a_patch_was_tried_parses_each_changed_note_once(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    parse_bytes = parse_module.parse_bytes

    def counting(rel: str, data: bytes, config: Config) -> Note:
        parsed.append(rel)
        return parse_bytes(rel, data, config)

    with aged_copy() as root:
        build(root, TODAY, cache=True)
        edit(root, PLAIN[0], TOUCHING_OTHERS["interests"])  # parsed by the patch, which gives up
        monkeypatch.setattr(parse_module, "parse_bytes", counting)
        with full_builds_counted(monkeypatch) as full:
            build(root, TODAY, cache=True)
        assert full == [1] and parsed == [PLAIN[0]]
        full_build_agrees(root)


keys = st.tuples(st.integers(0, 6), st.sampled_from(["a", "b", "B", "c"]))


@settings(max_examples=200, deadline=None)
@given(
    start=st.lists(keys, unique=True),
    moves=st.lists(st.tuples(st.booleans(), keys), max_size=30),
    page=st.sampled_from([1, 2, 3, 256]),
    reload_at=st.integers(0, 30),
)
def test_paged_keys_keep_rows_as_a_sorted_list_does(
    start: list[Key], moves: list[tuple[bool, Key]], page: int, reload_at: int
) -> None:
    model = sorted(start)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patch_module, "PAGE", page)
        pages = Keys.of(list(model))
    for done, (putting, key) in enumerate(moves):
        if done == reload_at:  # as the cache keeps them, pages loaded only when searched
            texts: list[str] = []
            saved = json.loads(json.dumps(pages.to_json(texts)))
            pages = Keys.from_json(saved, texts.__getitem__)
        present = key in model
        if putting:
            # (a section that had no keys has no page to put one in: it appears, which takes a full build)
            expected = None if present or not start else bisect_left(model, key)
            assert pages.put(key) == expected
            if expected is not None:
                model.insert(expected, key)
        else:
            expected = model.index(key) if present else None
            assert pages.take(key) == expected
            if expected is not None:
                model.remove(key)
        assert len(pages) == len(model)


def test_a_patch_after_patches_that_moved_the_sections_below(monkeypatch: pytest.MonkeyPatch) -> None:
    """The journal's patches move later sections' lines: the next patch finds them where they are."""

    def three_patches(root: Path) -> None:
        edit(root, PLAIN[0], TOUCHING_ONLY_ITSELF["follow-up"])  # one more line of follow-ups
        build(root, TODAY, cache=True)
        edit(root, "People/Marcus Lee.md", TOUCHING_ONLY_ITSELF["birthday"])  # one more milestone
        build(root, TODAY, cache=True)
        edit(root, "People/Meera Pillai.md", TOUCHING_ONLY_ITSELF["gave"])  # a balance line changes

    assert full_builds_after(three_patches, monkeypatch) == 0


@pytest.mark.parametrize("style", [b"\r\n", b"\xef\xbb\xbf"], ids=["CRLF", "BOM"])
def test_a_dashboard_saved_with_crlf_or_a_bom_is_patched_in_its_style(
    style: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def restyled(root: Path) -> None:
        dashboard = root / "Dashboard.md"
        data = dashboard.read_bytes()
        dashboard.write_bytes(data.replace(b"\n", style) if style == b"\r\n" else style + data)
        build(root, TODAY, cache=True)  # a full build: the dashboard is not what the last one wrote
        edit(root, PLAIN[0], TOUCHING_ONLY_ITSELF["follow-up"])

    assert full_builds_after(restyled, monkeypatch) == 0


def test_the_journal_is_folded_into_the_cache_and_patching_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    with aged_copy() as root:
        build(root, TODAY, cache=True)
        cache = Path(os.environ["VAULTKIT_CACHE_DIR"]) / "index"
        lengths = []
        for day in range(1, 2 * FOLD_AT + 2):
            edit(root, PLAIN[0], body(f"- 2026-11-{day:02d} Got a lead #got"))  # "received {day}"
            with full_builds_counted(monkeypatch) as full:
                assert build(root, TODAY, cache=True).written
            assert full == [0]
            full_build_agrees(root)
            lengths.append(sum(len(path.read_bytes().splitlines()) for path in cache.glob("*.journal.jsonl")))
        assert max(lengths) == FOLD_AT - 1 and lengths.count(0) == 2  # folded twice, patched all along


def test_with_a_dashboard_template_of_the_vaults_own_every_change_takes_a_full_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with aged_copy() as root:
        own_template(root)
        build(root, TODAY, cache=True)
        edit(root, PLAIN[0], TOUCHING_ONLY_ITSELF["follow-up"])
        with full_builds_counted(monkeypatch) as full:
            build(root, TODAY, cache=True)
        assert full == [1] and "Plain Person" in (root / "Dashboard.md").read_text(encoding="utf-8")
        full_build_agrees(root)


def test_a_line_out_of_the_dashboard_is_not_there_to_take() -> None:
    lines = Lines([b"# Dashboard", b"- a", b""])
    assert not lines.take(7, "- a") and not lines.take(-1, "") and lines.take(1, "- a")
    assert lines.lines == [b"# Dashboard", b""]


def test_the_layout_is_where_the_dashboard_shows_the_items_or_none() -> None:
    result = build(SAMPLE_VAULT, TODAY, write=False)
    assert result.insights is not None
    text = (SAMPLE_VAULT / "Dashboard.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    config = load_config(SAMPLE_VAULT)
    layout = layout_of(result.insights, text, config)
    assert layout is not None
    due = layout.sections["due"]
    assert lines[due.start - 1] == "## Due follow-ups" and len(due.keys) == len(result.insights.due)
    assert lines[due.start + len(due.keys)] == ""
    for gone in (due.start, due.start + 2):  # the first item's line, or one in the middle
        assert layout_of(result.insights, "\n".join(lines[:gone] + lines[gone + 1 :]), config) is None


def test_a_fold_that_cannot_read_the_facts_back_saves_no_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    with aged_copy() as root:
        build(root, TODAY, cache=True)
        cache = Path(os.environ["VAULTKIT_CACHE_DIR"]) / "index"
        monkeypatch.setattr(IndexCache, "all_facts", lambda self, state: {})  # as if the file went away
        for day in range(1, FOLD_AT + 1):  # the last one folds the journal in
            edit(root, PLAIN[0], body(f"- 2026-11-{day:02d} Got a lead #got"))
            build(root, TODAY, cache=True)
            full_build_agrees(root)
        assert not list(cache.glob("*.build.jsonl")) and not list(cache.glob("*.journal.jsonl"))
        monkeypatch.undo()
        edit(root, PLAIN[0], body("- 2026-11-20 Got another #got"))
        assert full_builds_now(root, monkeypatch) == 1  # no layout to patch: a full build


def test_a_vault_with_clippings_is_never_patched(monkeypatch: pytest.MonkeyPatch) -> None:
    def clipping_and_a_log_line(root: Path) -> None:
        (root / "Clippings").mkdir()
        (root / "Clippings/Cuts.md").write_text("---\ncreated: 2026-11-20\ntags: [startups]\n---\n")
        build(root, TODAY, cache=True)
        edit(root, "People/Marcus Lee.md", body("- 2026-11-20 Talked about startups"))

    assert full_builds_after(clipping_and_a_log_line, monkeypatch) == 1  # the same edit alone is patched in
