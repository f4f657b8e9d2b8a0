"""Generate a synthetic vault: N people with front matter and logs (a seventh of the lines with someone
else), M daily notes linking to them (every fifth a meeting of two).

Deterministic for a given seed. Shapes (--shape):
- spread (the default): interests from 300 topics with a few very common ones (a Zipf-like spread),
  5% offering and 5% needing one of 120 skills, as in a real network;
- dense: 20% need one of 10 common skills and 30% offer one or two of them; interests are 1-5 of 40
  common terms (what an issue measured: thousands needing and offering a handful of things);
- common: everyone has 1-2 of 5 everyday interests, nothing else to share (huge classes of equal pairs).
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

TOPICS = [f"topic {i}" for i in range(300)]
OFFERS = [f"skill {i}" for i in range(120)]
START = date(2026, 11, 21)
SHAPES = ("spread", "dense", "common")
DENSE_SKILLS = [f"common skill {i}" for i in range(10)]
DENSE_TOPICS = [f"common topic {i}" for i in range(40)]
FEW_TOPICS = [f"everyday topic {i}" for i in range(5)]


def topic_weights() -> list[float]:
    return [1.0 / (rank + 1) ** 0.9 for rank in range(len(TOPICS))]


def interests_of(rng: random.Random, shape: str, weights: list[float]) -> list[str]:
    if shape == "dense":
        return sorted(rng.sample(DENSE_TOPICS, rng.randint(1, 5)))
    if shape == "common":
        return sorted(rng.sample(FEW_TOPICS, rng.randint(1, 2)))
    return sorted(set(rng.choices(TOPICS, weights=weights, k=rng.randint(3, 8))))


def offers_and_needs(rng: random.Random, shape: str) -> tuple[list[str], list[str]]:
    if shape == "dense":
        offers = rng.sample(DENSE_SKILLS, rng.randint(1, 2)) if rng.random() < 0.3 else []
        return offers, [rng.choice(DENSE_SKILLS)] if rng.random() < 0.2 else []
    if shape == "common":
        return [], []
    offers = [rng.choice(OFFERS)] if rng.random() < 0.05 else []
    return offers, [rng.choice(OFFERS)] if rng.random() < 0.05 else []


def identities(name: str) -> list[str]:
    """An e-mail for everyone, a phone for a third; one in a thousand shares the e-mail of the person
    before them, as an import beside a hand-made note does (`duplicates` finds them). Drawn from the
    name, not the seeded generator, so the rest of the vault is as it was."""
    number = int(name.rsplit(" ", 1)[-1])
    found = [f"email: person{number - 1 if number % 1000 == 1 else number}@example.com"]
    if number % 3 == 0:
        found.append(f'phone: "+44 7700 9{number:05d}"')
    return found


def person_note(rng: random.Random, name: str, names: list[str], weights: list[float], shape: str = "spread") -> str:
    """A person as a large vault has them: everyone has interests and details, about a third have
    been in touch recently, a fifth set a cadence, and two in five keep a short log."""
    interests = interests_of(rng, shape, weights)
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
        *identities(name),
    ]
    offers, needs = offers_and_needs(rng, shape)
    if offers:
        lines.append(f"offers: [{', '.join(offers)}]")
    if needs:
        lines.append(f"needs: [{', '.join(needs)}]")
    if rng.random() < 0.01:
        lines.append("target: true")
    lines += ["---", f"# {name}", "", "Met at a conference; works on interesting things.", "", "## Log"]
    for _ in range(rng.randint(1, 4) if rng.random() < 0.4 else 0):
        day = START - timedelta(days=rng.randint(1, 700))
        tag = rng.choice(["", "", " #gave", " #got"])
        met = f" with [[{names[day.toordinal() % len(names)]}]]" if day.toordinal() % 7 == 0 else ""  # they have met
        lines.append(f"- {day} Coffee{met} and a long talk about {rng.choice(interests)}{tag}")
    return "\n".join(lines) + "\n"


def daily_note(rng: random.Random, day: date, names: list[str]) -> str:
    """Every fifth day's note is also a meeting of two (its `people` property): contact, and a pair met."""
    people = rng.sample(names, k=min(len(names), 3))
    meeting = f"---\npeople: ['[[{people[0]}]]', '[[{people[2]}]]']\n---\n" if day.toordinal() % 5 == 0 else ""
    return (
        f"{meeting}# {day}\n\n- Met [[{people[0]}]] for lunch\n- [ ] call [[{people[1]}]]\n"
        f"- [x] emailed [[{people[2]}|them]]\n\nSome thoughts about the day.\n"
    )


def generate(root: Path, people: int, daily: int, seed: int = 7, shape: str = "spread") -> Path:
    """Write the vault into root (which must not exist yet) and return it."""
    rng = random.Random(seed)
    weights = topic_weights()
    names = [f"Person {i:05d}" for i in range(people)]
    (root / "People").mkdir(parents=True)
    (root / "Daily").mkdir()
    for name in names:
        (root / "People" / f"{name}.md").write_text(person_note(rng, name, names, weights, shape))
    for offset in range(daily):
        day = START - timedelta(days=offset)
        (root / "Daily" / f"{day}.md").write_text(daily_note(rng, day, names))
    return root


def add_trips(root: Path, trips: int, seed: int = 11) -> Path:
    """Trip notes in kepano's layout, their starts spread over the year around START, each to one of
    the generated people's cities (or, one in ten, a region whose place note holds ten of them)."""
    rng = random.Random(seed)
    (root / "Trips").mkdir(exist_ok=True)
    (root / "Places").mkdir(exist_ok=True)
    for region in range(30):
        for city in range(region * 10 + 1, region * 10 + 11):
            (root / "Places" / f"City {city}.md").write_text(f'---\nloc: ["[[Region {region}]]"]\n---\n')
    for number in range(trips):
        start = START + timedelta(days=rng.randint(-180, 180))
        end = start + timedelta(days=rng.randint(0, 10))
        place = f"Region {rng.randrange(30)}" if rng.random() < 0.1 else f"City {rng.randint(1, 300)}"
        note = f'---\ncategories: ["[[Trips]]"]\nstart: {start}\nend: {end}\nloc: ["[[{place}]]"]\n---\n'
        (root / "Trips" / f"Trip {number:04d}.md").write_text(note)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--daily", type=int, default=1_000)
    parser.add_argument("--shape", choices=SHAPES, default="spread")
    args = parser.parse_args()
    generate(args.root, args.people, args.daily, shape=args.shape)


if __name__ == "__main__":
    main()
