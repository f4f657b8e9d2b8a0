"""Read contacts from other tools: LinkedIn's Connections export and vCard files.

Both give the same plain Contact records; `importer` decides which are new. A file that is not what it
claims is an ImportFailure before anything is created.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING

from vaultkit.exchange.exports import ImportFailure, looks_like, open_export, wrong_kind
from vaultkit.network.identity import Record, linkedin_key
from vaultkit.read.dates import parse_yearly

if TYPE_CHECKING:
    import vobject


@dataclass(frozen=True)
class Contact:
    """One person from an export, with what vaultkit keeps of them."""

    name: str
    fields: dict[str, object] = field(default_factory=dict)
    body: str = ""

    def texts(self, key: str) -> tuple[str, ...]:
        """A field as a list of text (`email` and `phone` may hold several)."""
        value = self.fields.get(key)
        items = value if isinstance(value, list) else [value] if value else []
        return tuple(str(item) for item in items if item)

    def record(self) -> Record:
        """The contact as the identity rules match it (SPEC §8)."""
        return Record(self.name, self.texts("email"), self.texts("url"), self.texts("phone"))

    def details(self) -> dict[str, str]:
        """Its e-mail addresses, numbers and URL as a note's details would hold them."""
        return {key: ", ".join(self.texts(key)) for key in ("email", "phone", "url") if self.texts(key)}


@dataclass
class Contacts:
    found: list[Contact]
    nameless: int = 0
    nameless_at: list[str] = field(default_factory=list)  # where each record without a name is, and what it holds
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (where it is, why)
    news: bool = False  # whether a changed company or position is news about someone already there


def collapse(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# What exports write where a value is missing: not a company called "N/A".
PLACEHOLDERS = frozenset({"n/a", "na", "n.a.", "-", "--", "—", "none", "null", "nil", "unknown", "?", "tbd", "."})


def kept(value: str | None) -> str | None:
    """A detail as an export gives it, or None for a placeholder."""
    return value if value and value.strip().casefold() not in PLACEHOLDERS else None


# LinkedIn


LINKEDIN_COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "email": "email",
    "e-mail address": "email",  # the Outlook-style CSV LinkedIn offered before 2017
    "company": "company",
    "position": "role",
    "job title": "role",
    "connected on": "connected",
}
TIMED = re.compile(r"^[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4},")  # `1/8/18, 6:14 PM`: a date, then a time
EMAIL = re.compile(r"^[^\s@<>,;:]+@[^\s@<>,;:]+\.[^\s@<>,;:]+$")  # an address, not `urn:li:member:664293716`
CONNECTION_FORMATS = ("%d %b %Y", "%d %b %y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y")


MAX_EXPORT = 64 * 1024 * 1024  # a contacts export of 50,000 people is a few MB


def at_most(stream: IO[bytes], what: str, most: int = MAX_EXPORT, kind: str = "a contacts export") -> bytes:
    """A stream's bytes, read no further than `most`; ImportFailure when there are more."""
    data = stream.read(most + 1)
    if len(data) > most:
        raise ImportFailure(f"{what} is larger than {most >> 20} MB, so not {kind}")
    return data


def read_limited(path: Path) -> bytes:
    """The file's bytes; ImportFailure when it is larger than any contacts export."""
    with open_export(path) as file:
        return at_most(file, str(path))


def _zip_member(path: Path, archive: zipfile.ZipFile) -> bytes:
    """LinkedIn's Connections.csv from the export's ZIP, read as a stream with a size limit."""
    names = [n for n in archive.namelist() if n.rsplit("/", 1)[-1].lower() == "connections.csv"]
    if not names:
        raise ImportFailure(f"{path}: the archive has no Connections.csv; is it LinkedIn's data export?")
    with archive.open(sorted(names)[0]) as member:
        return at_most(member, f"{path}: its Connections.csv")


def _linkedin_text(path: Path) -> str:
    data = read_limited(path)
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = _zip_member(path, archive)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
            raise ImportFailure(f"{path}: a damaged ZIP file; download the export again") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailure(f"{path}: not UTF-8 text, so not LinkedIn's Connections.csv") from None


def connected_on(text: str) -> date | None:
    """`05 Jan 2023`, `05 Jan 23`, `2026-11-15` and the older `1/8/18, 6:14 PM` (month first, with a
    time, which is left) that LinkedIn has written over the years."""
    text = text.strip()
    if TIMED.match(text):
        text = text.split(",", 1)[0]
    for form in CONNECTION_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _rows(rows: Iterator[list[str]], result: Contacts) -> Iterator[list[str]]:
    """Each row; one the CSV reader cannot read (a cell past its 128 KB limit) is skipped and named."""
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error:
            where = f"line {getattr(rows, 'line_num', '?')}"
            result.unreadable.append((where, "cannot be read: a cell longer than any LinkedIn export's (128 KB)"))
            continue
        yield row


