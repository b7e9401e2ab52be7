"""The dashboard's worksheet and charts write the same XML as xlsxwriter's own: every kind
of cell the worksheet writes itself and those it leaves to xlsxwriter, and every chart."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from starterkit.reporters.dashboard.writer import DashboardWorkbook, DashboardWorksheet
from starterkit.safe_text import XLSXWRITER_OPTIONS


def sheet_xml(worksheet_class: type[Worksheet]) -> bytes:
    output = io.BytesIO()
    workbook = Workbook(output, XLSXWRITER_OPTIONS)
    ws = workbook.add_worksheet("Cells", worksheet_class=worksheet_class)
    bold = workbook.add_format({"bold": True})
    dated = workbook.add_format({"num_format": "yyyy-mm-dd"})
    ws.set_column(20, 22, 12)
    ws.set_row(3, 30)
    ws.set_row(20, 6)  # a row with a height and no cells
    ws.set_row(70, 40)  # the same, the sheet's last row
    ws.write_string(0, 0, 'text & <markup> "quoted"\n_x0041_ \x07', bold)
    ws.write_string(0, 1, "no format")
    ws.write_string(0, 30, "far right", bold)
    for col, number in enumerate((0, -1.5, 1e20, 1 / 3, 123456789012345678, 2**-40)):
        ws.write_number(1, col, number, bold)
    ws.write_number(1, 10, 7)
    ws.write_string(2, 5, "written before the cells left of it", bold)
    ws.write_datetime(2, 0, dt.date(2027, 3, 11), dated)
    ws.write_datetime(2, 1, dt.datetime(2027, 3, 11, 12, 30), dated)
    ws.write_blank(3, 0, None, bold)
    ws.write_blank(3, 1, None)
    ws.merge_range(4, 0, 4, 5, "", bold)
    ws.write_string(4, 0, "merged", bold)
    ws.write_formula(5, 0, "=SUM(B2:C2)", bold, -1.5)
    ws.write_boolean(5, 1, True, bold)
    ws.write_url(5, 2, "https://example.org/a?b=1&c=2", bold, "a link")
    ws.write_blank(40, 3, None, bold)
    ws.write_string(41, 18, "a later block of rows", bold)
    ws.write_number(66, 2, 1, bold)
    workbook.close()
    with zipfile.ZipFile(output) as package:
        return package.read("xl/worksheets/sheet1.xml")


def test_the_dashboard_worksheet_writes_cells_as_xlsxwriter_does():
    assert sheet_xml(DashboardWorksheet) == sheet_xml(Worksheet)


def chart_parts(workbook_class: type[Workbook]) -> dict[str, bytes]:
    """The chart and drawing parts of a workbook charting numbers, gaps and text."""
    output = io.BytesIO()
    workbook = workbook_class(output, XLSXWRITER_OPTIONS)
    ws = workbook.add_worksheet("Data")
    ws.write_row(0, 0, ("Week", "Count", "Days", "Note"))
    for row, values in enumerate(((1, 3, 2.5), (2, None, 1 / 3), (3, 1e20, -4)), start=1):
        ws.write_number(row, 0, values[0])
        if values[1] is not None:
            ws.write_number(row, 1, values[1])
        ws.write_number(row, 2, values[2])
    ws.write_string(1, 3, "text & <more> _x0041_")
    ws.write_datetime(2, 3, dt.date(2027, 3, 11))
    ws.write_string(3, 3, "\x0b7 ")  # text that reads as a number, with a control character
    for row, kind in enumerate(("line", "column", "bar", "area")):
        chart = workbook.add_chart({"type": kind, "name": f"Chart {kind}"})
        for col in (1, 2, 3):
            chart.add_series(
                {
                    "name": ["Data", 0, col],
                    "categories": ["Data", 1, 0, 4, 0],
                    "values": ["Data", 1, col, 4, col],
                }
            )
        chart.set_title({"name": f"{kind} & more"})
        ws.insert_chart(row * 16, 6, chart)
    stacked = workbook.add_chart({"type": "column", "subtype": "stacked"})
    stacked.add_series({"values": "=Data!$B$2:$B$4", "y2_axis": True})
    ws.insert_chart(70, 6, stacked)
    workbook.close()
    with zipfile.ZipFile(output) as package:
        return {
            name: package.read(name)
            for name in package.namelist()
            if name.startswith(("xl/charts/", "xl/drawings/"))
        }


def test_the_dashboard_charts_write_as_xlsxwriter_does():
    ours = chart_parts(DashboardWorkbook)
    assert len([name for name in ours if name.startswith("xl/charts/")]) == 5
    assert ours == chart_parts(Workbook)
