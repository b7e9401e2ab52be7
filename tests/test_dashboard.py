"""The Excel dashboard: its sheets, tables, charts, colours and links, and text from the
workbooks that stays text in Excel and LibreOffice alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import posixpath
import re
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote
from xml.etree import ElementTree

import openpyxl
import pytest
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

from starterkit.analysis import combine
from starterkit.findings import Severity
from starterkit.report import CaseFunnel, FileError, Portfolio, Pulse, Sessions
from starterkit.reporters.cell_safety import looks_like_formula
from starterkit.reporters.dashboard import (
    FINDINGS_COLUMNS,
    FINDINGS_TABLE,
    RANKING_TABLE,
    legal_sheet_name,
    render_dashboard,
    sheet_names,
)
from starterkit.reporters.wording import flag_title
from starterkit.spec.prefill import Raw

from libreoffice import compare_cached_to_recalculated
from networks import (
    AS_OF,
    analyzed,
    healthy_network,
    kit_bytes,
    with_charter,
    with_session,
)
from reports import network, portfolio_of, three_networks

#: Text a steward could type that a spreadsheet would run as a formula.
HOSTILE = {
    "network_name": '=HYPERLINK("http://evil","x")',
    "organization": "+1+1",
    "problem": "-2+3",
    "facilitator": "@SUM(A1)",
    "attendees": "=1+2",
}
BROKEN = FileError(
    source="kits/broken.xlsx",
    message="The file is not an Excel workbook.",
    fix="Save it as .xlsx and run again.",
)
NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
LOCATION = re.compile(
    r"^(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'!]+))!(?P<cell>\$?[A-Z]+\$?\d+)$"
)


def kits() -> dict[str, dict]:
    """Returned kits by file name: flags with evidence cells, hostile text and a data
    finding, a network in its first days, and a file name a link must escape."""
    hostile = with_session(healthy_network(9), 3, attendees=Raw(HOSTILE["attendees"]))
    hostile = with_session(hostile, 1, facilitator=HOSTILE["facilitator"])
    hostile["cases"][0]["problem"] = HOSTILE["problem"]
    hostile = with_charter(
        hostile, network_name=HOSTILE["network_name"], organization=HOSTILE["organization"]
    )
    return {
        "northwind.xlsx": with_session(
            with_charter(healthy_network(9), sponsor=None), 2, pattern=None
        ),
        "hostile.xlsx": hostile,
        "sparse.xlsx": with_charter(healthy_network(1), network_name="Sparse Network"),
        "team #2.xlsx": with_charter(healthy_network(11), network_name="Depot Network"),
    }


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Kits returned into kits/, the dashboard saved into out/ beside them."""
    root = tmp_path_factory.mktemp("dashboard")
    (root / "kits").mkdir()
    (root / "out").mkdir()
    return root


@pytest.fixture(scope="module")
def portfolio(folder) -> Portfolio:
    reports = []
    for name, data in kits().items():
        path = folder / "kits" / name
        path.write_bytes(kit_bytes(data))
        reports.append(analyzed(data, source=str(path)))
    (folder / "kits" / "broken.xlsx").write_bytes(b"not a workbook")
    broken = dataclasses.replace(BROKEN, source=str(folder / "kits" / "broken.xlsx"))
    return combine(reports, [broken], AS_OF)


@pytest.fixture(scope="module")
def dashboard(folder, portfolio) -> Path:
    path = folder / "out" / "dashboard.xlsx"
    path.write_bytes(render_dashboard(portfolio, links_from=str(folder / "out")))
    return path


@pytest.fixture(scope="module")
def book(dashboard):
    workbook = openpyxl.load_workbook(dashboard)
    yield workbook
    workbook.close()


def ranked_names(portfolio: Portfolio) -> list[str]:
    return [portfolio.networks[i].network for i in portfolio.ranking]


