"""Writing to the vault without losing a byte (write; SPEC §5): log lines (edit), new notes (create),
the vault lock, git's merge drivers, `vaultkit init`."""
