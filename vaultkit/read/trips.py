"""Trip notes and place notes (SPEC §1), as kepano's vault writes them: a trip is a note in a
`trip_categories` category (`categories: ["[[Trips]]"]`) or of `type: trip`, with a `start`, an
optional `end` and its places in `loc` or `location`; a place note is a note whose `loc` links the
places it lies in (`Kyoto.md` with `loc: ["[[Japan]]"]`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vaultkit.read.fields import FieldReader, link_text, links_of
from vaultkit.read.model import Trip
from vaultkit.read.names import fold

if TYPE_CHECKING:
    from vaultkit.read.config import Config

PLACE_KEYS = ("location", "loc")  # kepano's `loc` means `location` where the note sets none (SPEC §1)


def is_trip(front_matter: dict[str, Any], config: Config) -> bool:
    kind = front_matter.get("type")
    if isinstance(kind, str) and kind.strip().casefold() == "trip":
        return True
    if "categories" not in front_matter or not config.trip_categories:
        return False
    wanted = {fold(category) for category in config.trip_categories}
    return any(fold(category) in wanted for category in links_of(front_matter["categories"]))


def read_trip(name: str, reader: FieldReader) -> Trip | None:
    """The trip a trip note describes; None (and a problem) without a readable `start`, or when it
    ends before it starts."""
    start = reader.date("start")
    if start is None:
        if reader.value("start") is None:
            reader.problem("start", "a trip needs its first day; write it as `start: YYYY-MM-DD`")
        return None
    end = reader.date("end") or start
    if end < start:
        reader.problem("end", f"the trip ends ({end}) before it starts ({start}); correct one of them")
        return None
    return Trip(name, start, end, places_of(reader))


def places_of(reader: FieldReader) -> tuple[str, ...]:
    """A note's places as written, `location` else `loc`: text, a link (its shown text) or a list."""
    for key in PLACE_KEYS:
        if places := tuple(dict.fromkeys(place for text in reader.texts(key) if (place := link_text(text).strip()))):
            return places
    return ()


def inside_of(front_matter: dict[str, Any]) -> tuple[str, ...]:
    """The places a place note lies in: the targets its `loc` links."""
    value = front_matter.get("loc")
    return tuple(dict.fromkeys(links_of(value))) if value else ()
