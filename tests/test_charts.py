"""The terminal chart helper: what a person sees in the columns, the target and empty periods."""

from __future__ import annotations

from cxglossary.render.charts import EMPTY_CHAR, TARGET_CHAR, Point, bar_chart, column_chart


def _rows(points: list[Point], **options: object) -> list[str]:
    return column_chart(points, **options).plain.split("\n")  # type: ignore[arg-type]


def _column(rows: list[str], index: int, step: int = 2) -> str:
    """The characters of column `index`, top to bottom (the axis ends at the first '┤'/'│')."""
    out = []
    for row in rows:
        at = max(row.find("┤"), row.find("│"))
        if at < 0:
            continue
        out.append(row[at + 1 + index * step])
    return "".join(out)


def test_a_full_column_reaches_the_top_and_half_of_it_reaches_half_way() -> None:
    rows = _rows([Point("a", 100.0), Point("b", 50.0)], height=4)
    assert _column(rows, 0) == "████"
    assert _column(rows, 1) == "  ██"


def test_target_line_and_colours_say_which_periods_meet_it() -> None:
    chart = column_chart([Point("08:00", 90.0), Point("08:30", 60.0)], target=80, unit="%")
    assert TARGET_CHAR in chart.plain
    assert "80 %" in chart.plain
    styles = {str(span.style) for span in chart.spans}
    assert "green" in styles and "red" in styles


def test_lower_is_better_swaps_the_colours() -> None:
    chart = column_chart([Point("a", 90.0)], target=80, higher_is_better=False)
    assert "red" in {str(span.style) for span in chart.spans}


def test_an_empty_period_is_marked_on_the_axis_never_drawn_as_zero() -> None:
    rows = _rows([Point("a", 10.0), Point("b", None), Point("c", 0.0)], height=3)
    assert _column(rows, 1) == "  " + EMPTY_CHAR
    assert _column(rows, 2)[-1] == "▁"  # a real 0 still shows a sliver


def test_negative_values_hang_below_zero() -> None:
    rows = _rows([Point("w1", 50.0), Point("w2", -50.0)], height=4)
    assert _column(rows, 0) == "██  "
    assert _column(rows, 1) == "  ██"


def test_labels_do_not_overlap_and_the_first_is_shown() -> None:
    points = [Point(f"{h:02d}:00", float(h)) for h in range(24)]
    last = column_chart(points, width=80).plain.split("\n")[-1]
    assert last.strip().startswith("00:00")
    assert "  " in last.strip()


def test_too_many_values_for_the_width_become_one_line_each() -> None:
    points = [Point(str(i), float(i)) for i in range(200)]
    chart = column_chart(points, width=60)
    lines = chart.plain.split("\n")
    assert len(lines) == 200
    assert all(len(line) <= 60 for line in lines)


def test_interval_whiskers_are_drawn_beyond_the_bar() -> None:
    rows = _rows([Point("w", 20.0, low=0.0, high=100.0)], height=5)
    assert _column(rows, 0).startswith("╎")


def test_bar_chart_writes_values_and_dashes_for_empty_ones() -> None:
    chart = bar_chart([Point("a", 12.5), Point("b", None)], unit="s")
    assert "12.5 s" in chart.plain
    assert chart.plain.split("\n")[1].endswith("—")


def test_markup_in_labels_is_shown_literally() -> None:
    chart = column_chart([Point("[bold]x[/]", 1.0)])
    assert "[bold]x[/]" in chart.plain


def test_no_points_no_chart() -> None:
    assert column_chart([]).plain == ""
