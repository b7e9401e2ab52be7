"""The dashboard of the 12-network demo portfolio: its Contents sheet, links to the returned
workbooks that still open when the report folder is moved, and its printout (no chart cut
by a page break, each sheet fitted to the page width)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import openpyxl
import pytest

from starterkit import demo
from starterkit.reporters.dashboard import CONTENTS_TABLE, render_dashboard, sheet_names

from printed import page_sheets, pages, to_pdf

AS_OF = dt.date(2027, 3, 11)
NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
}


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    """The demo: returned/ (the workbooks) and reports/ (report.xlsx among them)."""
    folder = tmp_path_factory.mktemp("demo") / "d"
    demo.run(folder, AS_OF)
    return folder


@pytest.fixture(scope="module")
def result(demo_folder):
    return demo.run(demo_folder, AS_OF, force=True)


def workbook_parts(path: Path) -> dict[str, dict]:
    """Per sheet title: its XML part, its relationships, its drawing's chart anchors."""
    with zipfile.ZipFile(path) as package:
        book = ElementTree.fromstring(package.read("xl/workbook.xml"))
        book_rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in book_rels}
        sheets = {}
        for sheet in book.iter(f"{{{NS['main']}}}sheet"):
            part = "xl/" + targets[sheet.get(f"{{{NS['r']}}}id")]
            xml = ElementTree.fromstring(package.read(part))
            rels_part = posixpath.join(
                posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels"
            )
            rels = (
                list(ElementTree.fromstring(package.read(rels_part)))
                if rels_part in package.namelist()
                else []
            )
            anchors = []
            for rel in rels:
                if rel.get("Type", "").endswith("/drawing"):
                    drawing = posixpath.normpath(
                        posixpath.join(posixpath.dirname(part), rel.get("Target"))
                    )
                    root = ElementTree.fromstring(package.read(drawing))
                    for anchor in root.iter(f"{{{NS['xdr']}}}twoCellAnchor"):
                        first = int(anchor.find("xdr:from/xdr:row", NS).text)
                        last = int(anchor.find("xdr:to/xdr:row", NS).text)
                        anchors.append((first, last))
            breaks = [int(b.get("id")) for b in xml.iter(f"{{{NS['main']}}}brk")]
            sheets[sheet.get("name")] = {
                "xml": xml,
                "rels": rels,
                "anchors": anchors,
                "breaks": breaks,
            }
    return sheets


class TestContents:
    def test_contents_lists_every_network_with_a_link_to_its_sheet(self, result):
        path = result.directory / "reports" / "report.xlsx"
        book = openpyxl.load_workbook(path)
        ranked = result.portfolio.ranked()
        contents = book["Contents"]
        table = contents.tables[CONTENTS_TABLE]
        rows = list(contents[table.ref])[1:]
        assert len(rows) == len(ranked) == 12
        names = sheet_names(ranked)
        for row, report, name in zip(rows, ranked, names, strict=True):
            network, organization, sheet = row[1], row[2], row[3]
            assert (network.value, organization.value) == (report.network, report.organization)
            assert sheet.value == name
            target = sheet.hyperlink.location
            title = re.match(r"^'?(.*?)'?!A1$", target).group(1).replace("''", "'")
            assert title == name and title in book.sheetnames
            assert book[title]["A1"].value == f"{report.organization} · {report.network}"
        for cell in ("B4", "B5"):
            title = contents[cell].hyperlink.location.split("!")[0]
            assert title in book.sheetnames

    def test_sheet_names_are_unique_and_name_the_organisation(self, result):
        book = openpyxl.load_workbook(result.directory / "reports" / "report.xlsx")
        networks = book.sheetnames[3:]
        assert len({n.casefold() for n in networks}) == len(networks) == 12
        for name, report in zip(networks, result.portfolio.ranked(), strict=True):
            initials, words = name.split(" · ")
            assert (
                initials
                == "".join(w[0] for w in report.organization.split() if w.lower() != "and")[:4]
            )
            assert report.network.startswith(words)
            assert not name.endswith(")")


class TestLinksWhenMoved:
    def test_links_resolve_from_the_moved_report_folder(self, demo_folder, tmp_path):
        moved = tmp_path / "emailed" / "unzipped somewhere"
        shutil.copytree(demo_folder, moved)
        report = moved / "reports" / "report.xlsx"
        targets = [
            unquote(rel.get("Target"))
            for sheet in workbook_parts(report).values()
            for rel in sheet["rels"]
            if rel.get("TargetMode") == "External"
        ]
        assert len(targets) > 12
        for target in targets:
            assert "\\" not in target and not target.startswith(("/", "file:")), target
            assert (report.parent / target).resolve().is_file(), target
            assert (report.parent / target).resolve().is_relative_to(moved.resolve())

    def test_an_absolute_posix_path_becomes_a_file_url(self, result):
        content = render_dashboard(result.portfolio)  # no links_from: paths as given
        with zipfile.ZipFile(__import__("io").BytesIO(content)) as package:
            rels = "".join(
                package.read(n).decode()
                for n in package.namelist()
                if n.startswith("xl/worksheets/_rels/")
            )
        assert 'Target="file:///' in rels and "\\" not in rels


@pytest.mark.libreoffice
class TestPrinted:
    @pytest.fixture(scope="class")
    @classmethod
    def printed(cls, result, tmp_path_factory):
        path = result.directory / "reports" / "report.xlsx"
        pdf = to_pdf(path, tmp_path_factory.mktemp("printed"))
        return path, pages(pdf)

    def test_no_chart_straddles_a_page_break(self, printed):
        path, _ = printed
        for title, sheet in workbook_parts(path).items():
            for first, last in sheet["anchors"]:
                # A break after row n (0-based id n) splits a chart spanning rows n-1 and n.
                assert not any(first < b <= last for b in sheet["breaks"]), (title, first, last)

    def test_libreoffice_breaks_pages_where_the_dashboard_says(self, printed):
        """Every sheet with charts prints one page more than its page breaks, fitted to one
        page wide: the spreadsheet breaks nowhere else, so no chart is cut."""
        path, printed_pages = printed
        parts = workbook_parts(path)
        sheets = page_sheets(printed_pages, list(parts))
        for title, sheet in parts.items():
            if sheet["anchors"]:
                assert sheets.count(title) == len(sheet["breaks"]) + 1, title
