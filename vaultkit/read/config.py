"""`vaultkit.yaml`: every key has a default; every error is collected and reported at once."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePosixPath
from typing import Any

from vaultkit import __version__
from vaultkit.errors import UserError
from vaultkit.read.dates import parse_cadence
from vaultkit.read.obsidian import daily_note_formats
from vaultkit.read.paths import is_inside
from vaultkit.read.terms import normalise
from vaultkit.sections import DEFAULT_LIMITS, SECTIONS
from vaultkit.userdirs import cache_dir, vault_key

CONFIG_NAME = "vaultkit.yaml"
TIES = ("strong", "loose")
MAX_DAYS = 3660  # horizons of about ten years at most
MAX_LINES = 10_000  # lines listed per section


class ConfigError(UserError):
    """The config cannot be used; `messages` lists every reason, each naming the key."""

    def __init__(self, path: str, messages: list[str]) -> None:
        self.path = path
        self.messages = messages
        super().__init__("\n".join(f"{path}: {message}" for message in messages))


@dataclass(frozen=True)
class Config:
    people_dirs: tuple[str, ...] = ("People",)
    dashboard: str = "Dashboard.md"
    ignore: tuple[str, ...] = ()
    default_tie: str = "loose"
    default_cadence: dict[str, str] = field(default_factory=lambda: {"strong": "1m", "loose": "3m"})
    horizon_days: int = 7
    milestone_days: int = 14
    daily_notes_count: bool = True
    synonyms: dict[str, str] = field(default_factory=dict)
    interest_tag_prefix: str = "interest/"
    news_days: int = 30  # how far back the News section looks
    clippings_dirs: tuple[str, ...] = ("Clippings",)  # folders of saved articles (Obsidian Web Clipper's)
    share_days: int = 14  # how recent a clipping must be to be suggested on the dashboard
    colleague_max: int = 50  # a company with more people than this in the vault is no colleague link
    me: tuple[str, ...] = ()  # your own e-mail addresses, numbers and chat names: imports take you for nobody
    people_tags: tuple[str, ...] = ("person", "people")  # a note tagged so is a person (SPEC §1)
    people_categories: tuple[str, ...] = ("People",)  # a note whose `categories` link one is a person
    contact_properties: tuple[str, ...] = ("people", "attendees", "with")  # a meeting note's links that are contact
    goals: tuple[str, ...] = ()  # what you are working on (normalised like interests): ranks §4.9 and §4.12
    dormant_years: int = 3  # no contact for this long: a dormant tie (SPEC §4.12)
    trip_categories: tuple[str, ...] = ("Trips",)  # a note in one of these categories is a trip (SPEC §1)
    trip_days: int = 30  # how far ahead Coming trips looks (§4.14)
    max_trip_people: int = 5  # people listed per trip on the dashboard
    # lines listed per dashboard section (`max_` + its name); the rest are counted in one line naming
    # the command (SPEC §4). The keys and defaults are the sections' own (vaultkit/sections.py).
    limits: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS))
    promise_days: int = 14  # an open task with no due date is past due after this many days (§4.10)
    # Not a key of vaultkit.yaml: where daily notes live and how they are named, from Obsidian's settings
    # (`.obsidian/daily-notes.json`, Periodic Notes): (folder, Moment.js format), read by load_config.
    daily_formats: tuple[tuple[str, str], ...] = ()

    def limit(self, section: str) -> int:
        """How many lines of a section the dashboard lists (`max_*`)."""
        return self.limits[section]

    def with_limit(self, section: str, lines: int) -> Config:
        return replace(self, limits={**self.limits, section: lines})

    def fingerprint(self) -> str:
        """A stable text of every setting, for caches keyed by config."""
        return repr(sorted((f.name, repr(getattr(self, f.name))) for f in fields(self)))


def _text_list(key: str, value: Any, errors: list[str]) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        errors.append(f"Config value '{key}': expected a list of text, got {value!r}")
        return None
    return tuple(item.strip() for item in value)


def _relative_path(key: str, value: str, errors: list[str]) -> bool:
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", value):
        errors.append(f"Config value '{key}': expected a path inside the vault, got {value!r}")
        return False
    return True


def _folders(key: str, value: Any, errors: list[str]) -> tuple[str, ...] | None:
    dirs = _text_list(key, value, errors)
    if dirs is None or not all(_relative_path(key, d, errors) for d in dirs):
        return None
    return tuple(d.replace("\\", "/").strip("/") for d in dirs)


def _people_dirs(value: Any, errors: list[str]) -> tuple[str, ...] | None:
    return _folders("people_dirs", value, errors)


def _dashboard(value: Any, errors: list[str]) -> str | None:
    if not isinstance(value, str) or not value.strip().lower().endswith(".md"):
        errors.append(f"Config value 'dashboard': expected a note path ending in .md, got {value!r}")
        return None
    if not _relative_path("dashboard", value.strip(), errors):
        return None
    return PurePosixPath(value.strip().replace("\\", "/")).as_posix()


def _tie(value: Any, errors: list[str]) -> str | None:
    if value not in TIES:
        errors.append(f"Config value 'default_tie': expected strong or loose, got {value!r}")
        return None
    return str(value)


def _cadences(value: Any, errors: list[str]) -> dict[str, str] | None:
    if not isinstance(value, dict) or not set(value) <= set(TIES):
        errors.append(f"Config value 'default_cadence': expected a mapping of strong/loose to a cadence, got {value!r}")
        return None
    merged = dict(Config().default_cadence)
    for tie, text in value.items():
        try:
            parse_cadence(text)
        except ValueError as hint:
            errors.append(f"Config value 'default_cadence.{tie}': expected {hint}, got {text!r}")
            return None
        merged[tie] = str(text).strip()
    return merged


def _count(key: str, most: int) -> Callable[[Any, list[str]], int | None]:
    """A whole number from 0 to `most`, in ASCII digits (`²` and `٣` are digits to Python, not here)."""

    def check(value: Any, errors: list[str]) -> int | None:
        text = value.strip() if isinstance(value, str) else ""
        if not re.fullmatch(r"[0-9]{1,9}", text) or int(text) > most:
            errors.append(f"Config value '{key}': expected a whole number from 0 to {most}, got {value!r}")
            return None
        return int(text)

    return check


def _flag(value: Any, errors: list[str]) -> bool | None:
    if not isinstance(value, bool):
        errors.append(f"Config value 'daily_notes_count': expected true or false, got {value!r}")
        return None
    return value


def _synonyms(value: Any, errors: list[str]) -> dict[str, str] | None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        errors.append(f"Config value 'synonyms': expected a mapping of term to term, got {value!r}")
        return None
    return {normalise(k): normalise(v) for k, v in sorted(value.items())}


def _prefix(value: Any, errors: list[str]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        errors.append(f"Config value 'interest_tag_prefix': expected text such as interest/, got {value!r}")
        return None
    return value.strip().removeprefix("#").casefold()


def _tags(key: str, value: Any, errors: list[str]) -> tuple[str, ...] | None:
    tags = _text_list(key, value or [], errors)
    return None if tags is None else tuple(tag.removeprefix("#").casefold() for tag in tags)


SECTION_LIMITS = {s.limit_key: s.name for s in SECTIONS if s.limit is not None}  # max_due → due
VALIDATORS: dict[str, Callable[[Any, list[str]], Any]] = {
    "people_dirs": _people_dirs,
    "dashboard": _dashboard,
    "ignore": lambda value, errors: _text_list("ignore", value or [], errors),
    "default_tie": _tie,
    "default_cadence": _cadences,
    "horizon_days": _count("horizon_days", MAX_DAYS),
    "milestone_days": _count("milestone_days", MAX_DAYS),
    "daily_notes_count": _flag,
    "synonyms": _synonyms,
    "interest_tag_prefix": _prefix,
    **{key: _count(key, MAX_LINES) for key in SECTION_LIMITS},
    "colleague_max": _count("colleague_max", MAX_LINES),
    "news_days": _count("news_days", MAX_DAYS),
    "share_days": _count("share_days", MAX_DAYS),
    "promise_days": _count("promise_days", MAX_DAYS),
    "clippings_dirs": lambda value, errors: _folders("clippings_dirs", value, errors),
    "me": lambda value, errors: _text_list("me", value or [], errors),
    "people_tags": lambda value, errors: _tags("people_tags", value, errors),
    "people_categories": lambda value, errors: _text_list("people_categories", value or [], errors),
    "contact_properties": lambda value, errors: _text_list("contact_properties", value or [], errors),
    "goals": lambda value, errors: _text_list("goals", value or [], errors),
    "dormant_years": lambda value, errors: _years(value, errors),
    "trip_categories": lambda value, errors: _text_list("trip_categories", value or [], errors),
    "trip_days": _count("trip_days", MAX_DAYS),
    "max_trip_people": _count("max_trip_people", MAX_LINES),
}


def unknown_key(key: str) -> str:
    """An unknown key, with the nearest known one when there is one (`did you mean max_today?`, as
    click says of a mistyped command), and every key."""
    import difflib

    nearest = difflib.get_close_matches(key, VALIDATORS, n=1)
    hint = f"; did you mean {nearest[0]}? The keys are" if nearest else "; the keys are"
    return f"unknown key '{key}'{hint}: {', '.join(VALIDATORS)}"


def _years(value: Any, errors: list[str]) -> int | None:
    years = _count("dormant_years", 100)(value, errors)
    if years == 0:
        errors.append("Config value 'dormant_years': expected a whole number from 1 to 100, got 0")
        return None
    return years


def parse_config(text: str, path: str = CONFIG_NAME) -> Config:
    """Validate config text; raise ConfigError listing every bad key."""
    import yaml  # here: a config read before is kept parsed (kept_config), and a command loads no YAML

    from vaultkit.read.yamlload import error_line, error_text, load_yaml

    try:
        raw = load_yaml(text) if text.strip() else {}
    except yaml.YAMLError as error:
        line = error_line(error, 1)
        raise ConfigError(f"{path}:{line}" if line else path, [f"{error_text(error)}; fix the YAML"]) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(path, ["expected a mapping of settings (key: value)"])
    errors: list[str] = []
    values: dict[str, Any] = {}
    for key in sorted(raw, key=str):
        validate = VALIDATORS.get(str(key))
        if validate is None:
            errors.append(unknown_key(str(key)))
            continue
        checked = validate(raw[key], errors)
        if checked is not None:
            values[str(key)] = checked
    if errors:
        raise ConfigError(path, errors)
    limits = {SECTION_LIMITS[key]: values.pop(key) for key in list(values) if key in SECTION_LIMITS}
    if limits:
        values["limits"] = DEFAULT_LIMITS | limits
    if "goals" in values:  # normalised like interests, through the synonyms, to be compared with them
        synonyms = values.get("synonyms", {})
        values["goals"] = tuple(dict.fromkeys(t for goal in values["goals"] if (t := normalise(goal, synonyms))))
    return Config(**values)


def load_config(vault: Path) -> Config:
    """The vault's config, or the defaults when it has no `vaultkit.yaml`."""
    path = vault / CONFIG_NAME
    if path.is_symlink() and not is_inside(path, vault):
        raise ConfigError(CONFIG_NAME, ["is a link to a file outside the vault, which vaultkit does not read"])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return with_obsidian_settings(vault, Config())
    except OSError as error:
        raise ConfigError(CONFIG_NAME, [f"cannot be read ({error.strerror}); check its permissions"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(CONFIG_NAME, ["is not valid UTF-8; save it as UTF-8"]) from None
    config = kept_config(vault, text)
    if errors := missing_folders(vault, config):
        raise ConfigError(CONFIG_NAME, errors)
    return with_obsidian_settings(vault, config)


@dataclass(frozen=True)
class Kept:
    """A vault's `vaultkit.yaml` as parse_config read it, kept in the cache folder (never in the vault)."""

    version: str
    text: str
    config: Config


def kept_config(vault: Path, text: str) -> Config:
    """parse_config(text), from the cache folder when this version of vaultkit read the same text for
    this vault before (a pure function of the text, so nothing there can be stale); else parsed, and
    kept. A cache that cannot be read or written is parsed again: it is a cache."""
    import msgspec

    path = cache_dir() / "config" / f"{vault_key(vault)}.json"
    try:
        kept = msgspec.json.decode(path.read_bytes(), type=Kept)
        if kept.version == __version__ and kept.text == text:
            return kept.config
    except (OSError, msgspec.DecodeError):
        pass
    config = parse_config(text, CONFIG_NAME)  # ConfigError when it is not valid: nothing kept
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(msgspec.json.encode(Kept(__version__, text, config)))
        temporary.replace(path)
    return config


def with_obsidian_settings(vault: Path, config: Config) -> Config:
    """The config with what it takes from Obsidian's own settings (daily notes' folder and format)."""
    formats = daily_note_formats(vault)
    return replace(config, daily_formats=formats) if formats else config


def missing_folders(vault: Path, config: Config) -> list[str]:
    """A people folder named in the config that does not exist would drop everyone in silence (the
    default `People` may be absent: a vault may keep its people anywhere with `type: person`)."""
    if config.people_dirs == Config().people_dirs:
        return []
    errors = []
    for folder in config.people_dirs:
        if (vault / folder).is_dir():
            continue
        near = [
            p.name
            for p in (vault / folder).parent.glob("*")
            if p.is_dir() and p.name.casefold() == folder.rsplit("/", 1)[-1].casefold()
        ]
        hint = (
            f"; did you mean '{near[0]}'? (folder names are case-sensitive)" if near else "; create it or fix the name"
        )
        errors.append(f"Config value 'people_dirs': the folder '{folder}' does not exist in the vault{hint}")
    return errors
