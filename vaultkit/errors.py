"""The one kind of error a command shows a person as it is: its message names the file, the line where
known, and what to do (exit code 2, SPEC §6). Every module's own errors of that kind derive from it,
so the command line maps them without importing the modules that raise them."""


class UserError(Exception):
    """An error for people, not a bug: shown without a traceback (unless --debug)."""


class VaultError(UserError):
    """A problem with the vault as a whole (not one note): shown to the user, exit code 2."""
