"""Run untrusted work (a vault's own template) in a forked process, within limits of time and memory.

A template from someone else's repository can loop for hours or compute `9**(9**9)` in one C call
that no signal interrupts; only a separate process can be stopped. The child has at most `seconds`
(it is killed then, and kills itself a moment later should this process die first) and 1 GiB more
memory than this process. Where there is no fork (Windows) the work runs here, unlimited.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import time
from collections.abc import Callable

from vaultkit import process

MEMORY_HEADROOM = 1 << 30


class Failed(Exception):
    """The work raised, ran out of time or memory, or died; the message says which, for people."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def run_isolated(work: Callable[[], str], seconds: float) -> str:
    """`work()` in a child process; Failed when it raises, runs longer than `seconds`, or dies."""
    if not hasattr(os, "fork"):
        return _inline(work)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_end)
        _child(work, write_end, seconds)
    os.close(write_end)
    try:
        payload = _read_until(read_end, time.monotonic() + seconds)
    finally:
        os.close(read_end)
    if payload is None:
        _stop(child)
        raise Failed(f"ran longer than {seconds:g} seconds and was stopped")
    _, status = os.waitpid(child, 0)
    return _result(payload, status)


def _inline(work: Callable[[], str]) -> str:
    try:
        return work()
    except Exception as error:
        raise Failed(describe(error), getattr(error, "lineno", None)) from error


def describe(error: BaseException) -> str:
    """What went wrong, for people: never an empty message."""
    if isinstance(error, Failed):
        return str(error)
    if isinstance(error, MemoryError):
        return "ran out of memory (it may hold at most 1 GiB)"
    if isinstance(error, RecursionError):
        return "recursed too deeply"
    text = str(error).strip().rstrip(".")
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _child(work: Callable[[], str], out: int, seconds: float) -> None:  # pragma: no cover
    """In the forked child: limit itself, do the work, send the result as JSON, and end."""
    try:
        process.forget_inherited()
        signal.alarm(int(seconds) + 2)  # the default action ends the process, even inside a C call
        _limit_memory()
        try:
            result: dict[str, object] = {"text": work()}
        except BaseException as error:
            result = {"error": describe(error), "line": getattr(error, "lineno", None)}
        data = json.dumps(result).encode("utf-8")
        while data:
            data = data[os.write(out, data) :]
    finally:
        os._exit(0)


def _limit_memory() -> None:  # pragma: no cover
    with contextlib.suppress(Exception):  # no /proc or no resource module: no memory limit
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + MEMORY_HEADROOM
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _read_until(handle: int, deadline: float) -> bytes | None:
    """Everything the child writes, until it closes the pipe; None if the deadline passes first."""
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as waiting:  # poll/epoll: any descriptor number, unlike select()
        waiting.register(handle, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not waiting.select(left):
                return None
            chunk = os.read(handle, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _stop(child: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(child, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(child, 0)


def _result(payload: bytes, status: int) -> str:
    try:
        result = json.loads(payload)
    except ValueError:
        reason = f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"exit code {os.WEXITSTATUS(status)}"
        raise Failed(f"stopped without a result ({reason}); it may have run out of memory") from None
    if "text" in result:
        return str(result["text"])
    line = result.get("line")
    raise Failed(str(result["error"]), line if isinstance(line, int) else None)
