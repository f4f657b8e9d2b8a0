"""Every command's name, where it lives and its line in `vaultkit --help`, without importing click or
the command (SPEC §7: `--help` and `--version` start within 50 ms).

The commands live in `reading` (the lists, brief, who, share), `people` (people, duplicates,
merge), `writing` (log, intro, new, import, export, init), `driving` (build, check, watch, git's
merge drivers) and `assisting` (mcp); options and the loading of a vault shared by all in `common`.
"""

from __future__ import annotations

# name → (module in vaultkit.cli, function, its short help: `vaultkit --help` lists it without importing
# the command; each command's decorator says the same, tests/test_cli.py checks)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "balance": ("reading", "balance", "People whose #got outnumbers #gave."),
    "brief": ("reading", "brief", "Before you meet someone: all you know about them."),
    "build": ("driving", "build_command", "Index the vault and write the dashboard."),
    "check": ("driving", "check", "Report problems; exit 1 if any (pre-commit, CI)."),
    "duplicates": ("people", "duplicates", "Person notes that are probably one person."),
    "due": ("reading", "due", "Who is due a follow-up within the horizon."),
    "export": ("writing", "export_group", "Export to other tools (ics)."),
    "import": ("writing", "import_group", "Bring people and contact in from other tools."),
    "init": ("writing", "init_command", "Write vaultkit.yaml and the people folder; set up git."),
    "intro": ("writing", "intro_command", "Ask two people whether they would like to meet."),
    "intros": ("reading", "intros", "The best introductions, or those in flight."),
    "log": ("writing", "log_command", "Record an interaction in a person's Log."),
    "merge": ("people", "merge_command", "Fold one person's note into another's."),
    "merge-dashboard": ("driving", "merge_dashboard_command", "Git's merge driver for the dashboard."),
    "mcp": ("assisting", "mcp_command", "Serve the vault to an AI assistant (MCP, stdio)."),
    "merge-note": ("driving", "merge_note_command", "Git's merge driver for person notes."),
    "milestones": ("reading", "milestones", "Birthdays and milestones of the next milestone_days."),
    "new": ("writing", "new_command", "Create a person note from the template."),
    "news": ("reading", "news", "The #news lines of the last news_days, newest first."),
    "people": ("people", "people", "Every person, by name, with tie, cadence and next follow-up."),
    "paths": ("reading", "paths", "How to reach each target through people you know."),
    "promises": ("reading", "promises", "Promises past due, oldest first."),
    "revive": ("reading", "revive", "Dormant ties worth reviving."),
    "share": ("reading", "share", "Clippings worth sharing, and with whom."),
    "today": ("reading", "today", "Whom to reach out to today, and why."),
    "trips": ("reading", "trips", "Your coming trips, and whom to meet there."),
    "untracked": ("reading", "untracked", "People you mention in daily notes but do not track."),
    "watch": ("driving", "watch", "Build, then rebuild on every change until Ctrl-C."),
    "who": ("reading", "who", "Find people by interest, offer, need, company, role, place."),
}
HIDDEN = {"merge-dashboard", "merge-note"}  # git runs them; nobody types them


def help_line(name: str) -> str:
    """A command's one line in `vaultkit --help` (its decorator's `short_help`)."""
    return COMMANDS[name][2]


ROOT_HELP = """Keep in touch with the people in your Markdown vault.

\b
Example:
  vaultkit build ~/Notes
"""
# The group's own options, as click lists them
ROOT_OPTIONS = (
    ("--version", "Show the version and exit."),
    ("--debug", "Show tracebacks on errors."),
    ("--help", "Show this message and exit."),
)