def _email(text: str | None) -> str | None:
    """An address, or None: older exports write `urn:li:member:…` where a person shared none."""
    text = kept(text)
    return text if text and EMAIL.match(text.strip()) else None


def _header(rows: Iterator[list[str]]) -> dict[int, str]:
    """Skip LinkedIn's `Notes:` preamble: the header is the first row naming first and last name."""
    for row in rows:
        columns = {i: LINKEDIN_COLUMNS.get(cell.strip().lower(), "") for i, cell in enumerate(row)}
        if {"first", "last"} <= set(columns.values()):
            return columns
    raise ImportFailure("no header row with 'First Name' and 'Last Name'")


def read_linkedin(path: Path) -> Contacts:
    """Connections from `Connections.csv` or the export's ZIP."""
    rows = csv.reader(io.StringIO(_linkedin_text(path)))
    try:
        columns = _header(rows)
    except ImportFailure as failure:
        what, reader = looks_like(read_limited(path)[:4096])
        told = f"; it looks like {what}: {reader} reads it" if reader else ""
        raise ImportFailure(f"{path}: {failure}{told}; export it from LinkedIn (Settings → Data privacy)") from None
    result = Contacts([], news=True)
    for row in _rows(rows, result):
        if not any(cell.strip() for cell in row):
            continue  # a blank line is no row
        cells = {key: collapse(row[i]) for i, key in columns.items() if key and i < len(row)}
        name = collapse(f"{cells.get('first', '')} {cells.get('last', '')}")
        if not name:
            result.nameless += 1
            held = cells.get("url") or cells.get("email") or cells.get("company")
            result.nameless_at.append(f"line {rows.line_num}" + (f" ({held})" if held else ""))
            continue
        when = connected_on(cells.get("connected", ""))
        fields: dict[str, object] = {
            "company": kept(cells.get("company")),
            "role": kept(cells.get("role")),
            "email": _email(cells.get("email")),  # empty: the person did not share it
            "url": kept(cells.get("url")),
            "connected": when.isoformat() if when else None,  # a connection date is not a contact
        }
        result.found.append(Contact(name, {k: v for k, v in fields.items() if v}))
    return result


# vCard


def _all(card: vobject.base.Component, key: str) -> list[str]:
    """Every value of a property, in the card's order, each once."""
    found = []
    for line in card.contents.get(key, []):
        text = _flat(line.value)
        if text.strip():
            found.append(collapse(text))
    return list(dict.fromkeys(found))


def _flat(value: object) -> str:
    """A value as text: vobject gives a list (of lists, where vCard 2.1 left a comma unescaped)."""
    if isinstance(value, list):
        return ", ".join(text for part in value if (text := _flat(part).strip()))
    return str(value)


def _company(card: vobject.base.Component) -> str | None:
    """`ORG`'s first component (`ORG:Doctolib;Engineering` is Doctolib, SPEC §8); vCard 2.1 writes a
    comma unescaped (`ORG:Company, The;Dept`, Outlook 2003), which vobject splits: it is one name."""
    for line in card.contents.get("org", []):
        value = line.value
        text = _flat(value[0] if isinstance(value, list) and value else value)
        if text.strip():
            return collapse(text)
    return None


def _first(card: vobject.base.Component, key: str) -> str | None:
    values = _all(card, key)
    return values[0] if values else None


def _one_or_list(values: list[str]) -> str | list[str] | None:
    """`email:` and `phone:` are one text, or a list when the card has several (SPEC §8)."""
    return None if not values else values[0] if len(values) == 1 else values


def _url(text: str | None) -> str | None:
    """Google Contacts escapes a URL's `:` as text (`https\\://…`), which vobject leaves as it is."""
    text = kept(text)
    return re.sub(r"\\([:;,\\])", r"\1", text) if text else None


def _urls(card: vobject.base.Component) -> list[str]:
    """The card's first `URL`, and the LinkedIn profile iOS and macOS keep as `X-SOCIALPROFILE`
    (`X-SOCIALPROFILE;type=linkedin:http://www.linkedin.com/in/raj`): an identity later imports match."""
    found = [url] if (url := _url(_first(card, "url"))) else []
    social = [url for value in _all(card, "x-socialprofile") if (url := _url(value)) and linkedin_key(url)]
    return list(dict.fromkeys([*found, *social[:1]]))


