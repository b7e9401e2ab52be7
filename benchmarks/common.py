"""Shared helpers for the benchmarks: timing and a plain-xlsxwriter baseline."""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable

import openpyxl
import xlsxwriter


def best_of(func: Callable[[], object], repeat: int = 7) -> float:
    """Median seconds of ``repeat`` runs after one warm-up (medians resist a busy machine)."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def wall_time(args: list[str], repeat: int = 7) -> float:
    """Median wall time of a command, in seconds."""
    return best_of(lambda: subprocess.run(args, check=True, capture_output=True), repeat)


def cell_values(content: bytes) -> dict[str, list[tuple[int, int, object]]]:
    """Every non-empty cell value (cached values for formulas) of a workbook, by sheet."""
    book = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
    return {
        ws.title: [
            (cell.row - 1, cell.column - 1, cell.value)
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        for ws in book.worksheets
    }


def plain_write(values: dict[str, list[tuple[int, int, object]]]) -> bytes:
    """The same cell values written by bare xlsxwriter: no formats, formulas or tables."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for title, cells in values.items():
        ws = book.add_worksheet(title)
        for row, col, value in cells:
            if hasattr(value, "year"):
                ws.write_datetime(row, col, value, date_format)
            else:
                ws.write(row, col, value)
    book.close()
    return output.getvalue()


def with_parts_edited(content: bytes, edit: Callable[[str, bytes], bytes]) -> bytes:
    """The workbook with every part replaced by ``edit(name, data)``, repacked."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, edit(info.filename, source.read(info.filename)))
    return output.getvalue()


def python() -> str:
    return sys.executable
