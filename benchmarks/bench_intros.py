"""Time suggested introductions on a large network, against a floor measured in the same run.

50,000 people with 3-8 interests each, drawn from 300 topics with a few very common ones (the same
Zipf-like spread as generate.py), 5% offering and 5% needing something (--offer-share 0 leaves
only shared interests, the harder search), two `knows` links each. The
floor is one pass that builds the interest → people index, which any method must at least do.
Comparing all pairs would be 1.25 billion pairs.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import OFFERS, SHAPES, TOPICS, interests_of, offers_and_needs, topic_weights

from vaultkit.network.index import Index, NoteStore, build_index
from vaultkit.network.intros import suggest_intros
from vaultkit.read.config import Config
from vaultkit.read.model import Note, Person


def network(people: int, share: float, shape: str, seed: int = 11) -> Index:
    rng = random.Random(seed)
    weights = topic_weights()
    names = [f"Person {i:05d}" for i in range(people)]
    notes = []
    for name in names:
        if shape == "spread":
            interests = tuple(sorted(set(rng.choices(TOPICS, weights=weights, k=rng.randint(3, 8)))))
            offers = (rng.choice(OFFERS),) if rng.random() < share else ()
            needs = (rng.choice(OFFERS),) if rng.random() < share else ()
        else:
            interests = tuple(interests_of(rng, shape, weights))
            offered, needed = offers_and_needs(rng, shape)
            offers, needs = tuple(offered), tuple(needed)
        knows = (rng.choice(names), rng.choice(names))
        found = Person(name, f"People/{name}.md", interests=interests, offers=offers, needs=needs, knows=knows)
        notes.append(Note(found.path, person=found))
    return build_index(NoteStore(notes), Config())


def floor(index: Index) -> int:
    postings: dict[str, list[str]] = defaultdict(list)
    for person in index.people.values():
        for term in person.interests:
            postings[term].append(person.name)
    return len(postings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--offer-share", type=float, default=0.05, help="share of people who offer / need")
    parser.add_argument("--shape", choices=SHAPES, default="spread", help="see generate.py")
    args = parser.parse_args()
    index = network(args.people, args.offer_share, args.shape)
    config = Config()
    floor_time = min(_timed(lambda: floor(index)) for _ in range(args.repeat))
    intro_time = min(_timed(lambda: suggest_intros(index, config, date.today())) for _ in range(args.repeat))
    top = suggest_intros(index, config, date.today())
    print(f"network: {args.people} people, shape {args.shape}")
    print(f"floor (build the interest index): {floor_time:.3f} s")
    print(f"top {len(top)} introductions:         {intro_time:.3f} s")
    print(f"ratio intros / floor:             {intro_time / floor_time:.1f}")
    print(f"best: {top[0].a} ↔ {top[0].b} ({top[0].reason})" if top else "no introductions")


def _timed(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
