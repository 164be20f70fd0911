"""The shared tabular layer: CSV and Excel files, recognised columns, cells and their places."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import Cx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from workbook import write_xlsx

from cxglossary.errors import InputError
from cxglossary.metrics.tables import (
    Table,
    _first_line_of,
    column_letters,
    count_cell,
    duration_cell,
    flag_cell,
    header_key,
    not_utf8,
    number_cell,
    open_table,
    parse_maps,
    recognise,
    text_cell,
)

DATA = Path(__file__).parent / "data"
LOG_NAMES = ("time", "queue", "agent", "wait", "outcome", "talk", "hold", "wrap")


def rows(table: Table) -> list[tuple[int, list[object]]]:
    return [row for batch in table.rows() for row in batch]


def error(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(InputError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    message = str(info.value)
    assert "\n" not in message
    return message


# --- column names --------------------------------------------------------------------------


def test_header_key_ignores_case_accents_and_punctuation() -> None:
    assert header_key("Résolu  Premier-Contact") == "resolu_premier_contact"
    assert header_key(" Post_Appel ") == "post_appel"


def test_french_and_english_headers_are_recognised(tmp_path: Path) -> None:
    path = tmp_path / "appels.csv"
    path.write_text(
        "Date;File;Conseiller;Attente (s);Statut;Conversation;Mise en attente;Post-appel;"
        "Résolu premier contact;ID appel\n",
        encoding="utf-8",
    )
    with open_table(str(path)) as table:
        columns = recognise(table, [*LOG_NAMES, "resolved_first", "id"], {})
    assert columns.read_as() == {
        "Date": "time",
        "File": "queue",
        "Conseiller": "agent",
        "Attente (s)": "wait",
        "Statut": "outcome",
        "Conversation": "talk",
        "Mise en attente": "hold",
        "Post-appel": "wrap",
        "Résolu premier contact": "resolved_first",
        "ID appel": "id",
    }


def test_attente_alone_is_the_wait_and_attente_client_the_hold(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("ATTENTE,Attente_Client,arrived_at,outcome\n", encoding="utf-8")
    with open_table(str(path)) as table:
        columns = recognise(table, LOG_NAMES, {})
    assert columns.read_as() == {
        "ATTENTE": "wait",
        "Attente_Client": "hold",
        "arrived_at": "time",
        "outcome": "outcome",
    }
    assert columns.get("talk") is None


def test_map_names_a_header_the_usual_names_miss(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("Début,Temps avant décroché,Statut\n", encoding="utf-8")
    with open_table(str(path)) as table:
        mapping = parse_maps(["time=Début", "wait=temps avant DECROCHE"])
        columns = recognise(table, LOG_NAMES, mapping)
    assert columns.read_as() == {
        "Début": "time",
        "Temps avant décroché": "wait",
        "Statut": "outcome",
    }
    assert columns.get("wait") is not None and columns.get("wait").mapped  # type: ignore[union-attr]


def test_map_to_an_unknown_header_names_file_header_and_headers(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("time,wait\n", encoding="utf-8")
    with open_table(str(path)) as table:
        message = error(recognise, table, LOG_NAMES, parse_maps(["wait=Délai"]))
    assert message == (f"--map: {path} has no header 'Délai' (hint: headers: 'time', 'wait')")


def test_map_errors() -> None:
    assert error(parse_maps, ["wait"]).startswith("--map wait: write NAME=HEADER")
    assert error(parse_maps, ["patience_x=P"]).startswith(
        "--map patience_x=P: no column called 'patience_x' (hint: names: time, queue"
    )
    assert error(parse_maps, ["wait=a", "attente=b"]) == "--map wait is given twice"
    # a usual header name stands for its column: attente is the wait
    assert parse_maps(["Attente=Délai"]) == {"wait": "Délai"}


def test_two_headers_for_one_column_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("wait,attente\n", encoding="utf-8")
    with open_table(str(path)) as table:
        message = error(recognise, table, ["wait"], {})
    assert message == (
        f"{path}: 'wait' and 'attente' could both be the 'wait' column "
        "(hint: say which with --map wait=HEADER)"
    )


def test_a_missing_column_names_the_indicator(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("time,outcome\n", encoding="utf-8")
    with open_table(str(path)) as table:
        message = error(recognise(table, LOG_NAMES, {}).need, "wait", "service-level")
    assert message.startswith(f"{path}: service-level needs a 'wait' column")
    assert "--map wait=HEADER" in message and "'time', 'outcome'" in message


def test_forecast_and_survey_names(tmp_path: Path) -> None:
    path = tmp_path / "prevision.csv"
    path.write_text("Heure,Appels,DMT,Patience,Note\n", encoding="utf-8")
    with open_table(str(path)) as table:
        columns = recognise(table, ["time", "calls", "aht", "patience", "score"], {})
    assert list(columns.read_as().values()) == ["time", "calls", "aht", "patience", "score"]


# --- CSV -----------------------------------------------------------------------------------


def test_csv_rows_carry_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes(
        b'\xef\xbb\xbftime;queue;wait\r\n\r\n2026-01-05 08:00;"ventes\r\nFrance";95,5\r\n'
        b";;\r\n2026-01-05 08:01;support;1:35\r\n"
    )
    with open_table(str(path)) as table:
        assert table.headers == ["time", "queue", "wait"]  # the BOM is not in the first name
        got = rows(table)
        assert [number for number, _ in got] == [3, 6]  # blank line and empty row skipped
        assert got[0][1][1] == "ventes\r\nFrance"
        assert table.where(6, 2) == f"{path} line 6, column 'wait'"
    assert [duration_cell(cells[2]) for _, cells in got] == [Fraction(191, 2), 95]


def test_csv_old_mac_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes(b"wait,outcome\r12,answered\r30,abandoned\r")
    with open_table(str(path)) as table:
        assert [(n, c) for n, c in rows(table)] == [
            (2, ["12", "answered"]),
            (3, ["30", "abandoned"]),
        ]


def test_csv_row_of_the_wrong_width(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("wait,outcome\n12,answered\n30\n", encoding="utf-8")
    with open_table(str(path)) as table:
        assert error(rows, table) == f"{path} line 3: 1 fields where the header has 2"
    seen: list[tuple[int, str]] = []
    with open_table(str(path)) as table:
        kept = [row for batch in table.rows(lambda n, m: seen.append((n, m))) for row in batch]
    assert kept == [(2, ["12", "answered"])] and seen == [(3, "1 fields where the header has 2")]


def test_windows_1252_csv_names_the_encoding_and_the_option(tmp_path: Path) -> None:
    path = tmp_path / "appels.csv"
    path.write_bytes("wait;statut\n12;répondu\n".encode("cp1252"))
    message = error(lambda: rows(open_table(str(path))))
    assert message == (
        f"{path} line 2: not UTF-8 text (byte 0xe9); it looks like Windows-1252, as Excel "
        "saves 'CSV' on Windows, where 0xe9 is 'é' "
        "(hint: read it with --encoding cp1252, or save it as 'CSV UTF-8')"
    )
    with open_table(str(path), encoding="cp1252") as table:
        assert rows(table) == [(2, ["12", "répondu"])]


def test_binary_that_is_no_text_is_not_called_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"wait\n\x00\xff\x01\n")
    assert "Windows-1252" not in error(lambda: rows(open_table(str(path))))


def test_csv_faults(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    assert error(open_table, str(empty)) == f"{empty} is empty"
    assert error(open_table, str(tmp_path / "none.csv")) == f"{tmp_path / 'none.csv'}: no such file"
    assert error(open_table, str(tmp_path)).endswith("is a directory, not a data file")
    assert error(open_table, str(empty), encoding="klingon").startswith(
        "--encoding klingon: unknown encoding"
    )
    assert error(open_table, str(empty), sheet="1").startswith("--sheet goes with an Excel")


# --- workbooks -----------------------------------------------------------------------------


def test_workbook_cells_come_as_excel_stores_them(tmp_path: Path) -> None:
    arrived = dt.datetime(2026, 1, 5, 8, 30)
    path = write_xlsx(
        tmp_path / "calls.xlsx",
        {
            "Janvier": [
                ["time", "queue", "wait", "talk", "abandoned"],
                [arrived, "ventes", dt.time(0, 1, 35), dt.timedelta(hours=25, seconds=3), False],
                [arrived, 2026, 95.5, "1:35", 1],
                [None, None, None, None, None],
                [arrived, "support", "00:01:35", 42, "oui"],
            ]
        },
    )
    with open_table(str(path)) as table:
        assert table.sheet == "Janvier"
        got = rows(table)
        assert [number for number, _ in got] == [2, 3, 5]
        assert table.where(5, 2) == f"{path} sheet 'Janvier' cell C5, column 'wait'"
    assert got[0][1][0] == arrived
    assert [duration_cell(cells[2]) for _, cells in got] == [95, Fraction(191, 2), 95]
    assert [duration_cell(cells[3]) for _, cells in got] == [25 * 3600 + 3, 95, 42]
    assert [flag_cell(cells[4]) for _, cells in got] == [False, True, True]
    assert text_cell(got[1][1][1]) == "2026"  # a number typed as a queue name


def test_an_excel_date_where_a_duration_is_expected_is_an_error() -> None:
    with pytest.raises(ValueError, match="is a date, not a duration"):
        duration_cell(dt.datetime(1900, 1, 1, 0, 1, 35))


def test_a_table_that_does_not_start_at_a1_is_named_by_its_real_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "s.xlsx", {"Notes": [["score", "team"], [9, "a"], [3, "b"]]}, origin=(2, 27)
    )
    with open_table(str(path)) as table:
        got = rows(table)
        assert [number for number, _ in got] == [4, 5]
        assert table.where(5, 1) == f"{path} sheet 'Notes' cell AC5, column 'team'"


def test_sheets_by_name_number_or_case(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "s.xlsx", {"Janvier": [["score"], [1]], "Février": [["score"], [2]]}
    )
    for wanted in ("Février", "février", "2"):
        with open_table(str(path), sheet=wanted) as table:
            assert table.sheet == "Février" and rows(table) == [(2, [2.0])]
    assert error(open_table, str(path), sheet="Mars") == (
        f"{path}: no sheet 'Mars' (hint: sheets: 1 'Janvier', 2 'Février')"
    )
    assert error(open_table, str(path), sheet="3").startswith(f"{path}: no sheet '3'")
    assert error(open_table, str(path), encoding="cp1252").startswith("--encoding goes with a CSV")


def test_empty_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", {"Vide": []})
    assert error(open_table, str(path)) == f"{path} sheet 'Vide' is empty"


def test_corrupt_workbook(tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [["score"], [9]]})
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:300])
    assert error(open_table, str(cut)).startswith(f"{cut}: a corrupt or unreadable workbook (")
    hollow = tmp_path / "hollow.xlsx"
    with zipfile.ZipFile(hollow, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert error(open_table, str(hollow)).startswith(f"{hollow}: a corrupt or unreadable workbook")
    text = tmp_path / "text.xlsx"
    text.write_text("score\n9\n", encoding="utf-8")
    assert error(open_table, str(text)) == f"{text}: not an Excel workbook (.xlsx is a zip archive)"


def test_password_protected_workbook() -> None:
    # tests/data/protected.xlsx: a one-cell workbook written by xlsxwriter, then encrypted
    # with the password "secret" by msoffcrypto-tool 6.1 (OOXMLFile(f).encrypt("secret", out)),
    # as Excel does: an OLE compound file holding an "EncryptedPackage" stream.
    path = str(DATA / "protected.xlsx")
    assert error(open_table, path) == (
        f"{path}: the workbook is password-protected "
        "(hint: save a copy without a password (File > Info > Protect Workbook))"
    )


# --- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [
        ("95", 95),
        ("95.5", Fraction(191, 2)),
        ("95,5", Fraction(191, 2)),  # a French CSV
        ("1:35", 95),
        ("00:01:35", 95),
        ("1m35s", 95),
        (95, 95),
        (95.5, Fraction(191, 2)),
        (0.1, Fraction(1, 10)),  # as typed, not the binary double
        (dt.time(0, 1, 35, 500000), Fraction(191, 2)),
        (dt.timedelta(minutes=1, seconds=35), 95),
    ],
)
def test_durations(raw: object, seconds: Fraction) -> None:
    assert duration_cell(raw) == seconds  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["-5", -5, "abc", True, "", None, dt.date(2026, 1, 5)])
def test_bad_durations(raw: object) -> None:
    with pytest.raises(ValueError):
        duration_cell(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "flag"),
    [
        ("1", True), ("0", False), ("TRUE", True), ("false", False), ("Yes", True),
        ("no", False), ("oui", True), ("NON", False), ("vrai", True), ("faux", False),
        (True, True), (False, False), (1.0, True), (0, False),
    ],
)  # fmt: skip
def test_flags(raw: object, flag: bool) -> None:
    assert flag_cell(raw) is flag  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["2", "peut-être", 0.5, dt.time(0, 0)])
def test_bad_flags(raw: object) -> None:
    with pytest.raises(ValueError, match="is not a yes/no flag"):
        flag_cell(raw)  # type: ignore[arg-type]


def test_counts_and_numbers() -> None:
    assert count_cell(120.0) == 120 and count_cell("120") == 120 and count_cell(7) == 7
    for bad in (120.5, "12.5", True, -1, dt.time(1, 0)):
        with pytest.raises(ValueError):
            count_cell(bad)  # type: ignore[arg-type]
    assert number_cell("180,5") == Fraction(361, 2) and number_cell(0.1) == Fraction(1, 10)
    for bad in ("-1", -0.5, False, "x"):
        with pytest.raises(ValueError):
            number_cell(bad)  # type: ignore[arg-type]


def test_column_letters() -> None:
    assert [column_letters(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip


# --- surveys from workbooks through the CLI -------------------------------------------------


def test_survey_workbook_gives_the_csv_answer(cx: Cx, tmp_path: Path) -> None:
    table = [["équipe", "Note"], ["a", 10], ["b", 3], ["a", 9.0], ["b", 7]]
    book = write_xlsx(tmp_path / "survey.xlsx", {"Réponses": table})
    csv = tmp_path / "survey.csv"
    csv.write_text("équipe;Note\na;10\nb;3\na;9\nb;7\n", encoding="utf-8")
    from_book = cx.json("metric", "nps", "--file", str(book), "--by", "équipe")
    from_csv = cx.json("metric", "nps", "--file", str(csv), "--by", "équipe")
    # No --column: 'Note' is recognised as the answers, and the output says so.
    assert from_book["inputs"] == {
        "file": str(book),
        "sheet": "Réponses",
        "column": "Note",
        "by": "équipe",
        "confidence": 95,
    }
    for data in (from_book, from_csv):
        data.pop("inputs")
    assert from_book == from_csv
    assert from_book["value"] == 25 and [g["value"] for g in from_book["groups"]] == [100, -50]


def test_survey_workbook_errors_name_sheet_and_cell(cx: Cx, tmp_path: Path) -> None:
    book = write_xlsx(
        tmp_path / "s.xlsx", {"S": [["id", "score"], [1, 9], [2, "neuf"], [3, True], [4, 11]]}
    )
    out = cx("metric", "nps", "--file", str(book), code=2)
    assert (
        out.stderr.strip()
        == f"cx: {book} sheet 'S' cell B3, column 'score': 'neuf' is not a whole number"
    )
    data = cx.json("metric", "nps", "--file", str(book), "--skip-invalid")
    assert (data["n"], data["skipped"], data["value"]) == (1, 3, 100)


def test_survey_workbook_from_stdin_and_map(cx: Cx, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "s.xlsx", {"S": [["Q1", "Q2"], [10, 1], [0, 2]]})
    runner_input = book.read_bytes()
    result = cx.runner.invoke(
        __import__("cxglossary.cli", fromlist=["app"]).app,
        ["metric", "nps", "--file", "-", "--map", "score=q1", "--json"],
        input=runner_input,
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["inputs"]["column"], data["value"]) == ("Q1", 0)


def test_metric_file_option_errors(cx: Cx, tmp_path: Path) -> None:
    csv = tmp_path / "s.csv"
    csv.write_text("score\n9\n", encoding="utf-8")
    assert (
        "--sheet goes with an Excel workbook"
        in cx("metric", "nps", "--file", str(csv), "--sheet", "1", code=2).stderr
    )
    assert (
        "reads one column (score)"
        in cx("metric", "nps", "--file", str(csv), "--map", "wait=score", code=2).stderr
    )
    assert "go with --file" in cx("metric", "nps", "--sheet", "1", code=2).stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes("équipe,score\nà,9\n".encode("cp1252"))
    assert "--encoding cp1252" in cx("metric", "nps", "--file", str(latin), code=2).stderr
    data = cx.json("metric", "nps", "--file", str(latin), "--encoding", "cp1252", "--by", "équipe")
    assert data["groups"][0]["key"] == "à"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answers=st.lists(
        st.tuples(st.sampled_from(["a", "b", "Équipe 3"]), st.integers(0, 10)), min_size=1
    )
)
def test_csv_and_xlsx_of_the_same_survey_agree(
    tmp_path: Path, answers: list[tuple[str, int]]
) -> None:
    from cxglossary.metrics.files import compute_table

    book = write_xlsx(tmp_path / "p.xlsx", {"S": [["team", "score"], *map(list, answers)]})
    csv = tmp_path / "p.csv"
    csv.write_text("team,score\n" + "".join(f"{t},{s}\n" for t, s in answers), encoding="utf-8")
    results = []
    for path in (book, csv):
        with open_table(str(path)) as table:
            got = compute_table("nps", table, column=None, by="team", skip_invalid=False, inputs={})
        data = got.to_json()
        data.pop("inputs")
        results.append(data)
    assert results[0] == results[1]


# --- text that is not UTF-8, named by its line ----------------------------------------------


class Pipe(io.RawIOBase):
    """Bytes as a pipe gives them: read once, no seeking back (`cat calls.csv | cx …`)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        size = min(len(buffer), len(self.data), 7)  # small reads, as a pipe may give
        buffer[:size], self.data = self.data[:size], self.data[size:]
        return size