def table_rows(ws, name: str) -> list[dict]:
    """An Excel table's data rows as {header: cell}."""
    min_col, min_row, max_col, max_row = range_boundaries(ws.tables[name].ref)
    rows = list(ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col))
    headers = [cell.value for cell in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def split_location(location: str) -> tuple[str, str]:
    match = LOCATION.match(location)
    assert match, location
    sheet = match["quoted"].replace("''", "'") if match["quoted"] else match["plain"]
    return sheet, match["cell"].replace("$", "")


def hyperlinks(book) -> list[tuple[str, openpyxl.cell.Cell]]:
    return [
        (ws.title, cell)
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.hyperlink is not None
    ]


class TestSheets:
    def test_contents_comes_first_and_the_portfolio_sheet_is_active(self, book):
        assert book.sheetnames[:2] == ["Contents", "Portfolio"]
        assert book.active.title == "Portfolio"

    def test_the_findings_sheet_follows_then_one_sheet_per_network_in_ranking_order(
        self, book, portfolio
    ):
        ranked = [portfolio.networks[i] for i in portfolio.ranking]
        assert book.sheetnames[2] == "Findings"
        assert book.sheetnames[3:] == sheet_names(ranked)
        assert len(book.sheetnames) == 3 + len(portfolio.networks)

    def test_the_ranking_lists_the_networks_by_risk_and_links_each_to_its_sheet(
        self, book, portfolio
    ):
        rows = table_rows(book["Portfolio"], RANKING_TABLE)
        assert [row["Network"].value for row in rows] == ranked_names(portfolio)
        assert [row["Rank"].value for row in rows] == list(range(1, len(rows) + 1))
        for row, sheet in zip(rows, book.sheetnames[3:], strict=True):
            target, cell = split_location(row["Network"].hyperlink.location)
            assert target == sheet
            assert cell == "A1"
        ranked = [portfolio.networks[i] for i in portfolio.ranking]
        assert [row["Verdict"].value for row in rows] == [
            n.verdict.replace("_", " ") for n in ranked
        ]
        assert [row["Risk score"].value for row in rows] == [n.risk_score for n in ranked]
        assert [row["High"].value for row in rows] == [n.count(Severity.HIGH) for n in ranked]

    def test_the_portfolio_lists_portfolio_flags_and_failed_files_with_their_fix(
        self, book, portfolio
    ):
        values = {c.value for row in book["Portfolio"].iter_rows() for c in row}
        assert portfolio.flags, "the kits' overlapping first cycles raise a portfolio flag"
        for flag in portfolio.flags:
            assert {flag.id, flag.message, flag.action} <= values
        error = portfolio.errors[0]
        assert {error.source, error.message, error.fix} <= values

    def test_each_network_sheet_shows_its_cycle_checks_flags_and_sessions(self, book, portfolio):
        report = next(n for n in portfolio.networks if n.network == "Field Repair Network")
        sheet = book[sheet_names([report])[0]]
        values = {c.value for row in sheet.iter_rows() for c in row if c.value is not None}
        assert "week 9 of 12 · Demo Day and review, weeks 9–12 · cycle 1" in values
        assert {"Start Here checks", "warning", "OK", "at risk"} <= values
        assert {flag.message for flag in report.flags} <= values
        assert {"Sessions and attendance", "Case funnel", "Business metric", "Pulse"} <= values
        facilitators = {s.facilitator for s in report.sessions.items}
        assert facilitators <= values
        assert {case.problem for case in report.cases.items} <= values


class TestSheetNames:
    NAMES = (
        "Field Repair Network",
        "field repair network",
        "A/B: [Ops]*? \\ team",
        "'quoted'",
        "x" * 40,
        "x" * 40,
        "Portfolio",
        "history",
        "🚀" * 20,
        "[]:*?",
        None,
    )

    def networks(self):
        return [
            network(network=name, organization=None, source=f"kits/file {i}.v2.xlsx")
            for i, name in enumerate(self.NAMES)
        ]

    def test_names_are_legal_and_unique_ignoring_case(self):
        names = sheet_names(self.networks())
        assert len({name.casefold() for name in names}) == len(names)
        for name in names:
            assert 0 < len(name.encode("utf-16-le")) // 2 <= 31, name
            assert not set(name) & set("[]:*?/\\"), name
            assert not name.startswith("'") and not name.endswith("'"), name
            assert name.casefold() not in {"contents", "portfolio", "findings", "history"}, name

    def test_names_keep_the_network_name_and_number_namesakes(self):
        names = sheet_names(self.networks())
        assert names[:4] == [
            "Field Repair Network",
            "field repair network (2)",
            "A B Ops team",
            "quoted",
        ]
        assert names[4] == "x" * 31
        assert names[5] == "x" * 27 + " (2)"
        assert names[6:8] == ["Portfolio (2)", "history (2)"]

    def test_a_network_without_a_usable_name_takes_its_file_name(self):
        names = sheet_names(self.networks())
        assert names[-2:] == ["file 9.v2", "file 10.v2"]
        assert legal_sheet_name("[]:*?") == ""

    def test_names_start_with_the_organisation_and_stay_recognisable_when_cut(self):
        networks = [
            network(organization="Meridian Group", network="Customer Care Peer Network"),
            network(organization="Harbourview Insurance", network="Customer Care Peer Network"),
            network(organization="Vantor Packaging", network="Setters and Line Leads Community"),
            network(
                organization="Anvil Freight and Warehousing", network="Warehouse Floor Network"
            ),
            network(organization="Meridian Gadgets", network="Customer Care Peer Network"),
            network(organization="Acme", network="Field Repair Network"),
        ]
        names = sheet_names(networks)
        assert names == [
            "MG · Customer Care Peer Network",
            "HI · Customer Care Peer Network",
            "VP · Setters and Line Leads",
            "AFW · Warehouse Floor Network",
            "Meridian · Customer Care Peer",
            "Acme · Field Repair Network",
        ]
        # Cut at a word: every word shown is a whole word of the network's name.
        for name, report in zip(names, networks, strict=True):
            shown = name.split(" · ", 1)[1].split()
            assert shown == report.network.split()[: len(shown)], name
        # Namesakes in different organisations are told apart by the organisation alone.
        assert not any(name.endswith(")") for name in names)
        assert len({name.casefold() for name in names}) == len(names)

    def test_namesakes_in_one_organisation_are_numbered(self):
        twins = [network(organization="Meridian Group", network="Field Repair Network")] * 2
        assert sheet_names(twins) == ["MG · Field Repair Network", "MG · Field Repair Network (2)"]

    def test_the_dashboard_opens_with_every_name(self):
        networks = self.networks()
        content = render_dashboard(portfolio_of(*networks))
        book = openpyxl.load_workbook(io.BytesIO(content))
        ranked = [networks[i] for i in portfolio_of(*networks).ranking]
        assert book.sheetnames[3:] == sheet_names(ranked)
        ranking = table_rows(book["Portfolio"], RANKING_TABLE)
        for row in ranking:
            sheet, _ = split_location(row["Network"].hyperlink.location)
            assert sheet in book.sheetnames


def chart_refs(content: bytes) -> dict[str, list[list[str]]]:
    """For each sheet, its charts, each as the ranges its series read (``c:f``)."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:

        def rels(path: str) -> dict[str, str]:
            folder = PurePosixPath(path).parent
            name = folder / "_rels" / (PurePosixPath(path).name + ".rels")
            if str(name) not in package.namelist():
                return {}
            root = ElementTree.fromstring(package.read(str(name)))
            return {
                r.get("Id"): posixpath.normpath(str(folder / r.get("Target")))
                for r in root.findall("rel:Relationship", NS)
            }

        workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))
        sheet_files = rels("xl/workbook.xml")
        result = {}
        for sheet in workbook.find("main:sheets", NS):
            path = sheet_files[sheet.get(f"{{{NS['r']}}}id")]
            charts = []
            for drawing in (p for p in rels(path).values() if "/drawings/" in p):
                for chart in (p for p in rels(drawing).values() if "/charts/" in p):
                    root = ElementTree.fromstring(package.read(chart))
                    charts.append([f.text for f in root.iter(f"{{{NS['c']}}}f")])
            result[sheet.get("name")] = charts
        return result


def split_range(ref: str) -> tuple[str, str]:
    """A chart's range, e.g. 'Field Repair Network'!$C$40:$C$51, as (sheet, C40:C51)."""
    sheet, cells = ref.rsplit("!", 1)
    sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
    return sheet, cells.replace("$", "")


def range_values(book, ref: str) -> list:
    sheet, cells = split_range(ref)
    ws = book[sheet]
    min_col, min_row, max_col, max_row = range_boundaries(cells)
    return [
        c.value
        for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col)
        for c in row
    ]


