"""Returned workbooks as other tools produce them, made from a built kit for tests.

The kit itself always comes from the builder's prefill; these helpers only reproduce what
happens to it afterwards: a part edited or dropped inside the package, or a values-only
export that loses tables, names, hidden sheets and properties.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl

Edit = Callable[[bytes], bytes]


def rewrite_parts(
    content: bytes, edits: dict[str, Edit] | None = None, drop: set[str] = frozenset()
) -> bytes:
    """The same package with some parts edited and some left out."""
    edits = edits or {}
    source = zipfile.ZipFile(io.BytesIO(content))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            data = source.read(info.filename)
            if info.filename in edits:
                data = edits[info.filename](data)
            target.writestr(info.filename, data)
    return output.getvalue()


def sheet_part(content: bytes, title: str) -> str:
    """The package part holding a sheet, e.g. 'xl/worksheets/sheet4.xml'."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    index = book.sheetnames.index(title)
    return f"xl/worksheets/sheet{index + 1}.xml"


def without_kit_sheet(content: bytes) -> bytes:
    """The kit with its hidden _kit sheet deleted (as some tools do on export)."""
    part = sheet_part(content, "_kit")

    def drop_sheet(xml: bytes) -> bytes:
        start = xml.index(b'<sheet name="_kit"')
        end = xml.index(b"/>", start) + 2
        return xml[:start] + xml[end:]

    return rewrite_parts(content, {"xl/workbook.xml": drop_sheet}, drop={part})


def values_only_export(
    content: bytes,
    renames: dict[str, str] | None = None,
    column_edits: dict[str, Callable[[list[list[object]]], list[list[object]]]] | None = None,
) -> bytes:
    """A values-only copy of the visible sheets: no tables, names, _kit sheet or properties.

    ``renames`` renames sheets; ``column_edits`` rewrites a sheet's rows (to insert, move or
    rename columns the way a steward might).
    """
    source = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    target = openpyxl.Workbook()
    target.remove(target.active)
    for sheet in source.worksheets:
        if sheet.sheet_state != "visible":
            continue
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        if column_edits and sheet.title in column_edits:
            rows = column_edits[sheet.title](rows)
        copy = target.create_sheet((renames or {}).get(sheet.title, sheet.title))
        for row in rows:
            copy.append(row)
    output = io.BytesIO()
    target.save(output)
    return output.getvalue()