def test_a_windows_1252_byte_on_a_pipe_is_named_by_its_line() -> None:
    data = "time,queue,wait\n2026-01-05 08:00,a,10\n2026-01-05 08:01,bé,12\n".encode("cp1252")
    stdin = io.BufferedReader(Pipe(data))
    assert not stdin.seekable()
    message = error(lambda: rows(open_table("-", stdin=stdin)))
    assert message == (
        "<stdin> line 3: not UTF-8 text (byte 0xe9); it looks like Windows-1252, as Excel "
        "saves 'CSV' on Windows, where 0xe9 is 'é' "
        "(hint: read it with --encoding cp1252, or save it as 'CSV UTF-8')"
    )


def test_the_byte_named_is_the_first_that_is_not_utf8(tmp_path: Path) -> None:
    # 'é' written twice on one line: in UTF-8 (0xc3 0xa9, fine), then in Windows-1252 (0xe9).
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"queue\n" + "é".encode() + b"\t\xe9\n")
    assert error(lambda: rows(open_table(str(path)))) == (
        f"{path} line 2: not UTF-8 text (byte 0xe9); it looks like Windows-1252, as Excel "
        "saves 'CSV' on Windows, where 0xe9 is 'é' "
        "(hint: read it with --encoding cp1252, or save it as 'CSV UTF-8')"
    )


