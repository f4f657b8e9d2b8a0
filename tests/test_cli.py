"""SPEC §6: commands, output and exit codes; no traceback unless --debug."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import person, run

from vaultkit import vault as vault_module

Make = Callable[[dict[str, str | bytes]], Path]


def test_build_prints_a_one_line_summary_and_exits_0_even_with_problems(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), "People/Bad.md": "---\ntie: [\n---\n"})
    result = run("build", root, "--today", "2026-11-21")
    assert result.exit_code == 0
    assert result.output == "Dashboard.md updated: 2 people, 1 due, 0 milestones, 0 intros, 0 paths, 1 problem\n"
    assert "People/Bad.md" in (root / "Dashboard.md").read_text()


def test_build_strict_exits_1_on_problems(vault: Make) -> None:
    root = vault({"People/Bad.md": "---\ntie: [\n---\n"})
    assert run("build", root, "--strict").exit_code == 1
    assert run("build", vault({"People/Bad.md": ""}), "--strict").exit_code == 0


def test_check_reports_path_line_message_and_exit_codes(vault: Make) -> None:
    root = vault(
        {
            "People/Ann.md": person(knows="['[[Nobody]]']"),
            "People/Bad.md": "---\ncadence: 2w\nlast_contact: 2024-02-30\n---\n",
        }
    )
    result = run("check", root)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert (
        lines[0]
        == "People/Ann.md:2: warning: `knows` links to `Nobody`, who has no note in the vault; check the spelling"
    )
    assert lines[1] == "People/Bad.md:3: `last_contact`: `2024-02-30` is not a real date; write it as `YYYY-MM-DD`"
    (root / "People/Bad.md").write_text("---\ncadence: 2w\n---\n")
    assert run("check", root).exit_code == 0  # a warning alone does not fail the check


def test_check_does_not_write_the_dashboard(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    run("check", root)
    assert not (root / "Dashboard.md").exists()


def test_missing_vault_and_bad_today_are_usage_errors(tmp_path: Path) -> None:
    missing = run("build", tmp_path / "nope")
    assert missing.exit_code == 2
    assert "no such vault folder" in missing.output
    bad_date = run("due", tmp_path, "--today", "2026-02-30")
    assert bad_date.exit_code == 2
    assert "YYYY-MM-DD" in bad_date.output


def test_today_comes_from_the_environment(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w", last_contact="2026-01-01")})
    from click.testing import CliRunner

    from vaultkit.cli.group import cli

    result = CliRunner().invoke(cli, ["due", str(root), "--json"], env={"VAULTKIT_TODAY": "2026-01-02"})
    assert json.loads(result.output)[0]["overdue"] is False


def test_internal_errors_have_no_traceback_unless_debug(vault: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({})

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(vault_module.Vault, "load_all", broken)
    result = run("build", root)
    assert result.exit_code == 2
    assert "internal error: RuntimeError: boom" in result.output
    assert "--debug" in result.output
    assert "Traceback" not in result.output
    with pytest.raises(RuntimeError):
        run("build", root, "--debug")


def test_console_script_runs_as_a_module(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w")})
    done = subprocess.run(
        [sys.executable, "-m", "vaultkit", "due", str(root), "--today", "2026-11-21"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("2026-11-21  Ann")


def test_due_prints_readable_lines(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w", last_contact="2026-11-01")})
    result = run("due", root, "--today", "2026-11-21")
    assert result.output == "2026-11-08 (overdue)  Ann  · every week · last 2026-11-01\n"


def test_a_dashboard_that_cannot_be_written_is_a_clear_error(vault: Make) -> None:
    root = vault({"People/Ann.md": person(cadence="1w"), "vaultkit.yaml": "dashboard: Locked/Dashboard.md\n"})
    (root / "Locked").write_text("a file where the folder should be")
    result = run("build", root, "--no-cache")
    assert result.exit_code == 2
    assert "Locked" in result.output and "check that it exists and can be written" in result.output
    assert "Traceback" not in result.output


def test_milestones_and_balance_list_what_the_dashboard_shows(tmp_path: Path) -> None:
    """`milestones` and `balance` print their whole lists, in the dashboard's order (SPEC §6)."""
    import json
    import shutil

    from conftest import SAMPLE_VAULT

    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    dashboard = (root / "Dashboard.md").read_text()
    marks = json.loads(run("milestones", root, "--today", "2026-11-21", "--json").output)
    shown = dashboard.split("## Upcoming milestones\n")[1].split("\n\n")[0].splitlines()
    assert len(marks) == len(shown)
    for mark, line in zip(marks, shown, strict=True):
        assert line.startswith(f"- {mark['date']} · [[{mark['name']}]] · {mark['label']}")
    assert marks[0]["gift_ideas"] == ["a Wisden almanack"] and marks[-1]["kind"] == "family"
    owed = json.loads(run("balance", root, "--today", "2026-11-21", "--json").output)
    assert [f"- [[{b['name']}]] — received {b['got']}, gave {b['gave']}" for b in owed] == (
        dashboard.split("## Give before you take\n")[1].split("\n\n")[0].splitlines()
    )


