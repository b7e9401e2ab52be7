"""90-Day Planner: the milestones with due dates, the next-cycle decision, and the sessions log."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from starterkit.builder.formulas import quote
from starterkit.builder.layout import TABLE_HEADER_ROW
from starterkit.builder.sheet import (
    Context,
    colour_by_choice,
    new_sheet,
    validation,
    width_of,
    write_table,
    write_value,
)
from starterkit.kit.names import PLANNER_DECISION, decision_field

GAP_WIDTH = 3


def write(ctx: Context) -> None:
    text = ctx.spec.sheets.planner
    styles = ctx.styles
    milestones, sessions = ctx.layout.table("milestones"), ctx.layout.table("sessions")
    widths = (
        [width_of(c) for c in milestones.columns]
        + [GAP_WIDTH]
        + [width_of(c) for c in sessions.columns]
    )
    ws = new_sheet(ctx, text, widths)
    # The decision sits below the milestones and prints with them.
    below = ctx.layout.decision_row - milestones.last_row
    write_table(ctx, ws, milestones, text.milestones.title, text.milestones.help, below)
    write_table(ctx, ws, sessions, text.sessions.title, text.sessions.help)

    row = ctx.layout.decision_row
    decision = decision_field(text.decision_label, text.decision_help)
    label_end = milestones.col("due") - 1
    ws.merge_range(row, 0, row, label_end, text.decision_label, styles.label(bold=True))
    input_col = milestones.col("due")
    write_value(ws, row, input_col, ctx.cells.planner_decision, styles.input("choice"))
    ws.data_validation(row, input_col, row, input_col, validation(ctx, decision))
    cell = xl_rowcol_to_cell(row, input_col, row_abs=True, col_abs=True)
    ctx.workbook.define_name(PLANNER_DECISION, f"={quote_sheetname(text.title)}!{cell}")

    _milestone_formats(ctx, ws)
    ws.freeze_panes(TABLE_HEADER_ROW + 1, 0)
    ws.repeat_rows(TABLE_HEADER_ROW)


def _milestone_formats(ctx: Context, ws) -> None:
    """Status colours, and the due date in red once it has passed with the work not finished."""
    place = ctx.layout.table("milestones")
    colors = ctx.spec.branding.colors
    status_col = place.col("status")
    colour_by_choice(
        ctx,
        ws,
        (place.first_row, place.last_row),
        status_col,
        "milestone_status",
        {"done": colors.ok, "skipped": colors.red_flag, "in_progress": colors.warning},
    )
    due = xl_rowcol_to_cell(place.first_row, place.col("due"), col_abs=True)
    status = xl_rowcol_to_cell(place.first_row, status_col, col_abs=True)
    done = quote(ctx.spec.label("milestone_status", "done"))
    skipped = quote(ctx.spec.label("milestone_status", "skipped"))
    ws.conditional_format(
        place.first_row,
        place.col("due"),
        place.last_row,
        place.col("due"),
        {
            "type": "formula",
            "criteria": f'=AND({due}<>"",{due}<TODAY(),{status}<>{done},{status}<>{skipped})',
            "format": ctx.styles.status_fill(colors.red_flag),
        },
    )