def test_bytes_that_windows_1252_leaves_undefined_are_not_called_windows_1252(
    tmp_path: Path,
) -> None:
    # 0x81 has no character in Windows-1252: the line is neither UTF-8 nor Windows-1252.
    path = tmp_path / "odd.csv"
    path.write_bytes(b"queue\nab\x81\n")
    assert error(lambda: rows(open_table(str(path)))) == (
        f"{path} line 2: not UTF-8 text (byte 0x81) "
        "(hint: save the file as UTF-8, or give its encoding with --encoding)"
    )


def test_not_utf8_without_a_bad_byte_names_none() -> None:
    # Every caller passes a line holding a bad byte; without one, no byte is made up.
    error_ = not_utf8("calls.csv", 7, b"plain")
    assert str(error_) == (
        "calls.csv line 7: not UTF-8 text "
        "(hint: save the file as UTF-8, or give its encoding with --encoding)"
    )


def test_text_that_is_not_in_the_encoding_given(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes("wait\n12é\n".encode())
    assert error(lambda: rows(open_table(str(path), encoding="ascii"))) == (
        f"{path}: not ascii text (ordinal not in range(128))"
    )


# --- cells and workbook errors -------------------------------------------------------------


@pytest.mark.parametrize("raw", [float("nan"), float("inf"), float("-inf")])
def test_a_number_cell_that_is_no_number(raw: float) -> None:
    for parse in (number_cell, duration_cell):
        with pytest.raises(ValueError) as info:
            parse(raw)
        assert str(info.value) == "is not a number"


def test_number_cells_with_a_decimal_comma_or_a_sign() -> None:
    assert number_cell(" 12,5 ") == Fraction(25, 2) and number_cell("0") == 0
    assert number_cell(3) == 3 and number_cell(2.25) == Fraction(9, 4)
    refused = [
        ("1,5.2", "is not a number"),
        ("1,2,3", "is not a number"),
        ("-0,5", "is negative"),
        (-2, "is negative"),
        (None, "is not a number"),
    ]
    for bad, message in refused:
        with pytest.raises(ValueError) as info:
            number_cell(bad)  # type: ignore[arg-type]
        assert str(info.value) == message


def test_a_workbook_error_quotes_the_first_line_of_the_readers_message() -> None:
    assert _first_line_of(ValueError("  Zip error: bad header\ndetails\n")) == (
        "Zip error: bad header"
    )
    assert _first_line_of(ValueError("")) == "ValueError"
    assert _first_line_of(OSError("x" * 100)) == "x" * 79 + "…"


# --- file metrics from a sheet (compute_table) ---------------------------------------------


def sheet_metric(
    tmp_path: Path, rows_: list[list[object]], metric: str = "nps", **options: object
) -> dict[str, object]:
    from cxglossary.metrics.files import compute_table

    path = write_xlsx(tmp_path / "s.xlsx", {"S": rows_})
    settings_ = {"column": None, "by": None, "skip_invalid": False, "inputs": {}, **options}
    with open_table(str(path)) as table:
        return compute_table(metric, table, **settings_).to_json()  # type: ignore[arg-type]


def sheet_error(tmp_path: Path, rows_: list[list[object]], **options: object) -> str:
    with pytest.raises(InputError) as info:
        sheet_metric(tmp_path, rows_, **options)
    return str(info.value).replace(str(tmp_path / "s.xlsx"), "s.xlsx")


def test_a_sheet_of_one_column_needs_no_column_name(tmp_path: Path) -> None:
    data = sheet_metric(tmp_path, [["Réponses"], [9], [10], [3]])
    assert (data["n"], data["value"]) == (3, 33)  # 2 promoters, 1 detractor of 3


def test_sheet_column_errors_word_for_word(tmp_path: Path) -> None:
    table: list[list[object]] = [["id", "Score", "team"], [1, 9, "a"]]
    assert sheet_error(tmp_path, table, column="score") == (
        "s.xlsx sheet 'S': no column 'score' (--column) (hint: did you mean 'Score'?)"
    )
    assert sheet_error(tmp_path, table, column="Score", by="équipe") == (
        "s.xlsx sheet 'S': no column 'équipe' (--by) (hint: columns: id, Score, team)"
    )
    assert sheet_error(tmp_path, [["note", "note"], [1, 2]], column="note") == (
        "s.xlsx sheet 'S': column 'note' appears twice in the header"
    )
    # AHT reads no 'score' column by its name: with two columns, it asks which one.
    assert sheet_error(tmp_path, [["id", "score"], [1, 9]], metric="aht") == (
        "s.xlsx sheet 'S' has 2 columns: say which one with --column (hint: columns: id, score)"
    )
    assert sheet_error(tmp_path, [["id", "Score"]]) == "s.xlsx sheet 'S' has a header but no rows"


def test_sheet_cells_true_and_1_are_not_the_same_answer(tmp_path: Path) -> None:
    # True equals 1 in Python: a bad TRUE cell must not take the place of a valid 1.
    rows_: list[list[object]] = [["score"], [True], [1], [10], [True], [None], [9]]
    data = sheet_metric(tmp_path, [*rows_, ["x"]], skip_invalid=True)
    # 1, 10, 9: one detractor, two promoters -> (2 - 1) / 3 = 33.3; skipped TRUE twice and x
    assert (data["n"], data["skipped"], data["value"]) == (3, 3, 33)
    assert sheet_error(tmp_path, [["id", "score"], [1, 9], [2, None], [3, 9]]) == (
        "s.xlsx sheet 'S' cell B3, column 'score': no value"
    )


def test_a_bad_cell_is_named_in_its_own_group(tmp_path: Path) -> None:
    rows_: list[list[object]] = [["team", "score"], ["a", 9], ["a", 11], ["b", 12], ["b", 11]]
    assert sheet_error(tmp_path, rows_, by="team") == (
        "s.xlsx sheet 'S' cell B3, column 'score': 11 is outside the 0-10 scale"
    )
    rows_ = [["team", "score"], ["a", 9], ["b", "x"], ["a", "x"]]
    assert sheet_error(tmp_path, rows_, by="team") == (
        "s.xlsx sheet 'S' cell B3, column 'score': 'x' is not a whole number"
    )


def test_sheet_csat_on_a_7_point_scale_and_a_comparison(tmp_path: Path) -> None:
    rows_: list[list[object]] = [["team", "score"], ["a", 7], ["a", 6], ["b", 5], ["b", 7]]
    data = sheet_metric(tmp_path, rows_, "csat", inputs={"scale": 7})
    assert (data["n"], data["value"]) == (4, 75.0)  # 6 and 7 are the top two: 3 of 4
    data = sheet_metric(tmp_path, rows_, by="team", compare=("a", "b"))
    comparison = data["comparison"]
    assert isinstance(comparison, dict)
    # NPS of a: 7 a passive, 6 a detractor -> -50; of b: 5 a detractor, 7 a passive -> -50
    a, b = comparison["a"], comparison["b"]
    assert (a["key"], a["value"], b["key"], b["value"]) == ("a", -50, "b", -50)
    assert comparison["difference"] == 0


def test_a_csv_table_row_of_the_wrong_width(tmp_path: Path) -> None:
    from cxglossary.metrics.files import compute_table

    path = tmp_path / "s.csv"
    path.write_text("id,score\n1,9\n2\n3,10\n", encoding="utf-8")
    for skip in (False, True):
        with open_table(str(path)) as table:
            if not skip:
                with pytest.raises(InputError) as info:
                    compute_table("nps", table, column=None, by=None, skip_invalid=False, inputs={})
                assert str(info.value) == f"{path} line 3: 1 fields where the header has 2"
                continue
            got = compute_table("nps", table, column=None, by=None, skip_invalid=True, inputs={})
            assert (got.n, got.skipped, got.value) == (2, 1, 100)


def test_sheet_aht_from_excel_durations(tmp_path: Path) -> None:
    # 0:01:35 as a time of day (95 s) + 90.5 s as a number + [h]:mm:ss 0:02:00 (120 s)
    rows_: list[list[object]] = [["handle"], [dt.time(0, 1, 35)], [90.5], [dt.timedelta(minutes=2)]]
    data = sheet_metric(tmp_path, rows_, "aht")
    assert (data["exact_fraction"], data["n"]) == ("611/6", 3)  # 305.5 / 3


# --- headers, sheets and --map (written against mutation survivors) -------------------------


def test_headers_with_a_unit_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "Attente en secondes;Conversation_secondes;wrap_sec;Hold (s);Début\n", encoding="utf-8"
    )
    with open_table(str(path)) as table:
        columns = recognise(table, ["wait", "talk", "wrap", "hold", "time"], {})
    assert columns.read_as() == {
        "Attente en secondes": "wait",
        "Conversation_secondes": "talk",
        "wrap_sec": "wrap",
        "Hold (s)": "hold",
        "Début": "time",
    }
    path.write_text("Talk_Seconds,s,sec\n", encoding="utf-8")
    with open_table(str(path)) as table:
        assert recognise(table, ["talk", "wait"], {}).read_as() == {"Talk_Seconds": "talk"}


