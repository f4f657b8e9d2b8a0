"""Parse many notes on every core: a cold start of a large vault is bound by YAML parsing.

Only worth it past PARALLEL_MIN notes (starting workers and sending notes back costs about as much as
parsing a thousand notes); below that, and on one core, notes are parsed in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor

from vaultkit.config import Config
from vaultkit.model import Note
from vaultkit.parse import parse_file
from vaultkit.scan import Scanned

PARALLEL_MIN = 2000


def _parse_chunk(chunk: list[Scanned], config: Config) -> list[Note]:
    return [parse_file(item.rel, item.path, config) for item in chunk]


def workers() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows
        return os.cpu_count() or 1


def parse_all(items: list[Scanned], config: Config) -> list[Note]:
    """Every note parsed, in the order given."""
    count = workers()
    if count < 2 or len(items) < PARALLEL_MIN or sys.platform != "linux":
        return _parse_chunk(items, config)
    size = -(-len(items) // count)
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            parts = list(pool.map(_parse_chunk, chunks, [config] * len(chunks)))
    except (OSError, RuntimeError):  # no processes to be had here: parse in this one
        return _parse_chunk(items, config)
    return [note for part in parts for note in part]
