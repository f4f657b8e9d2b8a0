"""`vaultkit mcp` (SPEC §9): the server started as a subprocess and driven with the SDK's own stdio
client. Each tool answers what its command prints with `--json`; write tools are offered only with
--allow-writes and write what the commands write; a call that fails is a tool error and the server
answers the next one."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from conftest import SAMPLE_VAULT, person, run
from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp_types import CallToolResult

from vaultkit.read.plain import plain_text

DAY = "2026-11-21"
TIMEOUT = 60.0  # seconds for any one exchange with the server: a slow shared machine, never a hang
READING = {
    "today", "due", "milestones", "news", "promises", "who", "brief", "intros", "intros_in_flight", "paths",
    "share", "revive", "untracked", "draft_intro", "trips", "people", "duplicates",
}  # fmt: skip
WRITING = {"log", "intro_ask", "intro_made"}


def copy_of_sample(tmp_path: Path, name: str = "vault") -> Path:
    root = tmp_path / name
    shutil.copytree(SAMPLE_VAULT, root)
    return root


@contextlib.asynccontextmanager
async def served(root: Path, *options: str, errlog: Any = None) -> AsyncIterator[ClientSession]:
    """A session with `vaultkit mcp` on `root`, started as a subprocess, today fixed."""
    parameters = StdioServerParameters(
        command=sys.executable,
        args=["-m", "vaultkit", "mcp", "--vault", str(root), "--today", DAY, *options],
        env={"VAULTKIT_CACHE_DIR": os.environ["VAULTKIT_CACHE_DIR"]},
    )
    async with (
        stdio_client(parameters, errlog=errlog or sys.stderr) as (read, write),
        ClientSession(read, write) as session,
    ):
        with anyio.fail_after(TIMEOUT):
            await session.initialize()
        yield session


def drive(root: Path, talk: Callable[[ClientSession], Awaitable[Any]], *options: str, errlog: Any = None) -> Any:
    async def main() -> Any:
        async with served(root, *options, errlog=errlog) as session:
            return await talk(session)

    return anyio.run(main)


async def call(session: ClientSession, tool: str, **arguments: Any) -> CallToolResult:
    with anyio.fail_after(TIMEOUT):
        result = await session.call_tool(tool, arguments)
    assert isinstance(result, CallToolResult)
    return result


async def answered(session: ClientSession, tool: str, **arguments: Any) -> Any:
    """A call that succeeds: its structured result, which its text content says as JSON too."""
    result = await call(session, tool, **arguments)
    text = result.content[0].text if result.content and result.content[0].type == "text" else ""
    assert not result.is_error, text
    assert json.loads(text) == result.structured_content
    return result.structured_content


async def tool_names(session: ClientSession) -> dict[str, Any]:
    with anyio.fail_after(TIMEOUT):
        listed = await session.list_tools()
    return {tool.name: tool for tool in listed.tools}


def cli_json(root: Path, *argv: str) -> Any:
    result = run(*argv, "--vault", root, "--today", DAY, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def files_of(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


SEED = "Clippings/Seed rounds for small studios.md"
# Each tool with its arguments, and the command line whose --json it answers
ASKED: list[tuple[str, dict[str, Any], list[str]]] = [
    ("today", {}, ["today"]),
    ("due", {}, ["due"]),
    ("milestones", {}, ["milestones"]),
    ("news", {}, ["news"]),
    ("promises", {}, ["promises"]),
    ("paths", {}, ["paths"]),
    ("revive", {}, ["revive"]),
    ("untracked", {}, ["untracked"]),
    ("trips", {}, ["trips"]),
    ("people", {}, ["people"]),
    ("duplicates", {}, ["duplicates"]),
    ("intros", {}, ["intros"]),
    ("intros", {"limit": 3}, ["intros", "--limit", "3"]),
    ("intros", {"limit": 40}, ["intros", "--limit", "40"]),  # more than the index keeps: among everyone
    ("intros_in_flight", {}, ["intros", "--in-flight"]),
    ("who", {"query": "documentary"}, ["who", "documentary"]),
    ("who", {"query": "Acme"}, ["who", "Acme"]),
    ("share", {}, ["share"]),
    ("share", {"note": "Rivers on Film"}, ["share", "Rivers on Film"]),
    ("share", {"note": SEED}, ["share", SEED]),
    ("brief", {"name": "asha"}, ["brief", "asha"]),
    ("brief", {"name": "Tomás Alvarez"}, ["brief", "Tomás Alvarez"]),
]  # fmt: skip


def test_the_server_offers_every_reading_tool_typed_and_described_and_no_write_tool(tmp_path: Path) -> None:
    tools = drive(copy_of_sample(tmp_path), tool_names)
    assert set(tools) == READING
    for tool in tools.values():
        assert len(tool.description or "") > 40, tool.name  # something an assistant can choose by
        assert tool.input_schema["type"] == "object"
    assert tools["who"].input_schema["required"] == ["query"]
    assert tools["who"].input_schema["properties"]["query"]["type"] == "string"
    assert tools["who"].input_schema["properties"]["query"]["maxLength"] == 1_000
    limit = tools["intros"].input_schema["properties"]["limit"]["anyOf"][0]
    assert (limit["type"], limit["minimum"], limit["maximum"]) == ("integer", 0, 10_000)
    assert set(tools["draft_intro"].input_schema["required"]) == {"a", "b"}


def test_with_allow_writes_the_server_offers_log_and_the_introductions_too(tmp_path: Path) -> None:
    tools = drive(copy_of_sample(tmp_path), tool_names, "--allow-writes")
    assert set(tools) == READING | WRITING
    log = tools["log"].input_schema
    assert log["required"] == ["name", "text"]
    assert set(log["properties"]) == {"name", "text", "date", "gave", "got", "with"}
    assert tools["log"].annotations.read_only_hint is False and tools["due"].annotations.read_only_hint is True


def test_each_tool_answers_the_data_of_its_commands_json(tmp_path: Path) -> None:
    root = copy_of_sample(tmp_path)

    async def talk(session: ClientSession) -> list[Any]:
        return [await answered(session, tool, **arguments) for tool, arguments, _ in ASKED]

    found = drive(root, talk)
    for (tool, _, argv), result in zip(ASKED, found, strict=True):
        expected = cli_json(root, *argv)
        if tool == "brief":
            assert result == expected, argv
        else:
            assert result == {"items": expected}, argv
    assert any(result["items"] for tool, result in zip([a[0] for a in ASKED], found, strict=True) if tool != "brief")


def test_draft_intro_gives_the_drafts_intro_prints_and_records_nothing(tmp_path: Path) -> None:
    root, other = copy_of_sample(tmp_path), copy_of_sample(tmp_path, "other")
    before = files_of(root)

    async def talk(session: ClientSession) -> Any:
        return await answered(session, "draft_intro", a="Asha Rao", b="Hana Suzuki")

    drafts = drive(root, talk)["items"]
    printed = run("intro", "Asha Rao", "Hana Suzuki", "--vault", other, "--today", DAY)
    assert printed.exit_code == 0, printed.output
    assert [draft["to"] for draft in drafts] == ["Asha Rao", "Hana Suzuki"]
    assert printed.stdout == "".join(f"To {draft['to']}:\n\n{draft['text']}\n" for draft in drafts)
    assert files_of(root) == before


def test_log_writes_the_bytes_vaultkit_log_writes(tmp_path: Path) -> None:
    by_server, by_command = copy_of_sample(tmp_path), copy_of_sample(tmp_path, "other")
    arguments = {"name": "asha", "text": "Coffee at Blue Tokai", "date": "2026-11-20", "gave": True}

    async def talk(session: ClientSession) -> Any:
        return [
            await answered(session, "log", **arguments, **{"with": ["Hana Suzuki"]}),
            await answered(session, "log", name="Nina Park", text="Sent the festival calendar", got=True),
        ]

    written = drive(by_server, talk, "--allow-writes")
    logged = [
        run("log", "asha", "Coffee at Blue Tokai", "--date", "2026-11-20", "--gave", "--with", "Hana Suzuki",
            "--vault", by_command, "--today", DAY),
        run("log", "Nina Park", "Sent the festival calendar", "--got", "--vault", by_command, "--today", DAY),
    ]  # fmt: skip
    assert all(result.exit_code == 0 for result in logged)
    assert files_of(by_server) == files_of(by_command)
    assert files_of(by_server) != files_of(copy_of_sample(tmp_path, "untouched"))
    lines = [f"{item['path']}: {item['line']}\n" for result in written for item in result["items"]]
    assert "".join(lines) == "".join(result.stdout for result in logged)


def test_intro_ask_and_intro_made_record_what_intro_records(tmp_path: Path) -> None:
    by_server, by_command = copy_of_sample(tmp_path), copy_of_sample(tmp_path, "other")

    async def talk(session: ClientSession) -> Any:
        asked = await answered(session, "intro_ask", a="Asha Rao", b="Hana Suzuki")
        again = await call(session, "intro_ask", a="Hana Suzuki", b="Asha Rao")
        made = await answered(session, "intro_made", a="Hana Suzuki", b="Asha Rao")
        return asked, again, made

    asked, again, made = drive(by_server, talk, "--allow-writes")
    assert run("intro", "Asha Rao", "Hana Suzuki", "--vault", by_command, "--today", DAY).exit_code == 0
    refused = run("intro", "Hana Suzuki", "Asha Rao", "--vault", by_command, "--today", DAY)
    assert run("intro", "Hana Suzuki", "Asha Rao", "--made", "--vault", by_command, "--today", DAY).exit_code == 0
    assert files_of(by_server) == files_of(by_command)
    assert [draft["to"] for draft in asked["drafts"]] == ["Asha Rao", "Hana Suzuki"]
    assert again.is_error and again.content[0].text in refused.output
    assert [item["line"] for item in made["items"]] == [
        "- 2026-11-21 Introduced to [[Asha Rao]] #intro",
        "- 2026-11-21 Introduced to [[Hana Suzuki]] #intro",
    ]


def test_what_an_assistant_logs_is_plain_text_with_no_tag_link_or_line(tmp_path: Path) -> None:
    root = copy_of_sample(tmp_path)
    note = root / "People/Nina Park.md"
    before = note.read_text(encoding="utf-8")
    text = "Lunch #gave with [[Asha Rao]]\n- 2020-01-01 a line of its own #intro"

    async def talk(session: ClientSession) -> Any:
        return await answered(session, "log", name="Nina Park", text=text, date="2026-11-20")

    written = drive(root, talk, "--allow-writes")
    assert written["items"] == [{"path": "People/Nina Park.md", "line": f"- 2026-11-20 {plain_text(text)}"}]
    added = note.read_text(encoding="utf-8").removeprefix(before)
    assert [line for line in added.splitlines() if line.startswith("- ")] == [written["items"][0]["line"]]
    assert "[[Asha Rao]]" not in added and "\\#gave" in added and "\\#intro" in added


def test_write_tools_never_take_the_start_of_a_name_and_write_nothing_for_nobody(tmp_path: Path) -> None:
    root = copy_of_sample(tmp_path)
    before = files_of(root)

    async def talk(session: ClientSession) -> Any:
        return [
            await call(session, "log", name="Ash", text="Coffee"),
            await call(session, "log", name="Asha Rao", text="Coffee", **{"with": ["Nobody Atall"]}),
            await call(session, "log", name="Asha Rao", text="Coffee", gave=True, got=True),
            await call(session, "intro_made", a="Asha Rao", b="asha"),
        ]

    found = drive(root, talk, "--allow-writes")
    assert all(result.is_error for result in found)
    assert "no person named 'Ash'" in found[0].content[0].text and "Asha Rao" in found[0].content[0].text
    assert "no person named 'Nobody Atall'" in found[1].content[0].text
    assert "--gave and --got together" in found[2].content[0].text
    assert "named twice" in found[3].content[0].text
    assert files_of(root) == before


def test_a_note_saved_between_two_calls_shows_in_the_second_answer(tmp_path: Path) -> None:
    root = copy_of_sample(tmp_path)

    async def talk(session: ClientSession) -> Any:
        first = await answered(session, "who", query="beekeeping")
        (root / "People/Zara Quinn.md").write_text(person(interests="[beekeeping]"), encoding="utf-8")
        second = await answered(session, "who", query="beekeeping")
        with (root / "People/Asha Rao.md").open("a", encoding="utf-8") as note:
            note.write("- 2026-11-21 Called about the festival\n")
        brief = await answered(session, "brief", name="Asha Rao")
        return first, second, brief

    first, second, brief = drive(root, talk)
    assert first == {"items": []}
    assert [item["name"] for item in second["items"]] == ["Zara Quinn"]
    assert brief["last_contact"] == DAY
    assert brief == cli_json(root, "brief", "Asha Rao")


def test_a_failed_call_is_a_tool_error_in_the_commands_words_and_the_next_is_answered(tmp_path: Path) -> None:
    root = copy_of_sample(tmp_path)
    outside = tmp_path / "Outside.md"
    outside.write_text("---\ntags: [documentary]\n---\n", encoding="utf-8")

    async def talk(session: ClientSession) -> Any:
        failures = [
            await call(session, "brief", name="Asha Rau"),
            await call(session, "draft_intro", a="Asha Rao", b="Zelda Nobody"),
            await call(session, "intros", limit=-1),
            await call(session, "intros", limit=10**12),
            await call(session, "share", note=str(outside)),
            await call(session, "share", note="../Outside.md"),
            await call(session, "share", note="/etc/passwd"),
            await call(session, "who"),  # its query is required
            await call(session, "brief", name="x" * 100_000),  # an argument is bounded like a command line
        ]
        return failures, await answered(session, "due")

    failures, due = drive(root, talk)
    assert all(result.is_error for result in failures)
    missing = run("brief", "Asha Rau", "--vault", root, "--today", DAY)
    assert missing.exit_code == 2
    assert failures[0].content[0].text in missing.output and "did you mean" in failures[0].content[0].text
    for refused in failures[4:7]:
        assert "outside the vault" in refused.content[0].text
    command = run("share", str(outside), "--vault", root, "--today", DAY)  # the command refuses it alike
    assert command.exit_code == 2 and failures[4].content[0].text in command.output
    assert due == {"items": cli_json(root, "due")}


def test_verbose_logs_each_call_and_its_outcome_to_stderr(tmp_path: Path) -> None:
    root = copy_of_sample(tmp_path)
    log = tmp_path / "stderr.txt"

    async def talk(session: ClientSession) -> Any:
        await answered(session, "who", query="documentary")
        await call(session, "brief", name="Zelda Nobody")

    with log.open("w", encoding="utf-8") as errlog:
        drive(root, talk, "--verbose", errlog=errlog)
    lines = log.read_text(encoding="utf-8")
    assert f"serving {root}" in lines
    assert "who(query='documentary') → " in lines and " items (" in lines
    assert "brief(name='Zelda Nobody') → refused: no person named 'Zelda Nobody'" in lines


def test_without_the_sdk_mcp_exits_2_saying_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in sys.modules if name == "mcp" or name.startswith(("mcp.", "vaultkit.assistant"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "mcp", None)  # what Python finds when the package is not installed
    result = run("mcp", "--vault", copy_of_sample(tmp_path))
    assert result.exit_code == 2
    assert "pip install 'vaultkit[mcp]'" in result.output
