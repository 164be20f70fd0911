"""`cx report` on a 10-million-row contact log against the same aggregation in pandas and DuckDB.

    python benchmarks/generate.py log benchmarks/data/log-10m.csv     # once, about 500 MB
    pip install -e '.[bench]'
    python benchmarks/logs.py [--rows N] [--rounds R]

Each round runs the three commands one after the other (cx, DuckDB, pandas) and records, per
command, the wall-clock time, the CPU time (user + system, all threads) and the peak resident
memory (`/usr/bin/time`). The aggregation: per queue and half hour, contacts offered, answered,
answered within 20 s, total wait and total handle time (what `cx report --by queue --per 30m`
needs; cx also checks every value, reads the three service-level variants, ASA, AHT,
abandonment, patience and workload, and writes every half-hour of every queue as JSON).
Ratios are taken within a round (the machine's load drifts between rounds); the median is
reported.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

DUCKDB = """
import sys, duckdb
rows = duckdb.sql('''
SELECT queue, time_bucket(INTERVAL 30 minutes, time) AS period,
  count(*) AS offered,
  count(*) FILTER (outcome = 'answered') AS answered,
  count(*) FILTER (outcome = 'abandoned') AS abandoned,
  count(*) FILTER (outcome = 'answered' AND wait <= 20) AS answered_within,
  sum(wait) FILTER (outcome = 'answered') AS answered_wait,
  sum(talk + hold + wrap) AS handle,
  sum(wait) AS all_wait
FROM read_csv(?) GROUP BY ALL ORDER BY ALL''', params=[sys.argv[1]]).fetchall()
print(len(rows))
"""

PANDAS = """
import sys, pandas as pd
df = pd.read_csv(sys.argv[1], parse_dates=["time"])
df["period"] = df["time"].dt.floor("30min")
df["answered"] = df["outcome"] == "answered"
df["abandoned"] = df["outcome"] == "abandoned"
df["within"] = df["answered"] & (df["wait"] <= 20)
df["handle"] = df["talk"] + df["hold"] + df["wrap"]
df["answered_wait"] = df["wait"].where(df["answered"], 0)
g = df.groupby(["queue", "period"]).agg(
    offered=("outcome", "size"), answered=("answered", "sum"), abandoned=("abandoned", "sum"),
    within=("within", "sum"), answered_wait=("answered_wait", "sum"), handle=("handle", "sum"),
    all_wait=("wait", "sum"))
print(len(g))
"""


def measure(argv: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak KiB) of one run, output discarded."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        subprocess.run(
            ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *argv],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        wall, user, system, peak = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    log = DATA / f"log-{args.rows // 1_000_000}m.csv" if args.rows >= 1_000_000 else (
        DATA / f"log-{args.rows}.csv")  # fmt: skip
    if not log.exists():
        DATA.mkdir(exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), "log", str(log),
                        "--rows", str(args.rows)], check=True)  # fmt: skip
    commands = {
        "cx report --by queue --per 30m --json": [
            sys.executable, "-m", "cxglossary", "report", str(log), "--by", "queue",
            "--per", "30m", "--json",
        ],
        "DuckDB (SQL by hand)": [sys.executable, "-c", DUCKDB, str(log)],
        "pandas": [sys.executable, "-c", PANDAS, str(log)],
    }  # fmt: skip
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, argv in commands.items():
            results[name].append(measure(argv))
    cx, duck, pandas = (results[name] for name in commands)
    wall = statistics.median(c[0] / d[0] for c, d in zip(cx, duck, strict=True))
    cpu = statistics.median(c[1] / d[1] for c, d in zip(cx, duck, strict=True))
    memory = statistics.median(c[2] / p[2] for c, p in zip(cx, pandas, strict=True))
    sys.stdout.write(f"{log.name}: {log.stat().st_size / 1e6:.0f} MB, {args.rounds} round(s)\n\n")
    sys.stdout.write("| command | wall-clock | CPU (all threads) | peak memory |\n")
    sys.stdout.write("| --- | --- | --- | --- |\n")
    for name, runs in results.items():
        w, c, m = (statistics.median(run[i] for run in runs) for i in range(3))
        sys.stdout.write(f"| {name} | {w:.1f} s | {c:.1f} s | {m / 1024:.0f} MiB |\n")
    sys.stdout.write(
        f"\ncx / DuckDB: {wall:.2f}x wall-clock, {cpu:.2f}x CPU (target <= 2x); "
        f"cx / pandas peak memory: {memory:.2f} (target <= 0.25)\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
