"""The DuckDB reader of large CSV logs (engine.py, logdata.add_fine_cells) against the Python
reader, the reference: on small files (`engine="duckdb"` forces it below the size threshold,
`ENGINE_MIN_BYTES`), the same tallies per key and period, the same notes, the same duplicate
count; and, on what the engine does not read, a fall-back to Python rather than a wrong
number."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

from cxglossary.metrics import logs
from cxglossary.metrics.abandons import Abandons
from cxglossary.metrics.contacts import Rules
from cxglossary.metrics.logs import LogData, LogRequest, read_log
from cxglossary.metrics.periods import parse_zone

F = Fraction


def _state(data: LogData) -> tuple[object, ...]:
    cells = {key: tally.fields() for key, tally in data.cells.items()}
    return cells, data.total.fields(), data.duplicates, data.clock.notes(), data.skipped


def both(path: Path, body: str, reader: str = "duckdb", **options: object) -> LogData:
    """Read `body` with each reader; they must agree. `reader`: the one the engine request
    ends with ("python" when the engine hands the file back)."""
    path.write_text(body, encoding="utf-8")
    python = read_log(LogRequest(str(path), engine="python", **options))  # type: ignore[arg-type]
    engine = read_log(LogRequest(str(path), engine="duckdb", **options))  # type: ignore[arg-type]
    assert (python.reader, engine.reader) == ("python", reader)
    assert _state(engine) == _state(python)
    return engine


# Seven contacts, two queues, threshold 20 s (by hand):
#   a 08:05 answered wait 20 (within), talk 100.5, hold 4, wrap 30, FCR oui
#   a 08:20 answered wait 21,          talk 60,    hold -, wrap 0,  FCR non
#   b 08:35 answered wait 0 (within),  talk 30,    hold 1, wrap 9,  FCR -
#   b 08:50 abandoned wait 3 (within; short with --short-abandon 4)
#   a 09:40 abandoned wait 25
#   b 09:41 abandoned wait 4 (within; not short: 4 is not below 4)
#   a 09:59 answered wait 7.125 (within), talk 10, hold 0, wrap 0, FCR 1
LOG = """\
time,queue,wait,outcome,talk,hold,wrap,fcr,id
2026-03-02T08:05:00,a,20,answered,100.5,4,30,oui,1
2026-03-02T08:20:00,a,21,answered,60,,0,non,2
2026-03-02T08:35:00,b,0,answered,30,1,9,,3
2026-03-02T08:50:00,b,3,abandoned,,,,,4
2026-03-02T09:40:00,a,25,abandoned,,,,,5
2026-03-02T09:41:00,b,4,abandoned,,,,,6
2026-03-02T09:59:59,a,7.125,answered,10,0,0,1,1
"""


def test_the_engine_gives_the_hand_counts_per_key_and_hour(tmp_path: Path) -> None:
    rules = Rules(F(20), Abandons.AGAINST, F(4))
    data = both(tmp_path / "log.csv", LOG, rules=rules, by="queue", per="1h")
    fields = {(key, start.hour): t.fields() for (key, start), t in data.cells.items()}  # type: ignore[union-attr]
    assert fields[("a", 8)] == {
        "abandoned": 0, "abandoned_within": 0, "answered": 2, "answered_wait": 41,
        "answered_within": 1, "fcr_flagged": 2, "fcr_resolved": 1, "hold": 4, "offered": 2,
        "short": 0, "talk": F(321, 2), "wait_all": 41, "wrap": 30,
    }  # fmt: skip
    assert fields[("b", 8)] == {
        "abandoned": 0, "abandoned_within": 0, "answered": 1, "answered_wait": 0,
        "answered_within": 1, "fcr_flagged": 0, "fcr_resolved": 0, "hold": 1, "offered": 1,
        "short": 1, "talk": 30, "wait_all": 0, "wrap": 9,
    }  # fmt: skip
    assert fields[("a", 9)] == {
        "abandoned": 1, "abandoned_within": 0, "answered": 1, "answered_wait": F(57, 8),
        "answered_within": 1, "fcr_flagged": 1, "fcr_resolved": 1, "hold": 0, "offered": 2,
        "short": 0, "talk": 10, "wait_all": F(257, 8), "wrap": 0,
    }  # fmt: skip
    assert fields[("b", 9)] == {
        "abandoned": 1, "abandoned_within": 1, "answered": 0, "answered_wait": 0,
        "answered_within": 0, "fcr_flagged": 0, "fcr_resolved": 0, "hold": 0, "offered": 1,
        "short": 0, "talk": 0, "wait_all": 4, "wrap": 0,
    }  # fmt: skip
    assert data.duplicates == 1  # id 1 twice
    assert data.total.contacts == 7 and data.total.offered == 6


@pytest.mark.parametrize("per", ["15m", "30m", "1h", "day", "week", "month", None])
def test_every_period_and_no_period(tmp_path: Path, per: str | None) -> None:
    both(tmp_path / "log.csv", LOG, per=per, by="queue")
    both(tmp_path / "log.csv", LOG, per=per, zone=parse_zone("Europe/Paris"))


@pytest.mark.parametrize(
    "rules",
    [Rules(F(0)), Rules(F(41, 2), Abandons.IGNORED), Rules(F(7), Abandons.FOR, F(7)),
     Rules(F(1, 3), short_abandon=F(1, 3))],
)  # fmt: skip
def test_thresholds_and_short_abandons_as_written(tmp_path: Path, rules: Rules) -> None:
    # 7.125 s against a threshold of 7 s: not within; 0 s against 0 s: within; a third of a
    # second (0.333...) as the engine's decimal literal must not round a wait of 0 into it.
    both(tmp_path / "log.csv", LOG, rules=rules)


def test_separators_spaces_and_words_as_the_python_reader_reads_them(tmp_path: Path) -> None:
    semicolons = "queue;wait;outcome\n ventes ;5;ANSWERED\nventes;6;Abandonné\nsav;7;traité\n"
    data = both(tmp_path / "semi.csv", semicolons, by="queue")
    assert sorted(key for key, _ in data.cells) == ["sav", "ventes"]  # " ventes " is ventes
    tabs = "wait\toutcome\n5\tdécroché\n6\traccroché\n"
    assert both(tmp_path / "tabs.csv", tabs).total.abandoned == 1
    flags = "abandoned,wait\n1,5\n0,6\n,7\nnon,8\n"  # a blank abandoned flag: answered
    assert both(tmp_path / "flags.csv", flags).total.answered == 3


def test_a_blank_fcr_flag_is_not_flagged_whatever_the_reader(tmp_path: Path) -> None:
    # A cell of spaces in the FCR column: the Python reader leaves the contact out of the FCR
    # (blank), the engine counted it as "not resolved" (FCR 0 % instead of no value).
    body = "wait,outcome,talk,wrap,fcr\n5,answered,1,1, \n6,answered,1,1,\n7,answered,1,1,oui\n"
    data = both(tmp_path / "fcr.csv", body)
    assert (data.total.fcr_flagged, data.total.fcr_resolved) == (1, 1)


def test_duplicate_ids_are_counted_after_trimming(tmp_path: Path) -> None:
    body = "id,wait,outcome\n c1,5,answered\nc1 ,6,abandoned\n,7,answered\n ,8,answered\n"
    assert both(tmp_path / "ids.csv", body).duplicates == 1  # blank ids are not ids


def test_a_log_without_wait_or_parts(tmp_path: Path) -> None:
    data = both(tmp_path / "thin.csv", "outcome\nanswered\nabandoned\nabandoned\n")
    assert (data.total.offered, data.total.abandoned, data.total.abandoned_within) == (3, 2, 0)
    both(tmp_path / "thin.csv", "outcome,wait\nanswered,1\n", rules=Rules(short_abandon=F(2)))


def test_timestamps_with_offsets_french_dates_and_a_zone(tmp_path: Path) -> None:
    body = (
        "time,wait,outcome\n"
        "2026-03-29T01:50:00+01:00,5,answered\n"
        "2026-03-29 02:30,5,answered\n"  # skipped in Paris
        "29/03/2026 03:10,6,abandoned\n"
        "29/03/2026 03:10:30,6,abandoned\n"
        "2026-10-25T02:10:00Z,1,abandoned\n"
        "2026-10-25T02:40,2,answered\n"  # repeated in Paris
        "2026-10-25T02:50:00-01:00,3,answered\n"
    )
    for per in ("15m", "1h", "day"):
        data = both(tmp_path / "zone.csv", body, per=per, zone=parse_zone("Europe/Paris"))
        assert data.clock.gaps == 1 and data.clock.repeats == 1
        notes = both(tmp_path / "zone.csv", body, per=per).clock.notes()
        assert "mixes UTC offsets (+00:00, +01:00, -01:00)" in notes[0]


def test_iso_offsets_alone_still_say_the_file_mixes_them(tmp_path: Path) -> None:
    # Only ISO timestamps (no French date to send the file to the text query): the offsets
    # must still be seen, for the note that periods follow the wall clock as written.
    body = (
        "time,wait,outcome\n"
        "2026-03-28T10:05:00+01:00,10,answered\n"
        "2026-03-29T10:20:00+02:00,30,answered\n"
        "2026-03-29T10:40Z,5,abandoned\n"
    )
    notes = both(tmp_path / "offsets.csv", body, per="day").clock.notes()
    assert "mixes UTC offsets (+00:00, +01:00, +02:00)" in notes[0]


def test_gaps_and_repeats_count_every_contact_in_them(tmp_path: Path) -> None:
    body = (
        "time,wait,outcome\n"
        "2026-03-29T02:05,5,answered\n2026-03-29T02:10,1,abandoned\n"  # 02:00 slot, skipped
        "2026-03-29T02:20,9,abandoned\n"  # 02:15 slot, skipped
        "2026-10-25T02:05,5,answered\n2026-10-25T02:06,5,answered\n"  # repeated
        "2026-10-25T02:07,1,abandoned\n"  # repeated, and a short abandon
    )
    rules = Rules(short_abandon=F(2))  # the abandon after 1 s is short, and still counted
    data = both(tmp_path / "dst.csv", body, per="30m", zone=parse_zone("Europe/Paris"),
                rules=rules)  # fmt: skip
    assert (data.clock.gaps, data.clock.repeats) == (3, 3)


@pytest.mark.parametrize(
    "body",
    [
        "wait,outcome\n1:35,answered\n00:01:35,abandoned\n",  # clocks: parsed by the query
        "wait,outcome\n95.5,answered\n 12 ,abandoned\n",
        "wait,outcome,talk,wrap\n95,answered,1:00:00,0.001\n",
        "wait,outcome\n95.123456789,answered\n",  # up to 9 decimals as typed decimals
    ],
)
def test_durations_the_engine_reads(tmp_path: Path, body: str) -> None:
    both(tmp_path / "durations.csv", body)


@pytest.mark.parametrize(
    "body",
    [
        "wait,outcome\n00:01:35.5,answered\n",  # a clock with decimals: Python reads it
        "wait,outcome\n1m35s,answered\n",
        "wait,outcome\n5,answered\n6,peut-être\n",  # not an outcome: Python names the line
        "wait,outcome,talk,wrap,fcr\n5,answered,1,1,sometimes\n",
        "wait,outcome,talk,wrap\n5,answered,,1\n",  # an answered contact without talk
        "wait,outcome\n,abandoned\n",  # an abandoned contact without a wait
        "time,wait,outcome\n2026-03-02 8h05,5,answered\n",  # French hour mark: Python's form
        # Loose forms DuckDB's TIMESTAMP cast takes and the Python reader refuses:
        "time,wait,outcome\n2026-3-2 08:05,5,answered\n",
        "time,wait,outcome\n2026-03-02 8:05,5,answered\n",
        "time,wait,outcome\n2026-03-02 08:05:00.5,5,answered\n",  # Python reads decimals
        "time,wait,outcome\n2026-03-02T24:00,5,answered\n",  # DuckDB: the next midnight
        "time,wait,outcome\n0000-03-02T08:00,5,answered\n",  # DuckDB: 1 BC
        "time,wait,outcome\n2026-03-02T 8:05,5,answered\n",
        # The same with a clock duration, which sends the file to the text query first:
        "time,wait,outcome\n2026-3-2 08:05,1:35,answered\n",
        "time,wait,outcome\n2026-03-02T24:00,1:35,answered\n",
        "time,wait,outcome\n02/03/0000 08:00,1:35,answered\n",
        "time,wait,outcome\n2026-03-02T 8:05:00+01:00,1:35,answered\n",
        "wait,outcome\n5,answered,extra\n",  # a row of the wrong width
    ],
)
def test_what_the_engine_does_not_read_goes_back_to_python(tmp_path: Path, body: str) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(body, encoding="utf-8")
    options = {"per": "1h"} if body.startswith("time") else {}
    try:
        python = _state(read_log(LogRequest(str(path), engine="python", **options)))  # type: ignore[arg-type]
    except Exception as error:  # the engine must end with the same error, from Python
        with pytest.raises(type(error), match=re.escape(str(error))):
            read_log(LogRequest(str(path), engine="duckdb", **options))  # type: ignore[arg-type]
        return
    data = read_log(LogRequest(str(path), engine="duckdb", **options))  # type: ignore[arg-type]
    assert data.reader == "python" and _state(data) == python


def test_the_engine_reads_large_csv_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(LOG, encoding="utf-8")
    monkeypatch.delenv("CX_ENGINE", raising=False)
    size = path.stat().st_size
    monkeypatch.setattr(logs, "ENGINE_MIN_BYTES", size)
    assert read_log(LogRequest(str(path))).reader == "duckdb"  # exactly the threshold
    monkeypatch.setattr(logs, "ENGINE_MIN_BYTES", size + 1)
    assert read_log(LogRequest(str(path))).reader == "python"
    monkeypatch.setenv("CX_ENGINE", "duckdb")
    assert read_log(LogRequest(str(path))).reader == "duckdb"
    assert read_log(LogRequest(str(path), engine="python")).reader == "python"
    for encoding in ("utf-8", "UTF8", "utf-8-sig"):
        assert read_log(LogRequest(str(path), encoding=encoding)).reader == "duckdb"
    assert read_log(LogRequest(str(path), encoding="cp1252")).reader == "python"
    monkeypatch.setattr(logs, "ENGINE_MIN_BYTES", 0)
    monkeypatch.delenv("CX_ENGINE")
    with path.open("rb") as stream:
        assert read_log(LogRequest("-"), stream).reader == "python"  # standard input


def test_headers_and_paths_with_quotes_are_read_by_the_engine(tmp_path: Path) -> None:
    # Headers an export may carry: a double quote (written "" inside a quoted CSV field) and
    # an apostrophe, in a folder named with an apostrophe: the engine quotes them in its SQL
    # and reads the file itself (a quoting slip would hand it back to Python, or misread it).
    body = (
        'file \'A\',"attente ""client""",statut,durée d\'appel,post_appel\n'
        "ventes,5,answered,60,10\nsav,25,abandoned,,\nventes,30,answered,1:00,0\n"
    )
    mapping = {"queue": "file 'A'", "wait": 'attente "client"', "talk": "durée d'appel"}
    folder = tmp_path / "l'équipe"
    folder.mkdir()
    data = both(folder / "journal d'appels.csv", body, by="queue", mapping=mapping)
    assert sorted(key for key, _ in data.cells) == ["sav", "ventes"]
    # By hand: answered 5 s and 30 s, one within 20 s (the default threshold); talk 60 + 60.
    total = data.total.fields()
    assert (total["answered"], total["answered_within"], total["abandoned"]) == (2, 1, 1)
    assert (total["wait_all"], total["talk"], total["wrap"]) == (60, 120, 10)