class TestCharts:
    def test_each_network_with_data_has_native_charts_reading_its_own_sheet(
        self, dashboard, book, portfolio
    ):
        refs = chart_refs(dashboard.read_bytes())
        for report, sheet in zip(
            [portfolio.networks[i] for i in portfolio.ranking], book.sheetnames[3:], strict=True
        ):
            if report.network == "Sparse Network":
                continue
            charts = refs[sheet]
            # signals, attendance, funnel and business metric
            assert len(charts) == 4, sheet
            for series in charts:
                assert {split_range(ref)[0] for ref in series} == {sheet}
                values = [range_values(book, ref) for ref in series]
                assert any(isinstance(v, int | float) for vs in values for v in vs), series

    def test_the_signal_chart_reads_the_weekly_values_with_blanks_for_missing_weeks(
        self, dashboard, book, portfolio
    ):
        report = next(n for n in portfolio.networks if n.network == "Field Repair Network")
        sheet = sheet_names([report])[0]
        signals = chart_refs(dashboard.read_bytes())[sheet][0]
        # name, categories, values for each of the three signals
        weeks, patterns = range_values(book, signals[1]), range_values(book, signals[2])
        assert weeks == list(range(1, 13))
        by_week = {w.week: w.patterns_used_in_field for w in report.weeks}
        assert patterns == [by_week.get(week) for week in weeks]
        assert patterns[-1] is None

    def test_a_network_without_data_gets_notes_not_charts(self, dashboard, book, portfolio):
        sheet = next(name for name in book.sheetnames if name.endswith("Sparse Network"))
        assert chart_refs(dashboard.read_bytes())[sheet] == []
        notes = [c.value for row in book[sheet].iter_rows() for c in row]
        assert sum(1 for v in notes if isinstance(v, str) and v.startswith("No data yet")) >= 3

    def test_the_portfolio_charts_how_often_each_flag_fires(self, dashboard, book, portfolio):
        (frequency,) = chart_refs(dashboard.read_bytes())["Portfolio"]
        titles = [flag_title(f.id) for f in portfolio.flag_frequency]
        assert range_values(book, frequency[1]) == titles
        assert all(title != f.id for title, f in zip(titles, portfolio.flag_frequency, strict=True))
        assert range_values(book, frequency[2]) == [f.networks for f in portfolio.flag_frequency]

    def test_no_chart_is_drawn_without_data(self):
        empty = network(
            weeks=(),
            signals=(),
            sessions=Sessions(0, 0, None, (), None, None, None, 0),
            cases=CaseFunnel(0, 0, 0, 0, 0),
            pulse=Pulse(None, None, None, None),
            flags=(),
        )
        content = render_dashboard(portfolio_of(empty))
        assert chart_refs(content) == {
            "Contents": [],
            "Portfolio": [],
            "Findings": [],
            "NU · Field Repair Network": [],
        }


