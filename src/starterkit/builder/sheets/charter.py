"""Charter: one input per field, each with a `charter_<key>` defined name."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from starterkit.builder import printing
from starterkit.builder.layout import CHARTER_HEADER_ROW, charter_name
from starterkit.builder.sheet import Context, new_sheet, validation, width_of, write_value

LABEL_WIDTH, HELP_WIDTH = 30, 50  # with the value column, one printed page wide
LONG_TEXT_HEIGHT = 48


def write(ctx: Context) -> None:
    text = ctx.spec.sheets.charter
    styles = ctx.styles
    fields = ctx.spec.charter_fields()
    value_width = max(40, *(width_of(f) for f in fields))
    ws = new_sheet(ctx, text, [LABEL_WIDTH, value_width, HELP_WIDTH])
    for col, header in enumerate((text.field_column, text.value_column, text.help_column)):
        ws.write_string(CHARTER_HEADER_ROW, col, header, styles.header())
    for row, title in ctx.layout.charter_sections:
        for col in range(3):
            ws.write_blank(row, col, None, styles.section())
        ws.write_string(row, 0, title, styles.section())
    marker = ctx.spec.messages.required_marker
    for field in fields:
        row = ctx.layout.charter_rows[field.key]
        label = field.label + (marker if field.required else "")
        ws.write_string(row, 0, label, styles.label(bold=field.required))
        write_value(ws, row, 1, ctx.cells.charter.get(field.key), styles.input(field.type))
        ws.write_string(row, 2, field.help, styles.note())
        ws.data_validation(row, 1, row, 1, validation(ctx, field))
        size = styles.size
        value = ctx.cells.charter.get(field.key)
        shown = value if isinstance(value, str) else ""
        ws.grow_row(
            row,
            max(
                LONG_TEXT_HEIGHT if field.type == "long_text" else 0,
                printing.text_height(label, LABEL_WIDTH, size, bold=field.required),
                printing.text_height(shown, value_width, size),
                printing.text_height(field.help, HELP_WIDTH, size),
            ),
        )
        cell = xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True)
        ctx.workbook.define_name(charter_name(field.key), f"={quote_sheetname(text.title)}!{cell}")
    ws.freeze_panes(CHARTER_HEADER_ROW + 1, 0)
    ws.repeat_rows(CHARTER_HEADER_ROW)