def test_short_abandons_written_in_several_words_all_count(tmp_path: Path) -> None:
    # Three contacts abandoned before 5 s, in one key and period but written three ways (and
    # one with an FCR flag): the engine groups them in three rows that must add up.
    body = (
        "wait,outcome,talk,wrap,fcr\n1,abandoned,,,\n2,Abandonné,,,\n3,raccroché,,,non\n"
        "9,abandoned,,,\n4,answered,10,0,oui\n"
    )
    data = both(tmp_path / "short.csv", body, rules=Rules(short_abandon=F(5)))
    total = data.total.fields()
    assert (total["short"], total["abandoned"], total["offered"]) == (3, 1, 2)


def test_huge_durations_are_summed_exactly(tmp_path: Path) -> None:
    # 30 significant digits (21 before the point, 9 after): beyond the engine's typed
    # DECIMAL(18,9) (9 digits before the point), so Python reads it, exactly.
    wait = "123456789012345678901.123456789"
    data = both(tmp_path / "huge.csv", f"wait,outcome\n{wait},abandoned\n", reader="python")
    assert data.total.fields()["wait_all"] == F(123456789012345678901123456789, 10**9)
    # The largest a typed field holds, summed (DECIMAL(38,9)) by the engine, exactly.
    wait = "999999999.999999999"
    body = "wait,outcome\n" + f"{wait},abandoned\n" * 20
    data = both(tmp_path / "huge.csv", body)
    assert data.total.fields()["wait_all"] == 20 * F(999999999999999999, 10**9)


