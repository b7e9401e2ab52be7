"""Metrics Tracker: twelve weekly rows, status colours and a chart of the adoption signals."""

from __future__ import annotations

from starterkit.builder.layout import TABLE_HEADER_ROW, TABLE_TITLE_ROW
from starterkit.builder.sheet import (
    Context,
    colour_by_choice,
    new_sheet,
    print_range,
    width_of,
    write_table,
)

#: The three adoption signals the article asks every network to track.
ADOPTION_SIGNALS = ("patterns_used_in_field", "median_days_to_solve", "teams_repeating_methods")
CHART_GAP_WIDTH = 3
CHART_WIDTH_PX, CHART_HEIGHT_PX = 620, 340
#: Columns beside the table the chart spans (at the default 8.43-character width).
CHART_COLUMNS = 10


def write(ctx: Context) -> None:
    text = ctx.spec.sheets.metrics
    place = ctx.layout.table("metrics")
    colors = ctx.spec.branding.colors
    ws = new_sheet(
        ctx,
        text,
        [width_of(c) for c in place.columns] + [CHART_GAP_WIDTH] + [8.43] * CHART_COLUMNS,
    )
    write_table(ctx, ws, place, text.metrics.title, text.metrics.help)

    colour_by_choice(
        ctx,
        ws,
        (place.first_row, place.last_row),
        place.col("status"),
        "metric_status",
        {"on_track": colors.ok, "watch": colors.warning, "off_track": colors.red_flag},
    )

    chart = ctx.workbook.add_chart({"type": "line"})
    sheet = place.sheet
    week_col = place.col("week")
    labels = {c.key: c.label for c in place.columns}
    palette = (colors.primary, colors.accent, "#C55A11")
    for key, color in zip(ADOPTION_SIGNALS, palette, strict=True):
        col = place.col(key)
        chart.add_series(
            {
                # Days sit on their own axis so the counts stay readable beside them.
                "y2_axis": key == "median_days_to_solve",
                "name": labels[key],
                "categories": [sheet, place.first_row, week_col, place.last_row, week_col],
                "values": [sheet, place.first_row, col, place.last_row, col],
                "line": {"color": color, "width": 2.25},
                "marker": {
                    "type": "circle",
                    "size": 5,
                    "fill": {"color": color},
                    "border": {"color": color},
                },
            }
        )
    chart.set_title(
        {"name": text.chart_title, "name_font": {"size": 12, "name": ctx.spec.branding.font}}
    )
    chart.set_x_axis({"name": text.chart_axis_title})
    chart.set_legend({"position": "bottom"})
    chart.show_blanks_as("gap")
    chart.set_size({"width": CHART_WIDTH_PX, "height": CHART_HEIGHT_PX})
    ws.insert_chart(TABLE_TITLE_ROW, place.last_col + 2, chart)
    # The chart prints on a page of its own, after the table.
    chart_rows = place.last_row + 2  # the chart is about as tall as the table
    print_range(
        ctx, ws, TABLE_TITLE_ROW, place.last_col + 2, chart_rows, place.last_col + 1 + CHART_COLUMNS
    )
    ws.freeze_panes(TABLE_HEADER_ROW + 1, 1)
    ws.repeat_rows(TABLE_HEADER_ROW)
