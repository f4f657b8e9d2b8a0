"""A question asked of the store reads only the people it can concern (the brief: those who share a
term with the person; `who`: those holding the words; `share NOTE`: those holding the note's terms;
`intro`: the two named): it answers as the same question asked of the whole network, every person
loaded (network/index.py's Index), does. The commands answer one way, from the store (answers.py);
this is the oracle that holds the store's narrowing to what the answers need."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import SAMPLE_VAULT

from vaultkit import questions
from vaultkit.answers import Answers, answers
from vaultkit.insights.brief import brief_of
from vaultkit.insights.clippings import Readers
from vaultkit.network.index import Index
from vaultkit.network.intros import suggest_intros
from vaultkit.network.who import who
from vaultkit.read.config import load_config
from vaultkit.vault import Vault

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import SHAPES, START, generate

QUERIES = ("film", "documentary", "mumbai", "Company 12", "topic 3", "common skill 1", "everyday topic 2", "lead")


def whole_network(root: Path, today: date) -> Index:
    vault = Vault(root, load_config(root))
    vault.load_all()
    vault.insights(today)
    return vault.index()


def store_answers(root: Path, today: date) -> Answers:
    return answers(root, today, cache=False)


def check_questions(root: Path, today: date) -> None:
    index = whole_network(root, today)
    config = load_config(root)
    found = store_answers(root, today)
    try:
        for person in sorted(index.people.values(), key=lambda p: p.name)[:60]:
            asked = questions.brief(found, person.name).to_json()
            assert asked == brief_of(index, config, person, today).to_json(), person.name
        for query in QUERIES:
            from_store = [item.to_json() for item in questions.who(found, query)]
            assert from_store == [item.to_json() for item in who(index, config, query)], query
        for clipping in index.clippings:
            from_store = [item.to_json() for item in questions.share(found, clipping.name)]
            whole = Readers(index).for_clipping(clipping, today, most=None)
            assert from_store == [item.to_json() for item in whole], clipping.path
        wide = config.with_limit("intros", 40)
        among_everyone = [intro.to_json() for intro in suggest_intros(index, wide, today)]
        assert [intro.to_json() for intro in questions.intros(found, 40)] == among_everyone
    finally:
        found.close()


def test_the_store_answers_every_brief_who_and_share_as_the_whole_network_on_the_sample_vault() -> None:
    check_questions(SAMPLE_VAULT, date(2026, 11, 21))


@pytest.mark.slow
@pytest.mark.parametrize("shape", SHAPES)
def test_the_store_answers_as_the_whole_network_on_a_generated_vault_of_each_shape(tmp_path: Path, shape: str) -> None:
    check_questions(generate(tmp_path / "vault", 300, 40, shape=shape), START)
