"""jsontext writes and reads exactly what the json package does (scripts parse it)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxglossary import jsontext

# Any text (control characters, quotes, backslashes, accents, lone surrogates as
# bytes that were not UTF-8 arrive), numbers with their edge cases, nesting.
scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(documents)
def test_dumps_writes_what_json_dumps_writes(value: Any) -> None:
    assert jsontext.dumps(value) == json.dumps(value, ensure_ascii=False)


@given(documents)
def test_loads_reads_back_what_json_loads_reads(value: Any) -> None:
    text = json.dumps(value)
    assert _same(jsontext.loads(text), json.loads(text))
    assert _same(jsontext.loads(f" \n{text}\t "), json.loads(text))


def test_keys_that_are_not_strings_are_written_as_json_writes_them() -> None:
    value = {1: "a", 2.5: "b", None: "c", False: "d"}
    assert jsontext.dumps(value) == json.dumps(value, ensure_ascii=False)
    assert jsontext.encode_str('é "\\\n') == json.dumps('é "\\\n', ensure_ascii=False)


@pytest.mark.parametrize("text", ["", " ", "[1,", '{"a": 1} x', "NaNa", '"\x01"'])
def test_invalid_json_raises_what_json_raises(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as ours:
        jsontext.loads(text)
    with pytest.raises(json.JSONDecodeError) as theirs:
        json.loads(text)
    assert str(ours.value) == str(theirs.value)


def test_what_json_cannot_write_fails_as_in_json() -> None:
    with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
        jsontext.dumps({"a": {1}})
    loop: list[Any] = []
    loop.append(loop)
    with pytest.raises(ValueError, match="Circular reference"):
        jsontext.dumps(loop)


def _same(a: Any, b: Any) -> bool:
    """Equal, NaN included, and of the same types (1 is not 1.0 in JSON)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b)
