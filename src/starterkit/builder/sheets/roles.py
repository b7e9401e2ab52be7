"""Roles & RACI: the People table and the RACI table side by side."""

from __future__ import annotations

from starterkit.builder.layout import TABLE_HEADER_ROW
from starterkit.builder.sheet import Context, new_sheet, width_of, write_table

GAP_WIDTH = 3


def write(ctx: Context) -> None:
    text = ctx.spec.sheets.roles
    roles, raci = ctx.layout.table("roles"), ctx.layout.table("raci")
    widths = (
        [width_of(c) for c in roles.columns] + [GAP_WIDTH] + [width_of(c) for c in raci.columns]
    )
    ws = new_sheet(ctx, text, widths)
    write_table(ctx, ws, roles, text.roles.title, text.roles.help)
    write_table(ctx, ws, raci, text.raci.title, text.raci.help)
    ws.freeze_panes(TABLE_HEADER_ROW + 1, 0)
    ws.repeat_rows(TABLE_HEADER_ROW)