class TestFindings:
    def test_the_findings_table_has_the_documented_columns_and_filters(self, book):
        ws = book["Findings"]
        table = ws.tables[FINDINGS_TABLE]
        headers = [c.value for c in next(ws.iter_rows(min_row=4, max_row=4))]
        assert headers == [title for title, _ in FINDINGS_COLUMNS]
        assert table.autoFilter is not None
        assert table.tableStyleInfo.showRowStripes

    def test_one_row_per_flag_data_finding_and_portfolio_flag(self, book, portfolio):
        rows = table_rows(book["Findings"], FINDINGS_TABLE)
        flags = sum(len(n.flags) for n in portfolio.networks)
        data = sum(len(n.data_findings) for n in portfolio.networks)
        assert len(rows) == flags + data + len(portfolio.flags)
        kinds = [row["Kind"].value for row in rows]
        assert kinds.count("flag") == flags
        assert kinds.count("data finding") == data
        assert kinds.count("portfolio flag") == len(portfolio.flags)

    def test_each_finding_row_names_and_links_its_network_kit_and_workbook(self, book, portfolio):
        rows = table_rows(book["Findings"], FINDINGS_TABLE)
        ranked = [portfolio.networks[i] for i in portfolio.ranking]
        sheets = dict(zip((n.source for n in ranked), sheet_names(ranked), strict=True))
        by_source = {n.source: n for n in portfolio.networks}
        for row in rows:
            if row["Kind"].value == "portfolio flag":
                assert row["Network"].value == "(portfolio)"
                continue
            report = by_source[row["Workbook"].value]
            assert row["Network"].value == report.network
            assert row["Kit id"].value == report.kit_id
            sheet, _ = split_location(row["Network"].hyperlink.location)
            assert sheet == sheets[report.source]

    def test_hand_built_findings_are_all_listed(self):
        portfolio = three_networks()
        book = openpyxl.load_workbook(io.BytesIO(render_dashboard(portfolio)))
        rows = table_rows(book["Findings"], FINDINGS_TABLE)
        expected = [("portfolio flag", f.id) for f in portfolio.flags] + [
            (kind, f.id)
            for i in portfolio.ranking
            for kind, findings in (
                ("flag", sorted(portfolio.networks[i].flags, key=lambda f: f.severity.rank)),
                ("data finding", portfolio.networks[i].data_findings),
            )
            for f in findings
        ]
        assert [(row["Kind"].value, row["Id"].value) for row in rows] == expected


