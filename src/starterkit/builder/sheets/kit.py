"""_kit (hidden): the metadata the analyzer trusts first, including the whole resolved spec."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from starterkit.builder.layout import KIT_SHEET
from starterkit.kit.record import HEADER, KitRecord


def write(workbook: Workbook, record: KitRecord, protect: bool) -> None:
    ws = workbook.add_worksheet(KIT_SHEET)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, HEADER[0])
    ws.write_string(0, 1, HEADER[1])
    for row, (key, value) in enumerate(record.to_rows(), start=1):
        ws.write_string(row, 0, key)
        if isinstance(value, int):
            ws.write_number(row, 1, value)
        else:
            ws.write_string(row, 1, value)
    ws.hide()
    if protect:
        ws.protect()
