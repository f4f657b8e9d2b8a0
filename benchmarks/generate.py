"""Generate a synthetic vault: N people with front matter and logs, M daily notes linking to them.

Deterministic for a given seed. Interests are drawn from a fixed set of topics with a few very common
ones (a Zipf-like spread), as in a real network.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

TOPICS = [f"topic {i}" for i in range(300)]
OFFERS = [f"skill {i}" for i in range(120)]
START = date(2026, 11, 21)


def topic_weights() -> list[float]:
    return [1.0 / (rank + 1) ** 0.9 for rank in range(len(TOPICS))]


def person_note(rng: random.Random, name: str, names: list[str], weights: list[float]) -> str:
    """A person as a large vault has them: everyone has interests and details, about a third have
    been in touch recently, a fifth set a cadence, and two in five keep a short log."""
    interests = sorted(set(rng.choices(TOPICS, weights=weights, k=rng.randint(3, 8))))
    lines = ["---", f"tie: {'strong' if rng.random() < 0.1 else 'loose'}"]
    if rng.random() < 0.2:
        lines.append(f"cadence: {rng.choice(['2w', '1m', '3m', '6m', 'quarterly', 'yearly'])}")
    if rng.random() < 0.35:
        lines.append(f"last_contact: {START - timedelta(days=rng.randint(1, 700))}")
    if rng.random() < 0.3:
        lines.append(f"birthday: {rng.randint(1960, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    lines += [
        "interests: [" + ", ".join(interests) + "]",
        f"company: Company {rng.randint(1, 2000)}",
        f"role: Role {rng.randint(1, 50)}",
        f"location: City {rng.randint(1, 300)}",
        'knows: ["[[' + rng.choice(names) + ']]", "[[' + rng.choice(names) + ']]"]',
    ]
    if rng.random() < 0.05:
        lines.append(f"offers: [{rng.choice(OFFERS)}]")
    if rng.random() < 0.05:
        lines.append(f"needs: [{rng.choice(OFFERS)}]")
    if rng.random() < 0.01:
        lines.append("target: true")
    lines += ["---", f"# {name}", "", "Met at a conference; works on interesting things.", "", "## Log"]
    for _ in range(rng.randint(1, 4) if rng.random() < 0.4 else 0):
        day = START - timedelta(days=rng.randint(1, 700))
        tag = rng.choice(["", "", " #gave", " #got"])
        lines.append(f"- {day} Coffee and a long talk about {rng.choice(interests)}{tag}")
    return "\n".join(lines) + "\n"


def daily_note(rng: random.Random, day: date, names: list[str]) -> str:
    people = rng.sample(names, k=min(len(names), 3))
    return (
        f"# {day}\n\n- Met [[{people[0]}]] for lunch\n- [ ] call [[{people[1]}]]\n"
        f"- [x] emailed [[{people[2]}|them]]\n\nSome thoughts about the day.\n"
    )


def generate(root: Path, people: int, daily: int, seed: int = 7) -> Path:
    """Write the vault into root (which must not exist yet) and return it."""
    rng = random.Random(seed)
    weights = topic_weights()
    names = [f"Person {i:05d}" for i in range(people)]
    (root / "People").mkdir(parents=True)
    (root / "Daily").mkdir()
    for name in names:
        (root / "People" / f"{name}.md").write_text(person_note(rng, name, names, weights))
    for offset in range(daily):
        day = START - timedelta(days=offset)
        (root / "Daily" / f"{day}.md").write_text(daily_note(rng, day, names))
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--daily", type=int, default=1_000)
    args = parser.parse_args()
    generate(args.root, args.people, args.daily)


if __name__ == "__main__":
    main()
