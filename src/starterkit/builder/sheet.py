"""What every sheet shares: the branded band, print setup, protection, inputs and tables."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from starterkit.builder import printing
from starterkit.builder.cells import KitCells
from starterkit.builder.formulas import Formula, Formulas, quote
from starterkit.builder.layout import (
    BAND_ROW,
    GUIDANCE_ROW,
    HEADING_ROW,
    TABLE_TITLE_ROW,
    Layout,
    TablePlace,
    list_name,
)
from starterkit.builder.styles import Styles
from starterkit.kit import formula_values
from starterkit.spec.model import FieldDef, KitSpec, SheetText
from starterkit.spec.prefill import Raw

DEFAULT_WIDTHS = {
    "text": 18,
    "long_text": 36,
    "choice": 16,
    "date": 12,
    "whole": 10,
    "number": 11,
    "percent": 10,
    "email": 26,
    "formula": 12,
}
#: How each computed column is shown.
FORMULA_KINDS = {
    "due": "date",
    "week_start": "date",
    "week": "whole",
    "days_to_solve": "whole",
    "cases_submitted": "whole",
    "patterns_captured": "whole",
    "median_days_to_solve": "decimal",
    "delta_vs_baseline": "number",
    "status": "text",
}
HEADER_HEIGHT = 30  # points: at least two lines of wrapped header text
BAND_HEIGHT = 36  # points
HEADING_HEIGHT = 30  # points; the logo sits at the right of this white row, where it shows
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


@dataclass
class Context:
    workbook: Workbook
    spec: KitSpec
    styles: Styles
    layout: Layout
    cells: KitCells
    formulas: Formulas
    logo: bytes | None


def width_of(field: FieldDef) -> float:
    return field.width or DEFAULT_WIDTHS[field.type]


class KitWorksheet(Worksheet):
    """A worksheet that writes formulas as given, and keeps what its print setup needs.

    xlsxwriter scans every formula with some eighty regular expressions to prefix newer
    Excel functions; the kit uses none of them (a test checks), and the scan was half the
    build time.
    """

    def __init__(self) -> None:
        super().__init__()
        self.kit_widths: list[float] = []
        self.kit_heights: dict[int, float] = {}
        self.kit_print_ranges: list[printing.PrintRange] = []

    def grow_row(self, row: int, height: float) -> None:
        """Make ``row`` at least ``height`` points tall (never shorter than already set)."""
        if height > self.kit_heights.get(row, 0):
            self.kit_heights[row] = height
            self.set_row(row, height)

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula


def add_sheet(ctx: Context, title: str) -> Worksheet:
    return ctx.workbook.add_worksheet(title, worksheet_class=KitWorksheet)


def new_sheet(ctx: Context, text: SheetText, widths: list[float]) -> Worksheet:
    """A sheet with its columns sized, the header band, heading, guidance and print setup."""
    ws = add_sheet(ctx, text.title)
    ws.kit_widths = list(widths)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    last = len(widths) - 1
    band = ctx.formulas.band()
    ws.grow_row(BAND_ROW, BAND_HEIGHT)
    ws.merge_range(BAND_ROW, 0, BAND_ROW, last, "", ctx.styles.band())
    write_formula(ws, BAND_ROW, 0, band, ctx.styles.band())
    if ctx.logo:
        organisation = formula_values.text(ctx.cells.charter.get("organization"))
        _insert_logo(ws, ctx.logo, widths, organisation or ctx.spec.name)
    ws.grow_row(HEADING_ROW, HEADING_HEIGHT)
    ws.write_string(HEADING_ROW, 0, text.heading, ctx.styles.heading())
    if text.guidance:
        size = ctx.styles.size
        ws.grow_row(
            GUIDANCE_ROW,
            max(30, printing.text_height(text.guidance, sum(widths), size, italic=True)),
        )
        ws.merge_range(GUIDANCE_ROW, 0, GUIDANCE_ROW, last, text.guidance, ctx.styles.guidance())
    _print_setup(ctx, ws, text.title)
    if ctx.spec.protection.enabled:
        ws.protect(
            ctx.spec.protection.password or "",
            {
                "insert_rows": True,
                "format_columns": True,
                "format_rows": True,
                "sort": True,
                "autofilter": True,
            },
        )
    return ws


def _insert_logo(ws: Worksheet, logo: bytes, widths: list[float], description: str) -> None:
    from xlsxwriter.image import Image

    image = Image(io.BytesIO(logo))
    target_height = HEADING_HEIGHT * 96 / 72 - 6  # pixels, leaving a small margin
    scale = min(1.0, target_height / image.height)
    # Right-align the logo in the white heading row below the band: a dark logo on the
    # brand's dark band would not show.
    band_px = sum(int(w * 7 + 5) for w in widths)
    x = max(0, band_px - int(image.width * scale) - 6)
    col, offset = 0, x
    while col < len(widths) - 1 and offset >= int(widths[col] * 7 + 5):
        offset -= int(widths[col] * 7 + 5)
        col += 1
    ws.insert_image(
        HEADING_ROW,
        col,
        "logo.png",
        {
            "image_data": io.BytesIO(logo),
            "x_scale": scale,
            "y_scale": scale,
            "x_offset": offset,
            "y_offset": 3,
            "object_position": 3,
            "description": description,
        },
    )


def _header_text(value: Any) -> str:
    return formula_values.text(value).replace("&", "&&")[:80]


def _print_setup(ctx: Context, ws: KitWorksheet, title: str) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4; the scale keeps type readable on Letter too (see printing)
    ws.set_margins(**printing.MARGINS)
    ws.print_across()
    ws.set_print_scale(printing.scale(ws.kit_widths, ctx.styles.size))
    org = _header_text(ctx.cells.charter.get("organization"))
    network = _header_text(ctx.cells.charter.get("network_name"))
    ws.set_header(f"&L{org}&C&B{_header_text(ctx.spec.name)}&R{network}")
    page = ctx.spec.messages.page_footer.replace("&", "&&").format(page="&P", pages="&N")
    ws.set_footer(f"&L{_header_text(title)}&R{page}")


def write_value(ws: Worksheet, row: int, col: int, value: Any, fmt) -> None:
    """Write an input value with the type the cell should hold."""
    value = formula_values.plain(value)
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, dt.datetime | dt.date):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def write_formula(ws: Worksheet, row: int, col: int, formula: Formula, fmt) -> None:
    value = formula.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if formula.array:
        ws.write_array_formula(row, col, row, col, f"{{={formula.text}}}", fmt, value)
    else:
        ws.write_formula(row, col, f"={formula.text}", fmt, value)


def validation(ctx: Context, field: FieldDef) -> dict[str, Any]:
    """Data validation for an input of this field's type, with its guidance as input message."""
    messages = ctx.spec.messages
    rule: dict[str, Any]
    if field.type == "choice":
        rule = {"validate": "list", "source": f"={list_name(field.list or '')}"}
        error = messages.choice_error
    elif field.type == "date":
        rule = {
            "validate": "date",
            "criteria": "between",
            "minimum": EARLIEST_DATE,
            "maximum": LATEST_DATE,
        }
        error = messages.date_error
    elif field.type in {"whole", "number"}:
        validate = "integer" if field.type == "whole" else "decimal"
        low = field.minimum if field.minimum is not None else (0 if field.type == "whole" else None)
        high = field.maximum
        if low is not None and high is not None:
            rule = {"validate": validate, "criteria": "between", "minimum": low, "maximum": high}
            error = messages.range_error.format(minimum=_num(low), maximum=_num(high))
        elif low is not None:
            rule = {"validate": validate, "criteria": ">=", "value": low}
            error = messages.whole_error if field.type == "whole" else messages.number_error
        else:
            rule = {"validate": validate, "criteria": "between", "minimum": -1e12, "maximum": 1e12}
            error = messages.number_error
    elif field.type == "percent":
        rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}
        error = messages.percent_error
    else:
        rule = {"validate": "any"}
        error = ""
    if field.help:
        rule["input_title"] = field.label[:32]
        rule["input_message"] = field.help[:255]
    if error:
        rule["error_title"] = messages.invalid_title
        rule["error_message"] = error[:255]
        rule["error_type"] = "stop"
    return rule


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def colour_by_choice(
    ctx: Context,
    ws: Worksheet,
    rows: tuple[int, int],
    col: int,
    list_key: str,
    fills: dict[str, str],
) -> None:
    """Fill cells of one column by the choice they show: {choice key: colour}."""
    for key, color in fills.items():
        ws.conditional_format(
            rows[0],
            col,
            rows[1],
            col,
            {
                "type": "cell",
                "criteria": "==",
                "value": quote(ctx.spec.label(list_key, key)),
                "format": ctx.styles.status_fill(color),
            },
        )


