"""Safe YAML loading for glossaries: line numbers, duplicate keys, no aliases.

Kept apart from glossary.py so that PyYAML is imported only when a file is
actually parsed (a fresh compiled index answers without it).

Hostile files are refused before they can cost anything:

- aliases (`*name`) are refused the moment the parser meets one, so a
  "billion laughs" file never expands;
- nesting deeper than MAX_DEPTH is refused while composing (libyaml's own
  composer recurses in C and crashes the interpreter past ~20,000 levels);
- control characters are located to a line and column before parsing;
- a key repeated inside one mapping is an error, not "last one wins".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.nodes import CollectionNode

from .errors import InputError

# A glossary is four levels deep (document, entries, entry, term). libyaml's C
# composer recurses per level and crashes the interpreter past ~20,000 levels, so
# deeper files are refused before parsing.
MAX_DEPTH = 64
_DEEP_BLOCK = re.compile(r"^[ \t?-]{" + str(MAX_DEPTH) + ",}", re.MULTILINE)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_BRACKET_DELTA = {"[": 1, "{": 1, "]": -1, "}": -1}
# '&' or '*' followed by a name character: an anchor or alias token if what stands
# before it is a line start, a blank or a flow indicator (checked in _may_hold_anchors).
_ANCHOR_START = re.compile(r"[&*][^\s\[\]{},]")
MERGE_TAG = "tag:yaml.org,2002:merge"
# What YAML accepts in a stream (the same set as PyYAML's Reader).
_NOT_ALLOWED = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


class LocatedDict(dict[Any, Any]):
    """A mapping from the file, with the line it starts on and the line of each key."""

    line: int | None = None
    key_lines: dict[str, int]

    def __init__(self) -> None:
        super().__init__()
        self.key_lines = {}


class RefusedYAML(Exception):
    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message, self.mark = message, mark


try:  # libyaml parses and composes about ten times faster; pure Python when absent
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Base  # type: ignore[assignment]


class GlossaryLoader(_Base):
    """Builds LocatedDict mappings in one pass; refuses duplicate and merge (<<) keys."""

    def construct_located_map(self, node: Any) -> Any:
        data = LocatedDict()
        data.line = node.start_mark.line + 1
        yield data
        key_lines = data.key_lines
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                raise RefusedYAML("merge keys (<<) are not allowed in a glossary", key_node)
            key = self.construct_object(key_node)
            try:
                duplicate = key in data
            except TypeError:
                raise RefusedYAML("a mapping key must be plain text", key_node) from None
            if duplicate:
                raise RefusedYAML(f"duplicate key '{key}' in one mapping", key_node)
            data[key] = self.construct_object(value_node)
            if isinstance(key, str):
                key_lines[key] = key_node.start_mark.line + 1


class AliasRefusingLoader(GlossaryLoader):
    """For files that may hold anchors: refuses an alias before expanding it.

    An alias is the same node reached a second time (the C composer shares
    aliased nodes, so composing a "billion laughs" file cost nothing either).
    """

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects and isinstance(node, CollectionNode):
            raise RefusedYAML(
                "YAML anchors and aliases (&/*) are not allowed in a glossary; "
                "write the text out in full",
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)


GlossaryLoader.add_constructor("tag:yaml.org,2002:map", GlossaryLoader.construct_located_map)


class _Reading:
    """The text as a stream: libyaml reads it a block at a time, which tells how far
    the parse has got (the C parser offers no other progress)."""

    def __init__(self, text: str, progress: Callable[[str, int, int], None]) -> None:
        self.text = text
        self.position = 0
        self.progress = progress

    def read(self, size: int = -1) -> str:
        end = len(self.text) if size < 0 else self.position + size
        block = self.text[self.position : end]
        self.position += len(block)
        self.progress("reading", self.position, len(self.text))
        return block


def load(text: str, path: str, progress: Callable[[str, int, int], None] | None = None) -> Any:
    """Parse a glossary; `progress(phase, done, total)` hears how much text was read."""
    _refuse_control_characters(text, path)
    _refuse_deep_nesting(text, path)
    try:
        # Checking every node for aliases costs ~10 % of a parse; only files with
        # something that looks like an anchor or alias pay for it.
        loader_class = AliasRefusingLoader if _may_hold_anchors(text) else GlossaryLoader
        loader = loader_class(_Reading(text, progress) if progress else text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except RefusedYAML as exc:
        mark = getattr(exc.mark, "start_mark", exc.mark)
        raise InputError(f"{_where(path, mark)}: {exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"{_where(path, mark)}: YAML syntax error: {reason}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: YAML error: {' '.join(str(exc).split())}") from None
    except RecursionError:  # only if MAX_DEPTH is raised past what the stack holds
        raise InputError(f"{path}: nested too deeply to read") from None


def _may_hold_anchors(text: str) -> bool:
    for found in _ANCHOR_START.finditer(text):
        start = found.start()
        if start == 0 or text[start - 1] in " \t\r\n[{,":
            return True
    return False


def _refuse_deep_nesting(text: str, path: str) -> None:
    """Refuse nesting beyond MAX_DEPTH, at C speed for ordinary files.

    Block nesting needs one column of indentation (or one "- ") per level; flow
    nesting needs one bracket per level. Brackets inside quoted text are counted
    too, which can only overestimate the depth of an odd file, never miss one.
    """
    deep_block = _DEEP_BLOCK.search(text)
    if deep_block is not None:
        line = text.count("\n", 0, deep_block.start()) + 1
        raise InputError(f"{path}:{line}:1: nested deeper than {MAX_DEPTH} levels")
    brackets = _NOT_BRACKETS.sub("", text)
    if not brackets:
        return
    from itertools import accumulate

    if max(accumulate(map(_BRACKET_DELTA.__getitem__, brackets))) <= MAX_DEPTH:
        return
    depth = 0
    for found in re.finditer(r"[\[\]{}]", text):
        depth += _BRACKET_DELTA[found.group()]
        if depth > MAX_DEPTH:
            start = found.start()
            line = text.count("\n", 0, start) + 1
            column = start - (text.rfind("\n", 0, start) + 1) + 1
            raise InputError(f"{path}:{line}:{column}: nested deeper than {MAX_DEPTH} levels")


def _where(path: str, mark: Any) -> str:
    if mark is None:
        return path
    return f"{path}:{mark.line + 1}:{mark.column + 1}"


def _refuse_control_characters(text: str, path: str) -> None:
    """YAML forbids raw control characters; say where the first one is."""
    found = _NOT_ALLOWED.search(text)
    if found is None:
        return
    start = found.start()
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    code = ord(found.group())
    raise InputError(
        f"{path}:{line}:{column}: control character U+{code:04X} is not allowed in YAML",
        hint='remove it, or write it as an escape such as "\\x1b" inside double quotes',
    )
