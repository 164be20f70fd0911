"""json.dumps and json.loads without importing the json package.

Importing `json` compiles six regular expressions (its decoder and its pure-Python
encoder need them), about 5 million instructions: a tenth of what `cx define AHT
--json` costs beyond Typer's own start-up. The C accelerator `_json` that json itself
calls does the work without them. Used on the lookup path; everything else may keep
using `json`. Interpreters without `_json` get the json package.
"""

from __future__ import annotations

from typing import Any

try:
    import _json
except ImportError:  # pragma: no cover - CPython always has _json
    _json = None  # type: ignore[assignment]


def _not_serializable(value: object) -> Any:
    # json.JSONEncoder.default's message
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


class _Decoding:
    """The settings json.JSONDecoder() hands its scanner (json.loads's defaults)."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {
        "-Infinity": float("-inf"),
        "Infinity": float("inf"),
        "NaN": float("nan"),
    }.__getitem__


_scan = _json.make_scanner(_Decoding) if _json else None  # type: ignore[arg-type]
_WHITESPACE = " \t\n\r"  # what json.loads skips around a document


def dumps(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False)`, character for character."""
    if _json is None:  # pragma: no cover
        import json

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return _json.encode_basestring(value)
    # What json.JSONEncoder(ensure_ascii=False).iterencode hands _json for one document.
    encoder = _json.make_encoder(
        {}, _not_serializable, _json.encode_basestring, None, ": ", ", ", False, False, True
    )
    return "".join(encoder(value, 0))


def encode_str(value: str) -> str:
    """`json.dumps` of a string, non-ASCII kept."""
    return dumps(value)


def loads(text: str) -> Any:
    """`json.loads(text)`; invalid JSON raises the json package's own error."""
    if _scan is not None:
        document = text.strip(_WHITESPACE)
        try:
            value, end = _scan(document, 0)
        except (StopIteration, ValueError, RecursionError):
            end = -1
        if end == len(document):
            return value
    import json  # not JSON, or no _json: let json say what is wrong

    return json.loads(text)
