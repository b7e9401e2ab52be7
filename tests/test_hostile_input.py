"""Files built to hurt the reader: each is a report or a clear error, fast and small.

Anything that could crash the cell reader natively runs in a child process with a memory
limit, so a regression fails these tests instead of taking pytest (or the machine) down.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import re
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from starterkit.analysis import analyze
from starterkit.files.analyze_many import analyze_files, analyze_one, collect_workbooks
from starterkit.reader import UnreadableWorkbook, read_path, read_workbook
from starterkit.report import FileError, NetworkReport

from conftest import ROOT
from dates import RETURN_DAY
from returned import rewrite_parts

AS_OF = RETURN_DAY
HEALTHY = ROOT / "samples" / "healthy.xlsx"
ODS = ROOT / "samples" / "returned" / "libreoffice-ods" / "healthy.ods"


def sheet_part(content: bytes, title: str) -> str:
    """The package part of the sheet with this title (its place moves as sheets are added)."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        book = package.read("xl/workbook.xml").decode()
        rels = package.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet name="{re.escape(title)}" sheetId="\d+"[^>]*r:id="(rId\d+)"', book)
    target = re.search(rf'Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels
    )
    return "xl/" + target.group(1).removeprefix("/xl/")


CHARTER = sheet_part(HEALTHY.read_bytes(), "Charter")
KIT_SHEET = sheet_part(HEALTHY.read_bytes(), "_kit")

# Analyze files in a child with 3 GB of address space; print one JSON line per file.
CHILD = """
import datetime as dt, json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from starterkit.files.analyze_many import analyze_one
for name in sys.argv[1:]:
    result = analyze_one(Path(name), dt.date(2027, 3, 1))
    if hasattr(result, "data_findings"):
        out = {"findings": [[f.id, f.message, f.location.ref if f.location else None, f.value]
                            for f in result.data_findings]}
    else:
        out = {"error": result.message, "fix": result.fix}
    print(json.dumps(out), flush=True)
with open("/proc/self/status") as status:
    print(next(l for l in status if l.startswith("VmHWM:")).split()[1])
"""


def healthy() -> bytes:
    return HEALTHY.read_bytes()


def with_cell(content: bytes, part: str, cell: str, inner: bytes = b"<v>7</v>") -> bytes:
    """The workbook with one more cell, in a row of its own at the end of the sheet."""
    row = re.match(r"[A-Z]*(\d+)", cell).group(1).encode()
    new = b'<row r="' + row + b'"><c r="' + cell.encode() + b'">' + inner + b"</c></row>"
    return rewrite_parts(
        content, {part: lambda xml: xml.replace(b"</sheetData>", new + b"</sheetData>")}
    )


def replace_cell(content: bytes, part: str, cell: str, new: bytes) -> bytes:
    def edit(xml: bytes) -> bytes:
        match = re.search(rb'<c r="' + cell.encode() + rb'"[^>]*?(/>|>.*?</c>)', xml)
        return xml[: match.start()] + new + xml[match.end() :]

    return rewrite_parts(content, {part: edit})


def in_child(paths: list[Path]) -> tuple[list[dict], int]:
    run = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    return [json.loads(line) for line in lines[:-1]], int(lines[-1])


FAR_CASES = {
    "kit-xfd.xlsx": (KIT_SHEET, "XFD1048576", "value-far-outside", "_kit!XFD1048576"),
    "charter-xfd.xlsx": (CHARTER, "XFD1048576", "value-far-outside", "Charter!XFD1048576"),
    "ctrl-end.xlsx": (CHARTER, "Z1048576", "value-far-outside", "Charter!Z1048576"),
    "a99999999.xlsx": (CHARTER, "A99999999", "value-outside-sheet", "Charter"),
    "beyond-xfd.xlsx": (CHARTER, "XFE1", "value-outside-sheet", "Charter"),
}


