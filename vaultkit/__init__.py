"""vaultkit: keep in touch with the people in a Markdown vault."""

__version__ = "0.2.0"
