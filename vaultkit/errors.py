"""The one kind of error a command shows a person as it is: its message names the file, the line where
known, and what to do (exit code 2, SPEC §6). Every module's own errors of that kind derive from it,
so the command line maps them without importing the modules that raise them. What the system
refuses (a full disk, a read-only folder) is said for people by `refusal`."""

import errno


class UserError(Exception):
    """An error for people, not a bug: shown without a traceback (unless --debug)."""


class VaultError(UserError):
    """A problem with the vault as a whole (not one note): shown to the user, exit code 2."""


def refusal(error: OSError) -> str:
    """What the system refused, for a person: the file, the reason, and what to do."""
    where = error.filename or "a file"
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{where}: the disk is full; free some space and run the command again (nothing was lost)"
    return f"{where}: {error.strerror or error}; check that it exists and can be written"
