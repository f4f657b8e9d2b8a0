"""The sections are declared once (vaultkit/sections.py): the dashboard, the config, the commands,
the index's tables and what a change leaves stale all follow the declarations."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import msgspec
import pytest

from vaultkit.assistant.tools import TOOLS
from vaultkit.cli.commands import COMMANDS
from vaultkit.dashboard.ticks import _kind
from vaultkit.read.config import SECTION_LIMITS, Config, parse_config
from vaultkit.sections import BOUNDED, SECTIONS, Fact, Kept, redone_in_place, stale
from vaultkit.store.database import ITEM_TYPES, RESULT_TYPES, item_decoder, named_type, result_decoder
from vaultkit.vault import Vault

TEMPLATE = Path(__file__).parent.parent / "templates" / "dashboard.md.j2"
SAMPLE_VAULT = Path(__file__).parent.parent / "sample-vault"


def test_the_dashboard_template_has_each_section_once_in_the_declared_order() -> None:
    headings = re.findall(r"^## (.+)$", TEMPLATE.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings == [section.heading for section in SECTIONS]


def test_each_more_line_names_the_command_its_section_declares() -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    for section in SECTIONS:
        line = f" more: vaultkit {section.command}\n"
        assert (line in text) == section.more, section.name
        assert (f"if more.{section.name} " in text) == section.more, section.name


def test_each_section_is_listed_whole_by_a_command_of_vaultkit() -> None:
    for section in SECTIONS:
        assert section.command.split()[0] in COMMANDS, section.name


def test_each_section_has_its_max_key_with_its_declared_default() -> None:
    bounded = [section for section in SECTIONS if section.limit is not None]
    assert set(SECTION_LIMITS) == {section.limit_key for section in bounded}
    for section in bounded:
        assert Config().limit(section.name) == section.limit
        assert parse_config(f"{section.limit_key}: 3\n").limit(section.name) == 3
    for section in SECTIONS:  # a section listed in groups bounds each group by its own key
        assert not section.per_group or getattr(parse_config(f"{section.per_group}: 2\n"), section.per_group) == 2


def test_the_index_keeps_each_section_as_declared() -> None:
    assert set(ITEM_TYPES) == {s.name for s in SECTIONS if s.kept is not Kept.NETWORK}
    assert {s.name for s in SECTIONS if s.kept is Kept.NETWORK} <= set(RESULT_TYPES)
    for section in SECTIONS:
        assert named_type(section.item).__name__ == section.item.rpartition(":")[2]
        decoder = item_decoder(section.name) if section.kept is not Kept.NETWORK else result_decoder(section.name)
        assert isinstance(decoder, msgspec.json.Decoder)


def test_a_ticked_box_records_what_its_section_declares() -> None:
    for section in SECTIONS:
        assert (_kind(section.heading) or "") == section.ticks, section.name


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.name)
def test_the_sample_dashboard_shows_each_section_under_its_heading(section: object) -> None:
    text = (SAMPLE_VAULT / "Dashboard.md").read_text(encoding="utf-8")
    assert f"\n## {section.heading}\n" in text  # type: ignore[attr-defined]


def test_every_section_is_in_the_insights_and_the_summary_counts_the_bounded_ones(tmp_path: Path) -> None:
    vault = Vault(SAMPLE_VAULT)
    vault.load_all()
    insights = vault.insights(date(2026, 11, 21))
    assert list(insights.lists) == [section.name for section in SECTIONS]
    assert set(BOUNDED) | {"intros", "people", "errors"} == set(insights.counts())
    assert insights.items("trips") and all(type(item).__name__ == "TripPerson" for item in insights.items("trips"))


def test_a_change_leaves_stale_exactly_the_sections_that_read_it() -> None:
    assert [s.name for s in stale({Fact.OWN})] == ["today", "due", "milestones", "trips", "news", "revive", "balance"]
    assert [s.name for s in stale({Fact.CONTACT})] == ["today", "due", "trips", "revive"]
    assert [s.name for s in stale({Fact.PROMISES})] == ["today", "promises"]
    assert [s.name for s in stale({Fact.UNRESOLVED})] == ["untracked"]
    assert {s.kept for s in stale({Fact.NAMES})} == set(Kept)  # a name read everywhere: a full build
    assert redone_in_place({Fact.OWN, Fact.CONTACT, Fact.PROMISES, Fact.PROBLEMS})
    assert not redone_in_place({Fact.TRIPS})  # a trip reaches people it cannot name: a full build
    assert not redone_in_place({Fact.NAMES}) and not redone_in_place({Fact.READER_LOG})


def test_each_section_s_tool_is_offered_and_lists_the_section_as_its_command_does(tmp_path: Path) -> None:
    """A section that declares a tool is one the assistant can ask for whole: the tool is in the
    server's table with the section's description, and answers what `answers.whole` gives, the list
    the section's command prints with --json."""
    import json

    from conftest import SAMPLE_VAULT, run

    from vaultkit.assistant.session import Session

    offered = {tool.name: tool for tool in TOOLS}
    session = Session(SAMPLE_VAULT, date(2026, 11, 21), cache=False, warn=print)
    declared = [section for section in SECTIONS if section.tool]
    assert {section.tool for section in declared} >= {"today", "due", "trips", "intros_in_flight", "untracked"}
    for section in declared:
        tool = offered[section.tool]
        assert tool.about == section.about and section.about
        command = [*section.command.split(), "--vault", SAMPLE_VAULT, "--today", "2026-11-21", "--json", "--no-cache"]
        assert tool.answer(session)["items"] == json.loads(run(*command).output), section.name
