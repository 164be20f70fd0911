"""`cx metric ... --file`: CSV and JSON Lines streamed into exact results, bad rows named."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxglossary.errors import InputError
from cxglossary.metrics import MetricResult, compute, compute_file, parse_args
from cxglossary.metrics.files import BLOCK
from cxglossary.metrics.registry import METRICS

METRICS_NPS = METRICS["nps"]


def read(
    text: str | bytes,
    metric: str = "nps",
    *,
    column: str | None = "score",
    by: str | None = None,
    skip_invalid: bool = False,
    source: str = "survey.csv",
    **inputs: object,
) -> MetricResult:
    """Read `text` the way the CLI does: a fresh UTF-8 text stream (bytes) or a StringIO."""
    if isinstance(text, bytes):
        stream: io.TextIOBase = io.TextIOWrapper(io.BytesIO(text), encoding="utf-8-sig", newline="")
    else:
        stream = io.StringIO(text)
    return compute_file(
        metric,
        stream,  # type: ignore[arg-type]
        source=source,
        column=column,
        by=by,
        skip_invalid=skip_invalid,
        inputs=inputs,
    )


def failure(text: str | bytes, metric: str = "nps", **options: Any) -> str:
    with pytest.raises(InputError) as info:
        read(text, metric, **options)
    message = str(info.value)
    assert "\n" not in message
    return message


# --- formats -----------------------------------------------------------------------------------


def test_csv_with_header_and_column() -> None:
    r = read("id,score,team\n1,10,a\n2,9,b\n3,3,a\n4,7,b\n")
    assert r.value == 25
    assert r.n == 4
    assert r.inputs == {"file": "survey.csv", "column": "score", "confidence": 95}
    out = r.to_json()
    assert out["skipped"] == 0
    assert "groups" not in out


def test_single_column_file_needs_no_column_option() -> None:
    r = read("score\n10\n9\n3\n", column=None)
    assert r.value == 33
    assert r.inputs["column"] == "score"


def test_headerless_single_column_list_of_numbers() -> None:
    r = read("10\n9\n3\n", column=None)
    assert r.n == 3
    assert r.value == 33
    assert r.inputs["column"] is None
    message = failure("10\n9\nabc\n", column=None)
    assert message == "survey.csv line 3: 'abc' is not a whole number"


def test_bom_crlf_and_quoted_fields() -> None:
    data = '\ufeffid,comment,score\r\n1,"slow, then fine",9\r\n2,"said ""meh""",6\r\n'
    for text in (data, data.encode("utf-8")):
        r = read(text, column="score")
        assert r.value == 0
        assert r.n == 2


def test_semicolon_and_tab_separated_files() -> None:
    # Excel in French writes CSV with semicolons (the comma is the decimal separator).
    r = read("équipe;note\nA;10\nB;6\n", column="note", by="équipe")
    assert (r.n, r.value, [g.key for g in r.groups or []]) == (2, 0, ["A", "B"])
    assert read("id\tnote\n1\t10\n", column="note").value == 100
    # The header decides: with no separator in it, a semicolon in a row is part of the value.
    assert failure("note\n10\n9;8\n", column="note") == (
        "survey.csv line 3: '9;8' in column 'note' is not a whole number"
    )
    assert failure("a;note\n1;10\n9,8;7;6\n", column="note") == (
        "survey.csv line 3: 3 fields where the header has 2"
    )


def test_utf8_bom_with_plain_utf8_decoding() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbfscore\n10\n"), encoding="utf-8")
    r = compute_file(
        "nps", stream, source="s.csv", column="score", by=None, skip_invalid=False, inputs={}
    )
    assert r.value == 100


def test_multi_line_quoted_field_keeps_line_numbers() -> None:
    data = 'id,comment,score\n1,"line one\nline two",9\n2,ok,x\n'
    assert failure(data) == "survey.csv line 4: 'x' in column 'score' is not a whole number"
    assert read(data, skip_invalid=True).n == 1


