"""Safe YAML loading for glossaries: line numbers, duplicate keys, no aliases.

Kept apart from glossary.py so that PyYAML is imported only when a file is
actually parsed (a fresh compiled index answers without it).
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import InputError

try:  # libyaml is about ten times faster; fall back to pure Python when absent
    from yaml import CSafeLoader as BaseLoader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as BaseLoader  # type: ignore[assignment]


class DuplicateKeyError(Exception):
    def __init__(self, key: str, line: int, column: int) -> None:
        super().__init__(key)
        self.key, self.line, self.column = key, line, column


class GlossaryLoader(BaseLoader):
    """Records each mapping's line in '__line__' and refuses duplicate keys."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                mark = key_node.start_mark
                raise DuplicateKeyError(key, mark.line + 1, mark.column + 1)
            if isinstance(key, str):
                seen.add(key)
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load(text: str, path: str) -> Any:
    try:
        data = yaml.load(text, Loader=GlossaryLoader)
    except DuplicateKeyError as exc:
        raise InputError(
            f"{path}:{exc.line}:{exc.column}: duplicate key '{exc.key}' in one mapping"
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        reason = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"{where}: YAML syntax error: {reason}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{path}: YAML error: {' '.join(str(exc).split())}") from None
    _refuse_shared_nodes(data, path)
    return data


def _refuse_shared_nodes(data: Any, path: str) -> None:
    """Refuse anchors/aliases: a glossary needs none, and nested aliases
    ("billion laughs") expand to billions of nodes when walked later."""
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            if id(node) in seen:
                line = node.get("__line__") if isinstance(node, dict) else None
                where = f"{path}:{line}" if line else path
                raise InputError(
                    f"{where}: YAML anchors and aliases (&/*) are not allowed in a glossary"
                )
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