def test_each_bounded_section_names_the_command_that_lists_it_whole(tmp_path: Path) -> None:
    """With one line each, the dashboard shows the first of every list the commands print whole (SPEC §4, §6)."""
    import json
    import shutil

    from conftest import SAMPLE_VAULT

    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    limits = "max_due: 1\nmax_milestones: 1\nmax_news: 1\nmax_share: 1\nmax_paths: 1\nmax_balance: 1\n"
    with (root / "vaultkit.yaml").open("a") as config:
        config.write(limits)
    assert run("build", root, "--today", "2026-11-21", "--no-cache").exit_code == 0
    dashboard = (root / "Dashboard.md").read_text()
    for command, first in [
        ("due", lambda item: f"[[{item['name']}]] — due {item['due']}"),
        ("milestones", lambda item: f"· [[{item['name']}]] · {item['label']}"),
        ("news", lambda item: f"· [[{item['name']}]] · {item['text']}"),
        ("share", lambda item: f"[[{item['clipping']}]] → [[{item['person']}]]"),
        ("paths", lambda item: f"[[{item['target']}]]: [[{item['path'][0]}]]"),
        ("balance", lambda item: f"[[{item['name']}]] — received"),
    ]:
        listed = json.loads(run(command, "--vault", root, "--today", "2026-11-21", "--json").output)
        more = f"- …and {len(listed) - 1} more: vaultkit {command}\n"
        assert (first(listed[0]) in dashboard and more in dashboard) if len(listed) > 1 else more not in dashboard
    assert len(json.loads(run("news", root, "--today", "2026-11-21", "--json").output)) == 1  # shown, no line
    assert "more: vaultkit news" not in dashboard


def test_intros_limit_takes_more_or_fewer_of_the_same_ranking(tmp_path: Path) -> None:
    """`intros --limit N` (SPEC §6): the best N, the dashboard's max_intros extended or cut, never all pairs."""
    import json

    from conftest import SAMPLE_VAULT

    def pairs(*limit: str) -> list[tuple[str, str]]:
        out = run("intros", SAMPLE_VAULT, "--today", "2026-11-21", "--json", "--no-cache", *limit).output
        return [(item["a"], item["b"]) for item in json.loads(out)]

    default = pairs()
    assert len(default) == 10 and pairs("--limit", "3") == default[:3]
    more = pairs("--limit", "12")
    assert len(more) == 12 and more[:10] == default
    assert run("intros", SAMPLE_VAULT, "--limit", "-1").exit_code == 2


def test_import_help_names_every_importer() -> None:
    shown = run("import", "--help").output
    assert all(kind in shown for kind in ("linkedin", "vcard", "ics", "calendar"))


# Starting fast (SPEC §7): `--help` and `--version` import no command and not click; every command is
# loaded only when it runs, and lists in `--help` what its own decorator says.


def test_help_and_version_are_clicks_own_text_without_importing_click() -> None:
    from vaultkit.cli.group import cli as group

    code = (
        "import sys; from vaultkit.cli import main; sys.argv = ['vaultkit', sys.argv[1]]; main.main();"
        " sys.stderr.write(' '.join(m for m in ('click', 'vaultkit.cli.group', 'vaultkit.build') if m in sys.modules))"
    )
    for flag in ("--help", "--version"):
        fast = subprocess.run(
            [sys.executable, "-c", code, flag], capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"}
        )
        assert fast.returncode == 0 and fast.stderr == ""  # nothing of click or of a command was imported
        assert fast.stdout == run_group(group, flag)


def run_group(group: click.Group, flag: str) -> str:
    result = CliRunner().invoke(group, [flag], prog_name="vaultkit", terminal_width=80)
    assert result.exit_code == 0
    return result.output


def test_every_command_is_listed_with_its_own_short_help_and_loads_when_run() -> None:
    from vaultkit.cli.commands import COMMANDS, HIDDEN
    from vaultkit.cli.group import cli as group

    context = click.Context(group)
    for name, (_, _, line) in COMMANDS.items():
        command = group.get_command(context, name)
        assert command is not None and command.short_help == line, name
        assert len(line) <= 60 and (command.hidden == (name in HIDDEN))
        assert CliRunner().invoke(group, [name, "--help"]).exit_code == 0
    assert set(COMMANDS) == set(group.list_commands(context))


def test_balance_with_nothing_to_list_says_you_owe_nobody(tmp_path: Path) -> None:
    """`balance` lists the people who gave you more than you gave them: empty, you owe nobody."""
    root = tmp_path / "vault"
    (root / "People").mkdir(parents=True)
    (root / "People/Ann Lee.md").write_text("---\n---\n## Log\n- 2026-11-01 Sent the deck #gave\n")
    result = run("balance", root, "--today", "2026-11-21")
    assert (result.exit_code, result.output) == (0, "You owe nobody a favour back.\n")
