"""Tests of the LibreOffice test harness itself, on tiny xlsxwriter workbooks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from libreoffice import compare_cached_to_recalculated, convert

pytestmark = pytest.mark.libreoffice


def _workbook(path: Path, *formulas: tuple[str, str, object], num_format: str = "") -> Path:
    """One sheet "Data" with A1=2, A2=3 and (cell, formula, cached value) rows.

    A formula in braces, like "{=SUM(A1:A2*2)}", is written as a one-cell array formula.
    """
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Data")
    ws.write("A1", 2)
    ws.write("A2", 3)
    fmt = wb.add_format({"num_format": num_format}) if num_format else None
    for cell, formula, value in formulas:
        if formula.startswith("{"):
            ws.write_array_formula(f"{cell}:{cell}", formula, fmt, value)
        else:
            ws.write_formula(cell, formula, fmt, value)
    wb.close()
    return path


def test_correct_cached_values_give_no_mismatch(tmp_path: Path) -> None:
    src = _workbook(
        tmp_path / "ok.xlsx",
        ("B1", "=A1*A2", 6),
        ("B2", '=IF(A1>5,"big","")', ""),
        ("B3", "{=SUM(A1:A2*2)}", 10),
        ("B4", "=A1<A2", True),
    )
    assert compare_cached_to_recalculated(src, tmp_path / "out") == []


def test_wrong_cached_value_is_reported_once(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "wrong.xlsx", ("B1", "=A1+A2", 999), ("B2", "=A1*A2", 6))
    problems = compare_cached_to_recalculated(src, tmp_path / "out")
    assert len(problems) == 1
    assert problems[0].startswith("Data!B1 =A1+A2:")
    assert "999" in problems[0] and "5" in problems[0]


def test_error_value_is_reported(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "div0.xlsx", ("B1", "=A1/(A2-3)", "#DIV/0!"))
    problems = compare_cached_to_recalculated(src, tmp_path / "out")
    assert problems == ["Data!B1: LibreOffice computes #DIV/0!"]


def test_date_result_matches_cached_serial(tmp_path: Path) -> None:
    # 2026-01-12 is serial 46034 in the 1900 date system.
    src = _workbook(
        tmp_path / "date.xlsx", ("B1", "=DATE(2026,1,5)+7", 46034), num_format="yyyy-mm-dd"
    )
    assert compare_cached_to_recalculated(src, tmp_path / "out") == []


def test_convert_to_ods_produces_file_and_leaves_source_alone(tmp_path: Path) -> None:
    src = _workbook(tmp_path / "kit.xlsx", ("B1", "=A1+A2", 5))
    before = src.read_bytes()
    ods = convert(src, tmp_path, fmt="ods")
    assert ods.is_file() and ods.suffix == ".ods" and ods.parent == tmp_path
    with zipfile.ZipFile(ods) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    assert src.read_bytes() == before
