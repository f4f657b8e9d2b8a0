"""SPEC §1 configuration: defaults, validation of every key, all errors at once (exit 2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

from vaultkit.read.config import SECTION_LIMITS, Config, ConfigError, parse_config

Make = Callable[[dict[str, str | bytes]], Path]


def test_empty_or_missing_config_gives_every_default(vault: Make) -> None:
    assert parse_config("") == Config()
    assert parse_config("# only a comment\n") == Config()
    config = Config()
    assert config.people_dirs == ("People",)
    assert config.default_cadence == {"strong": "1m", "loose": "3m"}
    assert (config.horizon_days, config.milestone_days, config.limit("intros")) == (7, 14, 10)
    root = vault({})
    assert run("build", root, "--today", "2026-11-21").exit_code == 0


def test_every_key_is_read() -> None:
    config = parse_config(
        "people_dirs: [Contacts, Work/People]\ndashboard: Home/Dash.md\nignore: [Templates]\n"
        "default_tie: strong\ndefault_cadence: {strong: 2w}\nhorizon_days: 3\nmilestone_days: 30\n"
        "daily_notes_count: false\nsynonyms: {ML: Machine-Learning}\ninterest_tag_prefix: topic/\nmax_intros: 4\n"
    )
    assert config == Config(
        people_dirs=("Contacts", "Work/People"),
        dashboard="Home/Dash.md",
        ignore=("Templates",),
        default_tie="strong",
        default_cadence={"strong": "2w", "loose": "3m"},
        horizon_days=3,
        milestone_days=30,
        daily_notes_count=False,
        synonyms={"ml": "machine learning"},
        interest_tag_prefix="topic/",
    ).with_limit("intros", 4)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("horizon: 3", "unknown key 'horizon'"),
        ("horizon_days: soon", "'horizon_days': expected a whole number"),
        ("horizon_days: -1", "'horizon_days'"),
        ("max_intros: true", "'max_intros'"),
        ("default_tie: close", "'default_tie': expected strong or loose"),
        ("default_cadence: {strong: often}", "'default_cadence.strong'"),
        ("default_cadence: {weak: 1m}", "'default_cadence'"),
        ("dashboard: ../outside.md", "'dashboard': expected a path inside the vault"),
        ("dashboard: Dash.txt", "'dashboard': expected a note path ending in .md"),
        ("people_dirs: /abs", "'people_dirs'"),
        ("daily_notes_count: sometimes", "'daily_notes_count'"),
        ("synonyms: [a, b]", "'synonyms'"),
    ],
)
def test_bad_values_name_the_key(text: str, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert any(fragment in message for message in caught.value.messages), caught.value.messages


def test_an_unknown_key_suggests_the_nearest_known_one() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("max_todya: 3\n")
    assert caught.value.messages[0].startswith("unknown key 'max_todya'; did you mean max_today? The keys are: ")
    with pytest.raises(ConfigError) as caught:
        parse_config("colour: blue\n")
    assert "did you mean" not in caught.value.messages[0] and "; the keys are: people_dirs" in caught.value.messages[0]


def test_all_errors_are_reported_at_once_with_exit_2(vault: Make) -> None:
    root = vault({"vaultkit.yaml": "horizon_days: x\nmax_intros: y\ncolour: blue\n"})
    result = run("build", root)
    assert result.exit_code == 2
    assert "vaultkit.yaml: Config value 'horizon_days'" in result.output
    assert "'max_intros'" in result.output
    assert "unknown key 'colour'" in result.output
    assert "Traceback" not in result.output
    assert not (root / "Dashboard.md").exists()


def test_broken_config_yaml_names_the_line(vault: Make) -> None:
    root = vault({"vaultkit.yaml": "horizon_days: 3\nignore: [a\n"})
    result = run("check", root)
    assert result.exit_code == 2
    assert "vaultkit.yaml:3" in result.output


@pytest.mark.parametrize("key", list(SECTION_LIMITS))
def test_each_section_limit_is_a_count_with_the_spec_default(key: str) -> None:
    spec = {"max_due": 25, "max_milestones": 25, "max_paths": 15, "max_balance": 10, "max_share": 10, "max_news": 10}
    spec |= {"max_problems": 50, "max_today": 5, "max_revive": 5, "max_untracked": 5}
    spec |= {"max_promises": 10, "max_inflight": 10, "max_intros": 10}
    section = SECTION_LIMITS[key]
    assert Config().limit(section) == spec[key]  # SPEC §1
    assert parse_config(f"{key}: 0\n").limit(section) == 0
    for bad in ("-1", "many", "true", "10001"):
        with pytest.raises(ConfigError, match=f"'{key}'"):
            parse_config(f"{key}: {bad}\n")


def test_a_config_read_before_is_kept_parsed_and_a_changed_one_is_parsed_again(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A command reads vaultkit.yaml every time; the same text, parsed before, is taken from the cache
    folder without loading a YAML parser (SPEC §7: start fast). Edited, it is parsed again."""
    from vaultkit.read import config as config_module

    (tmp_path / "vaultkit.yaml").write_text("horizon_days: 9\n")
    assert config_module.load_config(tmp_path).horizon_days == 9
    assert list((private_cache / "config").iterdir())  # kept in the cache folder, not in the vault
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vaultkit.yaml"]

    def no_parsing(text: str, path: str = "") -> Config:
        raise AssertionError("parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(config_module, "parse_config", no_parsing)
        assert config_module.load_config(tmp_path).horizon_days == 9
    (tmp_path / "vaultkit.yaml").write_text("horizon_days: 8\n")
    assert config_module.load_config(tmp_path).horizon_days == 8


@pytest.mark.parametrize("kept", [b"{not json", b'{"version": "0.0.1", "text": "horizon_days: 9\\n", "config": {}}'])
def test_a_damaged_or_older_kept_config_is_parsed_again(tmp_path: Path, private_cache: Path, kept: bytes) -> None:
    from vaultkit.read.config import load_config
    from vaultkit.userdirs import vault_key

    (tmp_path / "vaultkit.yaml").write_text("horizon_days: 9\n")
    (private_cache / "config").mkdir()
    (private_cache / "config" / f"{vault_key(tmp_path)}.json").write_bytes(kept)
    assert load_config(tmp_path).horizon_days == 9


def test_an_invalid_config_is_never_kept(tmp_path: Path, private_cache: Path) -> None:
    from vaultkit.read.config import load_config

    (tmp_path / "vaultkit.yaml").write_text("horizon_days: soon\n")
    for _ in range(2):
        with pytest.raises(ConfigError):
            load_config(tmp_path)
    assert not (private_cache / "config").exists() or not list((private_cache / "config").iterdir())
