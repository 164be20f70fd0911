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
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode
from yaml.resolver import Resolver

from .errors import InputError

# A glossary is four levels deep (document, entries, entry, term); this leaves room.
MAX_DEPTH = 64
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


class _Composer(Composer):
    """PyYAML's composer (pure Python, over libyaml's events) with two refusals."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            raise RefusedYAML(
                f"YAML anchors and aliases (&/*) are not allowed in a glossary "
                f"(alias *{event.anchor}); write the text out in full",
                event.start_mark,
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[attr-defined]
                raise RefusedYAML(f"nested deeper than {MAX_DEPTH} levels", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


try:  # libyaml parses about ten times faster; fall back to pure Python when absent
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Base(_Composer, CParser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Base(  # type: ignore[no-redef]
        Reader, Scanner, Parser, _Composer, SafeConstructor, Resolver
    ):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            _Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)


class GlossaryLoader(_Base):
    """Builds LocatedDict mappings and refuses duplicate and merge (<<) keys."""

    def construct_located_map(self, node: Any) -> Any:
        data = LocatedDict()
        data.line = node.start_mark.line + 1
        yield data
        data.update(self.construct_mapping(node))
        for key_node, _ in node.value:
            if isinstance(key_node.value, str):
                data.key_lines.setdefault(key_node.value, key_node.start_mark.line + 1)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        if not isinstance(node, MappingNode):
            return super().construct_mapping(node, deep=deep)
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:
                raise RefusedYAML("merge keys (<<) are not allowed in a glossary", key_node)
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str):
                if key in seen:
                    raise RefusedYAML(f"duplicate key '{key}' in one mapping", key_node)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


GlossaryLoader.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:map", GlossaryLoader.construct_located_map
)


def load(text: str, path: str) -> Any:
    _refuse_control_characters(text, path)
    try:
        loader = GlossaryLoader(text)
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