def _locality(card: vobject.base.Component) -> str | None:
    """The city of the card's first address that has one (`ADR`'s locality)."""
    for line in card.contents.get("adr", []):
        city = getattr(line.value, "city", "")
        city = ", ".join(city) if isinstance(city, list) else str(city or "")
        if kept(city.strip()):
            return collapse(city)
    return None


def _vcard_name(card: vobject.base.Component) -> str:
    if name := _first(card, "fn"):
        return name
    for line in card.contents.get("n", []):
        parts = [line.value.prefix, line.value.given, line.value.additional, line.value.family, line.value.suffix]
        joined = " ".join(" ".join(p) if isinstance(p, list) else p for p in parts if p)
        if joined.strip():
            return collapse(joined)
    return ""


def _phone(text: str | None) -> str | None:
    """vCard 4.0 writes `TEL;VALUE=uri:tel:+385…`: the number is what follows `tel:`."""
    text = kept(text)
    return text[4:].strip() if text and text.lower().startswith("tel:") else text


def _birthday(text: str | None) -> str | None:
    if not text:
        return None
    compact = text.strip().split("T")[0]
    if re.fullmatch(r"[0-9]{8}", compact):
        compact = f"{compact[:4]}-{compact[4:6]}-{compact[6:]}"
    elif re.fullmatch(r"--[0-9]{4}", compact):
        compact = f"{compact[2:4]}-{compact[4:]}"
    parsed = parse_yearly(compact)
    return parsed.text() if parsed else None