def test_workbook_headers_as_written(tmp_path: Path) -> None:
    # A number typed as a header reads as written (2026, not 2026.0); an empty header cell
    # between two names stays an empty header; blank cells after the last name are dropped.
    path = write_xlsx(tmp_path / "h.xlsx", {"S": [["score", None, 2026, None], [9, 1, 2, 3]]})
    with open_table(str(path)) as table:
        assert table.headers == ["score", "", "2026"]
        assert rows(table) == [(2, [9.0, 1.0, 2.0])]


def test_sheet_by_number_one(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "s.xlsx", {"Janvier": [["score"], [1]], "Fev": [["score"], [2]]})
    with open_table(str(path), sheet="1") as table:
        assert table.sheet == "Janvier"
    assert error(open_table, str(path), sheet="0").startswith(f"{path}: no sheet '0'")


def test_a_long_sheet_is_read_in_batches(tmp_path: Path) -> None:
    from cxglossary.metrics.tables import ROWS_PER_BATCH

    count = ROWS_PER_BATCH * 2 + 3
    path = write_xlsx(tmp_path / "l.xlsx", {"S": [["score"], *([i % 11] for i in range(count))]})
    with open_table(str(path)) as table:
        batches = list(table.rows())
    assert [len(batch) for batch in batches] == [ROWS_PER_BATCH, ROWS_PER_BATCH, 3]
    assert batches[2][-1] == (count + 1, [float((count - 1) % 11)])