class TestFarAwayCells:
    """One value far away made python-calamine allocate the whole grid (or abort)."""

    def test_each_is_a_data_finding_with_its_cell_and_value(self, tmp_path):
        paths = []
        for name, (part, cell, _, _) in FAR_CASES.items():
            paths.append(tmp_path / name)
            paths[-1].write_bytes(with_cell(healthy(), part, cell))
        results, peak_kib = in_child(paths)
        for (name, (_, _, finding_id, ref)), result in zip(FAR_CASES.items(), results, strict=True):
            assert "error" not in result, (name, result)
            assert [f[0] for f in result["findings"]] == [finding_id], (name, result)
            _, message, where, value = result["findings"][0]
            assert where == ref and value == "7", (name, result)
            assert "was not read" in message
        assert peak_kib < 400 * 1024

    def test_huge_shared_string_counts_are_ignored(self, tmp_path):
        path = tmp_path / "counts.xlsx"
        path.write_bytes(
            rewrite_parts(
                healthy(),
                {
                    "xl/sharedStrings.xml": lambda xml: re.sub(
                        rb'(count|uniqueCount)="\d+"', rb'\1="4294967295"', xml, count=2
                    )
                },
            )
        )
        [result], _ = in_child([path])
        assert result == {"findings": []}

    def test_a_stray_cell_costs_no_memory(self, tmp_path):
        plain, stray = tmp_path / "plain.xlsx", tmp_path / "stray.xlsx"
        plain.write_bytes(healthy())
        stray.write_bytes(with_cell(healthy(), CHARTER, "XFD1048576"))
        _, without = in_child([plain])
        _, with_stray = in_child([stray])
        assert with_stray < 2 * without

    def test_a_shared_string_far_away_is_shown_as_its_text(self):
        content = with_cell(healthy(), CHARTER, "CZ9000", b"<v>0</v>")
        content = rewrite_parts(
            content, {CHARTER: lambda xml: xml.replace(b'<c r="CZ9000">', b'<c r="CZ9000" t="s">')}
        )
        kit = read_workbook(content, "far.xlsx")
        (finding,) = kit.data_findings
        assert finding.location.ref == "Charter!CZ9000"
        assert finding.value == "Start here"

    @pytest.mark.parametrize("prefix", [b"", b"x:"])
    @pytest.mark.parametrize(
        "cell, outside",
        [(b'<c r="XFD1"><v>7</v></c>', ("XFD1", "7")), (b"<c><v>1e308</v></c>", ("B1", "1e308"))],
    )
    def test_a_far_cell_or_huge_number_is_cut_out_whatever_the_tag_prefix(
        self, prefix, cell, outside
    ):
        from starterkit.reader.sanitize import sanitize_sheet

        def sheet(cells: bytes) -> bytes:
            xml = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>'
            xml += cells + b"</row></sheetData></worksheet>"
            return re.sub(rb"<(/?)(\w)", rb"<\1" + prefix + rb"\2", xml)

        healthy_sheet = sheet(b"")
        assert sanitize_sheet(healthy_sheet, "S").xml is healthy_sheet
        result = sanitize_sheet(sheet(cell), "S")
        assert result.xml == healthy_sheet
        assert [(o.cell, o.value) for o in result.outside] == [outside]

    def test_many_stray_values_are_counted_not_listed(self):
        cells = b"".join(b'<c r="EA' + str(n).encode() + b'"><v>1</v></c>' for n in range(1, 31))
        content = rewrite_parts(
            healthy(),
            {
                CHARTER: lambda xml: xml.replace(
                    b"</sheetData>", b'<row r="6000">' + cells + b"</row></sheetData>"
                )
            },
        )
        findings = read_workbook(content, "many.xlsx").data_findings
        assert len(findings) == 21
        assert "10 more values" in findings[-1].message


class TestCellTagsReadAsTheCellReaderReadsThem:
    """A healthy sheet reaches the cell reader unparsed, bounded by pattern alone: every cell
    and row tag must be, whole, what spreadsheets write. python-calamine takes the last r
    of a tag, so a second one (in any spelling) must send the sheet down the full walk."""

    @pytest.mark.parametrize(
        "tag",
        [
            b'<c r="A40" r="XFD1048576">',
            b'<c r="A40" s="1" r="XFD1048576">',
            b'<c r="A40"\tr="XFD1048576">',
            b'<c r="A40" r = "XFD1048576">',
            b'<c r="A40" x:r="XFD1048576">',
            b'<c r="A40" s="1"r="XFD1048576">',
            b"<c r='XFD1048576'>",
            b'<c  r="XFD1048576">',
            b'<c r="A40" foo=">" r="XFD1048576">',
        ],
    )
    def test_a_reference_in_any_other_form_is_walked(self, tag):
        from starterkit.reader.sanitize import sanitize_sheet

        xml = b'<worksheet><sheetData><row r="40">' + tag + b"<v>7</v></c></row></sheetData>"
        assert sanitize_sheet(xml + b"</worksheet>", "S").parsed
        healthy_xml = b'<worksheet><sheetData><row r="40"><c r="A40" s="1" t="n"><v>7</v></c>'
        healthy_xml += b"</row></sheetData></worksheet>"
        assert not sanitize_sheet(healthy_xml, "S").parsed

    def test_a_second_reference_never_reaches_the_cell_reader(self, tmp_path):
        cases = {
            "twice.xlsx": b'<c r="A40" s="1" r="XFD1048576"><v>7</v></c>',
            "spaced.xlsx": b'<c r = "XFD1048576"><v>7</v></c>',
        }
        paths = []
        for name, cell in cases.items():
            paths.append(tmp_path / name)
            new = b'<row r="40">' + cell + b"</row></sheetData>"
            paths[-1].write_bytes(
                rewrite_parts(
                    healthy(), {CHARTER: lambda xml, new=new: xml.replace(b"</sheetData>", new)}
                )
            )
        (twice, spaced), peak_kib = in_child(paths)
        # A duplicate attribute is not XML: the sheet is said to be damaged, read as empty.
        assert [f[0] for f in twice["findings"]] == ["sheet-unreadable"]
        assert "duplicate attribute" in twice["findings"][0][1]
        assert [f[0] for f in spaced["findings"]] == ["value-far-outside"]
        assert peak_kib < 400 * 1024