class TestSeverityColours:
    def rules(self, ws) -> dict[str, set[str]]:
        """Conditional formats as {range: {compared value}}."""
        found: dict[str, set[str]] = {}
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                found.setdefault(str(cf.sqref), set()).update(rule.formula)
        return found

    def test_the_findings_severity_column_is_coloured_by_severity(self, book):
        ws = book["Findings"]
        min_col, min_row, _, max_row = range_boundaries(ws.tables[FINDINGS_TABLE].ref)
        severity = [title for title, _ in FINDINGS_COLUMNS].index("Severity")
        column = openpyxl.utils.get_column_letter(min_col + severity)
        assert self.rules(ws)[f"{column}{min_row + 1}:{column}{max_row}"] == {
            '"high"',
            '"medium"',
            '"low"',
        }

    def test_the_ranking_verdict_is_coloured_by_verdict(self, book):
        ws = book["Portfolio"]
        _, min_row, _, max_row = range_boundaries(ws.tables[RANKING_TABLE].ref)
        assert self.rules(ws)[f"D{min_row + 1}:D{max_row}"] == {
            '"at risk"',
            '"watch"',
            '"on track"',
        }

    def test_each_network_flag_list_is_coloured_by_severity(self, book, portfolio):
        report = next(n for n in portfolio.networks if n.network == "Field Repair Network")
        ws = book[sheet_names([report])[0]]
        header = next(
            c.row for row in ws.iter_rows(max_col=1) for c in row if c.value == "Severity"
        )
        flags = len(report.flags)
        assert self.rules(ws)[f"A{header + 1}:A{header + flags}"] == {
            '"high"',
            '"medium"',
            '"low"',
        }
        shown = [ws.cell(header + i, 1).value for i in range(1, flags + 1)]
        assert shown == sorted(
            (f.severity.value for f in report.flags), key=["high", "medium", "low"].index
        )


