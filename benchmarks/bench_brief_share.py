"""Time `brief` and `share` on 50,000 people (issue 16: each under a second beyond parsing).

The network is bench_intros.py's (interests from 300 topics, 5% offering and needing one of 120
skills, two `knows` links each, built in memory: parsing is not what is measured). Printed: a brief
of one person (their needs' offerers, their offers' takers, their best introductions among everyone,
their targets' paths, the clippings worth sharing with them), the people a clipping on two common
topics resonates with, and the dashboard's Worth sharing section with ten recent clippings.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_intros import network
from generate import TOPICS

from vaultkit.insights.brief import brief_of
from vaultkit.insights.clippings import Readers, worth_sharing
from vaultkit.read.config import Config
from vaultkit.read.model import Clipping

TODAY = date(2026, 11, 21)


def timed(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    index = network(args.people, 0.05, "spread")
    index.clippings = [Clipping(f"Article {i}", TODAY, (TOPICS[i], TOPICS[i + 1])) for i in range(10)]
    config = Config()
    person = index.people["Person 00042"]
    brief = timed(lambda: brief_of(index, config, person, TODAY), args.repeat)
    share = timed(lambda: Readers(index).for_clipping(index.clippings[0], TODAY, most=None), args.repeat)
    section = timed(lambda: worth_sharing(index, config, TODAY), args.repeat)
    print(f"network: {args.people} people")
    print(f"brief of one person:                   {brief:.3f} s")
    print(f"share one clipping (everyone ranked):  {share:.3f} s")
    print(f"Worth sharing, 10 recent clippings:    {section:.3f} s")


if __name__ == "__main__":
    main()
