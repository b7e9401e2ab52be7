"""xlsxwriter's workbook, worksheet and charts as the dashboard writes them: the same XML,
written faster, and file links that open anywhere."""

from __future__ import annotations

from typing import Any

from xlsxwriter.chart import Chart
from xlsxwriter.chart_bar import ChartBar
from xlsxwriter.chart_column import ChartColumn
from xlsxwriter.chart_line import ChartLine
from xlsxwriter.url import UrlTypes
from xlsxwriter.utility import xl_rowcol_to_cell_fast
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet


class DashboardWorkbook(Workbook):
    """A workbook whose line, column and bar charts are the dashboard's (below)."""

    def add_chart(self, options: dict[str, Any]) -> Any:
        chart_class = _CHART_CLASSES.get(options.get("type", ""))
        if chart_class is None:
            return super().add_chart(options)
        chart = chart_class(options)
        # What Workbook.add_chart does with the chart it makes.
        if "name" in options:
            chart.chart_name = options["name"]
        chart.embedded = True
        chart.date_1904 = self.date_1904
        chart.remove_timezone = self.remove_timezone
        self.charts.append(chart)
        return chart


class _CachedValuesInOnePiece(Chart):
    """A chart that writes the values it caches of a series (what a spreadsheet shows until
    it reads the cells) as one piece of XML. xlsxwriter writes each value through three
    tag writers; for the dashboard's 800 charts that was a third of writing them."""

    def _write_num_cache(self, data: Any) -> None:
        pieces = [
            "<c:numCache><c:formatCode>General</c:formatCode>"
            f'<c:ptCount val="{len(data) if data else 0}"/>'
        ]
        for index, value in enumerate(data or ()):
            if value is None:
                continue
            try:
                float(value)
            except ValueError:  # text is cached as 0, as xlsxwriter does
                value = 0
            # A number in printable ASCII has nothing to escape (the cells' numbers are
            # written as such); anything else is escaped as xlsxwriter does.
            if not (isinstance(value, str) and value.isascii() and value.isprintable()):
                value = self._escape_control_characters(self._escape_data(value))
            pieces.append(f'<c:pt idx="{index}"><c:v>{value}</c:v></c:pt>')
        pieces.append("</c:numCache>")
        self.fh.write("".join(pieces))


class DashboardLineChart(_CachedValuesInOnePiece, ChartLine):
    pass


class DashboardColumnChart(_CachedValuesInOnePiece, ChartColumn):
    pass


class DashboardBarChart(_CachedValuesInOnePiece, ChartBar):
    pass


_CHART_CLASSES: dict[str, type[Chart]] = {
    "line": DashboardLineChart,
    "column": DashboardColumnChart,
    "bar": DashboardBarChart,
}


class DashboardWorksheet(Worksheet):
    """A worksheet that writes formulas as given, and its commonest cells in one piece.

    xlsxwriter scans every formula, each conditional format's value included, with some
    eighty regular expressions to prefix newer Excel functions. The dashboard uses none of
    them (only COUNTA, COUNTIF and SUM), and the scan was a quarter of its render time.
    """

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        # A formatted text, number, date or blank cell, as xlsxwriter writes it: its general
        # writer escapes each attribute (a cell name and a format number, which never need
        # it) and took a sixth of the render time. Any other cell is written by xlsxwriter.
        kind = type(cell).__name__
        if cell.format is None or kind not in ("String", "Number", "Datetime", "Blank"):
            super()._write_cell(row, col, cell)
            return
        cell_attributes = (
            f'r="{xl_rowcol_to_cell_fast(row, col)}" s="{cell.format._get_xf_index()}"'
        )
        if kind == "String":  # the index of the text in the shared strings
            self.fh.write(f'<c {cell_attributes} t="s"><v>{cell.string}</v></c>')
        elif kind == "Blank":
            self.fh.write(f"<c {cell_attributes}/>")
        else:
            self.fh.write(f"<c {cell_attributes}><v>{cell.number:.16G}</v></c>")

    def _write_rows(self) -> None:
        # The rows that hold cells or have a height of their own, and in each row its cells,
        # as xlsxwriter writes them; it visits every column of every row in between (twice,
        # with the spans below), a tenth of writing the sheets. A sheet with comments (the
        # dashboard has none) is left to xlsxwriter.
        if self.comments:
            super()._write_rows()
            return
        self.row_spans = _row_spans(self.table)
        for row in sorted(self.table.keys() | self.row_info.keys()):
            cells = self.table.get(row)
            info = self.row_info.get(row)
            if not (cells or info) or not self.dim_rowmin <= row <= self.dim_rowmax:
                continue
            span = self.row_spans.get(row // 16)
            if not cells:
                self._write_empty_row(row, span, info)
                continue
            self._write_row(row, span, info)
            for col in sorted(cells):
                self._write_cell(row, col, cells[col])
            self._xml_end_tag("row")

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        return formula.removeprefix("=")

    def _write_hyperlinks(self) -> None:
        # xlsxwriter stores a relative link to a file with Windows separators
        # (..\returned\kit.xlsx), which only Excel on Windows follows, and a POSIX
        # absolute path as a relative one (\tmp\kit.xlsx). Written as URI references
        # (../returned/kit.xlsx, file:///tmp/kit.xlsx) they open anywhere.
        for cols in self.hyperlinks.values():
            for url in cols.values():
                if url._link_type == UrlTypes.EXTERNAL:
                    url._relationship_link = portable_target(url._relationship_link)
        super()._write_hyperlinks()


def _row_spans(table: dict[int, dict[int, Any]]) -> dict[int, str]:
    """The ``spans`` of each 16 rows (row // 16): the first and last column (1-based) that
    holds a cell in any of them."""
    bounds: dict[int, tuple[int, int]] = {}
    for row, cells in table.items():
        if cells:
            low, high = min(cells), max(cells)
            if (block := row // 16) in bounds:
                low, high = min(low, bounds[block][0]), max(high, bounds[block][1])
            bounds[block] = (low, high)
    return {block: f"{low + 1}:{high + 1}" for block, (low, high) in bounds.items()}


def portable_target(target: str) -> str:
    """A file link's target as a URI reference: forward slashes; a POSIX absolute path as
    a file URL. Windows drive and UNC paths (file:///C:…, \\\\server…) are left as they are."""
    if target.startswith(("file:", "\\\\")):
        return target
    target = target.replace("\\", "/")
    return f"file://{target}" if target.startswith("/") else target
