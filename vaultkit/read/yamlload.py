"""Strict, safe YAML for front matter: libyaml composes the nodes, vaultkit turns them into values.

The rules, stricter and simpler than YAML's implicit typing: every scalar is text, except a plain
`null`/`~`/empty (None) and a plain YAML boolean (`true`, `no`, …). Numbers and dates stay as the text
they were written as (`phone: 0123` keeps its zero; `2024-02-30` becomes a problem naming the field
rather than an exception that loses the whole front matter). Duplicate keys and any tag vaultkit does not
know (`!!python/…`, `!custom`) are errors with the line. An alias bomb or a recursive alias is an error
(a budget of nodes and a depth limit).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Loader: type[yaml.BaseLoader] = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml when present

STANDARD = "tag:yaml.org,2002:"
PLAIN_TAG = "tag:vaultkit,2026:plain"  # a scalar with no explicit tag: may be null or a boolean
TYPED_TAGS = {PLAIN_TAG, STANDARD + "bool", STANDARD + "null"}
TEXT_TAGS = TYPED_TAGS | {STANDARD + name for name in ("str", "int", "float", "timestamp", "binary")}
SEQ_TAG, MAP_TAG = STANDARD + "seq", STANDARD + "map"
NULLS = {"", "~", "null", "Null", "NULL"}
TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}
FALSE = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}


MAX_NODES = 100_000  # aliases can make a small text expand into a huge tree; past this it is a problem
MAX_DEPTH = 100


class StrictYAMLError(yaml.MarkedYAMLError):
    """A duplicate key, an unknown tag or an alias bomb, with the node's position."""


class _FastLoader(_Loader):  # type: ignore[valid-type,misc]
    """libyaml's base loader with a constant-time resolver: every node gets its kind's standard tag."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return DEFAULT_TAGS[kind]


DEFAULT_TAGS: dict[type[yaml.Node], str] = {
    yaml.ScalarNode: PLAIN_TAG,
    yaml.SequenceNode: SEQ_TAG,
    yaml.MappingNode: MAP_TAG,
}


class _Converter:
    """Turns a composed node tree into dicts, lists and text, counting nodes to stop alias bombs."""

    def __init__(self) -> None:
        self.budget = MAX_NODES

    def value(self, node: yaml.Node, depth: int = 0) -> Any:
        self.budget -= 1
        if self.budget < 0 or depth > MAX_DEPTH:
            raise StrictYAMLError(
                None, None, "is nested too deeply or expands too far through aliases", node.start_mark
            )
        tag = node.tag
        if tag in TEXT_TAGS and type(node) is yaml.ScalarNode:
            return _scalar(node)
        if tag == SEQ_TAG and type(node) is yaml.SequenceNode:
            return [self._item(item, depth + 1) for item in node.value]
        if tag == MAP_TAG and type(node) is yaml.MappingNode:
            return self._mapping(node, depth + 1)
        raise StrictYAMLError(None, None, f"uses the tag {tag}, which vaultkit does not run", node.start_mark)

    def _item(self, node: yaml.Node, depth: int) -> Any:
        """value(), with the common case (a plain scalar) inline: most nodes are."""
        if type(node) is yaml.ScalarNode and node.tag is PLAIN_TAG and self.budget > 0:
            self.budget -= 1
            return _scalar(node)
        return self.value(node, depth)

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._item(key_node, depth)
            if isinstance(key, list | dict):
                raise StrictYAMLError(None, None, "found a list or mapping used as a key", key_node.start_mark)
            if key in mapping:
                raise StrictYAMLError(None, None, f"found duplicate key {key!r}", key_node.start_mark)
            mapping[key] = self._item(value_node, depth)
        return mapping


def _scalar(node: yaml.ScalarNode) -> Any:
    text: str = node.value
    if node.style or node.tag not in TYPED_TAGS:  # quoted, block or `!!str`: text (plain style is "" in libyaml)
        return text
    if text in NULLS:
        return None
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    return text


FLOW = re.compile(r"[\[\]{}]")


def check_flow_depth(text: str) -> None:
    """StrictYAMLError where `[` and `{` nest deeper than MAX_DEPTH, found before libyaml sees the text:
    some libyaml builds have no limit and crash the process on 30,000 of them. Brackets in quotes count
    too (a cheap scan of at most 64 KiB; a hundred unclosed brackets in a quote are a problem anyway)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:  # most front matter: it cannot nest that deep
        return
    depth = 0
    for match in FLOW.finditer(text):
        if match[0] in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                start = match.start()
                line = text.count("\n", 0, start)
                mark = yaml.Mark("<front matter>", start, line, start - text.rfind("\n", 0, start) - 1, None, 0)
                raise StrictYAMLError(None, None, f"nests lists or mappings more than {MAX_DEPTH} deep", mark)
        elif depth:
            depth -= 1


def load_yaml(text: str) -> Any:
    """Parse front matter or config; raises yaml.YAMLError (with marks) on bad YAML or a strictness rule."""
    check_flow_depth(text)
    node = yaml.compose(text, Loader=_FastLoader)
    return None if node is None else _Converter().value(node)


def error_line(error: yaml.YAMLError, first_line: int) -> int | None:
    """The 1-based file line of a YAML error, given the file line where the YAML text starts."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return first_line + mark.line if mark is not None else None


def error_text(error: yaml.YAMLError) -> str:
    """A one-line description of a YAML error, without libyaml's mark dumps."""
    problem = getattr(error, "problem", None)
    context = getattr(error, "context", None)
    parts = [part for part in (context, problem) if part]
    return "; ".join(parts) if parts else str(error).splitlines()[0]
