"""The page writer: a worksheet with typed writers, so text is only ever written as text."""

from __future__ import annotations

import datetime as dt
import functools
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xlsxwriter.worksheet import Worksheet

from starterkit.findings import SEVERITIES, Location, Severity
from starterkit.kit.record import GENERATOR
from starterkit.report import NetworkReport
from starterkit.reporters.dashboard.styles import Styles
from starterkit.reporters.wording import (
    PHASE_WORDS,
    SEVERITY_WORDS,
    cycle_week_text,
)

LINE_HEIGHT = 15  # points per line of wrapped text
#: Characters of ordinary text that fit in one unit of column width (a unit is one digit).
CHARS_PER_WIDTH = 1.2
#: Excel's tallest row is 409 points: as many lines as fit in it.
MAX_ROW_LINES = (409 - 4) // LINE_HEIGHT

#: Network sheets sit on a grid of equal columns that every section shares.
GRID_COLUMNS = 14
GRID_WIDTH = 15
LAST_GRID_COLUMN = GRID_COLUMNS - 1
HALF = GRID_COLUMNS // 2

NO_DATA = "No data yet"

#: The printed page, in points: A4 landscape less the margins ``print_setup`` sets.
PAPER_WIDTH_PT, PAPER_HEIGHT_PT = 841.9, 595.3
MARGINS_IN = {"left": 0.4, "right": 0.4, "top": 0.55, "bottom": 0.5}
HEADER_MARGIN_IN = 0.25
DEFAULT_ROW_PT = 15
#: An empty row between sections (``narrow_gaps``).
GAP_ROW_PT = 6
#: Page breaks are placed as if a page held this much less than it does, so a spreadsheet
#: that lays rows out a little taller (LibreOffice, another font) still keeps a chart whole.
PAGE_SAFETY = 0.93
#: The same for the width: a spreadsheet may draw a column wider than Excel's 7 pixels a
#: character, which makes its fitted scale smaller and its pages hold more rows. LibreOffice
#: prints the network sheets at 50 % where Excel's columns would give 68 % (the demo's
#: sheets, measured on the PDF); breaks laid out for more than that left a third of each
#: page empty.
WIDTH_SAFETY = 0.74


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a list: its header and the sheet columns it spans (merged when several)."""

    title: str
    first: int
    last: int | None = None
    look: str = "wrap"


def single_columns(*titles: str, start: int = 0) -> tuple[Column, ...]:
    return tuple(Column(title, start + offset) for offset, title in enumerate(titles))


@dataclass(frozen=True, slots=True)
class Link:
    """A cell that links: ``url`` (None for plain text) and the text it shows."""

    url: str | None
    text: str


#: A list cell's value: text, a number, a date, a link or nothing.
Value = str | float | dt.date | Link | None


#: Height of a sheet's title row, in points.
TITLE_ROW_HEIGHT = 30


class Page:
    """A worksheet with typed writers: text is only ever written as a string."""

    def __init__(self, ws: Worksheet, styles: Styles, widths: Sequence[float]):
        self.ws = ws
        self.styles = styles
        self.workbook = styles.workbook
        self.name = ws.get_name()
        self.widths = tuple(widths)
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)
        #: Row ranges printed on one page (a chart and the rows it sits on).
        self.blocks: list[tuple[int, int]] = []
        #: Widths of columns right of ``widths``, outside the print area (``side_column``).
        self.side_widths: dict[int, float] = {}
        #: ``width`` of each span asked for: every row of a list asks for its columns'.
        self.span_widths: dict[tuple[int, int], float] = {}

    def side_column(self, col: int, width: float) -> None:
        """A column right of the printed ones (a table only the charts need on paper)."""
        self.side_widths[col] = width
        self.span_widths.clear()
        self.ws.set_column(col, col, width)

    def width(self, first: int, last: int | None = None) -> float:
        """Width of columns first..last in character units (8.43 is Excel's default)."""
        span = (first, first if last is None else last)
        if span not in self.span_widths:
            self.span_widths[span] = sum(
                self.widths[c] if c < len(self.widths) else self.side_widths.get(c, 8.43)
                for c in range(span[0], span[1] + 1)
            )
        return self.span_widths[span]

    def pixels(self, first: int, last: int) -> int:
        return sum(int(self.width(col) * 7 + 5) for col in range(first, last + 1))

    def title(self, text: str, to_col: int) -> None:
        """The sheet's title, across the top row (made tall enough for its larger type)."""
        self.ws.set_row(0, TITLE_ROW_HEIGHT)
        self.text(0, 0, text, "title", to_col)

    def text(
        self, row: int, col: int, value: str | None, look: str = "cell", to_col: int | None = None
    ) -> None:
        fmt = self.styles.get(look, value)
        if to_col is not None and to_col > col:
            self.ws.merge_range(row, col, row, to_col, "", fmt)
        if value:
            self.ws.write_string(row, col, value, fmt)
        elif to_col is None:
            self.ws.write_blank(row, col, None, fmt)

    def number(self, row: int, col: int, value: float | None, look: str = "number") -> None:
        # A number too large to hold (typed as hundreds of digits) is infinite; blank it.
        if value is None or not math.isfinite(value):
            self.ws.write_blank(row, col, None, self.styles.get(look))
        else:
            self.ws.write_number(row, col, value, self.styles.get(look))

    def date(self, row: int, col: int, value: dt.date | None, look: str = "date") -> None:
        if value is None:
            self.ws.write_blank(row, col, None, self.styles.get(look))
        else:
            self.ws.write_datetime(row, col, value, self.styles.get(look))

    def link(
        self, row: int, col: int, link: Link, look: str = "link", to_col: int | None = None
    ) -> None:
        """A hyperlink showing ``link.text``; plain text when there is nothing to link to."""
        if link.url is None:
            self.text(row, col, link.text, "wrap" if look == "link" else "plain", to_col)
            return
        fmt = self.styles.get(look, link.text)
        if to_col is not None and to_col > col:
            self.ws.merge_range(row, col, row, to_col, "", fmt)
        # write_url writes the shown text as a string cell, never as a formula.
        self.ws.write_url(row, col, link.url, fmt, link.text)

    def header(self, row: int, columns: Iterable[Column]) -> None:
        columns = tuple(columns)
        for column in columns:
            self.text(row, column.first, column.title, "header", column.last)
        # Headers are bold: fewer characters fit in a line.
        self.fit_row(row, ((c.title, self.width(c.first, c.last) * 0.85) for c in columns))

    def cells(self, row: int, columns: Sequence[Column], values: Sequence[Value]) -> None:
        """One list row, each value written as its type says, and tall enough to show."""
        texts = []
        for column, value in zip(columns, values, strict=True):
            if isinstance(value, Link):
                self.link(row, column.first, value, to_col=column.last)
                texts.append((value.text, self.width(column.first, column.last)))
            elif isinstance(value, int | float):
                self.number(row, column.first, value, _number_look(column.look))
            elif isinstance(value, dt.date):
                self.date(row, column.first, value)
            else:
                self.text(row, column.first, value, column.look, column.last)
                texts.append((value, self.width(column.first, column.last)))
        self.fit_row(row, texts)

    def section(self, row: int, title: str, last_col: int) -> None:
        underline = self.styles.get("section")
        for col in range(1, last_col + 1):
            self.ws.write_blank(row, col, None, underline)
        self.text(row, 0, title, "section")
        self.ws.set_row(row, 20)

    def fit_row(self, row: int, texts: Iterable[tuple[str | None, float]]) -> None:
        """Make the row tall enough for its wrapped text: LibreOffice keeps a row's height
        on load and Excel never grows merged cells, so the height is set here."""
        lines = max((_lines(text, width) for text, width in texts), default=1)
        if lines > 1:
            self.ws.set_row(row, LINE_HEIGHT * lines + 4)

    def colour_by_value(
        self, rows: tuple[int, int], cols: tuple[int, int], fills: dict[str, str]
    ) -> None:
        """Fill cells by the word they show: {shown word: fill name}."""
        if rows[1] < rows[0]:
            return
        for word, fill in fills.items():
            self.ws.conditional_format(
                rows[0],
                cols[0],
                rows[1],
                cols[1],
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": '"' + word.replace('"', '""') + '"',
                    "format": self.styles.fill(fill),
                },
            )

    def colour_above_zero(self, rows: tuple[int, int], col: int, fill: str) -> None:
        if rows[1] < rows[0]:
            return
        self.ws.conditional_format(
            rows[0],
            col,
            rows[1],
            col,
            {"type": "cell", "criteria": ">", "value": 0, "format": self.styles.fill(fill)},
        )

    def keep_together(self, first: int, last: int) -> None:
        """Print rows first..last on one page (a chart block): ``print_setup`` breaks the
        page before them when they would straddle a page end."""
        self.blocks.append((first, last))

    def narrow_gaps(self) -> None:
        """Make the empty rows between sections ``GAP_ROW_PT`` high: on paper they only
        part sections. Rows a chart sits on (``keep_together``) keep their height, since a
        chart is drawn in pixels over them; so do rows given a height of their own."""
        kept = {row for first, last in self.blocks for row in range(first, last + 1)}
        for row in range(self.ws.dim_rowmax or 0):
            if row not in kept and row not in self.ws.row_sizes and not self.ws.table.get(row):
                self.ws.set_row(row, GAP_ROW_PT)

    def print_setup(self, title: str, repeat_row: int | None = None) -> None:
        """Landscape A4, fitted to the page width, with a page break before each block of
        ``keep_together`` that would otherwise be split."""
        ws = self.ws
        ws.set_landscape()
        ws.set_paper(9)  # A4; fitting to the page width keeps Letter readable too
        # Fitted to the width by the spreadsheet itself (column widths in points depend on
        # its fonts); as tall as it takes, so the page breaks below are kept.
        ws.fit_to_pages(1, 0)
        ws.set_margins(**MARGINS_IN)
        ws.set_header(f"&L{_header_text(title)}&R{GENERATOR}", margin=HEADER_MARGIN_IN)
        ws.set_footer("&L&A&RPage &P of &N", margin=HEADER_MARGIN_IN)
        if repeat_row is not None:
            ws.repeat_rows(repeat_row)
        if self.side_widths:
            ws.print_area(0, 0, ws.dim_rowmax or 0, len(self.widths) - 1)
        breaks = self.page_breaks(repeat_row)
        if breaks:
            ws.set_h_pagebreaks(breaks)

    def row_points(self, row: int) -> float:
        size = self.ws.row_sizes.get(row)
        return DEFAULT_ROW_PT if size is None or size[0] is None else size[0]

    def print_scale(self) -> int:
        """The print scale in per cent that fits the sheet's columns to the page width, at
        its smallest (``WIDTH_SAFETY``)."""
        sheet_width = self.pixels(0, len(self.widths) - 1) * 0.75
        printable_width = PAPER_WIDTH_PT - 72 * (MARGINS_IN["left"] + MARGINS_IN["right"])
        if not sheet_width:
            return 100
        return max(10, min(100, math.floor(printable_width / sheet_width * WIDTH_SAFETY * 100)))

    def page_points(self) -> float:
        """How many points of rows a printed page holds at ``print_scale``, at the least."""
        printable_height = PAPER_HEIGHT_PT - 72 * (MARGINS_IN["top"] + MARGINS_IN["bottom"])
        return printable_height / (self.print_scale() / 100) * PAGE_SAFETY

    def page_breaks(self, repeat_row: int | None = None) -> list[int]:
        """Every page break of the sheet, so that no block is split across pages: the rows
        are laid out on pages no taller than the spreadsheet's (``page_points``), and a
        block that would not fit on what is left of a page starts the next one (a block
        taller than a page starts one). Every break is given, not only those before blocks:
        the spreadsheet's pages hold at least as much, so it never breaks on its own first
        and the breaks stay where they were worked out."""
        if not self.blocks:
            return []
        page = self.page_points()
        repeated = self.row_points(repeat_row) if repeat_row is not None else 0.0
        ends: dict[int, int] = {}
        for first, last in self.blocks:
            ends[first] = max(ends.get(first, first), last)
        last_row = max(self.ws.dim_rowmax or 0, *ends.values())
        breaks: list[int] = []
        used = 0.0
        for row in range(last_row + 1):
            height = self.row_points(row)
            if row in ends:
                height = sum(self.row_points(r) for r in range(row, ends[row] + 1))
            if used + min(height, page) > page and used > repeated:
                breaks.append(row)
                used = repeated
            used += self.row_points(row)
        return breaks