def test_map_headers_exact_then_folded(tmp_path: Path) -> None:
    from cxglossary.metrics.tables import mapped_header

    assert mapped_header(["Wait", "WAIT"], "wait") == "wait"  # two candidates: left as given
    assert mapped_header(["Attente"], "délai") == "délai"  # none: left as given
    assert mapped_header(["Attente", "x"], "ATTENTE") == "Attente"
    path = tmp_path / "calls.csv"
    path.write_text("Wait,wait,time\n", encoding="utf-8")
    with open_table(str(path)) as table:
        columns = recognise(table, ["wait"], {"wait": "wait"})  # exact wins over folded
        assert columns.read_as() == {"wait": "wait"}
    path.write_text("Wait,WAIT,time\n", encoding="utf-8")
    with open_table(str(path)) as table:
        assert error(recognise, table, ["wait"], {"wait": "wait"}) == (
            f"{path}: the header 'wait' appears twice"
        )
    book = write_xlsx(tmp_path / "m.xlsx", {"Feuil1": [["time", "wait"], [1, 2]]})
    with open_table(str(book)) as table:
        assert error(recognise, table, ["wait"], {"wait": "délai"}) == (
            f"--map: {book} sheet 'Feuil1' has no header 'délai' (hint: headers: 'time', 'wait')"
        )


def test_cells_quoted_in_messages() -> None:
    from cxglossary.metrics.tables import shown_cell

    assert [shown_cell(c) for c in ("x", 11.0, 11.5, 7, True, None)] == [
        "'x'", "11", "11.5", "7", "True", "None",
    ]  # fmt: skip
    assert shown_cell(dt.datetime(2026, 1, 5, 8, 30)) == "2026-01-05T08:30:00"