#: Columns a steward does not type in: locked, in the formula look, with no validation.
LOCKED_INPUTS = {"metrics": {"week"}, "milestones": {"milestone"}}
#: Columns the builder fills in every row (ids): they do not make a row "in use".
AUTO_COLUMNS = {"case_id", "pattern_id"}


def rows_in_use(ctx: Context, place: TablePlace) -> int:
    """Data rows up to the last one holding anything the steward or the spec wrote."""
    used = 0
    for index, row in enumerate(ctx.cells.tables[place.key]):
        if any(
            not formula_values.is_blank(formula_values.plain(value))
            for key, value in row.items()
            if key not in AUTO_COLUMNS
        ):
            used = index + 1
    return used


def printed_rows(ctx: Context, place: TablePlace) -> int:
    """Data rows a printout shows: short tables whole, long ones their rows in use and a few
    blank (Case Intake's 80 numbered rows would otherwise print as empty pages)."""
    if place.rows <= printing.ALWAYS_PRINTED_ROWS:
        return place.rows
    wanted = rows_in_use(ctx, place) + printing.BLANK_ROWS_PRINTED
    return min(place.rows, max(wanted, printing.ALWAYS_PRINTED_ROWS))


def _shown(value: Any, column: FieldDef) -> str:
    """Text a cell shows, for sizing its row (dates and numbers fit on one line)."""
    value = formula_values.plain(value)
    return value if isinstance(value, str) else ""


