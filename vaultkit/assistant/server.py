"""The protocol's side of the assistant's tools: the official SDK (the optional extra `vaultkit[mcp]`)
serves tools.py's table over stdio (SPEC §9). Only `vaultkit mcp` imports this module, so no other
command loads the SDK.

Each call runs on a worker thread, one at a time (the index is brought up to date by the call, as by
a command, and a write holds the vault's write lock); a call that fails is a tool error in the
command's words, and the server goes on. Nothing is printed on stdout but the protocol: warnings and
`--verbose`'s lines go to stderr.
"""

from __future__ import annotations

import functools
import inspect
import keyword
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import anyio
import anyio.to_thread
import msgspec
from mcp.server.mcpserver import MCPServer
from mcp_types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from vaultkit import __version__
from vaultkit.assistant.tools import TOOLS, Param, Tool
from vaultkit.errors import UserError

if TYPE_CHECKING:
    from vaultkit.assistant.session import Session

Log = Callable[[str], None]

INSTRUCTIONS = """\
vaultkit answers from the user's own notes about the people they know (an Obsidian-style vault,
indexed). Use `who` to find people by interest, offer, need, company, role or place; `brief` before a
meeting or call; `today` and `due` for whom to write to; `intros` and `draft_intro` to connect two
people; `paths` to reach a target. Every answer is the vault as saved now. When the user allows
writes, `log` records an interaction as plain text, and `intro_ask` / `intro_made` record an
introduction; nothing else is ever written."""


def serve(session: Session, allow_writes: bool, log: Log | None) -> None:
    """Serve the vault's tools over stdio until the client closes the connection."""
    server_of(session, allow_writes, log).run("stdio")


def server_of(session: Session, allow_writes: bool, log: Log | None) -> MCPServer:
    server: MCPServer = MCPServer(
        "vaultkit", version=__version__, instructions=INSTRUCTIONS, log_level="INFO" if log else "WARNING"
    )
    one_at_a_time = anyio.Lock()
    for tool in TOOLS:
        if tool.writes and not allow_writes:
            continue  # not offered at all (SPEC §9)
        server.add_tool(
            _handler(tool, session, one_at_a_time, log),
            name=tool.name,
            description=tool.about,
            annotations=ToolAnnotations(read_only_hint=not tool.writes, destructive_hint=False, open_world_hint=False),
            structured_output=False,  # the handler makes the result itself: `items`, and its JSON as text
        )
    return server


def _handler(tool: Tool, session: Session, lock: anyio.Lock, log: Log | None) -> Callable[..., Any]:
    """The function the SDK calls for a tool: its signature is the tool's parameters, typed and
    described, so the SDK checks each call's arguments against them before it runs."""

    async def call(**arguments: Any) -> CallToolResult:
        async with lock:
            return await anyio.to_thread.run_sync(functools.partial(_answer, tool, session, arguments, log))

    call.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [_parameter(param) for param in tool.params], return_annotation=CallToolResult
    )
    call.__name__ = tool.name
    return call


def _parameter(param: Param) -> inspect.Parameter:
    kind = param.kind if param.required else param.kind | None
    alias = param.name if keyword.iskeyword(param.name) else None  # `with`: a Python keyword
    field = Field(description=param.about, ge=param.least, le=param.most, max_length=param.longest, alias=alias)
    return inspect.Parameter(
        _python_name(param.name),
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[kind, field],
        default=inspect.Parameter.empty if param.required else None,
    )


def _python_name(name: str) -> str:
    return f"{name}_" if keyword.iskeyword(name) else name


def _answer(tool: Tool, session: Session, arguments: dict[str, Any], log: Log | None) -> CallToolResult:
    """One call: the tool's answer, as a structured result and as its JSON text; a failure is a tool
    error in words for people (a bug's traceback goes to stderr with --verbose)."""
    given = {_python_name(name): value for name, value in arguments.items() if value is not None}
    started = time.perf_counter()
    shown = f"{tool.name}({', '.join(f'{name}={value!r}' for name, value in sorted(given.items()))})"
    try:
        value = tool.answer(session, **given)
    except UserError as error:
        _outcome(log, shown, started, f"refused: {error}")
        return _error(str(error))
    except OSError as error:
        message = f"{error.filename or 'a file'}: {error.strerror or error}; check that it exists and can be read"
        _outcome(log, shown, started, f"failed: {message}")
        return _error(message)
    except Exception as error:
        if log:
            log(traceback.format_exc().rstrip())
        message = f"internal error: {type(error).__name__}: {error}; please report it"
        _outcome(log, shown, started, message)
        return _error(message)
    data = msgspec.json.encode(value)
    items = value.get("items")
    _outcome(
        log, shown, started, f"{len(items)} item{'' if len(items) == 1 else 's'}" if isinstance(items, list) else "ok"
    )
    return CallToolResult(
        content=[TextContent(type="text", text=data.decode("utf-8"))], structured_content=msgspec.json.decode(data)
    )


def _error(message: str) -> CallToolResult:
    """A tool error in the command's own words (raising ToolError would prefix the SDK's)."""
    return CallToolResult(content=[TextContent(type="text", text=message)], is_error=True)


def _outcome(log: Log | None, shown: str, started: float, outcome: str) -> None:
    if log:
        log(f"{shown} → {outcome} ({(time.perf_counter() - started) * 1000:.0f} ms)")
