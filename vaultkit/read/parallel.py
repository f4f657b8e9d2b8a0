"""Parse many notes on every core: a cold start of a large vault is bound by YAML parsing. And do one
piece of work in a forked process while this one does another (`meanwhile`).

This process parses its own share while forked workers parse the rest, so no core waits. Only worth
it past PARALLEL_MIN notes (starting a worker and sending notes back costs about as much as parsing a
few hundred); below that, on one core, or where `fork` is not the safe default, notes are parsed here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from vaultkit.read.model import Note, Problem
from vaultkit.read.parse import read_note
from vaultkit.read.scan import Scanned, Stat

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from vaultkit.read.config import Config

PARALLEL_MIN = 2000
T = TypeVar("T")
WORKER_COST = 1.25  # a worker's time per note against this process's: parsing, then packing it to send back


Read = tuple[Note, Stat | None]  # a note, and its file's size and time as it was read
PACKER = msgspec.msgpack.Encoder()
UNPACKER = msgspec.msgpack.Decoder(list[tuple[Note, tuple[int, int, int, int, int] | None]])


def parse_chunk(chunk: list[Scanned], config: Config) -> list[Read]:
    return [read_note(item.rel, item.path, config) for item in chunk]


def parse_chunk_packed(chunk: list[Scanned], config: Config) -> bytes:
    """parse_chunk in a worker, packed for the way back with msgspec's MessagePack (a fifth of the
    time pickle takes to write the notes, and less than half to read them)."""
    return PACKER.encode(parse_chunk(chunk, config))


def cores() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows
        return os.cpu_count() or 1


def worth_a_process(count: int) -> bool:
    """Whether work over `count` notes pays for a forked process here."""
    return cores() >= 2 and count >= PARALLEL_MIN and sys.platform == "linux"


def parse_all(items: list[Scanned], config: Config) -> list[Read]:
    """Every note parsed, in the order given."""
    count = cores()
    if not worth_a_process(len(items)):
        return parse_chunk(items, config)
    chunks = shares(items, count)
    try:
        pool = forking_pool(count - 1)
    except (OSError, RuntimeError):  # no processes to be had here
        return parse_chunk(items, config)
    with pool:
        futures: list[Future[bytes]] = [pool.submit(parse_chunk_packed, chunk, config) for chunk in chunks[1:]]
        mine = parse_chunk(chunks[0], config)
        theirs = [_result(future, chunk, config) for future, chunk in zip(futures, chunks[1:], strict=True)]
    return mine + [read for reads in theirs for read in reads]


def _result(future: Future[bytes], chunk: list[Scanned], config: Config) -> list[Read]:
    """A worker's notes; where the worker died (a note that crashes the parser: a segmentation fault
    in a C library, memory exhausted), its share is parsed again, isolated, by `survivors`."""
    from concurrent.futures.process import BrokenProcessPool  # loaded with the pool

    try:
        return UNPACKER.decode(future.result())
    except BrokenProcessPool:
        return survivors(chunk, config)


def survivors(chunk: list[Scanned], config: Config) -> list[Read]:
    """Parse notes in a fresh worker; if it dies, halve the share and try each half, down to the one
    note that kills it, which becomes a problem naming it. The rest of the vault is built."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        with forking_pool(1) as pool:
            return UNPACKER.decode(pool.submit(parse_chunk_packed, chunk, config).result())
    except BrokenProcessPool:
        if len(chunk) == 1:
            return [(killed(chunk[0].rel), None)]
        half = len(chunk) // 2
        return survivors(chunk[:half], config) + survivors(chunk[half:], config)


def killed(rel: str) -> Note:
    message = "reading it crashed the parser, so it was left out; simplify its front matter (is it nested deeply?)"
    return Note(rel, problems=(Problem(rel, None, message),))


def forking_pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes forked from this one. Imported here, not at the top: most builds never need
    them, and every command would pay for importing multiprocessing."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))


def shares(items: list[Scanned], count: int) -> list[list[Scanned]]:
    """This process's share first, then one per worker. A worker also sends its notes back, which
    costs it about a quarter more per note (WORKER_COST, measured on 10,000 and 50,000 notes), so this
    process takes a larger share and all finish together."""
    mine = round(len(items) * WORKER_COST / (count - 1 + WORKER_COST))
    size = -(-(len(items) - mine) // (count - 1))
    return [items[:mine]] + [items[start : start + size] for start in range(mine, len(items), size)]


_forked_work: Callable[[], Any] | None = None


def _run_forked_work() -> Any:
    assert _forked_work is not None
    return _forked_work()


def meanwhile(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` in a forked process, which sees this process's memory as it is now (nothing is
    sent to it but the result back), and return what waits for that result; call it once, before the
    next meanwhile. Where no process is to be had, the work is done when its result is asked for."""
    global _forked_work
    _forked_work = work  # what the process forked by submit() runs
    try:
        pool = forking_pool(1)
        future: Future[T] = pool.submit(_run_forked_work)
    except (OSError, RuntimeError):  # no processes to be had here
        _forked_work = None
        return work

    def result() -> T:
        global _forked_work
        from concurrent.futures.process import BrokenProcessPool  # loaded with the pool

        with pool:
            try:
                return future.result()
            except BrokenProcessPool:  # the process died: do the work here
                return work()
            finally:
                _forked_work = None

    return result
