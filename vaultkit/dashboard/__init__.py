"""The dashboard as a file: rendering it from a template (render, markdown, isolated; SPEC §4, §5),
knowing it is ours (file), and reading its ticked boxes (ticks)."""