def test_quoted_single_column() -> None:
    r = read('score\n"10"\n"9"\n"6"\n')
    assert r.n == 3
    assert r.value == 33


def test_json_lines() -> None:
    data = (
        '{"score": 10, "team": "a"}\n\n{"score": "9", "team": "b"}\n{"score": 3.0, "team": "a"}\n'
    )
    r = read(data, by="team")
    assert r.n == 3
    assert r.value == 33
    assert [g.key for g in r.groups or []] == ["a", "b"]
    assert failure('{"score": 10}\n{"score": true}\n') == (
        "survey.csv line 2: true in column 'score' is not a number"
    )
    assert failure('{"score": 10}\n{"score": 10\n').startswith("survey.csv line 2: not valid JSON")
    assert failure('{"score": 10}\n{"note": 1}\n') == "survey.csv line 2: no key 'score'"
    assert failure('{"score": 10}\n[1]\n') == "survey.csv line 2: not a JSON object"
    assert failure('{"score": null}\n') == "survey.csv line 1: no value in column 'score'"
    assert "--column" in failure('{"score": 10}\n', column=None)


def test_json_lines_bad_rows_deep_in_a_batch() -> None:
    good = '{"id": 1, "team": "a", "score": 9}\n'
    data = good * 3000 + '{"id": 2, "team": "a", "score": 11}\n' + good * 10
    assert failure(data, by="team") == (
        "survey.csv line 3001: 11 in column 'score' is outside the 0-10 scale"
    )
    data = good * 3000 + '{"score": 1}, {"score": 2}\n' + '{"team": "b"}\n' + good
    assert failure(data).startswith("survey.csv line 3001: not valid JSON")
    r = read(data, by="team", skip_invalid=True)
    assert (r.n, r.skipped, r.value) == (3001, 2, 100)
    assert [(g.key, g.n) for g in r.groups or []] == [("a", 3001)]


def test_json_lines_group_keys_of_any_type() -> None:
    data = '{"s": 10, "g": 1}\n{"s": 0, "g": null}\n{"s": 9}\n{"s": 9, "g": "1"}\n'
    r = read(data, column="s", by="g")
    keys = [(g.key, g.n) for g in r.groups or []]
    assert keys == [("", 2), ("1", 2)]


def test_json_array_is_refused() -> None:
    assert "JSON array" in failure('[{"score": 1}]\n')


# --- groups -------------------------------------------------------------------------------------


def test_groups_sorted_by_key_with_total() -> None:
    data = "team,score\nzeta,10\nalpha,0\nzeta,9\nalpha,10\n beta ,7\n,8\n"
    r = read(data, by="team")
    assert r.n == 6
    groups = r.groups or []
    assert [g.key for g in groups] == ["", "alpha", "beta", "zeta"]
    assert [g.n for g in groups] == [1, 2, 1, 2]
    zeta = groups[-1]
    assert zeta.value == 100 and zeta.exact == 100
    out = r.to_json()
    assert out["inputs"] == {
        "file": "survey.csv",
        "column": "score",
        "by": "team",
        "confidence": 95,
    }
    group_json = out["groups"][1]  # type: ignore[index]
    assert list(group_json) == [
        "key", "period", "value", "exact", "exact_fraction", "n", "details", "ci",
    ]  # fmt: skip
    json.dumps(out, ensure_ascii=False)


rows = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c", "é t"]), st.integers(0, 10)), min_size=1, max_size=80
)


@given(rows)
def test_grouping_then_totalling_equals_the_ungrouped_result(data: list[tuple[str, int]]) -> None:
    text = "team,score\n" + "".join(f"{team},{score}\n" for team, score in data)
    grouped = read(text, by="team")
    plain = read(text)
    assert grouped.value == plain.value and grouped.exact == plain.exact
    assert grouped.details == plain.details
    groups = grouped.groups or []
    assert sum(g.n or 0 for g in groups) == plain.n
    # Adding up the groups' answer counts gives the ungrouped distribution back.
    total: dict[str, int] = {}
    for group in groups:
        distribution = group.details["distribution"]
        assert isinstance(distribution, dict)
        for score, count in distribution.items():
            total[score] = total.get(score, 0) + count
    assert total == plain.details["distribution"]
    # And every group is the metric of its own rows.
    for group in groups:
        own = compute("nps", {"scores": [s for t, s in data if t == group.key]})
        assert (group.value, group.exact, group.n) == (own.value, own.exact, own.n)


