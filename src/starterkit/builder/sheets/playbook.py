"""Playbook: each pattern the network found, written up once and kept across cycles."""

from __future__ import annotations

from starterkit.builder.layout import TABLE_HEADER_ROW
from starterkit.builder.sheet import Context, colour_by_choice, new_sheet, width_of, write_table


def write(ctx: Context) -> None:
    text = ctx.spec.sheets.playbook
    place = ctx.layout.table("playbook")
    ws = new_sheet(ctx, text, [width_of(c) for c in place.columns])
    write_table(ctx, ws, place, text.playbook.title, text.playbook.help)
    colors = ctx.spec.branding.colors
    colour_by_choice(
        ctx,
        ws,
        (place.first_row, place.last_row),
        place.col("status"),
        "playbook_status",
        {"proven": colors.ok, "tested": colors.warning, "retired": colors.not_yet},
    )
    ws.freeze_panes(TABLE_HEADER_ROW + 1, 2)
    ws.repeat_rows(TABLE_HEADER_ROW)
