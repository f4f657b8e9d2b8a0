"""Worth sharing (SPEC §4.5): clippings matched to people, the dashboard section and its ticks, and
`vaultkit share NOTE`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import person, run

Make = Callable[[dict[str, str | bytes]], Path]
TODAY = "2026-11-21"


def clipping(created: str, tags: str, kind: str = "") -> str:
    return f"---\n{kind}created: {created}\ntags: {tags}\n---\nAn article.\n"


def vault_of(vault: Make, **extra: str) -> Path:
    notes: dict[str, str | bytes] = {
        "Clippings/Rust in Production.md": clipping("2026-11-18", "[clippings, rust, falconry]"),
        "People/Sam Okafor.md": person(interests="[Rust, film]") + "## Log\n- 2026-11-02 Talked about rust at lunch\n",
        "People/Ann.md": person(interests="[rust, falconry]"),
        "People/Bo.md": person(needs="[rust]"),
        "People/Cy.md": person(interests="[rust]"),
        "People/Dee.md": person(interests="[rust]") + "## Log\n- 2026-11-19 Sent [[Rust in Production]] #gave\n",
        "People/Eve.md": person(interests="[film]"),
    }
    notes.update(extra)
    return vault(notes)


def test_the_dashboard_lists_three_people_per_clipping_best_first(vault: Make) -> None:
    root = vault_of(vault)
    assert run("build", root, "--today", TODAY).exit_code == 0
    text = (root / "Dashboard.md").read_text()
    section = text[text.index("## Worth sharing") :].split("\n\n")[0].splitlines()[1:]
    assert section == [
        # two shared terms weigh most; Rust as Sam writes it
        "- [ ] [[Rust in Production]] → [[Ann]] — into falconry, Rust",
        "- [ ] [[Rust in Production]] → [[Sam Okafor]] — into Rust; talked about Rust on 2026-11-02",
        "- [ ] [[Rust in Production]] → [[Bo]] — needs Rust",
    ]  # Bo before Cy by name; Dee already has it; Eve shares nothing


def test_a_ticked_line_records_that_it_was_sent(vault: Make) -> None:
    root = vault_of(vault)
    run("build", root, "--today", TODAY)
    dashboard = root / "Dashboard.md"
    dashboard.write_text(
        dashboard.read_text().replace("- [ ] [[Rust in Production]] → [[Bo]]", "- [x] [[Rust in Production]] → [[Bo]]")
    )
    result = run("build", root, "--today", TODAY)
    assert "recorded ticked boxes in 1 note" in result.output
    assert (root / "People/Bo.md").read_text().endswith("## Log\n- 2026-11-21 Sent [[Rust in Production]] #gave\n")
    assert "→ [[Bo]]" not in dashboard.read_text()  # sent: never suggested again; Cy takes the place
    assert "- [ ] [[Rust in Production]] → [[Cy]] — into Rust" in dashboard.read_text()


def test_only_clippings_of_the_last_share_days_are_suggested(vault: Make) -> None:
    old = {"Clippings/Old news.md": clipping("2026-10-01", "[film]")}
    root = vault_of(vault, **old)
    run("build", root, "--today", TODAY)
    assert "Old news" not in (root / "Dashboard.md").read_text()
    (root / "vaultkit.yaml").write_text("share_days: 60\n")
    run("build", root, "--today", TODAY)
    assert "- [ ] [[Old news]] → [[Eve]] — into film" in (root / "Dashboard.md").read_text()


def test_an_article_anywhere_and_a_date_from_the_file_name(vault: Make) -> None:
    notes = {
        "Reading/2026-11-20 Hawks.md": "---\ntype: article\ntopics: [Falconry]\n---\n",
        "Reading/Undated.md": "---\ntype: clipping\ntags: [film]\n---\n",
    }
    root = vault_of(vault, **notes)
    run("build", root, "--today", TODAY)
    text = (root / "Dashboard.md").read_text()
    assert "- [ ] [[2026-11-20 Hawks]] → [[Ann]] — into Falconry" in text
    assert "Undated" not in text  # no date: not suggested on the dashboard
    found = json.loads(run("share", "Undated", "--vault", root, "--today", TODAY, "--json").output)
    assert [item["person"] for item in found] == ["Eve", "Sam Okafor"]


def test_share_lists_everyone_with_json(vault: Make) -> None:
    root = vault_of(vault)
    found = json.loads(
        run("share", "Clippings/Rust in Production.md", "--vault", root, "--today", TODAY, "--json").output
    )
    assert [item["person"] for item in found] == ["Ann", "Sam Okafor", "Bo", "Cy"]
    assert found[1] == {
        "clipping": "Rust in Production",
        "person": "Sam Okafor",
        "terms": ["rust"],
        "recent": "2026-11-02",
        "reason": "into Rust; talked about Rust on 2026-11-02",
    }
    plain = run("share", "rust in production", "--vault", root, "--today", TODAY)
    assert plain.output.splitlines()[0] == "Ann: into falconry, Rust"
    missing = run("share", "Nothing", "--vault", root)
    assert missing.exit_code == 2 and "no note named 'Nothing'" in missing.output


def test_a_clipping_named_like_a_daily_note_is_no_daily_note(vault: Make) -> None:
    """A clipping saved as `2026-11-20.md` links Eve in its body: that is no contact with her."""
    clipped = clipping("2026-11-20", "[film]") + "Quoted by [[Eve]].\n"
    root = vault_of(vault, **{"Clippings/2026-11-20.md": clipped})
    found = json.loads(run("brief", "Eve", "--vault", root, "--today", TODAY, "--json").output)
    assert found["last_contact"] is None
    assert [item["clipping"] for item in found["share"]] == ["2026-11-20"]
