"""How the survey-file reader cuts a stream into lines (`files._Lines`), on both of its paths:
a fresh UTF-8 file is read as bytes and decoded block by block; any other stream (StringIO,
another encoding) as text. The two must give the same lines and the same line numbers, for
every line-end convention, a BOM, and lines that straddle the blocks. Blocks are made tiny
here (the real ones are 256 KB) so that every boundary case is a few bytes long."""

from __future__ import annotations

import io

import pytest

from cxglossary.errors import InputError
from cxglossary.metrics import files
from cxglossary.metrics.files import _Lines


def _as_bytes(text: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8")


def _as_text(text: str) -> io.StringIO:
    return io.StringIO(text)


PATHS = {"bytes": _as_bytes, "text": _as_text}


def _batches(stream: object, block: int, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    monkeypatch.setattr(files, "BLOCK", block)
    lines = _Lines(stream, "f.csv")  # type: ignore[arg-type]
    out = []
    while batch := lines.batch():
        out.append(batch)
    assert lines.read == sum(map(len, out))  # the count the error messages start from
    return out


def _lines(stream: object, block: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return [line for batch in _batches(stream, block, monkeypatch) for line in batch]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("block", [1, 2, 3, 5, 7, 64])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("score\n10\n9\n", ["score", "10", "9"]),
        ("score\n10\n9", ["score", "10", "9"]),  # no line end after the last line
        ("score\r\n10\r\n9\r\n", ["score\r", "10\r", "9\r"]),  # the CSV layer drops the CR
        # Old Mac exports: a lone CR ends each line, the last one too or not.
        ("score\r10\r9\r", ["score", "10", "9"]),
        ("score\r10\r9", ["score", "10", "9"]),
        ("score\r", ["score\r"]),  # one line ending in CR: not a Mac file, CR left to csv
        # The BOM at the start only (a first read holds it whole: BufferedReader.read
        # returns full blocks, so the bytes path is tested with 3 bytes or more).
        ("\ufeffscore\n10\n", ["score", "10"]),
        ("score\n\ufeff10\n", ["score", "\ufeff10"]),  # elsewhere it is a character
        ("a\n\nb\n", ["a", "", "b"]),  # a blank line is a line (numbers stay right)
        ("é\nà€\n", ["é", "à€"]),  # multi-byte characters across tiny blocks
        ("", []),
    ],
)
def test_both_paths_give_the_same_lines_whatever_the_blocks(
    path: str, block: int, text: str, expected: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    if path == "bytes" and text.startswith("\ufeff"):
        block = max(block, 3)
    assert _lines(PATHS[path](text), block, monkeypatch) == expected


@pytest.mark.parametrize("path", PATHS)
def test_lines_come_block_by_block_not_all_at_once(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Memory must not grow with the file: each batch holds about one block's lines.
    text = "".join(f"{i % 10}\n" for i in range(100))  # 200 characters, 2 a line
    batches = _batches(PATHS[path](text), 20, monkeypatch)
    assert [len(b) for b in batches] == [10] * 10


@pytest.mark.parametrize("path", PATHS)
def test_a_mac_file_is_cut_at_every_cr_across_blocks(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The convention is decided on the first block; later blocks follow it.
    text = "score\r" + "10\r" * 20 + "9"
    lines = _lines(PATHS[path](text), 8, monkeypatch)
    assert lines == ["score"] + ["10"] * 20 + ["9"]


def test_a_byte_that_is_not_utf8_is_named_by_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # Line 5 (counting the header) holds 0xE9, "é" in Windows-1252, in the second block.
    data = b"score\n1\n2\n3\nd\xe9j\xe0\n4\n"
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"^f\.csv line 5: not UTF-8 text \(byte 0xe9\)"):
        _lines(stream, 9, monkeypatch)


def test_a_bad_byte_on_the_last_line_without_line_end(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"score\n1\n\xff"), encoding="utf-8")
    with pytest.raises(InputError, match=r"^f\.csv line 3: not UTF-8 text \(byte 0xff\)"):
        _lines(stream, 64, monkeypatch)


def test_another_encoding_names_its_own_name(monkeypatch: pytest.MonkeyPatch) -> None:
    # Read as text (not UTF-8): the decoder's error names the stream's encoding and the line
    # the block starts at.
    stream = io.TextIOWrapper(io.BytesIO(b"score\n1\n\x81\n"), encoding="shift_jis")
    with pytest.raises(InputError, match=r"^f\.csv line 1: not shift_jis text"):
        _lines(stream, 64, monkeypatch)


@pytest.mark.parametrize("path", PATHS)
def test_a_line_longer_than_the_limit_is_an_error(
    path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A guard against files without line ends: more than MAX_LINE pending without one.
    monkeypatch.setattr(files, "MAX_LINE", 10)
    text = "score\n1\n" + "9" * 30 + "\n"
    with pytest.raises(InputError, match=r"^f\.csv line 3: a line longer than"):
        _lines(PATHS[path](text), 4, monkeypatch)
    # At the limit exactly, pending: 10 characters are kept, then the line end comes.
    assert _lines(PATHS[path]("score\n1\n" + "9" * 10 + "\n"), 6, monkeypatch)[-1] == "9" * 10


def test_a_stream_already_read_from_is_read_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _as_bytes("skip\nscore\n10\n")
    stream.readline()
    assert _lines(stream, 4, monkeypatch) == ["score", "10"]
