"""Headless LibreOffice as a test client for generated workbooks.

Plain helpers (no fixtures) that let tests re-save a workbook the way LibreOffice
would and check the builder's cached formula values against what LibreOffice
computes. Stock LibreOffice trusts cached values in an xlsx; :func:`convert`
with ``recalc=True`` uses a throwaway profile that forces a full recalculation
on load (see ``shared/design/compat.md``, "LibreOffice as a test client").

Every call gets its own profile and scratch directory, so calls may run
concurrently. Never pass the kit itself through LibreOffice for delivery:
headless conversion drops freeze panes; use it only to check.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.formula import ArrayFormula

TIMEOUT_SECONDS = 120
# The shell form is xlsx:"Calc MS Excel 2007 XML"; in an argv list the quotes must go,
# or the store fails (exit status 0, no output file).
FILTERS = {"xlsx": "xlsx:Calc MS Excel 2007 XML", "ods": "ods", "xls": "xls:MS Excel 97"}
ERROR_VALUES = {"#VALUE!", "#NAME?", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!"}
LO_ERROR = re.compile(r"Err:\d{3}")

# 0 = "always recalculate" for xlsx (OOXML) and ods (ODF) files on load.
RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" \
oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

Cell = tuple[str, str]  # (sheet title, "A1")


def find_soffice() -> str | None:
    """Return the path of the ``soffice`` executable, or None if not installed."""
    return shutil.which("soffice")


def convert(src: Path, out_dir: Path, fmt: str = "xlsx", recalc: bool = True) -> Path:
    """Re-save ``src`` with headless LibreOffice as ``out_dir/<stem>.lo.<fmt>``.

    ``fmt`` is "xlsx", "ods" or "xls". With ``recalc`` every formula is recalculated on
    load; without it LibreOffice keeps the stored values, as a stock install does.
    ``src`` is never touched: it is copied into a private scratch directory first.
    Raises RuntimeError (with soffice's output) on failure, timeout or no output.
    """
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-") as scratch:
        root = Path(scratch)
        profile, in_dir, lo_out = root / "profile", root / "in", root / "out"
        (profile / "user").mkdir(parents=True)
        in_dir.mkdir()
        if recalc:
            (profile / "user" / "registrymodifications.xcu").write_text(RECALC_PROFILE)
        copy = Path(shutil.copy2(src, in_dir / src.name))
        cmd = [
            soffice,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            FILTERS[fmt],
            "--outdir",
            str(lo_out),
            str(copy),
        ]
        # A new session lets a timeout kill soffice.bin too, not just the wrapper script.
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            stdout, stderr = proc.communicate()
            raise RuntimeError(
                f"soffice timed out after {TIMEOUT_SECONDS} s converting "
                f"{src}\nstdout: {stdout}\nstderr: {stderr}"
            ) from None
        produced = lo_out / f"{copy.stem}.{fmt}"
        if proc.returncode != 0 or not produced.is_file():
            raise RuntimeError(
                f"soffice failed converting {src} to {fmt} "
                f"(exit {proc.returncode})\nstdout: {stdout}\nstderr: {stderr}"
            )
        return Path(shutil.move(produced, out_dir / f"{src.stem}.lo.{fmt}"))


def _values(xlsx: Path) -> dict[Cell, object]:
    """Every non-empty cell's stored value, keyed by (sheet, coordinate)."""
    wb = openpyxl.load_workbook(xlsx, data_only=True)
    try:
        return {
            (ws.title, c.coordinate): c.value
            for ws in wb.worksheets
            for row in ws.iter_rows()
            for c in row
            if c.value is not None
        }
    finally:
        wb.close()


def recalculated_values(path: Path) -> dict[Cell, object]:
    """Values of every non-empty cell after LibreOffice recalculates ``path``."""
    with tempfile.TemporaryDirectory(prefix="lo-values-") as out:
        return _values(convert(path, Path(out)))


def formula_cells(path: Path) -> dict[Cell, tuple[str, object]]:
    """Formula cells of ``path`` as {(sheet, cell): (formula text, cached value)}."""
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    try:
        result: dict[Cell, tuple[str, object]] = {}
        for ws in formulas.worksheets:
            for row in ws.iter_rows():
                for c in (c for c in row if c.data_type == "f"):
                    text = c.value.text if isinstance(c.value, ArrayFormula) else str(c.value)
                    result[ws.title, c.coordinate] = (text, cached[ws.title][c.coordinate].value)
        return result
    finally:
        formulas.close()
        cached.close()


def _is_error(value: object) -> bool:
    return isinstance(value, str) and (value in ERROR_VALUES or bool(LO_ERROR.fullmatch(value)))


def _normalise(value: object) -> object:
    """Map a cell value onto float (numbers, booleans, dates) or str (None -> "")."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.time | dt.timedelta):  # datetime is a date
        return float(to_excel(value))
    if isinstance(value, bool | int | float):
        return float(value)
    return value


def _same(a: object, b: object) -> bool:
    x, y = _normalise(a), _normalise(b)
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
    return x == y


def compare_cached_to_recalculated(original: Path, workdir: Path) -> list[str]:
    """Mismatches between ``original``'s cached values and LibreOffice's results.

    Reports every error value in the recalculated workbook, and every formula
    cell whose recalculated value differs from the cached one. The recalculated
    copy is left in ``workdir`` for inspection.
    """
    recalculated = _values(convert(original, workdir))
    problems = [
        f"{sheet}!{cell}: LibreOffice computes {value}"
        for (sheet, cell), value in recalculated.items()
        if _is_error(value)
    ]
    for key, (formula, cached) in formula_cells(original).items():
        value = recalculated.get(key)
        if not _is_error(value) and not _same(cached, value):
            problems.append(
                f"{key[0]}!{key[1]} {formula}: cached {cached!r}, LibreOffice computes {value!r}"
            )
    return problems
