"""The HTML report's charts: pygal line and bar charts as inline SVG, with no script.

Each chart is made from numbers and the report's own vocabulary (cycle weeks, funnel
stages, catalog flag ids), never from text a steward typed, so a workbook cannot put
markup into an SVG. A function returns None when there is nothing to draw; the page then
says so in words instead of drawing an empty frame.

pygal puts a stylesheet, a configuration script, comments carrying the render date and a
random id into every chart. ``svg`` strips all of them and names the chart itself, so one
report always renders to the same bytes; ``stylesheet`` is the single copy of pygal's CSS
that every chart on the page shares. ``pygal_lean`` makes pygal skip making what ``svg``
strips, and quicker at its own bookkeeping.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import pygal
from pygal.graph.graph import Graph as Chart
from pygal.style import Style

from starterkit.findings import Severity
from starterkit.report import BusinessMetric, CaseFunnel, FlagFrequency, Sessions, WeeklySignals
from starterkit.reporters.pygal_lean import LEAN
from starterkit.reporters.wording import flag_title

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

#: Series colours in the order charts add their series.
SERIES_COLORS = ("#2563eb", "#0d9488", "#9333ea", "#64748b")

#: The same colours the page uses for severities (high red, medium amber, low slate blue).
SEVERITY_COLORS = {Severity.HIGH: "#d92d20", Severity.MEDIUM: "#f79009", Severity.LOW: "#6b87b0"}

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#344054",
    foreground_strong="#101828",
    foreground_subtle="#d0d5dd",
    opacity=".85",
    opacity_hover=".95",
    stroke_opacity="1",
    stroke_opacity_hover="1",
    stroke_width="2.5",
    stroke_width_hover="2.5",
    transition="0ms",
    colors=SERIES_COLORS,
    font_family=FONT,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
    value_label_font_size=11,
    title_font_size=13,
    tooltip_font_size=12,
    no_data_font_size=14,
    guide_stroke_color="#eaecf0",
    major_guide_stroke_color="#d0d5dd",
    guide_stroke_dasharray="0",
    major_guide_stroke_dasharray="0",
)

#: The class every chart carries; the shared stylesheet is scoped to it.
CHART_CLASS = "pygal-chart"
#: The id ``stylesheet`` renders its reference chart under (replaced by CHART_CLASS).
STYLESHEET_ID = "stylesheet"

WIDTH = 520
HEIGHT = 260

#: The three headline adoption signals as the Metrics table names them, with a legend
#: label; days to solve is on its own axis on the right.
SIGNAL_SERIES = (
    ("patterns_used_in_field", "Patterns used in the field", False),
    ("teams_repeating_methods", "Teams repeating methods", False),
    ("median_days_to_solve", "Median days to solve (right axis)", True),
)

#: The case funnel's stages, with their colour (parked cases leave the funnel).
FUNNEL_STAGES = (
    ("submitted", "Submitted", "#1d4ed8"),
    ("discussed", "Discussed", "#2563eb"),
    ("pattern", "Pattern extracted", "#3b82f6"),
    ("applied", "Applied in the field", "#0d9488"),
    ("parked", "Parked", "#98a2b3"),
)


def signals(weeks: Sequence[WeeklySignals]) -> pygal.Line | None:
    """The three headline signals by cycle week, up to the last week with a value."""
    recorded = [
        week for week in weeks if any(getattr(week, key) is not None for key, _, _ in SIGNAL_SERIES)
    ]
    if not recorded:
        return None
    shown = [week for week in weeks if week.week <= recorded[-1].week]
    series = [
        (label, [getattr(week, key) for week in shown], right_axis)
        for key, label, right_axis in SIGNAL_SERIES
    ]
    # Both axes get the same number of round steps, so the right axis's labels are round
    # numbers too (pygal places them at the left axis's ticks).
    left_highest = _highest(values for _, values, right in series if not right)
    right_highest = _highest(values for _, values, right in series if right)
    steps = max(len(_ticks(left_highest)), len(_ticks(right_highest))) - 1
    left, right = _ticks(left_highest, steps), _ticks(right_highest, steps)
    chart = pygal.Line(
        **_config(legend_at_bottom=True, legend_at_bottom_columns=2),
        classes=[CHART_CLASS, "chart-signals"],
        dots_size=3.5,
        range=(0, left[-1]),
        y_labels=left,
        secondary_range=(0, right[-1]),
    )
    chart.x_labels = [f"W{week.week}" for week in shown]
    for label, values, right_axis in series:
        chart.add(label, values, secondary=right_axis)
    return chart


def attendance(sessions: Sessions) -> pygal.Bar | None:
    """People attending held sessions, per cycle week."""
    values = [value for _, value in sessions.attendance_by_week]
    if not any(values):
        return None
    ticks = _ticks(_highest([values]))
    chart = pygal.Bar(
        **_config(show_legend=False, print_values=True, print_zeroes=False),
        classes=[CHART_CLASS, "chart-attendance"],
        range=(0, ticks[-1]),
        y_labels=ticks,
    )
    chart.x_labels = [f"W{week}" for week, _ in sessions.attendance_by_week]
    chart.add("Attendance", values)
    return chart


def case_funnel(cases: CaseFunnel) -> pygal.HorizontalBar | None:
    """Cases at each stage of the funnel, submitted at the top."""
    if not cases.submitted:
        return None
    # pygal draws the first label of a horizontal bar chart at the bottom.
    stages = list(reversed(FUNNEL_STAGES))
    ticks = _ticks(cases.submitted)
    chart = pygal.HorizontalBar(
        **_config(show_legend=False, print_values=True, height=230),
        classes=[CHART_CLASS, "chart-funnel"],
        range=(0, ticks[-1]),
        y_labels=ticks,
    )
    chart.x_labels = [label for _, label, _ in stages]
    chart.add("Cases", [{"value": getattr(cases, key), "color": color} for key, _, color in stages])
    return chart


def business_metric(metric: BusinessMetric, weeks: Sequence[WeeklySignals]) -> pygal.Line | None:
    """The metric week by week, between its baseline and its target."""
    recorded = [week for week in weeks if week.metric_value is not None]
    if not recorded:
        return None
    shown = [week for week in weeks if week.week <= recorded[-1].week]
    levels = [week.metric_value for week in recorded] + [
        value for value in (metric.baseline, metric.target) if value is not None
    ]
    # A little room above and below, so the baseline or target is not drawn on the axis.
    room = (max(levels) - min(levels)) * 0.08 or abs(max(levels)) * 0.05 or 1
    chart = pygal.Line(
        **_config(legend_at_bottom=True, legend_at_bottom_columns=3),
        classes=[CHART_CLASS, "chart-metric"],
        dots_size=3.5,
        range=(min(levels) - room, max(levels) + room),
    )
    chart.x_labels = [f"W{week.week}" for week in shown]
    chart.add("Value", [week.metric_value for week in shown])
    chart.add("Baseline", [metric.baseline] * len(shown), show_dots=False)
    chart.add("Target", [metric.target] * len(shown), show_dots=False)
    return chart


def flag_frequency(frequency: Sequence[FlagFrequency]) -> pygal.HorizontalBar | None:
    """How many networks raised each flag (by its title), most frequent at the top, coloured
    by severity."""
    if not frequency:
        return None
    rows = sorted(frequency, key=lambda row: (-row.networks, row.severity.rank, row.id))
    rows.reverse()  # the first label is drawn at the bottom
    ticks = _ticks(max(row.networks for row in rows))
    chart = pygal.HorizontalBar(
        **_config(
            show_legend=False,
            print_values=True,
            width=560,
            height=50 + 28 * len(rows),
            truncate_label=-1,
        ),
        classes=[CHART_CLASS, "chart-frequency"],
        range=(0, ticks[-1]),
        y_labels=ticks,
    )
    chart.x_labels = [flag_title(row.id) for row in rows]
    chart.add(
        "Networks",
        [{"value": row.networks, "color": SEVERITY_COLORS[row.severity]} for row in rows],
    )
    return chart


def svg(chart: Chart, chart_id: str, title: str) -> str:
    """The chart as an inline ``<svg>`` element with id ``chart-<chart_id>`` and ``title``
    as its accessible name, without pygal's script, stylesheet, comments and tooltip data."""
    chart.uuid = chart_id
    setattr(chart, LEAN, True)
    chart.add_xml_filter(functools.partial(_inline, title=title))
    return LONG_DECIMALS.sub(r"\1", chart.render(is_unicode=True))


