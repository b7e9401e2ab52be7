"""The dashboard's worksheet class writes the same sheet XML as xlsxwriter's own, for every
kind of cell it writes itself and those it leaves to xlsxwriter."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from starterkit.reporters.dashboard.writer import DashboardWorksheet
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