def vcard_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without a byte-order mark), UTF-16 where a byte-order mark says
    so (Windows' address book), and Windows-1252 for a vCard 2.1 file that is not UTF-8 (Outlook 2003
    writes its own code page). Every line end (`CRLF`, `LF`, `CR`, iOS 5's `CR CR LF`) becomes `LF`."""
    data = read_limited(path)
    try:
        text = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")
    except UnicodeDecodeError:
        if not re.search(rb"^VERSION:2\.1\s*$", data, re.IGNORECASE | re.MULTILINE):
            raise ImportFailure(f"{path}: not UTF-8 text; export the vCards as UTF-8") from None
        text = QP_HEAD.sub(r"\1;CHARSET=windows-1252:", data.decode("cp1252", errors="replace"))
    return lines_ended_alike(text)


def lines_ended_alike(text: str) -> str:
    """Every line end as `LF`: a run of `CR`s before an `LF` is one line end (iOS 5's `CR CR LF`), any
    other `CR` is one. Split, not a regular expression: `\r*\n|\r` scans a run of `CR`s again from each
    of its positions."""
    pieces = text.split("\n")
    ended = [piece.rstrip("\r").replace("\r", "\n") for piece in pieces[:-1]]
    return "\n".join([*ended, pieces[-1].replace("\r", "\n")])


# A quoted-printable property that names no charset: in a Windows-1252 file, its bytes are that too
QP_HEAD = re.compile(r"^(?![^:\r\n]*CHARSET)([^:\r\n]*;(?:ENCODING=)?QUOTED-PRINTABLE[^:\r\n]*):", re.I | re.M)


def read_vcards(path: Path) -> Contacts:
    """Every card of a vCard file (2.1, 3.0 and 4.0, several cards per file)."""
    text = vcard_text(path)
    if "BEGIN:VCARD" not in text.upper():
        raise wrong_kind(path, read_limited(path)[:4096], "a vCard file (no BEGIN:VCARD in it)")
    result = Contacts([])
    for number, (line, card_text) in enumerate(_card_texts(text), start=1):
        try:
            contact = _contact(card_text)
        except Exception as error:  # vobject raises many kinds on malformed input: this card only
            result.unreadable.append((f"card {number} (line {line})", _in_words(error)))
            continue
        if contact is None:
            result.nameless += 1
            result.nameless_at.append(f"card {number} (line {line})" + _what_else(card_text))
        else:
            result.found.append(contact)
    return result


CARD = re.compile(r"^BEGIN:VCARD[ \t]*$.*?^END:VCARD[ \t]*$", re.IGNORECASE | re.MULTILINE | re.DOTALL)
# What vaultkit keeps of a card; every other property (PHOTO, LOGO, SOUND, KEY, PROFILE, X-…) is left
# before the card is parsed, so a photo that cannot be decoded, or a `PROFILE:VCard`, costs nothing
KEPT = frozenset(
    {
        "BEGIN",
        "END",
        "VERSION",
        "N",
        "FN",
        "ORG",
        "TITLE",
        "EMAIL",
        "TEL",
        "URL",
        "ADR",
        "BDAY",
        "NOTE",
        "X-SOCIALPROFILE",
    }
)
PROPERTY = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")


def _card_texts(text: str) -> list[tuple[int, str]]:
    """Each card's text with its first line: cards are read one by one, so one bad card is skipped alone."""
    return [(text.count("\n", 0, match.start()) + 1, match[0]) for match in CARD.finditer(text)]


def _in_words(error: Exception) -> str:
    """Why a card was skipped: vobject's own account of what it could not parse, which names the
    property; never a Python message from deeper down (`sequence item 0: expected str instance`)."""
    import vobject

    if isinstance(error, vobject.base.VObjectError):
        return f"cannot be read ({re.sub(r'^At line [0-9]+: ', '', str(error))})"  # vobject counts from the card
    return "cannot be read: a property of it is not valid vCard"


def _properties(card_text: str) -> list[str]:
    """The card's properties that vaultkit keeps, each as its lines: a folded line (one that starts
    with a space or a tab) stays with its property; a quoted-printable value's soft line breaks (a
    line ending in `=`, vCard 2.1) are joined, which vobject does not do."""
    found: list[str] = []
    for line in card_text.split("\n"):
        if found and found[-1].endswith("=") and "QUOTED-PRINTABLE" in found[-1].split(":", 1)[0].upper():
            folded = line[:1] in (" ", "\t")  # a soft break that a writer also folded (`=` then ` =D0…`)
            found[-1] = found[-1][:-1] + (line[1:] if folded else line)
        elif found and line[:1] in (" ", "\t"):
            found[-1] += "\n" + line
        elif line.strip():
            found.append(line)
    kept_ones = [prop for prop in found if (name := PROPERTY.match(prop)) and name[1].upper() in KEPT]
    return [_one_text(prop) if PROPERTY.match(prop)[1].upper() in ONE_TEXT else prop for prop in kept_ones]  # type: ignore[index]


ONE_TEXT = frozenset({"FN", "NOTE", "TITLE"})  # one text each, where a comma is the text's own


def _one_text(prop: str) -> str:
    """A property of one text with its commas escaped: vCard 2.1 (and many a 3.0 writer) leaves them
    bare, and vobject would keep only what comes before the first (`NOTE:one, two` is `one`)."""
    head, colon, value = prop.partition(":")
    return head + colon + re.sub(r"(?<!\\),", r"\\,", value)


def _what_else(card_text: str) -> str:
    """What a card without a name holds, to name it in the report (`nobody@example.com`)."""
    import vobject

    try:
        card = vobject.readOne(_parseable(card_text), ignoreUnreadable=True)
    except Exception:
        return ""
    held = [*_all(card, "email"), *_all(card, "tel"), *_all(card, "org")]
    return f" ({held[0]})" if held else ""


def _parseable(card_text: str) -> str:
    """The card with only the properties vaultkit keeps; one of them that vobject cannot read alone
    is left too (it costs that property, never the card)."""
    import vobject

    properties = _properties(card_text)
    whole = "\r\n".join(properties) + "\r\n"
    try:
        vobject.readOne(whole, ignoreUnreadable=True)
        return whole
    except Exception:
        pass
    head = [p for p in properties if PROPERTY.match(p)[1].upper() in ("BEGIN", "VERSION")]  # type: ignore[index]
    readable = []
    for prop in properties:
        if prop in head or PROPERTY.match(prop)[1].upper() == "END":  # type: ignore[index]
            continue
        try:
            vobject.readOne("\r\n".join([*head, prop, "END:VCARD"]) + "\r\n", ignoreUnreadable=True)
        except Exception:
            continue
        readable.append(prop)
    return "\r\n".join([*head, *readable, "END:VCARD"]) + "\r\n"


def _contact(card_text: str) -> Contact | None:
    """One card as a Contact; None when it has no name."""
    import vobject  # here: only a vCard import needs it, and every command imports this module

    card = vobject.readOne(_parseable(card_text), ignoreUnreadable=True)
    name = _vcard_name(card)
    if not name:
        return None
    fields: dict[str, object] = {
        "company": kept(_company(card)),
        "role": kept(_first(card, "title")),
        "email": _one_or_list([email for value in _all(card, "email") if (email := kept(value))]),
        "phone": _one_or_list([phone for value in _all(card, "tel") if (phone := _phone(value))]),
        "url": _one_or_list(_urls(card)),
        "location": _locality(card),
        "birthday": _birthday(_first(card, "bday")),
    }
    note = "\n".join(str(line.value).strip() for line in card.contents.get("note", []) if str(line.value).strip())
    return Contact(name, {k: v for k, v in fields.items() if v}, note)