class TestDamagedSheetXml:
    def test_a_sheet_cut_short_is_said_to_be_damaged_and_read_as_empty(self):
        content = rewrite_parts(healthy(), {CHARTER: lambda xml: xml[: len(xml) // 2]})
        kit = read_workbook(content, "cut.xlsx")
        [finding] = [f for f in kit.data_findings if f.id == "sheet-unreadable"]
        assert "its XML is damaged" in finding.message and finding.location.sheet == "Charter"
        assert all(value is None for value in kit.charter.values())

    def test_damage_the_cell_reader_refuses_is_named_by_its_xml_error(self):
        from starterkit.reader.package import open_package

        content = rewrite_parts(healthy(), {CHARTER: lambda xml: xml.replace(b"</c>", b"</c", 1)})
        assert "Charter" in open_package(content, "broken.xlsx").unparsed_sheets
        kit = read_workbook(content, "broken.xlsx")
        [finding] = kit.data_findings
        assert finding.id == "sheet-unreadable" and finding.location.sheet == "Charter"
        assert "its XML is damaged (not well-formed (invalid token): line 2" in finding.message
        assert all(value is None for value in kit.charter.values())

    def test_damage_the_cell_reader_reads_through_loses_nothing(self):
        damaged = rewrite_parts(
            healthy(), {CHARTER: lambda xml: xml.replace(b"</row>", b"</row", 1)}
        )
        kit, original = read_workbook(damaged, "damaged.xlsx"), read_workbook(healthy(), "h.xlsx")
        assert kit.charter == original.charter and not kit.data_findings


class TestOds:
    def rewrite(self, row: bytes) -> bytes:
        source = zipfile.ZipFile(ODS)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "content.xml":
                    end = data.index(b"</table:table>")
                    data = data[:end] + row + data[end:]
                target.writestr(info, data)
        return output.getvalue()

    CELL = b'<table:table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell>'

    @pytest.mark.parametrize(
        ("repeat", "finding"),
        [
            (b'table:number-rows-repeated="abc"', "repeat-count-damaged"),
            (b'table:number-rows-repeated="99999999999999999999"', "value-far-outside"),
            (b'table:number-rows-repeated="1000000"', "value-far-outside"),
        ],
    )
    def test_repeat_counts_are_bounded_or_reported(self, repeat, finding):
        content = self.rewrite(
            b"<table:table-row " + repeat + b">" + self.CELL + b"</table:table-row>"
        )
        kit = read_workbook(content, "repeat.ods")
        assert finding in [f.id for f in kit.data_findings]

    def test_a_cell_repeated_across_every_column_is_clipped(self):
        cell = self.CELL.replace(
            b"<table:table-cell ", b'<table:table-cell table:number-columns-repeated="16000" '
        )
        kit = read_workbook(
            self.rewrite(b"<table:table-row>" + cell + b"</table:table-row>"), "wide.ods"
        )
        assert "value-far-outside" in [f.id for f in kit.data_findings]


class TestZipBombs:
    def test_a_part_that_unpacks_to_more_than_it_declares_is_refused_while_unpacking(self):
        content = bytearray(
            rewrite_parts(healthy(), {"xl/media/padding.bin": lambda _: b""} if False else {})
        )
        output = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(bytes(content))) as source,
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                target.writestr(info.filename, source.read(info.filename))
            target.writestr("xl/media/image1.png", b"\0" * (40 * 1024 * 1024))
        data = bytearray(output.getvalue())
        # Declare 4 KB for the 40 MB part, in the local header and the central directory.
        for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
            at = data.rfind(signature)
            data[at + offset : at + offset + 4] = (4096).to_bytes(4, "little")
        with pytest.raises(UnreadableWorkbook) as caught:
            read_workbook(bytes(data), "liar.xlsx")
        assert "more than the 4,096 bytes it declares" in caught.value.reason
        assert "zip bomb" in caught.value.reason

    def test_bzip2_parts_are_refused_before_unpacking(self):
        output = io.BytesIO()
        with zipfile.ZipFile(HEALTHY) as source, zipfile.ZipFile(output, "w") as target:
            for info in source.infolist():
                method = (
                    zipfile.ZIP_BZIP2
                    if info.filename.endswith("sheet2.xml")
                    else zipfile.ZIP_DEFLATED
                )
                target.writestr(info.filename, source.read(info.filename), compress_type=method)
        with pytest.raises(UnreadableWorkbook) as caught:
            read_workbook(output.getvalue(), "bz.xlsx")
        assert "compression method no spreadsheet uses" in caught.value.reason

    def test_an_honest_five_megabyte_text_cell_is_read(self):
        text = b"<is><t>" + b"lorem ipsum " * (5 * 1024 * 1024 // 12) + b"</t></is>"
        content = replace_cell(
            healthy(), CHARTER, "B36", b'<c r="B36" t="inlineStr">' + text + b"</c>"
        )
        kit = read_workbook(content, "long.xlsx")
        assert len(kit.charter["boundaries"]) > 5_000_000 - 20


class TestNotRegularFiles:
    def analyze_quickly(self, path: Path) -> FileError:
        results: list = []
        worker = threading.Thread(
            target=lambda: results.append(analyze_one(path, AS_OF)), daemon=True
        )
        worker.start()
        worker.join(10)
        assert results, f"{path} hung"
        assert isinstance(results[0], FileError)
        return results[0]

    def test_a_named_pipe_is_refused_without_waiting(self, tmp_path):
        fifo = tmp_path / "kit.xlsx"
        os.mkfifo(fifo)
        assert "not a regular file but a named pipe" in self.analyze_quickly(fifo).message

    def test_a_device_is_refused_without_reading(self):
        assert "not a regular file but a device" in self.analyze_quickly(Path("/dev/zero")).message

    def test_a_folder_lists_what_it_could_not_read(self, tmp_path):
        (tmp_path / "good.xlsx").write_bytes(healthy())
        os.mkfifo(tmp_path / "pipe.xlsx")
        (tmp_path / "gone.xlsx").symlink_to(tmp_path / "nowhere.xlsx")
        (tmp_path / "loop-a.xlsx").symlink_to(tmp_path / "loop-b.xlsx")
        (tmp_path / "loop-b.xlsx").symlink_to(tmp_path / "loop-a.xlsx")
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "up").symlink_to(tmp_path)
        files, errors = collect_workbooks([str(tmp_path)])
        assert files == [tmp_path / "good.xlsx"]
        messages = {Path(e.source).name: e.message for e in errors}
        assert "named pipe" in messages["pipe.xlsx"]
        assert "nowhere.xlsx, which does not exist" in messages["gone.xlsx"]
        assert "link loop" in messages["loop-a.xlsx"] and "link loop" in messages["loop-b.xlsx"]
        assert "link loop" in messages["up"]

    def test_a_broken_link_named_directly_says_so(self, tmp_path):
        (tmp_path / "gone.xlsx").symlink_to(tmp_path / "nowhere.xlsx")
        _, [error] = collect_workbooks([str(tmp_path / "gone.xlsx")])
        assert "link is broken" in error.message


class TestKitRecord:
    def test_a_spec_in_a_billion_parts_is_read_from_the_parts_there(self):
        content = replace_cell(healthy(), KIT_SHEET, "B8", b'<c r="B8"><v>1000000000</v></c>')
        kit = read_workbook(content, "parts.xlsx")
        assert kit.metadata.spec_source == "embedded"

    def test_an_impossible_kit_version_is_a_finding(self):
        content = replace_cell(
            healthy(), KIT_SHEET, "B2", b'<c r="B2" t="inlineStr"><is><t>1e400</t></is></c>'
        )
        kit = read_workbook(content, "version.xlsx")
        assert [f.id for f in kit.data_findings] == ["kit-version-damaged"]

    @pytest.mark.parametrize("version", [b"0", b"-3", b"1"])
    def test_a_version_older_than_any_kit_still_reads_every_table(self, version):
        content = replace_cell(healthy(), KIT_SHEET, "B2", b'<c r="B2"><v>' + version + b"</v></c>")
        kit = read_workbook(content, "version.xlsx")
        assert kit.rows("milestones") and kit.rows("sessions")
        assert analyze(kit, AS_OF).flags is not None

    def test_spec_json_nested_too_deep_falls_back_to_the_default_spec(self):
        deep = b"[" * 100_000 + b"]" * 100_000
        content = replace_cell(
            healthy(), KIT_SHEET, "B9", b'<c r="B9" t="inlineStr"><is><t>' + deep + b"</t></is></c>"
        )
        kit = read_workbook(content, "deep.xlsx")
        assert kit.metadata.spec_source == "default"
        assert [f.id for f in kit.data_findings] == ["kit-sheet-damaged"]


class TestOneBadCell:
    @pytest.mark.parametrize(
        "cell",
        [
            b'<c r="B32" t="inlineStr"><is><t>9999-12-31</t></is></c>',
            b'<c r="B32" t="d"><v>9999-12-31T00:00:00</v></c>',
            b'<c r="B32" t="inlineStr"><is><t>0001-01-01</t></is></c>',
            b'<c r="B32" s="5"><v>-20</v></c>',
            b'<c r="B32" s="5"><v>1e308</v></c>',
            b'<c r="B32" t="inlineStr"><is><t>NaN</t></is></c>',
        ],
    )
    def test_an_impossible_cycle_start_is_a_data_finding(self, cell, tmp_path):
        path = tmp_path / "start.xlsx"
        path.write_bytes(replace_cell(healthy(), CHARTER, "B32", cell))
        result = analyze_one(path, AS_OF)
        assert isinstance(result, NetworkReport), result
        [finding] = [f for f in result.data_findings if f.id != "cannot-judge"]
        assert finding.location.ref == "Charter!B32"
        assert finding.id in ("not-a-date", "out-of-range")  # 1e308 is cut before reading
        # The flags that count cycle weeks say they were not judged, in one finding.
        [unjudged] = [f for f in result.data_findings if f.id == "cannot-judge"]
        assert unjudged.message.startswith("Charter: Cycle start could not be read")

    @pytest.mark.parametrize("value", [b"1e400", b"-1e300", b"NaN", b"inf"])
    def test_an_impossible_number_is_a_data_finding(self, value, tmp_path):
        path = tmp_path / "number.xlsx"
        cell = b'<c r="B29" t="inlineStr"><is><t>' + value + b"</t></is></c>"
        path.write_bytes(replace_cell(healthy(), CHARTER, "B29", cell))
        result = analyze_one(path, AS_OF)
        assert isinstance(result, NetworkReport), result
        assert [f.location.ref for f in result.data_findings] == ["Charter!B29"]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="needs forked workers")
def test_a_file_that_crashes_its_worker_fails_alone(tmp_path, monkeypatch):
    """Without the sanitizer (taken out here, in the forked workers too), a far-away cell
    really aborts python-calamine; the batch still analyzes every other file."""
    from starterkit.reader import sanitize

    crasher = tmp_path / "b-crash.xlsx"
    crasher.write_bytes(with_cell(healthy(), KIT_SHEET, "XFD1048576"))
    for name in ("a-good.xlsx", "c-good.xlsx", "d-good.xlsx"):
        (tmp_path / name).write_bytes(healthy())
    files = sorted(tmp_path.iterdir())
    monkeypatch.setattr(
        sanitize, "sanitize_sheet", lambda xml, title: sanitize.SheetResult(xml, [])
    )
    portfolio = analyze_files(files, AS_OF, jobs=2)
    assert [e.source for e in portfolio.errors] == [str(crasher)]
    assert "the reader crashed on this file" in portfolio.errors[0].message
    # The three good files are copies of one kit: one network, every file analyzed.
    assert len(portfolio.returns) == 3 and len(portfolio.networks) == 1


def test_read_path_reads_a_regular_file(tmp_path):
    path = tmp_path / "kit.xlsx"
    path.write_bytes(healthy())
    assert read_path(path).metadata.spec_source == "embedded"


@pytest.mark.parametrize(
    "cell", [b'<c r="ZZ9999" s="1"/>', b'<c r="A9999999" s="1"/>', b'<c r="XFD1"/>']
)
def test_a_styled_empty_cell_far_away_is_said_or_not_as_without_the_dropping(cell, monkeypatch):
    from starterkit.reader import sanitize

    new = b'<row r="40">' + cell + b"</row></sheetData>"
    content = rewrite_parts(healthy(), {CHARTER: lambda xml: xml.replace(b"</sheetData>", new)})
    dropped = read_workbook(content, "far.xlsx").data_findings
    monkeypatch.setattr(sanitize, "_STYLED_EMPTY_CELL", re.compile(rb"(?!)"))
    assert read_workbook(content, "far.xlsx").data_findings == dropped