class TestLinks:
    def test_every_workbook_link_opens_an_existing_sheet_and_cell(self, book, folder):
        opened: dict[Path, openpyxl.Workbook] = {}
        external = 0
        for sheet, cell in hyperlinks(book):
            link = cell.hyperlink
            if not link.target:
                target_sheet, target_cell = split_location(link.location)
                assert target_sheet in book.sheetnames, (sheet, cell.coordinate)
                continue
            external += 1
            path = (folder / "out" / unquote(link.target.replace("\\", "/"))).resolve()
            assert path.is_file(), (sheet, cell.coordinate, link.target)
            if link.location is None:
                continue
            if path not in opened:
                opened[path] = openpyxl.load_workbook(path)
            workbook = opened[path]
            target_sheet, target_cell = split_location(link.location)
            assert target_sheet in workbook.sheetnames, link.location
            row, col = coordinate_to_tuple(target_cell)
            target = workbook[target_sheet]
            assert 1 <= row <= target.max_row and 1 <= col <= target.max_column, link.location
            assert cell.value.endswith(f" › {link.location}"), cell.value
        assert external > 10
        for workbook in opened.values():
            workbook.close()

    def test_links_are_relative_to_the_dashboards_folder(self, book):
        rows = table_rows(book["Portfolio"], RANKING_TABLE)
        targets = {unquote(row["Workbook"].hyperlink.target.replace("\\", "/")) for row in rows}
        assert targets == {f"../kits/{name}" for name in kits()}

    def test_a_flag_links_to_the_cell_it_names_as_evidence(self, book, portfolio):
        evidence = {
            (n.source, f.id): f.evidence[0].ref
            for n in portfolio.networks
            for f in n.flags
            if f.evidence
        }
        rows = table_rows(book["Findings"], FINDINGS_TABLE)
        checked = 0
        for row in rows:
            if row["Kind"].value != "flag":
                continue
            link = row["Open in workbook"].hyperlink
            assert link.location == evidence[row["Workbook"].value, row["Id"].value]
            checked += 1
        assert checked >= 2
        assert "'90-Day Planner'!T8" in {row["Open in workbook"].hyperlink.location for row in rows}

    def test_a_data_finding_links_to_its_cell(self, book):
        rows = table_rows(book["Findings"], FINDINGS_TABLE)
        (finding,) = [row for row in rows if row["Kind"].value == "data finding"]
        assert finding["Open in workbook"].value == "hostile.xlsx › '90-Day Planner'!Q9"
        assert finding["Open in workbook"].hyperlink.location == "'90-Day Planner'!Q9"

    def test_a_portfolio_flag_links_to_its_row_on_the_portfolio_sheet(self, book, portfolio):
        rows = table_rows(book["Findings"], FINDINGS_TABLE)
        flag_rows = [row for row in rows if row["Kind"].value == "portfolio flag"]
        assert len(flag_rows) == len(portfolio.flags)
        for row in flag_rows:
            sheet, cell = split_location(row["Open in workbook"].hyperlink.location)
            assert sheet == "Portfolio"
            assert book["Portfolio"][cell].value == row["Finding"].value

    def test_without_a_folder_links_use_the_source_path_as_given(self):
        book = openpyxl.load_workbook(io.BytesIO(render_dashboard(three_networks())))
        rows = table_rows(book["Findings"], FINDINGS_TABLE)
        targets = {
            row["Open in workbook"].hyperlink.target.replace("\\", "/")
            for row in rows
            if row["Kind"].value != "portfolio flag"
        }
        assert targets == {"kits/northwind.xlsx", "kits/northwind-2.xlsx"}

    def test_a_path_too_long_for_an_excel_link_is_shown_as_text(self):
        report = network(source="kits/" + "x" * 2100 + ".xlsx")
        book = openpyxl.load_workbook(io.BytesIO(render_dashboard(portfolio_of(report))))
        rows = table_rows(book["Findings"], FINDINGS_TABLE)
        link = rows[0]["Open in workbook"]
        assert link.value == "x" * 2100 + ".xlsx › Charter!C27"
        assert link.hyperlink is None

    def test_a_finding_without_a_cell_links_to_its_sheet(self):
        from starterkit.findings import Location

        from reports import flag

        report = network(flags=(flag("cases-dry", Severity.MEDIUM, Location("Case Intake")),))
        book = openpyxl.load_workbook(io.BytesIO(render_dashboard(portfolio_of(report))))
        (row,) = [
            r for r in table_rows(book["Findings"], FINDINGS_TABLE) if r["Kind"].value == "flag"
        ]
        assert row["Open in workbook"].hyperlink.location == "'Case Intake'!A1"
        assert row["Open in workbook"].value == "northwind.xlsx › 'Case Intake'"


#: The only formulas the dashboard writes: counts over the ranking on the Portfolio sheet.
COUNT_FORMULA = re.compile(r'=?(COUNTA|COUNTIF|SUM)\(\$[A-Z]+\$\d+:\$[A-Z]+\$\d+(,"[a-z ]+")?\)')


def formula_like_text_cells(book) -> list:
    """Every cell holding text a spreadsheet would run as a formula, but the counts."""
    return [
        cell
        for ws in book.worksheets
        for row in ws.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
        and looks_like_formula(cell.value)
        and not (ws.title == "Portfolio" and COUNT_FORMULA.fullmatch(cell.value))
    ]


