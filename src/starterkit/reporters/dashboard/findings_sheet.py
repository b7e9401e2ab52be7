"""The Findings sheet: every portfolio flag, flag and data finding in one Excel table."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from starterkit.findings import Location, Severity, by_severity
from starterkit.report import NetworkReport, Portfolio
from starterkit.reporters.dashboard.links import WorkbookLinks
from starterkit.reporters.dashboard.names import (
    FINDINGS_TABLE,
    PORTFOLIO_SHEET,
    internal_link,
    network_title,
)
from starterkit.reporters.dashboard.page import Column, Link, Page, Value, evidence_text, plural_s
from starterkit.reporters.dashboard.portfolio_sheet import NETWORK, RANKING_HEADER_ROW
from starterkit.reporters.dashboard.styles import SEVERITY_FILLS, TABLE_STYLE, Styles
from starterkit.reporters.wording import (
    SEVERITY_WORDS,
    flag_title,
    shown,
)

FINDINGS_COLUMNS = (
    ("Network", 34),
    ("Finding", 28),
    ("Severity", 9),
    ("Message", 48),
    ("Action or fix", 40),
    ("Evidence", 26),
    ("Open in workbook", 30),
    # For consultants filtering the table; left off the printed page.
    ("Kind", 12),
    ("Id", 16),
    ("Kit id", 20),
    ("Workbook", 24),
)
#: The columns a printed page shows: the finding in words and where it is.
PRINTED_COLUMNS = 7
#: The Severity column (coloured by its word).
SEVERITY = [title for title, _ in FINDINGS_COLUMNS].index("Severity")

KIND_PORTFOLIO_FLAG, KIND_FLAG, KIND_DATA_FINDING = "portfolio flag", "flag", "data finding"


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One row of the Findings table: a flag or data finding and the network it is about
    (None for a portfolio flag)."""

    network: NetworkReport | None
    sheet: str | None
    kind: str
    id: str
    severity: Severity | None
    message: str
    action: str
    evidence: tuple[Location, ...]
    #: Index into ``Portfolio.flags`` for a portfolio flag.
    portfolio_index: int | None = None


def finding_rows(
    portfolio: Portfolio, ranked: list[NetworkReport], names: list[str]
) -> list[FindingRow]:
    """Portfolio flags first, then each network in ranking order: its flags most severe
    first, then its data findings in sheet order."""
    portfolio_flags = by_severity(list(portfolio.flags))
    index_of = {id(flag): index for index, flag in enumerate(portfolio.flags)}
    rows = [
        FindingRow(
            None,
            None,
            KIND_PORTFOLIO_FLAG,
            flag.id,
            flag.severity,
            flag.message,
            flag.action,
            flag.evidence,
            portfolio_index=index_of[id(flag)],
        )
        for flag in portfolio_flags
    ]
    for report, name in zip(ranked, names, strict=True):
        rows.extend(
            FindingRow(report, name, KIND_FLAG, f.id, f.severity, f.message, f.action, f.evidence)
            for f in by_severity(list(report.flags))
        )
        rows.extend(
            FindingRow(
                report,
                name,
                KIND_DATA_FINDING,
                f.id,
                None,
                f.message,
                f.fix,
                (f.location,) if f.location else (),
            )
            for f in report.data_findings
        )
    return rows


def write_findings(
    ws: Worksheet,
    styles: Styles,
    portfolio: Portfolio,
    rows: list[FindingRow],
    links: WorkbookLinks,
    flag_rows: dict[int, int],
) -> None:
    page = Page(ws, styles, [width for _, width in FINDINGS_COLUMNS])
    last_col = len(FINDINGS_COLUMNS) - 1
    page.title("Findings", last_col)
    page.text(
        1,
        0,
        f"as of {portfolio.as_of.isoformat()} · {len(rows)} finding{plural_s(len(rows))} · "
        "each link opens the workbook at the cell, from the folder the dashboard was made for",
        "subtitle",
    )
    header = 3
    if not rows:
        page.text(header, 0, "No flags or data findings.", "note")
        page.print_setup("Findings")
        return
    first, last = header + 1, header + len(rows)
    ws.add_table(
        header,
        0,
        last,
        last_col,
        {
            "name": FINDINGS_TABLE,
            "style": TABLE_STYLE,
            "autofilter": True,
            "banded_rows": True,
            "columns": [
                {"header": title, "header_format": styles.get("header")}
                for title, _ in FINDINGS_COLUMNS
            ],
        },
    )
    ws.set_row(header, 30)
    columns = [Column(title, col) for col, (title, _) in enumerate(FINDINGS_COLUMNS)]
    columns[SEVERITY] = Column("Severity", SEVERITY, look="strong")
    for row, finding in enumerate(rows, start=first):
        network = finding.network
        if network is None:
            about: tuple[Value, ...] = ("(portfolio)", None, None)
        else:
            title = network_title(network)
            about = (
                Link(internal_link(finding.sheet or ""), title),
                network.kit_id,
                network.source,
            )
        network_cell, kit_id, workbook = about
        page.cells(
            row,
            columns,
            (
                network_cell,
                finding_title(finding),
                SEVERITY_WORDS[finding.severity] if finding.severity else None,
                finding.message,
                finding.action,
                evidence_text(finding.evidence),
                finding_link(finding, links, flag_rows),
                finding.kind,
                finding.id,
                kit_id,
                workbook,
            ),
        )
    page.colour_by_value((first, last), (SEVERITY, SEVERITY), shown(SEVERITY_FILLS, SEVERITY_WORDS))
    ws.freeze_panes(header + 1, 1)
    page.print_setup("Findings", header)
    ws.print_area(0, 0, max(last, header), PRINTED_COLUMNS - 1)


def finding_title(finding: FindingRow) -> str:
    """A flag by its catalog title; a data finding, which has no catalog entry, by its id's
    words (date-unreadable → Date unreadable)."""
    return flag_title(finding.id)


def finding_link(finding: FindingRow, links: WorkbookLinks, flag_rows: dict[int, int]) -> Link:
    """The workbook at the finding's first evidence cell. A portfolio flag's evidence lies
    in several workbooks its locations do not name: it links to the Portfolio sheet's row."""
    if finding.network is None:
        row = flag_rows.get(finding.portfolio_index or 0, RANKING_HEADER_ROW)
        cell = xl_rowcol_to_cell(row, NETWORK)
        return Link(internal_link(PORTFOLIO_SHEET, cell), "Portfolio › portfolio flags")
    return links.to(finding.network.source, finding.evidence[0] if finding.evidence else None)