@settings(max_examples=50)
@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_file_equals_scores_option(scores: list[int]) -> None:
    text = "score\n" + "\n".join(map(str, scores)) + "\n"
    from_file = read(text)
    from_option = compute("nps", {"scores": scores})
    assert from_file.exact == from_option.exact
    assert from_file.details == from_option.details


# --- other metrics ----------------------------------------------------------------------------


def test_csat_ces_tud_and_aht_files() -> None:
    assert read("score\n5\n4\n1\n", "csat").value == 66.7
    assert read("score\n7\n4\n1\n", "csat", scale="7").details["satisfied_values"] == [6, 7]
    assert "outside the 1-5 scale" in failure("score\n6\n", "csat")
    ces = read("score\n7\n6\n2\n", "ces", scale=7)
    assert ces.value == 5.0
    assert ces.details["direction"] == "higher = easier"
    assert "needs --scale" in failure("score\n7\n", "ces")
    assert read("score\n0\n1\n10\n9\n", "tud").value == 50.0
    aht = read("handle\n4m30s\n90\n1:30\n", "aht", column="handle")
    assert aht.exact == Fraction(450, 3)
    assert aht.value == 150.0
    assert aht.n == 3
    assert "is negative" in failure("handle\n-5\n", "aht", column="handle")


def test_file_mode_takes_what_parse_args_returns() -> None:
    for metric, args, text in [
        ("aht", [], "t\n90\n"),
        ("csat", [], "s\n5\n"),
        ("csat", ["--scale", "7"], "s\n7\n"),
        ("ces", ["--scale", "5"], "s\n5\n"),
        ("nps", [], "s\n9\n"),
        ("tud", [], "s\n1\n"),
    ]:
        r = compute_file(
            metric, io.StringIO(text), source="f.csv", column="s" if metric != "aht" else "t",
            by=None, skip_invalid=False, inputs=parse_args(metric, args),
        )  # fmt: skip
        assert r.n == 1


def test_file_mode_refuses_count_options() -> None:
    assert failure("score\n9\n", "nps", promoters=3) == "--promoters does not go with --file"
    assert failure("score\n9\n", "aht", contacts=3) == "--contacts does not go with --file"


# --- bad files and bad rows ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "options", "message"),
    [
        ("", {}, "survey.csv is empty"),
        ("\n\n  \n", {}, "survey.csv is empty"),
        ("score\n", {}, "survey.csv has a header but no rows"),
        ("score\n\n\n", {}, "survey.csv has a header but no rows"),
        ("id,score\n1,10\n2,abc\n", {}, "line 3: 'abc' in column 'score' is not a whole number"),
        ("id,score\n1,10\n2,11\n", {}, "line 3: '11' in column 'score' is outside the 0-10 scale"),
        ("id,score\n1,10\n2,9.5\n", {}, "line 3: '9.5' in column 'score' is not a whole number"),
        ("id,score\n1,10\n2,\n", {}, "survey.csv line 3: no value in column 'score'"),
        ("id,score\n1,10\n2\n", {}, "survey.csv line 3: 1 fields where the header has 2"),
        ("id,score\n1,10\n2,9,9\n", {}, "survey.csv line 3: 3 fields where the header has 2"),
        ("score\n10\n9,8\n", {}, "survey.csv line 3: 2 fields where the header has 1"),
        ("id,score\n1,10\n", {"column": "Score"}, "no column 'Score' (--column) (hint: did you"),
        ("id,score\n1,10\n", {"column": "rating"}, "(--column) (hint: columns: id, score)"),
        ("id,score\n1,10\n", {"by": "team"}, "survey.csv: no column 'team' (--by)"),
        ("id,value\n1,10\n", {"column": None}, "has 2 columns: say which one with --column"),
        ("id,Note,score\n1,10,9\n", {"column": None}, "has 3 columns: say which one"),
        ("10\n9\n", {}, "the file seems to have no header row; leave out --column"),
        ("score,score\n1,1\n", {}, "column 'score' appears twice"),
        ('id,score\n1,"10\n', {}, "a quoted field is never closed"),
    ],
)  # fmt: skip
def test_bad_files(text: str, options: dict[str, Any], message: str) -> None:
    assert message in failure(text, **options)


