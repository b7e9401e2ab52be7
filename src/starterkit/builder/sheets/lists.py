"""Lists (hidden): one column per dropdown list, each under a `list_<key>` defined name."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from starterkit.builder.layout import list_name
from starterkit.builder.sheet import Context, add_sheet


def write(ctx: Context) -> None:
    title = ctx.spec.sheets.lists.title
    ws = add_sheet(ctx, title)
    header = ctx.styles.header()
    for col, (key, choices) in enumerate(ctx.spec.lists.items()):
        ws.set_column(col, col, max(12, *(len(c.label) + 2 for c in choices)))
        ws.write_string(0, col, key, header)
        for row, choice in enumerate(choices, start=1):
            ws.write_string(row, col, choice.label)
        top = xl_rowcol_to_cell(1, col, row_abs=True, col_abs=True)
        bottom = xl_rowcol_to_cell(len(choices), col, row_abs=True, col_abs=True)
        ctx.workbook.define_name(list_name(key), f"={quote_sheetname(title)}!{top}:{bottom}")
    ws.hide()
    if ctx.spec.protection.enabled:
        ws.protect(ctx.spec.protection.password or "")