class Drawings:
    """The charts of one page, each drawn once: a chart made by the same function from
    equal data as an earlier one (networks at the same week with the same figures, or
    copies of one kit) is the earlier SVG under an id of its own. pygal takes a few
    milliseconds to lay out a chart; looking one up takes microseconds."""

    def __init__(self) -> None:
        #: (function, its arguments, title) → the first chart's id and SVG; None: nothing to draw.
        self._drawn: dict[tuple[Any, ...], tuple[str, str] | None] = {}

    def svg(
        self, make: Callable[..., Chart | None], data: tuple[Any, ...], chart_id: str, title: str
    ) -> str | None:
        """``svg(make(*data), chart_id, title)``, or None when ``make`` has nothing to draw."""
        key = (make, data, title)
        if key not in self._drawn:
            chart = make(*data)
            self._drawn[key] = None if chart is None else (chart_id, svg(chart, chart_id, title))
        drawn = self._drawn[key]
        if drawn is None:
            return None
        first_id, text = drawn
        # The id is the root's first attribute pygal writes after the namespace.
        return text.replace(f'id="chart-{first_id}"', f'id="chart-{chart_id}"', 1)


@functools.cache
def stylesheet() -> str:
    """pygal's CSS for every chart on the page, scoped to ``CHART_CLASS`` (the charts
    themselves carry none)."""
    captured: list[str] = []

    def capture(root: Any) -> Any:
        for element in root.iter():
            if _name(element) == "style":
                captured.append(element.text or "")
        return root

    # The CSS differs between charts only in how many series colours it lists.
    reference = pygal.Line(**_config(), classes=[CHART_CLASS])
    for index in range(len(SERIES_COLORS)):
        reference.add(f"series {index}", [index])
    reference.uuid = STYLESHEET_ID
    reference.add_xml_filter(capture)
    reference.render(is_unicode=True)
    return "".join(captured).replace(f"#chart-{STYLESHEET_ID}", f".{CHART_CLASS}")