class TestFormulaInjection:
    def test_text_that_looks_like_a_formula_stays_text_with_a_quote_prefix(self, book):
        cells = formula_like_text_cells(book)
        assert set(HOSTILE.values()) <= {cell.value for cell in cells}
        for cell in cells:
            assert cell.data_type == "s", cell.coordinate
            assert cell.quotePrefix, (cell.parent.title, cell.coordinate, cell.value)

    def test_the_only_formulas_are_the_portfolio_counts(self, dashboard):
        with zipfile.ZipFile(dashboard) as package:
            sheets = [n for n in package.namelist() if n.startswith("xl/worksheets/sheet")]
            formulas = {
                name: [
                    f.text
                    for f in ElementTree.fromstring(package.read(name)).iter(f"{{{NS['main']}}}f")
                ]
                for name in sheets
            }
        counts = formulas.pop("xl/worksheets/sheet2.xml")
        assert len(counts) == 8
        assert all(COUNT_FORMULA.fullmatch(text) for text in counts), counts
        assert all(not found for found in formulas.values())

    def test_a_hostile_network_name_makes_a_legal_sheet_and_a_working_link(self, book, portfolio):
        hostile = next(n for n in portfolio.networks if n.network == HOSTILE["network_name"])
        name = sheet_names([hostile])[0]
        assert name in book.sheetnames
        assert book[name]["A1"].value == f"{HOSTILE['organization']} · {HOSTILE['network_name']}"


@pytest.mark.libreoffice
class TestLibreOffice:
    @pytest.fixture(scope="class")
    @classmethod
    def recalculated(cls, dashboard, tmp_path_factory):
        """LibreOffice recalculates every formula on load; the problems it finds, and the
        re-saved copy."""
        out = tmp_path_factory.mktemp("recalculated")
        problems = compare_cached_to_recalculated(dashboard, out)
        copy = openpyxl.load_workbook(out / f"{dashboard.stem}.lo.xlsx", data_only=True)
        yield problems, copy
        copy.close()

    def test_no_cell_holds_an_error_and_every_count_is_as_cached(self, recalculated):
        problems, _ = recalculated
        assert problems == []

    def test_the_counts_are_recalculated_from_the_ranking(self, recalculated, portfolio):
        _, copy = recalculated
        labels = {
            copy["Portfolio"].cell(3, col).value: copy["Portfolio"].cell(4, col).value
            for col in range(1, 13)
        }
        assert labels["Networks"] == len(portfolio.networks)
        assert labels["High flags"] == sum(n.count(Severity.HIGH) for n in portfolio.networks)
        assert labels["At risk"] == sum(1 for n in portfolio.networks if n.verdict == "at_risk")

    def test_text_that_looks_like_a_formula_is_still_literal_text(self, recalculated, book):
        _, copy = recalculated
        cells = formula_like_text_cells(book)
        assert set(HOSTILE.values()) <= {cell.value for cell in cells}
        for cell in cells:
            again = copy[cell.parent.title][cell.coordinate].value
            assert again == cell.value, (cell.parent.title, cell.coordinate)


class TestRepeatable:
    def test_the_same_portfolio_gives_the_same_bytes(self):
        assert render_dashboard(three_networks()) == render_dashboard(three_networks())

    def test_the_file_is_dated_by_the_analysis(self):
        content = render_dashboard(three_networks())
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            core = package.read("docProps/core.xml").decode()
        assert "2026-03-04T00:00:00Z" in core

    def test_an_empty_portfolio_still_makes_a_dashboard(self):
        empty = Portfolio(as_of=dt.date(2026, 3, 4), networks=(), errors=(BROKEN,))
        book = openpyxl.load_workbook(io.BytesIO(render_dashboard(empty)))
        assert book.sheetnames == ["Contents", "Portfolio", "Findings"]
        values = {c.value for row in book["Portfolio"].iter_rows() for c in row}
        assert {"No network analyzed.", BROKEN.message, BROKEN.fix} <= values
        assert book["Findings"]["A4"].value == "No flags or data findings."
