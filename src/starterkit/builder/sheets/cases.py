"""Case Intake: one row per real work problem."""

from __future__ import annotations

from starterkit.builder.layout import TABLE_HEADER_ROW
from starterkit.builder.sheet import Context, new_sheet, width_of, write_table


def write(ctx: Context) -> None:
    text = ctx.spec.sheets.cases
    cases = ctx.layout.table("cases")
    ws = new_sheet(ctx, text, [width_of(c) for c in cases.columns])
    write_table(ctx, ws, cases, text.cases.title, text.cases.help)
    ws.freeze_panes(TABLE_HEADER_ROW + 1, 1)
    ws.repeat_rows(TABLE_HEADER_ROW)
