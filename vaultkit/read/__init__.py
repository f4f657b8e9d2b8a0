"""Reading a vault: its settings (config), which files are notes (scan), and one note → a `Note` with
its person, log and problems (parse, fields, body; SPEC §1–§3). Nothing here sees two notes at once."""