def write_title(ctx: Context, ws: KitWorksheet, row: int, col: int, title: str, help_text: str):
    """A table title and its one-line help beside it, the help starting clear of the title."""
    styles = ctx.styles
    if not help_text:
        ws.write_string(row, col, title, styles.title())
        return
    needed = len(title) * printing.BOLD_WIDTH_EM * (styles.size + 2) / (0.75 * 7) + 1
    end = col
    covered = ws.kit_widths[col] if col < len(ws.kit_widths) else 0
    while covered < needed and end + 1 < len(ws.kit_widths):
        end += 1
        covered += ws.kit_widths[end]
    if end > col:
        ws.merge_range(row, col, row, end, title, styles.title())
    else:
        ws.write_string(row, col, title, styles.title())
    if end + 1 < len(ws.kit_widths):
        ws.write_string(row, end + 1, help_text, styles.guidance_inline())


def write_table(
    ctx: Context,
    ws: KitWorksheet,
    place: TablePlace,
    title: str,
    help_text: str,
    print_rows_below: int = 0,
) -> None:
    """Title, an Excel table with spec headers, inputs, computed cells and validation.

    Rows grow to fit the text written, and the table becomes a print range of its own:
    its rows in use (see ``printed_rows``) and ``print_rows_below`` more.
    """
    styles = ctx.styles
    size = styles.size
    write_title(ctx, ws, TABLE_TITLE_ROW, place.first_col, title, help_text)
    ws.grow_row(
        place.header_row,
        max(
            [HEADER_HEIGHT]
            + [printing.text_height(c.label, width_of(c), size, bold=True) for c in place.columns]
        ),
    )
    ws.add_table(
        place.header_row,
        place.first_col,
        place.last_row,
        place.last_col,
        {
            "name": place.name,
            "style": "Table Style Light 1",
            "autofilter": True,
            "columns": [
                {"header": c.label, "header_format": styles.header()} for c in place.columns
            ],
        },
    )
    rows = ctx.cells.tables[place.key]
    computed = ctx.formulas.table_values[place.key]
    locked_inputs = LOCKED_INPUTS.get(place.key, set())
    heights = [printing.line_height(size)] * len(rows)
    for offset, column in enumerate(place.columns):
        col = place.first_col + offset
        is_formula = column.type == "formula"
        if is_formula:
            fmt = styles.computed(FORMULA_KINDS[column.key])
        elif column.key in locked_inputs:
            fmt = styles.computed("whole" if column.key == "week" else "text", bold=True)
        else:
            fmt = styles.input(column.type)
        for index, row in enumerate(rows):
            r = place.first_row + index
            value = row.get(column.key)
            if is_formula and not isinstance(value, Raw):
                write_formula(ws, r, col, computed[index][column.key], fmt)
            else:
                write_value(ws, r, col, value, fmt)
                shown = _shown(value, column)
                if shown:
                    bold = column.key in locked_inputs
                    need = printing.text_height(shown, width_of(column), size, bold=bold)
                    heights[index] = max(heights[index], need)
        if not is_formula and column.key not in locked_inputs:
            ws.data_validation(place.first_row, col, place.last_row, col, validation(ctx, column))
    for index, height in enumerate(heights):
        if height > printing.line_height(size) + 0.5:
            ws.grow_row(place.first_row + index, height)
    last = place.first_row + printed_rows(ctx, place) - 1 + print_rows_below
    top = BAND_ROW if place.first_col == 0 else TABLE_TITLE_ROW
    ws.kit_print_ranges.append(
        printing.PrintRange(top, place.first_col, last, place.last_col, key_cols=1)
    )
    printing.apply(ws, ws.name, size)


def print_range(
    ctx: Context, ws: KitWorksheet, first_row: int, first_col: int, last_row: int, last_col: int
) -> None:
    """Print these cells on pages of their own too (a chart, a block beside a table)."""
    ws.kit_print_ranges.append(printing.PrintRange(first_row, first_col, last_row, last_col))
    printing.apply(ws, ws.name, ctx.styles.size)
