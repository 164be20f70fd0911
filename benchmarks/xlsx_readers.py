"""Compare .xlsx readers on a contact-log workbook of the size an export really has.

    pip install -e '.[bench]'             # python-calamine (cx's), openpyxl, xlsxwriter
    python benchmarks/xlsx_readers.py     # 200,000 rows x 7 columns, 3 rounds
    python benchmarks/xlsx_readers.py --rows 50000 --rounds 5

Each reader runs in its own process (so that peak memory, Rust allocations included, is
the process's maximum resident set) and visits every cell of the sheet; the rounds
alternate the readers so that a drift of the shared machine hits both alike. The
ratio of the medians is the figure to quote.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

READERS = {
    "python-calamine": """
import python_calamine
book = python_calamine.CalamineWorkbook.from_path(PATH)
sheet = book.get_sheet_by_index(0)
cells = 0
for row in sheet.iter_rows():
    cells += len(row)
""",
    "openpyxl read-only": """
import openpyxl
book = openpyxl.load_workbook(PATH, read_only=True, data_only=True)
sheet = book.worksheets[0]
cells = 0
for row in sheet.iter_rows(values_only=True):
    cells += len(row)
book.close()
""",
}


def generate(path: Path, rows: int) -> None:
    import xlsxwriter

    rng = random.Random(10)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Appels")
    when = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    sheet.write_row(0, 0, ["time", "queue", "wait", "outcome", "talk", "hold", "wrap"])
    start = dt.datetime(2026, 11, 2, 8, 0)
    for i in range(1, rows + 1):
        sheet.write_datetime(i, 0, start + dt.timedelta(seconds=i * 7), when)
        sheet.write_string(i, 1, rng.choice(("ventes", "support", "facturation")))
        sheet.write_number(i, 2, rng.randint(0, 300))
        abandoned = rng.random() < 0.1
        sheet.write_string(i, 3, "abandoned" if abandoned else "answered")
        for col in (4, 5, 6):
            sheet.write_number(i, col, 0 if abandoned else rng.randint(0, 600))
    book.close()


def run(reader: str, path: Path) -> tuple[float, int]:
    code = (
        "import resource, time\nPATH = "
        + repr(str(path))
        + "\nstart = time.perf_counter()\n"
        + READERS[reader]
        + "\nprint(time.perf_counter() - start, "
        "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, cells)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, kib, _cells = out.stdout.split()
    return float(seconds), int(kib)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    path = DATA / f"contacts-{args.rows}.xlsx"
    if not path.exists():
        generate(path, args.rows)
    print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, {args.rows:,} rows x 7 columns")
    times: dict[str, list[float]] = {name: [] for name in READERS}
    peaks: dict[str, list[int]] = {name: [] for name in READERS}
    for _ in range(args.rounds):
        for name in READERS:
            seconds, kib = run(name, path)
            times[name].append(seconds)
            peaks[name].append(kib)
    base = statistics.median(times["python-calamine"])
    for name in READERS:
        median = statistics.median(times[name])
        print(
            f"{name:20} median {median:6.2f} s  ({median / base:4.1f}x calamine)  "
            f"peak {max(peaks[name]) / 1024:6.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
