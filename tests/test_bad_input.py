"""Files that are not a usable kit: each is refused with a clear reason, never a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

from starterkit.builder import build
from starterkit.kit import contract
from starterkit.reader import UnreadableWorkbook, read_workbook

from conftest import BUILD_TIME
from libreoffice import convert
from returned import rewrite_parts, sheet_part, without_kit_sheet

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol3;</workbook>"""


def refusal(content: bytes, name: str = "returned.xlsx", **options) -> UnreadableWorkbook:
    with pytest.raises(UnreadableWorkbook) as caught:
        read_workbook(content, name, **options)
    error = caught.value
    assert str(error).startswith(f"{name}: ")
    assert error.fix
    return error


def encrypted(content: bytes, password: str) -> bytes:
    output = io.BytesIO()
    OOXMLFile(io.BytesIO(content)).encrypt(password, output)
    return output.getvalue()


class TestEncrypted:
    def test_without_a_password_it_explains_and_asks_for_one(self, blank_kit):
        error = refusal(encrypted(blank_kit, "s3cret"))
        assert "encrypted with a password" in error.reason
        assert "--password" in error.fix

    def test_with_the_password_it_is_read(self, blank_kit):
        kit = read_workbook(encrypted(blank_kit, "s3cret"), "locked.xlsx", password="s3cret")
        assert kit.metadata.spec_source == "embedded"

    def test_a_wrong_password_is_said_so(self, blank_kit):
        error = refusal(encrypted(blank_kit, "s3cret"), password="guess")
        assert "password does not open" in error.reason


