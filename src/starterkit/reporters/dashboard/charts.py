"""The dashboard's native charts, and a network sheet's adoption section: the headline
signals and the weekly table the charts read."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xlsxwriter.chart import Chart

from starterkit.kit.contract import CYCLE_WEEKS
from starterkit.report import NetworkReport, WeeklySignals
from starterkit.reporters.dashboard.page import (
    GRID_WIDTH,
    HALF,
    LAST_GRID_COLUMN,
    NO_DATA,
    Column,
    Page,
    single_columns,
)
from starterkit.reporters.dashboard.styles import ACCENT, GRID, LINE_COLORS
from starterkit.reporters.wording import TREND_ARROWS, trend_weeks

ROW_PX = 20  # a default row, in pixels
CHART_HEIGHT_PX = 300

#: The weekly table the charts read: (header, WeeklySignals field or metric field).
WEEK_COLUMNS = (
    ("Week", "week"),
    ("Week start", "week_start"),
    ("Patterns used in the field", "patterns_used_in_field"),
    ("Median days to solve", "median_days_to_solve"),
    ("Teams repeating methods", "teams_repeating_methods"),
    ("Attendance", "attendance"),
    ("Metric value", "metric_value"),
    ("Metric baseline", "baseline"),
    ("Metric target", "target"),
    ("Pulse score", "pulse_score"),
    ("Active members", "active_members"),
    ("Cases submitted", "cases_submitted"),
    ("Patterns captured", "patterns_captured"),
    ("Sponsor touchpoints", "sponsor_touchpoints"),
)
WEEK_COL = {key: col for col, (_, key) in enumerate(WEEK_COLUMNS)}


#: The weekly table sits to the right of the grid, one column apart, outside the print
#: area: the charts show it on paper, and on screen it is beside them.
WEEK_TABLE_COL = LAST_GRID_COLUMN + 2


@dataclass(frozen=True, slots=True)
class WeekTable:
    """Where a network sheet's weekly table is: its header row, first and last week, and
    its first column."""

    header: int
    first: int
    last: int
    col: int = WEEK_TABLE_COL


def bar_chart_look(chart: Chart, title: str, largest: int) -> None:
    """Bars of counts: the first row of the table on top, whole numbers on the axis."""
    chart.set_title({"name": title, "name_font": {"size": 11}})
    # In a bar chart the y axis holds the categories. Reversed, the first row of the table
    # is the top bar; crossing at the maximum keeps the values axis at the bottom.
    chart.set_y_axis({"reverse": True, "crossing": "max"})
    chart.set_x_axis(
        {
            "min": 0,
            "major_unit": max(1, math.ceil(largest / 6)),
            "major_gridlines": {"visible": True, "line": {"color": GRID}},
        }
    )
    chart.set_legend({"none": True})


def line_chart(
    page: Page,
    table: WeekTable,
    keys: Sequence[str],
    title: str,
    days_axis: bool = False,
    dashed: Sequence[str] = (),
) -> Chart:
    """A line per weekly-table column, by week. Days to solve sit on their own axis so the
    counts stay readable beside them."""
    sheet = page.name
    chart = page.workbook.add_chart({"type": "line"})
    for key, color in zip(keys, LINE_COLORS, strict=True):
        col = table.col + WEEK_COL[key]
        line: dict[str, Any] = {"color": color, "width": 2.25}
        marker: dict[str, Any] = {
            "type": "circle",
            "size": 5,
            "fill": {"color": color},
            "border": {"color": color},
        }
        if key in dashed:
            line["dash_type"] = "dash"
            marker = {"type": "none"}
        chart.add_series(
            {
                "name": [sheet, table.header, col],
                "categories": [sheet, table.first, table.col, table.last, table.col],
                "values": [sheet, table.first, col, table.last, col],
                "y2_axis": days_axis and key == "median_days_to_solve",
                "line": line,
                "marker": marker,
            }
        )
    chart_look(page, chart, title)
    if days_axis:
        chart.set_y2_axis({"name": "Days"})
    return chart


def chart_look(page: Page, chart: Chart, title: str, legend: bool = True) -> None:
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_x_axis({"name": "Week"})
    chart.set_y_axis({"major_gridlines": {"visible": True, "line": {"color": "#E7E6E6"}}})
    chart.set_legend({"position": "bottom"} if legend else {"none": True})
    chart.show_blanks_as("gap")
    chart.set_size({"width": page.pixels(0, HALF - 1) - 8, "height": CHART_HEIGHT_PX})


def place_charts(
    page: Page, row: int, *charts: tuple[Chart | None, str], keep_from: int | None = None
) -> int:
    """Charts side by side, half the grid each, on rows nothing else uses; a note where
    a chart has no data at all. The charts print on one page, with the rows from
    ``keep_from`` (the table they read) when that fits."""
    for index, (chart, missing) in enumerate(charts):
        if chart is None:
            page.text(row, index * HALF, f"{NO_DATA}: no {missing}.", "note")
        else:
            page.ws.insert_chart(row, index * HALF, chart, {"x_offset": 2, "y_offset": 2})
    if not any(chart for chart, _ in charts):
        return row + 2
    end = row + math.ceil(CHART_HEIGHT_PX / ROW_PX)
    page.keep_together(row if keep_from is None else keep_from, end)
    return end + 2


# The network sheet's adoption section

SIGNAL_COLUMNS = (
    Column("Signal", 0, 2),
    Column("Latest", 3),
    Column("In week", 4),
    Column("Trend", 5, 6),
)
#: The weekly table the charts read: (header, WeeklySignals field or metric field).
SIGNAL_KEYS = ("patterns_used_in_field", "median_days_to_solve", "teams_repeating_methods")


def write_adoption(page: Page, report: NetworkReport, row: int) -> tuple[int, WeekTable]:
    """The three headline signals, the weekly table, and the charts that read the table."""
    page.section(row, "Adoption signals", LAST_GRID_COLUMN)
    table = write_week_table(page, report, row)
    page.header(row + 1, SIGNAL_COLUMNS)
    row += 2
    if not report.signals:
        page.text(row, 0, "none recorded", "note")
        row += 1
    for signal in report.signals:
        arrow = TREND_ARROWS.get(signal.trend, "")
        trend = (
            "not enough data"
            if signal.trend == "none"
            else f"{arrow} {signal.trend} over {trend_weeks(signal)}".strip()
        )
        values = (signal.label, signal.latest, signal.latest_week, trend)
        page.cells(row, SIGNAL_COLUMNS, values)
        row += 1
    weeks = week_rows(report)
    header = table.header

    def recorded(*keys: str) -> bool:
        return any(getattr(s, key) is not None for _, s in weeks if s for key in keys)

    signals_chart = attendance_chart = None
    if recorded(*SIGNAL_KEYS):
        signals_chart = line_chart(
            page, table, SIGNAL_KEYS, "Adoption signals by week", days_axis=True
        )
    if recorded("attendance"):
        attendance_chart = page.workbook.add_chart({"type": "column"})
        col = table.col + WEEK_COL["attendance"]
        attendance_chart.add_series(
            {
                "name": [page.name, header, col],
                "categories": [page.name, table.first, table.col, table.last, table.col],
                "values": [page.name, table.first, col, table.last, col],
                "fill": {"color": ACCENT},
                "gap": 80,
            }
        )
        chart_look(page, attendance_chart, "Attendance by week", legend=False)
    row = place_charts(
        page,
        row + 1,
        (signals_chart, "adoption signal recorded"),
        (attendance_chart, "attendance recorded"),
    )
    return row, table


def write_week_table(page: Page, report: NetworkReport, header: int) -> WeekTable:
    """The weekly table the charts read, its header on row ``header``, right of the grid."""
    start = WEEK_TABLE_COL
    for offset in range(len(WEEK_COLUMNS)):
        page.side_column(start + offset, GRID_WIDTH)
    page.header(header, single_columns(*(title for title, _ in WEEK_COLUMNS), start=start))
    weeks = week_rows(report)
    metric = report.business_metric
    first = header + 1
    for offset, (week, signals) in enumerate(weeks):
        r = first + offset
        page.number(r, start, week)
        page.date(r, start + 1, signals.week_start if signals else None)
        for col, (_, key) in enumerate(WEEK_COLUMNS[2:], start=start + 2):
            if key in ("baseline", "target"):
                page.number(r, col, getattr(metric, key))
            else:
                page.number(r, col, getattr(signals, key) if signals else None)
    return WeekTable(header, first, first + len(weeks) - 1, start)


def week_rows(report: NetworkReport) -> list[tuple[int, WeeklySignals | None]]:
    """Weeks 1–12 (and any later week the Metrics sheet holds), None where none was kept."""
    by_week: dict[int, WeeklySignals] = {}
    for signals in report.weeks:
        by_week.setdefault(signals.week, signals)
    weeks = sorted(set(range(1, CYCLE_WEEKS + 1)) | set(by_week))
    return [(week, by_week.get(week)) for week in weeks]