def test_skip_invalid_counts_skipped_rows() -> None:
    data = "id,score,team\n1,10,a\n2,abc,a\n3,11,b\n4\n5,,b\n6,0,b\n"
    r = read(data, skip_invalid=True, by="team")
    assert r.skipped == 4
    assert r.n == 2
    assert r.value == 0
    assert r.to_json()["skipped"] == 4
    assert failure("score\nx\ny\n", skip_invalid=True) == "survey.csv: no valid rows (2 skipped)"


def test_skip_invalid_in_the_single_column_fast_path() -> None:
    r = read("score\n10\nabc\n10\nabc\n\n3\n", skip_invalid=True)
    assert (r.n, r.skipped, r.value) == (3, 2, 33)


def test_binary_garbage_names_its_line() -> None:
    data = b"score\n" + b"9\n" * 5000 + b"\xff\xfe\x00garbage\n" + b"9\n"
    assert (
        failure(data) == "survey.csv line 5002: not UTF-8 text (byte 0xff) "
        "(hint: save the file as UTF-8, or give its encoding with --encoding)"
    )


def test_binary_garbage_far_into_a_large_file() -> None:
    data = b"score\n" + b"10\n" * 700_000 + b"\x80\n"
    assert failure(data).startswith("survey.csv line 700002: not UTF-8 text (byte 0x80)")


def test_bad_row_far_into_a_large_file_is_named_exactly() -> None:
    data = "score\n" + "10\n" * 400_000 + "x\n" + "9\n" * 10
    assert failure(data) == "survey.csv line 400002: 'x' in column 'score' is not a whole number"
    data = "id,score\n" + "1,10\n" * 400_000 + "2,x\n"
    assert failure(data.encode()).startswith("survey.csv line 400002: 'x'")


@pytest.mark.parametrize("as_bytes", [True, False])
def test_quoted_field_across_block_boundaries(as_bytes: bool) -> None:
    # A multi-line quoted field whose first line ends the reader's first block.
    header, line, first = "id,comment,score\n", "1,plain,9\n", '2,"a long\n'
    rows = (BLOCK - len(header) - len(first)) // len(line)
    assert len(header) + rows * len(line) + len(first) <= BLOCK
    data = header + line * rows + first + 'comment, on two lines",x\n' + line
    assert len(header) + rows * len(line) + len(first) + len('comment, on two lines",x\n') > BLOCK
    message = failure(data.encode() if as_bytes else data)
    expected = f"survey.csv line {rows + 2}: 'x' in column 'score' is not a whole number"
    assert message == expected
    r = read(data.encode() if as_bytes else data, skip_invalid=True)
    assert (r.n, r.skipped) == (rows + 1, 1)


def test_huge_field_is_an_error_not_a_traceback() -> None:
    data = 'id,comment,score\n1,"' + "x" * 200_000 + '",9\n'
    assert "unreadable CSV (field larger than field limit" in failure(data)


def test_stream_already_read_from_is_read_as_text() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"# exported 2024\nscore\n10\n6\n"), encoding="utf-8")
    assert stream.readline() == "# exported 2024\n"
    r = compute_file(
        "nps", stream, source="s.csv", column="score", by=None, skip_invalid=False, inputs={}
    )
    assert (r.n, r.value) == (2, 0)


def test_lone_surrogates_in_group_keys_are_reported() -> None:
    data = "team,score\n\udcff,9\n"
    assert "column 'team' is not text" in failure(data, by="team")