# Small pieces


def _config(**options: Any) -> dict[str, Any]:
    return {
        "style": STYLE,
        # No external script: pygal would otherwise link its tooltip script from the web.
        "js": [],
        "disable_xml_declaration": True,
        "width": WIDTH,
        "height": HEIGHT,
        "margin": 12,
        "spacing": 8,
        "min_scale": 2,
        "max_scale": 6,
        "value_formatter": _number,
        "truncate_legend": -1,
        **options,
    }


def _highest(series: Any) -> float:
    return max((value for values in series for value in values if value is not None), default=0)


def _step(highest: float, steps: int = 4) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that reaches ``highest`` in ``steps``."""
    power = 1
    while True:
        for factor in (1, 2, 5):
            if factor * power * steps >= highest:
                return factor * power
        power *= 10


def _ticks(highest: float, count: int | None = None) -> list[float]:
    """Round ticks from 0 up to ``highest`` or just past it: [0, 5, 10, 15, 20] for 17;
    ``count`` steps exactly when given."""
    step = _step(highest)
    count = count or max(1, math.ceil(highest / step))
    return [step * index for index in range(count + 1)]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    rounded = round(value, 2)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


#: What only pygal's script reads (configuration, tooltips) or the page holds once (CSS).
SCRIPT_ONLY = {"script", "style", "desc", "title"}
#: Coordinates to one decimal: a tenth of a unit is finer than a screen or printer shows,
#: and pygal's sixteen digits make up a sixth of a chart's size. Numbers inside a tag only
#: (a ``>`` follows before any ``<``): a value printed as text keeps its digits. One pass
#: over the SVG text costs a tenth of setting each attribute of the tree anew.
LONG_DECIMALS = re.compile(r"(\.\d)\d+(?=[^<>]*>)")


def _inline(root: Any, title: str) -> Any:
    """pygal's SVG tree made fit to sit in a page many times over."""
    for parent in list(root.iter()):
        for child in list(parent):
            if parent is root and _name(child) == "title":
                child.text = title  # the chart's accessible name, instead of "Pygal"
            elif _is_comment(child) or _name(child) in SCRIPT_ONLY or _is_tooltip(child):
                parent.remove(child)
    for element in root.iter():
        # Legend entries carry the same ids in every chart ("activate-serie-0"); ids must
        # be unique in a page, and nothing refers to them without the script.
        if element is not root:
            element.attrib.pop("id", None)
    root.set("role", "img")
    return root


def _name(element: Any) -> str:
    """The element's tag without a namespace (pygal uses lxml when it is installed)."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _is_comment(element: Any) -> bool:
    # Both ElementTree and lxml give comments a function, not a string, as their tag.
    return not isinstance(element.tag, str)


def _is_tooltip(element: Any) -> bool:
    return "tooltip-overlay" in element.attrib.get("class", "").split()
