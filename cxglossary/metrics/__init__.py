"""`cx metric`: exact KPI calculators, Erlang C staffing and streamed score files.

The public interface, all raising `cxglossary.errors.InputError` (exit 2) on bad input:

- `METRICS` (from `registry`, cheap): the calculators' specs, in display order.
- `parse_args(metric_id, ["--promoters", "50", "--passives=30"])` -> parsed inputs.
- `compute(metric_id, inputs)` -> `MetricResult` (inputs parsed, or as typed strings).
- `compute_file(metric_id, stream, source=, column=, by=, skip_invalid=, inputs=)`.
- `round_half_away(x, places)`: the single rounding rule.

Importing this package is cheap: the calculators (and `fractions`, `csv`, `json`) load on the
first call, so `cx metric` listing or `--explain` only pays for `registry`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cxglossary.metrics.registry import METRICS, InputSpec, MetricSpec

if TYPE_CHECKING:
    from collections.abc import Mapping
    from fractions import Fraction

    from cxglossary.metrics.result import GroupResult, MetricResult

__all__ = [
    "METRICS",
    "GroupResult",
    "InputSpec",
    "MetricResult",
    "MetricSpec",
    "compare_counts",
    "compute",
    "compute_file",
    "parse_args",
    "round_half_away",
]


def parse_args(metric_id: str, args: list[str]) -> dict[str, object]:
    """Parse `--name VALUE` / `--name=VALUE` options for `metric_id`, defaults filled in."""
    from cxglossary.metrics.parsing import parse_args as _parse_args

    return _parse_args(metric_id, args)


def compute(metric_id: str, inputs: Mapping[str, object]) -> MetricResult:
    """Compute `metric_id` from `inputs` (as returned by `parse_args`, or typed strings)."""
    from cxglossary.metrics.calculators import compute as _compute

    return _compute(metric_id, inputs)


def compute_file(
    metric_id: str,
    stream: TextIO,
    *,
    source: str,
    column: str | None,
    by: str | None,
    skip_invalid: bool,
    inputs: Mapping[str, object],
    column_mapped: bool = False,
    compare: tuple[str, str] | None = None,
) -> MetricResult:
    """Compute a score metric (nps, tud, csat, ces) or aht from a CSV or JSON Lines stream.

    Open files with ``open(path, encoding="utf-8-sig", newline="")``; `source` names the file
    in messages ("survey.csv", "<stdin>"). `column_mapped`: the column was named with `--map`,
    so a header equal to it but for case and accents is taken.
    """
    from cxglossary.metrics.files import compute_file as _compute_file

    return _compute_file(
        metric_id,
        stream,
        source=source,
        column=column,
        by=by,
        skip_invalid=skip_invalid,
        inputs=inputs,
        column_mapped=column_mapped,
        compare=compare,
    )


def compare_counts(metric_id: str, a: str, b: str, inputs: Mapping[str, object]) -> MetricResult:
    """`--compare A B` without a file: two sets of counts or answers (see `compare.py`)."""
    from cxglossary.metrics.compare import compare_counts as _compare_counts

    return _compare_counts(metric_id, a, b, inputs)


def round_half_away(x: Fraction | int, places: int = 0) -> Fraction:
    """Round exactly, halves away from zero (12.5 -> 13, -12.5 -> -13)."""
    from cxglossary.metrics.result import round_half_away as _round

    return _round(x, places)


def __getattr__(name: str) -> object:
    if name in ("MetricResult", "GroupResult"):
        from cxglossary.metrics import result

        return getattr(result, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
