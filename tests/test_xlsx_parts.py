"""The part-by-part comparison names the part that differs."""

from __future__ import annotations

import io
import zipfile

from xlsx_parts import first_difference


def package(**parts: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name.replace("__", "/"), data)
    return output.getvalue()


def test_the_same_package_has_no_difference():
    one = package(xl__workbook=b"<workbook/>", xl__styles=b"<styles/>")
    assert first_difference(one, one) is None


def test_a_changed_part_is_named_with_the_text_around_it():
    one = package(xl__workbook=b"<workbook/>", xl__sharedStrings=b"<sst>Charter</sst>")
    two = package(xl__workbook=b"<workbook/>", xl__sharedStrings=b"<sst>Charta</sst>")
    found = first_difference(one, two)
    assert found.startswith("xl/sharedStrings differs at byte 10:")
    assert "Charter" in found and "Charta" in found


def test_a_missing_part_is_named():
    one = package(xl__workbook=b"<workbook/>", xl__styles=b"<styles/>")
    two = package(xl__workbook=b"<workbook/>")
    assert first_difference(one, two) == "parts differ: only expected ['xl/styles'], only actual []"