def _number_look(look: str) -> str:
    return look if look in ("percent", "number", "fact") else "number"


def _lines(text: str | None, width: float) -> int:
    """Lines the text takes when wrapped at word boundaries in a cell ``width`` wide, up
    to what the tallest row shows: a longer text is not wrapped at all (which took
    seconds for a text of megabytes), since any part longer than that many full lines
    fills the tallest row anyway."""
    if not text:
        return 1
    per_line = max(1, int(width * CHARS_PER_WIDTH))
    if len(text) <= per_line and "\n" not in text:
        return 1
    longest = per_line * (MAX_ROW_LINES + 1)
    lines = 0
    for part in text.split("\n", MAX_ROW_LINES):
        if len(part) > longest:
            return MAX_ROW_LINES
        lines += _wrapped_lines(part, per_line)
        if lines >= MAX_ROW_LINES:
            return MAX_ROW_LINES
    return lines


@functools.lru_cache(maxsize=1024)
def _wrapped_lines(part: str, per_line: int) -> int:
    """Lines one paragraph wraps to. Remembered: the same messages, actions and headers
    recur on every network's sheet, and wrapping them again was a tenth of writing the
    sheets. A part is at most ``MAX_ROW_LINES + 1`` lines long, so the cache stays small."""
    return max(1, len(textwrap.wrap(part, per_line)))


def _header_text(text: str) -> str:
    """Text for a print header: '&' starts a header code, and Excel caps headers at 255."""
    return text.replace("&", "&&")[:80]


# Text the sheets share


def counts_text(counts: dict[Severity, int]) -> str:
    return " · ".join(f"{counts[s]} {SEVERITY_WORDS[s]}" for s in SEVERITIES)


def cycle_text(report: NetworkReport) -> str:
    cycle = report.cycle
    where = cycle_week_text(cycle)
    return f"{where} · {PHASE_WORDS.get(cycle.phase, cycle.phase)} · cycle {cycle.cycle_number}"


def evidence_text(evidence: Iterable[Location]) -> str:
    return "; ".join(str(location) for location in evidence)


def yes_no(value: bool | None, no: str = "no") -> str | None:
    return None if value is None else ("yes" if value else no)


def plural_s(count: int) -> str:
    return "" if count == 1 else "s"