def test_file_on_disk_opened_like_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_bytes(b"\xef\xbb\xbfteam,score\r\nb,10\r\na,3\r\n")
    with path.open(encoding="utf-8-sig", newline="") as stream:
        r = compute_file(
            "nps", stream, source=path.name, column="score", by="team", skip_invalid=False,
            inputs={},
        )  # fmt: skip
    assert [g.key for g in r.groups or []] == ["a", "b"]
    assert r.value == 0


# --- streaming ---------------------------------------------------------------------------------


class LazyText(io.TextIOBase):
    """A text stream that makes its rows on demand, like a pipe: nothing is held in memory."""

    def __init__(self, rows: int) -> None:
        self.lines = self._make(rows)
        self.pending = ""

    @staticmethod
    def _make(rows: int) -> Iterator[str]:
        yield "id,team,score\n"
        for i in range(rows):
            yield f"{i},{'abc'[i % 3]},{i % 11}\n"

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        size = 1 << 30 if size is None or size < 0 else size
        out = [self.pending]
        length = len(self.pending)
        for line in self.lines:
            out.append(line)
            length += len(line)
            if length >= size:
                break
        text = "".join(out)
        self.pending = text[size:]
        return text[:size]


def peak_memory(rows: int) -> int:
    tracemalloc.start()
    try:
        r = compute_file(
            "nps", LazyText(rows), source="<stdin>", column="score", by="team",  # type: ignore[arg-type]
            skip_invalid=False, inputs={},
        )  # fmt: skip
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.n == rows
    assert [g.key for g in r.groups or []] == ["a", "b", "c"]
    return peak


def test_memory_stays_flat_while_streaming() -> None:
    small, large = peak_memory(50_000), peak_memory(300_000)
    # 300,000 rows held as Python objects would take about 100 MB; a batch is 256 KB of text.
    assert large < 16 * 1024 * 1024
    assert large < small * 1.5


# --- quotes, blocks and counts (written against mutation survivors) --------------------------


def test_a_quote_inside_an_unquoted_field_is_a_character() -> None:
    # `12" screen` is read by the csv module (and Excel) as text: nothing is left open.
    r = read('id,comment,score\n1,12" screen,9\n2,ok,10\n3,a 3" disk,6\n')
    assert (r.n, r.value) == (3, 33)  # 2 promoters, 1 detractor of 3: 100 / 3 = 33.3


def test_a_quote_never_closed_is_named_at_the_line_it_opens() -> None:
    data = 'id,comment,score\n1,"two\nlines",9\n2,"open,9\n3,x,9\n'
    assert failure(data) == "survey.csv line 4: a quoted field is never closed"


def test_a_quote_left_open_in_a_large_file_stops_at_the_field_size_limit() -> None:
    # The batch is read on while the quote is open, until the csv module's 128 KB field
    # limit: memory stays bounded and the error names the lines read.
    rows = BLOCK // len("1,plain,9\n")
    data = "id,comment,score\n" + '0,"open,9\n' + "1,plain,9\n" * rows
    message = failure(data)
    assert message.startswith("survey.csv lines 2-")
    assert message.endswith("unreadable CSV (field larger than field limit (131072))")


def test_identical_bad_rows_are_each_counted_as_skipped() -> None:
    # the single-column fast path: a row of two fields twice, a bad value twice
    r = read("score\n9,8\n10\n9,8\nx\nx\n3\n", skip_invalid=True)
    assert (r.n, r.skipped, r.value) == (2, 4, 0)  # 10 and 3: (1 - 1) / 2
    # JSON Lines read line by line (a bad line in the batch): a blank line in between
    data = '{"score": 10}\n\n{"score": 3}\n{"score": true}\n{"score": true}\n{"score": 9}\n'
    r = read(data, skip_invalid=True)
    assert (r.n, r.skipped, r.value) == (3, 2, 33)  # 10, 3, 9: (2 - 1) / 3


