"""The people as a network: all notes → people, names and links (index; SPEC §2), and what is found
across them: introductions (intros, profiles; §4.4), paths to targets (paths; §4.6), `who` (§6)."""