class TestNotASpreadsheet:
    @pytest.mark.parametrize(
        ("content", "reason"),
        [
            (b"", "the file is empty"),
            (b"organization,network_name\nAcme,Ops\n", "text file (CSV or similar)"),
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF"),
            (b"<!doctype html><html><body>hi</body></html>", "a web page"),
            (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a spreadsheet file"),
        ],
    )
    def test_other_files_are_named_for_what_they_are(self, content, reason):
        assert reason in refusal(content).reason

    def test_a_zip_without_a_workbook(self):
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as archive:
            archive.writestr("word/document.xml", "<document/>")
        assert "not a spreadsheet" in refusal(output.getvalue()).reason

    def test_a_truncated_file(self, blank_kit):
        error = refusal(blank_kit[: len(blank_kit) // 2])
        assert "damaged" in error.reason
        assert "send the file again" in error.fix

    def test_a_workbook_that_is_not_a_kit(self):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet("Budget")
        sheet.write_row(0, 0, ["Item", "Cost"])
        sheet.write_row(1, 0, ["Laptops", 1200])
        book.close()
        assert "not a peer learning kit" in refusal(output.getvalue()).reason


class TestHostileFiles:
    def test_a_zip_bomb_is_refused_by_its_declared_sizes(self, blank_kit):
        bomb = rewrite_parts(blank_kit)
        output = io.BytesIO(bomb)
        with zipfile.ZipFile(output, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024))
        assert len(output.getvalue()) < 1024 * 1024  # small on disk, 64 MB declared inside
        error = refusal(output.getvalue())
        assert "zip bomb" in error.reason
        assert "nothing was unpacked" in error.reason

    def test_xml_entities_are_refused_before_anything_is_parsed(self, blank_kit):
        attack = rewrite_parts(blank_kit, {"xl/workbook.xml": lambda xml: BILLION_LAUGHS})
        error = refusal(attack)
        assert "xl/workbook.xml declares XML entities" in error.reason

    def test_entities_hidden_behind_padding_are_refused_too(self, blank_kit):
        padded = b'<?xml version="1.0"?>' + b"<!--" + b" " * 8000 + b"-->" + BILLION_LAUGHS[22:]
        attack = rewrite_parts(blank_kit, {"xl/workbook.xml": lambda xml: padded})
        assert "xl/workbook.xml declares XML entities" in refusal(attack).reason


class TestOtherKits:
    def test_a_newer_kit_version_is_refused_with_what_to_do(self, spec, monkeypatch):
        monkeypatch.setattr(contract, "KIT_SCHEMA_VERSION", contract.KIT_SCHEMA_VERSION + 1)
        newer = build(spec, build_time=BUILD_TIME)
        monkeypatch.undo()
        error = refusal(newer)
        assert f"newer starterkit (kit version {contract.KIT_SCHEMA_VERSION + 1}" in error.reason
        assert "upgrade starterkit" in error.fix

    def test_a_newer_kit_without_its_kit_sheet_is_still_recognised(self, spec, monkeypatch):
        monkeypatch.setattr(contract, "KIT_SCHEMA_VERSION", contract.KIT_SCHEMA_VERSION + 1)
        newer = without_kit_sheet(build(spec, build_time=BUILD_TIME))
        monkeypatch.undo()
        assert "newer starterkit" in refusal(newer).reason

    def test_a_kit_sheet_removed_is_read_and_reported(self, blank_kit):
        kit = read_workbook(without_kit_sheet(blank_kit), "stripped.xlsx")
        assert kit.metadata.spec_source == "default"
        assert [f.id for f in kit.data_findings] == ["kit-sheet-missing"]

    def test_a_damaged_kit_record_falls_back_to_the_default_spec(self, blank_kit):
        part = sheet_part(blank_kit, "_kit")
        # The spec JSON is an inline or shared string; cut the sheet's rows after row 8.
        damaged = rewrite_parts(
            blank_kit,
            {part: lambda xml: xml[: xml.index(b'<row r="9"')] + b"</sheetData></worksheet>"},
        )
        kit = read_workbook(damaged, "damaged.xlsx")
        assert kit.metadata.spec_source == "default"
        assert [f.id for f in kit.data_findings] == ["kit-sheet-damaged"]


class TestMergedCells:
    def test_merged_cells_in_a_table_are_reported_and_the_rest_read(self, spec, blank_kit):
        part = sheet_part(blank_kit, spec.sheets.planner.title)

        def merge(xml: bytes) -> bytes:
            start = xml.index(b"<mergeCells")
            end = xml.index(b">", start) + 1
            return xml[:start] + b'<mergeCells><mergeCell ref="K7:M8"/>' + xml[end:]

        kit = read_workbook(rewrite_parts(blank_kit, {part: merge}), "merged.xlsx")
        (finding,) = kit.data_findings
        assert finding.id == "merged-cells"
        assert finding.location.ref == "'90-Day Planner'!K7"
        assert "K7:M8" in finding.message
        assert len(kit.rows("milestones")) == 9


@pytest.mark.libreoffice
def test_a_legacy_xls_file_is_explained(blank_kit, tmp_path):
    source = tmp_path / "kit.xlsx"
    source.write_bytes(blank_kit)
    legacy = convert(source, tmp_path, "xls", recalc=False)
    error = refusal(Path(legacy).read_bytes(), "kit.xls")
    assert "legacy Excel 97–2003 (.xls)" in error.reason
    assert "save it as .xlsx" in error.fix


class TestStructurePartsParsedOnce:
    """Parts every kit of a spec shares are parsed once; what they say stays each kit's own."""

    def test_a_damaged_table_part_is_refused_every_time(self, blank_kit):
        damaged = rewrite_parts(blank_kit, {"xl/tables/table1.xml": lambda xml: xml[:-20]})
        for _ in range(2):
            assert "XML is damaged" in refusal(damaged).reason
        read_workbook(blank_kit, "healthy.xlsx")  # and the healthy part is still read

    def test_a_table_part_seen_before_belongs_to_the_sheet_of_this_kit(self, blank_kit):
        from starterkit.reader.package import open_package

        name = contract.TABLES["cases"][0]
        assert open_package(blank_kit, "first.xlsx").tables[name].sheet == "Case Intake"
        renamed = rewrite_parts(
            blank_kit,
            {"xl/workbook.xml": lambda xml: xml.replace(b'name="Case Intake"', b'name="Q1"')},
        )
        assert open_package(renamed, "renamed.xlsx").tables[name].sheet == "Q1"