def test_all_rows_bad_is_not_no_rows() -> None:
    assert failure('{"score": "x"}\n{"score": 11}\n', skip_invalid=True) == (
        "survey.csv: no valid rows (2 skipped)"
    )
    assert failure("id,score\n1\n2\n", skip_invalid=True) == (
        "survey.csv: no valid rows (2 skipped)"
    )


def test_json_lines_bad_row_in_a_later_block_is_named_exactly() -> None:
    good = '{"id": 1, "team": "a", "score": 9}\n'
    rows = BLOCK // len(good) + 100  # past the first block
    data = good * rows + '{"id": 2, "team": "a", "score": 11}\n'
    assert failure(data.encode(), by="team") == (
        f"survey.csv line {rows + 1}: 11 in column 'score' is outside the 0-10 scale"
    )


def test_a_quote_in_a_later_block_of_a_single_column_file() -> None:
    # The fast path reads two blocks of plain values, then a quote sends the rest of the
    # file (the block holding it and every block after it) through the csv module.
    plain = BLOCK // 3 * 2  # two blocks of "10\n"
    data = "score\n" + "10\n" * plain + '"3"\n' + "6\n" * (BLOCK // 2) + "9\n"
    r = read(data.encode())
    assert r.n == plain + 1 + BLOCK // 2 + 1
    assert r.details["detractors"] == 1 + BLOCK // 2 and r.details["passives"] == 0


def test_json_lines_fast_path_takes_clean_batches_whole() -> None:
    from cxglossary.metrics.files import _Reader, _score_parser

    def reader(by: str | None) -> _Reader:
        return _Reader(METRICS_NPS, _score_parser(0, 10), "s.jsonl", "score", by, False)

    clean = ['{"score": 9, "team": "a"}', " ", '{"score": "3", "team": "b"}', '{"score": 9}']
    whole = reader("team")
    assert whole._json_batch(clean, {}) is True
    assert (whole.total.n, whole.total.counts) == (3, {9: 2, 3: 1})
    assert {key: tally.counts for key, tally in whole.groups.items()} == {
        "a": {9: 1}, "b": {3: 1}, "": {9: 1},
    }  # fmt: skip
    plain = reader(None)
    assert plain._json_batch(clean, {}) is True and plain.groups == {}
    # Anything the line-by-line reading must name or weigh: nothing added, False.
    for batch in (
        ['{"score": 9}', '{"score": true}'],  # true would count as 1
        ['{"score": 9}', '{"note": 9}'],  # a missing key
        ['{"score": 9}', '{"score": [9]}'],  # not a number
        ['{"score": 9}', '{"score": 11}'],  # outside the scale
        ['{"score": 9}', "[9]"],  # not an object
        ['{"score": 9}', '{"score": 9'],  # not JSON
        ['{"score": 9, "team": "\\udcff"}'],  # a key that cannot be written out
    ):
        slow = reader("team")
        assert slow._json_batch(batch, {}) is False
        assert (slow.total.n, slow.groups) == (0, {})


def test_aht_from_json_lines_numbers_and_text() -> None:
    # 90 + 90.5 + 0 + 1:30 (90) = 270.5 s over 4 contacts = 67.625 s
    data = '{"t": 90}\n{"t": 90.5}\n{"t": 0}\n{"t": "1:30"}\n'
    r = read(data, "aht", column="t")
    assert (r.exact, r.n) == (Fraction(541, 8), 4)
    assert failure('{"t": 90}\n{"t": -1}\n', "aht", column="t") == (
        "survey.csv line 2: -1 in column 't' is negative"
    )
    assert failure('{"t": 90}\n{"t": -0.5}\n', "aht", column="t") == (
        "survey.csv line 2: -0.5 in column 't' is negative"
    )
    assert failure('{"t": NaN}\n', "aht", column="t") == (
        "survey.csv line 1: NaN in column 't' is not a number"
    )
    assert failure('{"t": false}\n', "aht", column="t") == (
        "survey.csv line 1: false in column 't' is not a number"
    )