def test_duplicate_ids_beside_french_dates_and_clock_durations(tmp_path: Path) -> None:
    # The duplicate count reads the id column only: a French date or a clock duration in the
    # others (which the typed pass refuses) must not send the file back to Python.
    body = (
        "id,time,wait,outcome\nc1,31/12/2026 14:05,1:35,answered\nc1,31/12/2026 14:20,5,answered\n"
    )
    assert both(tmp_path / "dup.csv", body).duplicates == 1
    assert both(tmp_path / "dup.csv", body, per="day").duplicates == 1


def test_a_comma_log_whose_header_holds_a_semicolon(tmp_path: Path) -> None:
    # The separator is the first of , ; tab found in the header line: a comma wins over a
    # semicolon quoted inside a header.
    body = 'wait,outcome,"note; libre"\n5,answered,x\n25,abandoned,y\n'
    assert both(tmp_path / "comma.csv", body).total.abandoned == 1


def test_a_log_with_a_header_only_is_left_to_python(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("wait,outcome\n", encoding="utf-8")
    try:
        python = _state(read_log(LogRequest(str(path), engine="python")))
    except Exception as error:  # the engine hands the file back: the same error, from Python
        with pytest.raises(type(error), match=re.escape(str(error))):
            read_log(LogRequest(str(path), engine="duckdb"))
        return
    data = read_log(LogRequest(str(path), engine="duckdb"))
    assert data.reader == "python" and _state(data) == python


def test_a_byte_that_is_not_utf8_gets_the_python_readers_error(tmp_path: Path) -> None:
    # "é" saved by Excel in Windows-1252 (0xE9): the engine must hand the file back to Python,
    # whose error names the encoding, not fail with a traceback while sniffing the separator.
    path = tmp_path / "cp1252.csv"
    path.write_bytes(b"wait,outcome\n5,answered\n6,abandonn\xe9\n")
    with pytest.raises(Exception) as expected:
        read_log(LogRequest(str(path), engine="python"))
    with pytest.raises(type(expected.value), match=re.escape(str(expected.value))):
        read_log(LogRequest(str(path), engine="duckdb"))
