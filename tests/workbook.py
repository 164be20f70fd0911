"""Writing small Excel workbooks in tests (xlsxwriter, from the test extra).

Cells are stored as Excel stores what a person types: a `datetime` as a date serial with a
date format, a `time` as a fraction of a day formatted hh:mm:ss (how Excel keeps "0:01:35"),
a `timedelta` as days formatted [h]:mm:ss (an Excel duration), None as an empty cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter

Row = Sequence[object]


def write_xlsx(
    path: Path, sheets: Mapping[str, Sequence[Row]], *, origin: tuple[int, int] = (0, 0)
) -> Path:
    """Write `sheets` ({name: rows}) to `path`, each sheet's first row at `origin` (0-based)."""
    book = xlsxwriter.Workbook(str(path))
    when = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    clock = book.add_format({"num_format": "hh:mm:ss"})
    duration = book.add_format({"num_format": "[h]:mm:ss"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows, origin[0]):
            for c, value in enumerate(row, origin[1]):
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, when)
                elif isinstance(value, dt.time):
                    seconds = value.hour * 3600 + value.minute * 60 + value.second
                    sheet.write_number(r, c, seconds / 86400, clock)
                elif isinstance(value, dt.timedelta):
                    sheet.write_number(r, c, value.total_seconds() / 86400, duration)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    book.close()
    return path
