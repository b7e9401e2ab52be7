"""Print rules every sheet shares: readable type, rows tall enough, one print range per table.

Spreadsheets do not size rows to wrapped text the builder writes, and fit-to-width shrinks a
wide table until nobody can read it. So the builder estimates the lines each cell needs
(from the column width and the text, erring on the tall side), prints every table in a
range of its own (two tables side by side never share a page), limits a table's range to
the rows in use plus a few blank ones, and never scales type below ``MIN_PRINTED_PT``:
a table wider than the page runs on over a second page, printed across then down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

#: Smallest printed type, in points, on A4 or Letter landscape.
MIN_PRINTED_PT = 8
#: Inches; narrow sides leave room for wide tables.
MARGINS = {"left": 0.35, "right": 0.35, "top": 0.7, "bottom": 0.6}
#: Printable width of Letter landscape (the narrower of A4 and Letter), in points.
PRINTABLE_WIDTH_PT = 11 * 72 - (MARGINS["left"] + MARGINS["right"]) * 72
#: Blank rows printed below the last filled row of a table, so a steward can write on paper.
BLANK_ROWS_PRINTED = 5
#: Tables this short always print whole; longer ones print their rows in use.
ALWAYS_PRINTED_ROWS = 16
#: Average character width and line height, relative to the font size (Calibri and its
#: metric twin Carlito; most other fonts are narrower). Slightly generous, so rows come
#: out a little tall rather than clipped.
CHAR_WIDTH_EM = 0.5
BOLD_WIDTH_EM = 0.54
LINE_HEIGHT_EM = 1.3
CELL_PADDING_PT = 4


@dataclass(frozen=True)
class PrintRange:
    """Cells printed together, on pages of their own."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int
    key_cols: int = 1

    def ref(self, sheet: str) -> str:
        top = xl_rowcol_to_cell(self.first_row, self.first_col, row_abs=True, col_abs=True)
        bottom = xl_rowcol_to_cell(self.last_row, self.last_col, row_abs=True, col_abs=True)
        return f"{quote_sheetname(sheet)}!{top}:{bottom}"


def column_px(width: float) -> int:
    """Pixels of a column ``width`` characters wide, as Excel lays it out."""
    return 0 if width <= 0 else int(width * 7 + 5)


#: Pixels per character of column width on paper, for the widest common fallback font:
#: where Calibri is missing LibreOffice lays the kit out in DejaVu Sans, whose digits are
#: a fifth wider, and every column with them.
PRINT_PX_PER_CHAR = 8.5


def width_pt(widths: list[float]) -> float:
    """Printed width of these columns at 100 %, in points, erring on the wide side."""
    return sum(0 if w <= 0 else w * PRINT_PX_PER_CHAR + 5 for w in widths) * 0.75


def scale(widths: list[float], font_size: float) -> int:
    """Print scale (percent): the whole width on one page if type stays readable, else the
    smallest scale that keeps type at ``MIN_PRINTED_PT`` (the rest runs on over pages)."""
    floor = math.ceil(100 * MIN_PRINTED_PT / font_size)
    fit = math.floor(100 * PRINTABLE_WIDTH_PT / max(1.0, width_pt(widths)))
    return max(10, min(100, max(floor, fit)))


def lines(text: str, width: float, font_size: float, bold: bool = False) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` characters wide."""
    em = BOLD_WIDTH_EM if bold else CHAR_WIDTH_EM
    usable_pt = max(1.0, column_px(width) * 0.75 - CELL_PADDING_PT)
    per_line = max(1, int(usable_pt / (em * font_size)))
    total = 0
    for paragraph in str(text).split("\n"):
        count, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                count, used = count + 1, 0
            if size > per_line:  # a long word (an email, say) breaks across lines
                count += (used + size - 1) // per_line
                used = (used + size) % per_line or per_line
            else:
                used += size + (1 if used else 0)
        total += count
    return total


def text_height(
    text: str, width: float, font_size: float, bold: bool = False, italic: bool = False
) -> float:
    """Points a row needs to show ``text`` wrapped in a column ``width`` characters wide."""
    return lines(text, width, font_size, bold) * LINE_HEIGHT_EM * font_size + CELL_PADDING_PT


def line_height(font_size: float, count: int = 1) -> float:
    return count * LINE_HEIGHT_EM * font_size + CELL_PADDING_PT


def apply(ws, sheet: str, font_size: float) -> None:
    """Write the print ranges registered on ``ws`` (a KitWorksheet) and their scale."""
    ranges = ws.kit_print_ranges
    if not ranges:
        return
    ws.print_area_range = ",".join(r.ref(sheet) for r in ranges)
    widths = ws.kit_widths
    ranged = [widths[r.first_col : r.last_col + 1] for r in ranges]
    percent = min(scale(w, font_size) for w in ranged)
    ws.set_print_scale(percent)
    # A range wider than a page runs on over the next page (across, then down). Its key
    # column is not repeated: repeated columns print on every page and row of a sheet,
    # including the band, title and guidance rows, whose text would then print over itself.
