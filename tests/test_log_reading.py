"""Reading a contact log with the Python reader (logs.py), called directly: which column is
read as what, `--by` by header or by role, what each cell may hold, and the errors that name
file, line and column (or that `skip_invalid` counts)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from cxglossary.errors import InputError
from cxglossary.metrics import logs
from cxglossary.metrics.contacts import Columns, Rules
from cxglossary.metrics.logdata import outcome
from cxglossary.metrics.logs import LogData, LogRequest, read_log

F = Fraction


def _read(path: Path, body: str, **options: object) -> LogData:
    path.write_text(body, encoding="utf-8")
    return read_log(LogRequest(str(path), engine="python", **options))  # type: ignore[arg-type]


def _error(path: Path, body: str, need: tuple[str, ...] = (), **options: object) -> str:
    path.write_text(body, encoding="utf-8")
    request = LogRequest(str(path), engine="python", **options)  # type: ignore[arg-type]
    with pytest.raises(InputError) as error:
        read_log(request, need=need)
    return str(error.value)


def test_what_each_header_was_read_as_and_which_indicators_exist(tmp_path: Path) -> None:
    body = "Heure;Skill;Attente;Statut;Conversation;Mise en attente;Post-appel;FCR;Appel\n"
    body += "02/03/2026 08:05;ventes;12;Décroché;60;5;15;oui;A1\n"
    data = _read(tmp_path / "log.csv", body)
    assert data.read_as == {
        "Heure": "time", "Skill": "queue", "Attente": "wait", "Statut": "outcome",
        "Conversation": "talk", "Mise en attente": "hold", "Post-appel": "wrap",
        "FCR": "resolved_first",
    }  # fmt: skip
    assert data.columns == Columns(wait=True, talk=True, hold=True, wrap=True,
                                   resolved_first=True)  # fmt: skip
    thin = _read(tmp_path / "thin.csv", "abandoned\n0\n1\n")
    assert thin.columns == Columns(wait=False)
    assert (thin.total.answered, thin.total.abandoned) == (1, 1)
    assert thin.by_header is None and thin.source == str(tmp_path / "thin.csv")


@pytest.mark.parametrize(
    ("by", "header"),
    [("File d'attente", "File d'attente"), ("FILE D'ATTENTE", "File d'attente"),
     ("queue", "File d'attente"), ("Conseiller", "Conseiller"), ("agent", "Conseiller")],
)  # fmt: skip
def test_by_names_a_header_or_what_it_is_read_as(tmp_path: Path, by: str, header: str) -> None:
    body = "File d'attente,Conseiller,wait,outcome\nventes,Lea,5,answered\nsav,Tom,9,answered\n"
    data = _read(tmp_path / "log.csv", body, by=by)
    assert data.by_header == header
    keys = {"File d'attente": ["sav", "ventes"], "Conseiller": ["Lea", "Tom"]}[header]
    assert sorted(key for key, _ in data.cells) == keys


def test_an_unknown_by_column_lists_the_headers(tmp_path: Path) -> None:
    message = _error(tmp_path / "log.csv", "queue,wait,outcome\nv,5,answered\n", by="site")
    assert message == (
        f"{tmp_path / 'log.csv'}: no column 'site' (--by) "
        "(hint: headers: 'queue', 'wait', 'outcome')"
    )


def test_a_missing_column_names_what_needs_it(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    assert _error(path, "wait\n5\n") == (
        f"{path}: every log indicator (answered or abandoned) needs a 'outcome' column, and "
        "none of the headers is one (outcome, statut, status, resultat …) (hint: name it with "
        "--map outcome=HEADER; headers: 'wait')"
    )
    assert "--per 1h needs a 'time' column" in _error(path, "wait,outcome\n5,answered\n",
                                                     per="1h")  # fmt: skip
    body = "wait,outcome,talk\n5,answered,10\n"
    assert "the AHT (talk + hold + wrap) needs a 'wrap' column" in _error(path, body, ("aht",))
    assert "the FCR (first contact resolution) needs a 'resolved_first'" in _error(
        path, body, ("fcr",)
    )
    thin = "outcome\nanswered\n"
    assert "the service level needs a 'wait' column" in _error(path, thin, ("service-level",))
    assert "the ASA (average speed of answer) needs a 'wait'" in _error(path, thin, ("asa",))
    path.write_text(thin, encoding="utf-8")
    assert read_log(LogRequest(str(path)), need=["abandonment"]).total.offered == 1


def test_outcome_words_in_english_and_french() -> None:
    for word in ("answered", "Répondu", "DÉCROCHÉ", "handled", "traité", " answered "):
        assert outcome(word) is True
    for word in ("abandoned", "Abandonné", "raccroché", "abandon"):
        assert outcome(word) is False
    with pytest.raises(ValueError, match=r"^no outcome \(answered or abandoned"):
        outcome("  ")
    with pytest.raises(ValueError, match=r"^is not an outcome \(answered or abandoned"):
        outcome("lost")


# Each bad cell: the message names the file, the line and the column.
BAD = [
    ("wait,outcome,talk,wrap\n5,answered,,1\n",
     "line 2, column 'talk': no talk for an answered contact"),
    ("wait,outcome\n,abandoned\n", "line 2, column 'wait': no wait for an abandoned contact"),
    ("wait,outcome\n5,\n", "line 2, column 'outcome': no outcome (answered or abandoned"),
    ("wait,outcome,talk,wrap\n5,answered,10,abc\n", "line 2, column 'wrap': 'abc' is not"),
    ("wait,outcome,talk,wrap,hold\n5,answered,10,1,-2\n",
     "line 2, column 'hold': '-2' is negative"),
    ("wait,outcome,fcr\n5,answered,peut-être\n",
     "line 2, column 'fcr': 'peut-être' is not a yes/no"),
    ("time,wait,outcome\n2026-03-02T08:00,5,answered\nlundi,5,answered\n",
     "line 3, column 'time': 'lundi' is not a date and time"),
    ("time,wait,outcome\n,5,answered\n", "line 2, column 'time': is not a date and time"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "message"), BAD)
def test_a_bad_cell_names_its_line_and_column(tmp_path: Path, body: str, message: str) -> None:
    got = _error(tmp_path / "bad.csv", body, per="1h" if body.startswith("time") else None)
    assert got.startswith(f"{tmp_path / 'bad.csv'} {message}")


def test_blank_hold_wrap_and_fcr_cells_of_an_answered_contact(tmp_path: Path) -> None:
    body = "wait,outcome,talk,hold,wrap,fcr\n5,answered,10,,,\n6,answered,20, , ,oui\n"
    total = _read(tmp_path / "log.csv", body).total
    assert (total.talk, total.hold, total.wrap) == (30, 0, 0)
    assert (total.fcr_flagged, total.fcr_resolved) == (1, 1)
    # An abandoned contact's parts and flag are not read: anything there is left alone.
    body = "wait,outcome,talk,hold,wrap,fcr\n5,abandoned,x,y,z,w\n"
    total = _read(tmp_path / "log.csv", body).total
    assert (total.abandoned, total.talk, total.fcr_flagged) == (1, 0, 0)


def test_repeated_durations_are_read_alike_and_the_cache_stays_small(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "_SECONDS_CACHE", 2)
    rows = ["wait,outcome,talk,wrap"] + [f"{w},answered,1:30,{w}" for w in (1, 2, 3, 1, 2, 3)]
    data = _read(tmp_path / "log.csv", "\n".join(rows) + "\n")
    # waits 2 × (1 + 2 + 3) = 12; talk 6 × 90 = 540; wrap 12
    assert (data.total.answered_wait, data.total.talk, data.total.wrap) == (12, 540, 12)
    bad = "wait,outcome\n5,answered\n5,abandoned\n-5,answered\n"
    assert "line 4, column 'wait': '-5' is negative" in _error(tmp_path / "bad.csv", bad)


def test_skip_invalid_counts_bad_rows_and_an_empty_log_is_an_error(tmp_path: Path) -> None:
    body = "wait,outcome\n5,answered\n-1,answered\nabc,answered\n7,abandoned\n"
    data = _read(tmp_path / "log.csv", body, skip_invalid=True)
    assert (data.skipped, data.total.offered) == (2, 2)
    path = tmp_path / "empty.csv"
    assert _error(path, "wait,outcome\n") == f"{path} has a header but no rows"
    assert _error(path, "wait,outcome\n-1,answered\n", skip_invalid=True) == (
        f"{path}: no valid rows (1 skipped)"
    )


def test_contact_ids_repeated_are_counted(tmp_path: Path) -> None:
    body = "id,wait,outcome\nA,5,answered\nA,5,answered\nB,1,answered\n,1,answered\n,2,answered\n"
    body += "A,3,abandoned\n"
    assert _read(tmp_path / "log.csv", body).duplicates == 2  # A twice more; blanks are not ids


def test_workbook_cells_for_times_and_durations(tmp_path: Path) -> None:
    from workbook import write_xlsx

    rows = [
        ["time", "wait", "outcome", "talk", "wrap"],
        [dt.datetime(2026, 3, 2, 8, 5), 5, "answered", dt.timedelta(minutes=1, seconds=30), 0],
        [dt.datetime(2026, 3, 2, 9, 5), 7.5, "answered", 10, 1],
    ]
    book = write_xlsx(tmp_path / "log.xlsx", {"Mars": rows})
    request = LogRequest(str(book), Rules(), per="1h", sheet="Mars")
    data = read_log(request)
    assert data.reader == "python"  # workbooks are read by Python
    assert data.total.talk == 100 and data.total.answered_wait == F(25, 2)
    assert sorted(start.hour for _, start in data.cells) == [8, 9]  # type: ignore[union-attr]
    rows[1][0] = 45000  # a number where a date and time is expected
    book = write_xlsx(tmp_path / "bad.xlsx", {"Mars": rows})
    with pytest.raises(InputError, match=r"cell A2, column 'time': '?45000'? is not a date"):
        read_log(LogRequest(str(book), Rules(), per="1h"))
    rows[1][0] = dt.datetime(2026, 3, 2, 8, 5)
    rows[1][1] = True  # a boolean where a duration is expected
    book = write_xlsx(tmp_path / "bool.xlsx", {"Mars": rows})
    with pytest.raises(InputError, match=r"cell B2, column 'wait'"):
        read_log(LogRequest(str(book), Rules()))
