"""The index kept between commands in a SQLite database (database; SPEC §7), and the builds that use it
to do no more than what changed (warm)."""
