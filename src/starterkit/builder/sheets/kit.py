"""_kit (hidden): the metadata the analyzer trusts first, including the whole resolved spec."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from starterkit.builder.layout import KIT_SHEET

#: Excel allows 32,767 characters in a cell; stay well below.
JSON_CHUNK = 30_000


def write(
    workbook: Workbook, metadata: dict[str, str | int], spec_json: str, protect: bool
) -> None:
    ws = workbook.add_worksheet(KIT_SHEET)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 100)
    ws.write_string(0, 0, "key")
    ws.write_string(0, 1, "value")
    row = 1
    chunks = [spec_json[i : i + JSON_CHUNK] for i in range(0, len(spec_json), JSON_CHUNK)]
    for key, value in {**metadata, "spec_json_parts": len(chunks)}.items():
        ws.write_string(row, 0, key)
        if isinstance(value, int):
            ws.write_number(row, 1, value)
        else:
            ws.write_string(row, 1, value)
        row += 1
    for index, chunk in enumerate(chunks, start=1):
        ws.write_string(row, 0, f"spec_json_{index}")
        ws.write_string(row, 1, chunk)
        row += 1
    ws.hide()
    if protect:
        ws.protect()
