"""Sort keys and name checks shared by every stage, so orders agree everywhere."""

from __future__ import annotations


def name_key(name: str) -> tuple[str, str]:
    """Order names case-insensitively, then exactly, so the order is total and stable."""
    return (name.casefold(), name)
